/**
 * Seeded customer tables for the segment benchmark: `rows` customers with
 * `cols` numeric columns drawn around a few centres (integers for counts,
 * two decimals for amounts), written as CSV in large chunks.
 *
 *   deno run -A bench/peer/segment_data.ts --rows 1100000 --cols 6 --out bench/data/customers_1100000x6.csv
 *
 * @module
 */
import { createRandom } from "../../lib/random.ts";
import { flag } from "./common.ts";

/** Column name, centre spread, noise and decimals of each generated column. */
const COLUMNS = [
  { name: "age", base: 45, spread: 15, noise: 4, decimals: 0 },
  { name: "income", base: 52_000, spread: 20_000, noise: 4_000, decimals: 0 },
  { name: "spend", base: 1_800, spread: 900, noise: 150, decimals: 2 },
  { name: "visits", base: 24, spread: 12, noise: 3, decimals: 0 },
  { name: "basket", base: 60, spread: 25, noise: 6, decimals: 2 },
  { name: "tenure_days", base: 900, spread: 500, noise: 90, decimals: 0 },
  { name: "returns_share", base: 0.1, spread: 0.06, noise: 0.02, decimals: 3 },
  { name: "discount_share", base: 0.2, spread: 0.1, noise: 0.03, decimals: 3 },
] as const;

/** Options for {@link writeSegmentData}. */
export interface SegmentDataOptions {
  rows: number;
  cols: number;
  centers?: number;
  seed?: number;
}

/** Write the table to `path` (CSV with a header row). */
export async function writeSegmentData(path: string, options: SegmentDataOptions): Promise<void> {
  const { rows, cols, centers = 5, seed = 7 } = options;
  if (cols < 1 || cols > COLUMNS.length) throw new Error(`cols must be 1..${COLUMNS.length}`);
  const columns = COLUMNS.slice(0, cols);
  const random = createRandom(seed);
  const centres = Array.from(
    { length: centers },
    () => columns.map((c) => c.base + c.spread * (2 * random.next() - 1)),
  );
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  try {
    let chunk = columns.map((c) => c.name).join(",") + "\n";
    for (let i = 0; i < rows; i++) {
      const centre = centres[Math.floor(random.next() * centers)]!;
      const cells = columns.map((c, j) => {
        const v = Math.max(0, centre[j]! + c.noise * random.normal());
        return v.toFixed(c.decimals);
      });
      chunk += cells.join(",") + "\n";
      if (chunk.length > 1 << 22) {
        await file.write(encoder.encode(chunk));
        chunk = "";
      }
    }
    await file.write(encoder.encode(chunk));
  } finally {
    file.close();
  }
}

if (import.meta.main) {
  const rows = Number(flag(Deno.args, "--rows", "100000"));
  const cols = Number(flag(Deno.args, "--cols", "8"));
  const out = flag(Deno.args, "--out", `bench/data/customers_${rows}x${cols}.csv`);
  await writeSegmentData(out, { rows, cols, seed: Number(flag(Deno.args, "--seed", "7")) });
  console.error(`wrote ${out}`);
}
