/**
 * `deno bench` for RFM end to end in process (read the 1,000,000-line CSV,
 * clean, aggregate, score, write rfm.csv) on CSV and Parquet. The side-by-side
 * comparison with pandas, as separate processes with peak memory, is
 * bench/peer/rfm_peer.ts.
 */
import { join } from "node:path";
import { csvToParquet, writeTransactionsCSV } from "../data/generate_transactions.ts";
import { transactionsToRFM } from "../lib/features/rfm.ts";
import { scoreRFM } from "../lib/features/rfm_scores.ts";
import { assignSegments } from "../lib/features/rfm_segments.ts";
import { toCSV } from "../lib/io/write_table.ts";
import { writeFileAtomic } from "../lib/io/atomic_write.ts";

const dir = new URL("./data/", import.meta.url).pathname;
const csv = join(dir, "transactions_1000000.csv");
const parquet = join(dir, "transactions_1000000.parquet");
if (!(await Deno.stat(csv).then(() => true, () => false))) {
  await Deno.mkdir(dir, { recursive: true });
  await writeTransactionsCSV(csv, { lines: 1_000_000 });
}
if (!(await Deno.stat(parquet).then(() => true, () => false))) await csvToParquet(csv, parquet);
const out = await Deno.makeTempDir({ prefix: "rfm_bench_" });

async function endToEnd(path: string): Promise<void> {
  const { table } = await transactionsToRFM(path);
  await writeFileAtomic(join(out, "rfm.csv"), toCSV(assignSegments(scoreRFM(table))));
}

Deno.bench("RFM end to end, 1,000,000 lines, CSV", { n: 3, warmup: 1 }, async () => {
  await endToEnd(csv);
});
Deno.bench("RFM end to end, 1,000,000 lines, Parquet", { n: 3, warmup: 1 }, async () => {
  await endToEnd(parquet);
});
