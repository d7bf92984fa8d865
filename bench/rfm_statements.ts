/**
 * Time every DuckDB statement of one `runRFM` run (stage, validate, rules,
 * report, aggregation, product lift, descriptions …), in wall and CPU seconds
 * (all threads), and the JavaScript in between, to see where `deno task rfm` spends its time on a big file. Each
 * line gives the statement's start (seconds since the run began), its
 * duration and its first line of SQL; the gaps between them are JavaScript
 * (scores, rules' decision tree, formatting, writing). Not a benchmark of
 * record (one run, in process); the side-by-side figures come from
 * bench/peer/rfm_peer.ts.
 *
 *   deno run -A bench/rfm_statements.ts bench/data/transactions_10000000.parquet [OUT_DIR]
 *
 * @module
 */
import { DuckDBConnection } from "@duckdb/node-api";
import process from "node:process";

const path = Deno.args[0];
if (path === undefined) {
  throw new Error("usage: deno run -A bench/rfm_statements.ts FILE [OUT_DIR]");
}
const started = performance.now();
const seconds = (ms: number) => (ms / 1000).toFixed(2);
// Wrap the connection's two ways of running SQL (runAndReadAll calls run: time the outer call).
type Run = (this: DuckDBConnection, sql: string, ...rest: unknown[]) => Promise<unknown>;
const proto = DuckDBConnection.prototype as unknown as Record<"run" | "runAndReadAll", Run>;
let depth = 0;
for (const name of ["run", "runAndReadAll"] as const) {
  const original = proto[name];
  proto[name] = async function (this: DuckDBConnection, sql: string, ...rest: unknown[]) {
    depth++;
    const t = performance.now();
    const cpu = process.cpuUsage();
    try {
      return await original.call(this, sql, ...rest);
    } finally {
      depth--;
      if (depth === 0) {
        const first = sql.split("\n").find((l) => !l.startsWith("--") && l.trim() !== "") ?? sql;
        const used = process.cpuUsage(cpu);
        console.log(
          `@${seconds(t - started).padStart(7)} s ${seconds(performance.now() - t).padStart(7)} s ${
            seconds((used.user + used.system) / 1000).padStart(7)
          } s CPU  ${first.trim().slice(0, 70)}`,
        );
      }
    }
  };
}
const { runRFM } = await import("../lib/rfm/run_rfm.ts");
const out = Deno.args[1] ?? await Deno.makeTempDir({ prefix: "rfm_statements_" });
await runRFM(path, { out });
const whole = process.cpuUsage();
console.log(
  `whole run ${seconds(performance.now() - started)} s, ${
    seconds((whole.user + whole.system) / 1000)
  } s CPU (load average ${Deno.loadavg()[0]!.toFixed(1)})`,
);
