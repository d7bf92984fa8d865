/**
 * Side-by-side benchmark of RFM end to end — read the file, clean, aggregate,
 * score, write — on the 1,000,000-line transaction file: `deno task rfm`
 * (DuckDB) against the equivalent pandas script (bench/peer/rfm_pandas.py),
 * each as its own process under `/usr/bin/time -v`, alternating runs so load
 * from other processes falls on both alike. Prints a markdown table of median
 * wall time, the ratio to pandas and peak memory (max RSS), then checks that
 * both wrote the same customers, scores and segments.
 *
 *   deno run -A bench/peer/rfm_peer.ts [--repeats 3] [--lines 1000000] [--python .venv-bench/bin/python]
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
const cli = join(root, "lib/cli/rfm.ts");
const script = join(root, "bench/peer/rfm_pandas.py");
const variants = [
  { name: "deno task rfm (DuckDB)", input: "CSV", command: [deno, "run", "-A", cli, csv, "--out"] },
  { name: "pandas", input: "CSV", command: [python, script, csv] },
  {
    name: "deno task rfm (DuckDB)",
    input: "Parquet",
    command: [deno, "run", "-A", cli, parquet, "--out"],
  },
  { name: "pandas", input: "Parquet", command: [python, script, parquet] },
];

const tmp = await Deno.makeTempDir({ prefix: "rfm_peer_" });
const runs = variants.map(() => [] as Run[]);
// One untimed warm-up each (file cache, module cache), then alternate.
for (const [i, v] of variants.entries()) await timed(v.command, join(tmp, `warm${i}`));
for (let r = 0; r < repeats; r++) {
  for (const [i, v] of variants.entries()) {
    runs[i]!.push(await timed(v.command, join(tmp, `v${i}`)));
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
  "| pipeline | input | median wall time | vs pandas | median CPU time | vs pandas | peak memory (max RSS) |",
);
console.log("|---|---|---:|---:|---:|---:|---:|");
for (const row of rows) {
  const peer = rows.find((r) => r.name === "pandas" && r.input === row.input)!;
  const ratio = (a: number, b: number) => (row === peer ? "1.00×" : `${(a / b).toFixed(2)}×`);
  console.log(
    `| ${row.name} | ${row.input} | ${row.seconds.toFixed(2)} s | ${
      ratio(row.seconds, peer.seconds)
    } | ${row.cpu.toFixed(2)} s | ${ratio(row.cpu, peer.cpu)} | ${Math.round(row.rss)} MB |`,
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
const ours = readRFM(join(tmp, "v0", "rfm.csv"));
const theirs = readRFM(join(tmp, "v1", "rfm.csv"));
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
await Deno.remove(tmp, { recursive: true });
