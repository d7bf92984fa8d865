/**
 * Reading a customer CSV into memory, side by side: `readTable` (this tree
 * and, with `--before`, an older tree unpacked from `git archive`) against
 * pandas' `read_csv` and Polars' `read_csv`, each warmed up once, then
 * `--repeats` rounds that alternate the readers; prints the medians and the
 * ratios as a markdown table, with the load average before and after.
 *
 *   deno run -A bench/peer/segment_data.ts --rows 1100000 --cols 7 --out bench/data/customers_1100000x7.csv
 *   deno run -A bench/peer/read_peer.ts --file bench/data/customers_1100000x7.csv --before /tmp/before --repeats 7
 *
 * @module
 */
import { readTable } from "../../lib/io/read_table.ts";
import { flag, median, runPeer } from "./common.ts";

type Reader = (path: string) => Promise<{ numRows(): number; numCols(): number }>;

const file = flag(Deno.args, "--file", "bench/data/customers_1100000x7.csv");
const before = flag(Deno.args, "--before", "");
const repeats = Number(flag(Deno.args, "--repeats", "5"));
const python = flag(Deno.args, "--python", "/work/main/.venv-bench/bin/python");

const readers = new Map<string, Reader>([["readTable (this tree)", (p) => readTable(p)]]);
if (before !== "") {
  const old = await import(`${before.replace(/\/$/, "")}/lib/io/read_table.ts`);
  readers.set("readTable (before)", (p) => old.readTable(p));
}
const peers = ["pandas", "polars"] as const;

const load = () => Deno.loadavg().map((x) => x.toFixed(2)).join(", ");
const loadBefore = load();
const seconds = new Map<string, number[]>();
for (const [name, read] of readers) {
  const table = await read(file); // warm-up: module loading, DuckDB start, page cache
  console.error(`${name}: ${table.numRows()} × ${table.numCols()}`);
  seconds.set(name, []);
}
for (const peer of peers) seconds.set(peer, []);
for (let round = 0; round < repeats; round++) {
  for (const [name, read] of readers) {
    const start = performance.now();
    await read(file);
    seconds.get(name)!.push((performance.now() - start) / 1000);
  }
  for (const peer of peers) {
    const out = runPeer<{ seconds: number[] }>(python, "read_peer.py", [file, peer, "1"], "");
    seconds.get(peer)!.push(...out.seconds);
  }
}
const pandas = median(seconds.get("pandas")!), polars = median(seconds.get("polars")!);
console.log(`load average before: ${loadBefore}; after: ${load()}; ${repeats} rounds`);
console.log("| reader | median | runs | ÷ pandas | ÷ Polars |");
console.log("| --- | ---: | --- | ---: | ---: |");
for (const [name, xs] of seconds) {
  const m = median(xs);
  const runs = xs.map((x) => x.toFixed(3)).join(" ");
  console.log(
    `| ${name} | ${m.toFixed(3)} s | ${runs} | ${(m / pandas).toFixed(2)} | ${
      (m / polars).toFixed(2)
    } |`,
  );
}
