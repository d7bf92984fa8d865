/**
 * Label generated customers with the SQL a fitted model compiles to: 100 million rows in the
 * embedded DuckDB and 10 million in a throwaway PostgreSQL (both sizes can be changed). The
 * rows are made inside the engine (`range` / `generate_series`: no file), the model is fitted
 * here on `data/customers.csv`, and the query counts the rows per segment, so every row's
 * preparation, scaling, distances and label are computed. Prints wall time, rows per second and
 * peak memory (DuckDB: this process's peak resident memory; PostgreSQL: the peak resident
 * memory of the server process running the query, sampled every 100 ms).
 *
 *   deno run -A bench/sql_assign.ts [--duckdb-rows N] [--postgres-rows N] [--only duckdb|postgres]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { readTable } from "../lib/io/read_table.ts";
import { duckdb, queryColumns } from "../lib/io/duckdb.ts";
import { fitSegmentation, type SegmentationOptions } from "../lib/segment/segmentation.ts";
import { assignSQL, type ColumnStorage } from "../lib/segment/model_sql.ts";
import type { SqlDialect } from "../lib/sql/dialect.ts";
import { DUCKDB } from "../lib/sql/duckdb_dialect.ts";
import { POSTGRES } from "../lib/sql/postgres_dialect.ts";
import { withPostgres } from "../tests/sql/postgres_server.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    "duckdb-rows": { type: "string", default: "100000000" },
    "postgres-rows": { type: "string", default: "10000000" },
    only: { type: "string" },
  },
});

const DATA = new URL("../data/customers.csv", import.meta.url).pathname;
const COLUMNS = [
  "age",
  "annual_income_k",
  "spending_score",
  "visits_per_month",
  "online_share",
  "tenure_years",
];

/** Customers like data/customers.csv from the row number `i` (integer arithmetic, every engine). */
function generated(d: SqlDialect, i: string): string {
  const spread = (mul: number, mod: number, offset: number, div: number) =>
    `${d.toDouble(`(${i} * ${mul} % ${mod}) + ${offset}`)} / ${d.number(div)}`;
  return [
    `CAST(${i} AS BIGINT) AS customer_id`,
    `CASE WHEN ${i} % 2 = 0 THEN 'Female' ELSE 'Male' END AS gender`,
    `${spread(7919, 60, 18, 1)} AS age`,
    `${spread(104729, 120, 15, 1)} AS annual_income_k`,
    `${spread(1299709, 99, 1, 1)} AS spending_score`,
    `${spread(15485863, 100, 0, 10)} AS visits_per_month`,
    `${spread(32452843, 100, 0, 100)} AS online_share`,
    `${spread(49979687, 150, 0, 10)} AS tenure_years`,
  ].join(",\n  ");
}

const MODELS: { title: string; options: SegmentationOptions }[] = [
  { title: "k-means, k = 5", options: { algorithm: "kmeans", k: 5, nInit: 2 } },
  { title: "Gaussian mixture, k = 5, full", options: { algorithm: "gmm", k: 5 } },
];

/** Peak resident memory of a process (kB → MB), from /proc. */
async function peakMB(pid: number | "self", field = "VmHWM"): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`).catch(() => "");
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

function report(
  engine: string,
  title: string,
  rows: number,
  seconds: number,
  mb: number,
  how: string,
) {
  console.log(
    `| ${engine} | ${title} | ${how} | ${rows.toLocaleString("en")} | ${seconds.toFixed(1)} s | ${
      Math.round(rows / seconds).toLocaleString("en")
    } | ${Math.round(mb).toLocaleString("en")} MB |`,
  );
}

const table = await readTable(DATA);
const fits = MODELS.map(({ title, options }) => ({
  title,
  model: fitSegmentation(table, { ...options, seed: 1 }).model,
}));
const typed: Record<string, ColumnStorage> = Object.fromEntries(COLUMNS.map((c) => [c, "number"]));
/** Columns as numbers for every model; read from their text too (the default SQL) for k-means. */
const runs = (title: string): [string, Record<string, ColumnStorage> | undefined][] =>
  title.startsWith("k-means")
    ? [["as numbers", typed], ["from text (default)", undefined]]
    : [["as numbers", typed]];
console.log("| engine | model | columns read | rows | time | rows per second | peak memory |");
console.log("| --- | --- | --- | ---: | ---: | ---: | ---: |");

if (values.only === undefined || values.only === "duckdb") {
  const rows = Number(values["duckdb-rows"]);
  const con = await duckdb();
  await con.run(
    `CREATE OR REPLACE VIEW customers AS SELECT\n  ${generated(DUCKDB, "i")}\nFROM range(1, ${
      rows + 1
    }) t(i)`,
  );
  for (const { title, model } of fits) {
    for (const [how, columns] of runs(title)) {
      const sql = assignSQL(model, { dialect: DUCKDB, columns });
      const started = performance.now();
      const counts = await queryColumns(
        `SELECT cluster, count(*) AS n FROM (\n${sql}\n) GROUP BY cluster ORDER BY cluster`,
      );
      const seconds = (performance.now() - started) / 1000;
      const total = (counts.n as number[]).reduce((a, b) => a + Number(b), 0);
      if (total !== rows) throw new Error(`DuckDB labelled ${total} rows of ${rows}`);
      report("DuckDB", title, rows, seconds, await peakMB("self"), how);
    }
  }
}

if (values.only === undefined || values.only === "postgres") {
  const rows = Number(values["postgres-rows"]);
  await withPostgres(async (pg) => {
    await pg.psql(
      `CREATE VIEW customers AS SELECT\n  ${
        generated(POSTGRES, "i")
      }\nFROM generate_series(CAST(1 AS BIGINT), ${rows}) AS t(i);`,
    );
    for (const { title, model } of fits) {
      for (const [how, columns] of runs(title)) {
        const sql = assignSQL(model, { dialect: POSTGRES, columns });
        let peak = 0, running = true;
        // The backend running the query: the server's process whose title shows a SELECT.
        const sample = (async () => {
          while (running) {
            for await (const entry of Deno.readDir("/proc")) {
              if (!/^\d+$/.test(entry.name)) continue;
              const cmd = await Deno.readTextFile(`/proc/${entry.name}/cmdline`).catch(() => "");
              if (cmd.startsWith("postgres: segments shop")) {
                peak = Math.max(peak, await peakMB(Number(entry.name), "VmRSS"));
              }
            }
            await new Promise((r) => setTimeout(r, 100));
          }
        })();
        const started = performance.now();
        const counts = await pg.query(
          `SELECT cluster, count(*) AS n FROM (\n${sql}\n) AS labelled GROUP BY cluster`,
        );
        const seconds = (performance.now() - started) / 1000;
        running = false;
        await sample;
        const total = counts.reduce((a, r) => a + Number(r.n), 0);
        if (total !== rows) throw new Error(`PostgreSQL labelled ${total} rows of ${rows}`);
        report("PostgreSQL 15", title, rows, seconds, peak, how);
      }
    }
  });
}
