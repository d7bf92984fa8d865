/**
 * Side-by-side benchmark of RFM end to end — read the file, clean, aggregate,
 * score, segments, rules, product lift, write — on a generated transaction
 * file: `deno task rfm` (DuckDB) against the equivalent pandas and Polars
 * (lazy) scripts (bench/peer/rfm_pandas.py, rfm_polars.py), each as its own
 * process under `/usr/bin/time -v`, alternating runs so load from other
 * processes falls on all alike. `--before DIR` adds `deno task rfm` from
 * another checkout (e.g. `git archive` of an earlier commit) to the same
 * rotation. Prints a markdown table of median wall time, the ratios to pandas
 * and Polars and peak memory (max RSS), then checks that every side wrote the
 * same customers, scores and segments (against pandas) and the same product
 * lifts.
 *
 *   deno run -A bench/peer/rfm_peer.ts [--repeats 3] [--lines 1000000] [--inputs csv,parquet]
 *     [--python .venv-bench/bin/python] [--before DIR] [--warmup 1]
 *
 * @module
 */
import { join } from "node:path";
import { csvToParquet, writeTransactionsCSV } from "../../data/generate_transactions.ts";
import { flag, median } from "./common.ts";

const args = Deno.args;
const repeats = Number(flag(args, "--repeats", "3"));
const lines = Number(flag(args, "--lines", "1000000"));
const root = new URL("../../", import.meta.url).pathname;
const python = flag(args, "--python", join(root, ".venv-bench/bin/python"));
const before = args.includes("--before") ? flag(args, "--before", "") : undefined;
const inputs = flag(args, "--inputs", "csv,parquet").split(",");

const dataDir = join(root, "bench/data");
const csv = join(dataDir, `transactions_${lines}.csv`);
const parquet = join(dataDir, `transactions_${lines}.parquet`);
if (!(await Deno.stat(csv).then(() => true, () => false))) {
  console.error(`Generating ${csv} …`);
  await Deno.mkdir(dataDir, { recursive: true });
  await writeTransactionsCSV(csv, { lines });
}
if (!(await Deno.stat(parquet).then(() => true, () => false))) await csvToParquet(csv, parquet);

interface Run {
  seconds: number;
  /** User + system CPU seconds (all threads): less sensitive to other load than wall time. */
  cpu: number;
  rssMB: number;
}

async function timed(command: string[], out: string): Promise<Run> {
  const result = await new Deno.Command("/usr/bin/time", {
    args: ["-v", ...command, out],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const stderr = new TextDecoder().decode(result.stderr);
  if (result.code !== 0) throw new Error(`${command.join(" ")} failed:\n${stderr}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(
    stderr,
  );
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  if (!wall || !rss || !user || !system) {
    throw new Error(`Cannot read /usr/bin/time output:\n${stderr}`);
  }
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { seconds, cpu: Number(user[1]) + Number(system[1]), rssMB: Number(rss[1]) / 1024 };
}

const deno = Deno.execPath();
const script = (name: string) => join(root, `bench/peer/${name}`);
const files: Record<string, string> = { csv, parquet };
const variants = inputs.flatMap((kind) => {
  const input = kind === "csv" ? "CSV" : "Parquet";
  const file = files[kind]!;
  return [
    ...(before === undefined ? [] : [{
      name: "deno task rfm, before",
      input,
      command: [deno, "run", "-A", join(before, "lib/cli/rfm.ts"), file, "--out"],
    }]),
    {
      name: "deno task rfm",
      input,
      command: [deno, "run", "-A", join(root, "lib/cli/rfm.ts"), file, "--out"],
    },
    { name: "pandas", input, command: [python, script("rfm_pandas.py"), file] },
    { name: "Polars", input, command: [python, script("rfm_polars.py"), file] },
  ];
});

const tmp = await Deno.makeTempDir({ prefix: "rfm_peer_" });
const runs = variants.map(() => [] as Run[]);
// One untimed warm-up each (file cache, module cache), then alternate.
const warmup = Number(flag(args, "--warmup", "1"));
for (let w = 0; w < warmup; w++) {
  for (const [i, v] of variants.entries()) await timed(v.command, join(tmp, `warm${i}`));
}
for (let r = 0; r < repeats; r++) {
  for (const [i, v] of variants.entries()) {
    const run = await timed(v.command, join(tmp, `v${i}`));
    runs[i]!.push(run);
    // Each run as it ends (on stderr), so a long benchmark can be read while it runs.
    console.error(
      `${new Date().toISOString()} ${v.name}, ${v.input}: ${run.seconds.toFixed(2)} s wall, ${
        run.cpu.toFixed(2)
      } s CPU, ${Math.round(run.rssMB)} MB; load ${Deno.loadavg()[0]!.toFixed(2)}`,
    );
  }
}

const rows = variants.map((v, i) => ({
  ...v,
  seconds: median(runs[i]!.map((r) => r.seconds)),
  cpu: median(runs[i]!.map((r) => r.cpu)),
  rss: Math.max(...runs[i]!.map((r) => r.rssMB)),
}));
console.log(
  `RFM end to end on ${
    lines.toLocaleString("en-US")
  } invoice lines (read, clean, aggregate, score, write); ` +
    `median of ${repeats} runs each, ${navigator.hardwareConcurrency} cores\n`,
);
console.log(
  "| pipeline | input | median wall | vs pandas | vs Polars | median CPU | vs pandas | vs Polars | peak memory (max RSS) |",
);
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|");
for (const row of rows) {
  const pandas = rows.find((r) => r.name === "pandas" && r.input === row.input)!;
  const polars = rows.find((r) => r.name === "Polars" && r.input === row.input)!;
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log(
    `| ${row.name} | ${row.input} | ${row.seconds.toFixed(2)} s | ${
      ratio(row.seconds, pandas.seconds)
    } | ${ratio(row.seconds, polars.seconds)} | ${row.cpu.toFixed(2)} s | ${
      ratio(row.cpu, pandas.cpu)
    } | ${ratio(row.cpu, polars.cpu)} | ${Math.round(row.rss)} MB |`,
  );
}
console.log(
  `\nLoad average at the end: ${Deno.loadavg().map((x) => x.toFixed(2)).join(", ")} ` +
    "(other processes share the cores; CPU time is the steadier comparison).",
);

// Both sides must agree: same customers, scores and segments; monetary to 1e-9.
function readRFM(path: string): Map<string, string[]> {
  const text = Deno.readTextFileSync(path).trim().split("\n");
  const header = text[0]!.split(",");
  const out = new Map<string, string[]>();
  for (const line of text.slice(1)) {
    const cells = line.split(",");
    out.set(cells[0]!, cells);
  }
  out.set("__header__", header);
  return out;
}
const index = (name: string) => variants.findIndex((v) => v.name === name);
const ours = readRFM(join(tmp, `v${index("deno task rfm")}`, "rfm.csv"));
const theirs = readRFM(join(tmp, `v${index("pandas")}`, "rfm.csv"));
const header = ours.get("__header__")!;
const col = (name: string) => header.indexOf(name);
let mismatches = 0;
for (const [id, row] of ours) {
  if (id === "__header__") continue;
  const other = theirs.get(id);
  if (!other) {
    mismatches++;
    continue;
  }
  const m = Number(row[col("monetary")]), pm = Number(other[col("monetary")]);
  const same = Math.abs(m - pm) <= 1e-9 * Math.max(1, Math.abs(m)) &&
    ["recency", "frequency", "r_score", "f_score", "m_score", "segment"].every((c) =>
      row[col(c)] === other[col(c)]
    );
  if (!same) mismatches++;
}
console.log(
  `\nOutputs agree: ${ours.size - 1} customers here, ${theirs.size - 1} in pandas, ` +
    `${mismatches} differing in recency, frequency, monetary, scores or segment.`,
);

// Product lifts: the same rows on every side (order of segments aside; figures to 1e-12).
function readProducts(path: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const lines = Deno.readTextFileSync(path).trim().split("\n").slice(1);
  for (const line of lines) {
    // segment,product,description,customers,share_in_segment,share_overall,lift
    const cells = line.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ""));
    out.set(`${cells[0]}|${cells[1]}|${cells[2]}`, cells.slice(3, 7).map(Number));
  }
  return out;
}
for (const [i, v] of variants.entries()) {
  const reference = readProducts(join(tmp, `v${index("deno task rfm")}`, "segment_products.csv"));
  const other = readProducts(join(tmp, `v${i}`, "segment_products.csv"));
  const same = other.size === reference.size &&
    [...reference].every(([key, values]) =>
      other.has(key) && values.every((x, j) => Math.abs(x - other.get(key)![j]!) <= 1e-12)
    );
  if (v.input === variants[0]!.input) {
    console.log(
      `segment_products.csv, ${v.name}: ${other.size} rows, ${
        same ? "the same" : "DIFFERENT"
      } as ours`,
    );
  }
}
await Deno.remove(tmp, { recursive: true });
