// `deno task segment --sql DIALECT`: assign.sql beside model.json, in the folder's manifest, and
// DuckDB labels the training file with it as segments.csv does; `--assign model.json --sql` with
// and without data; the flag mistakes.
import { deepEqual, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { runScript } from "../run_script.ts";
import { duckdb, queryColumns, sqlString } from "../../lib/io/duckdb.ts";

const CLI = new URL("../../lib/cli/segment.ts", import.meta.url).pathname;
const DATA = new URL("../../data/customers_messy.tsv", import.meta.url).pathname;

Deno.test("segment --sql duckdb writes assign.sql, which labels the file as segments.csv", async () => {
  const dir = await Deno.makeTempDir({ prefix: "segment_sql_" });
  try {
    const out = join(dir, "run");
    const run = await runScript(CLI, [
      DATA,
      "--k",
      "3",
      "--sql",
      "duckdb",
      "--table",
      "shop",
      "--out",
      out,
    ]);
    equal(run.code, 0, run.stderr);
    const sql = await Deno.readTextFile(join(out, "assign.sql"));
    match(sql, /FROM "shop" src/);
    const manifest = await Deno.readTextFile(join(out, ".output.json"));
    ok(manifest.includes("assign.sql"), manifest);
    const con = await duckdb();
    await con.run(`CREATE OR REPLACE TABLE shop AS SELECT * FROM read_csv(${sqlString(DATA)})`);
    const got = await queryColumns(sql);
    const want = await queryColumns(
      `SELECT cluster, segment_name FROM read_csv(${sqlString(join(out, "segments.csv"))})`,
    );
    deepEqual(got.cluster, want.cluster);
    deepEqual(got.segment_name, want.segment_name);
    equal(got.Comment!.length, 2000); // every column of the table comes back
    await con.run("DROP TABLE shop");

    // A saved model: the SQL alone, or beside assigned.csv.
    const alone = await runScript(CLI, [
      "--assign",
      join(out, "model.json"),
      "--sql",
      "postgres",
      "--out",
      join(dir, "alone"),
    ]);
    equal(alone.code, 0, alone.stderr);
    deepEqual([...Deno.readDirSync(join(dir, "alone"))].map((e) => e.name).sort(), [
      ".output.json",
      "assign.sql",
    ]);
    match(await Deno.readTextFile(join(dir, "alone", "assign.sql")), /AS DOUBLE PRECISION/);
    const both = await runScript(CLI, [
      "--assign",
      join(out, "model.json"),
      DATA,
      "--sql",
      "spark",
      "--out",
      join(dir, "both"),
    ]);
    equal(both.code, 0, both.stderr);
    ok(Deno.statSync(join(dir, "both", "assign.sql")).isFile);
    ok(Deno.statSync(join(dir, "both", "assigned.csv")).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("segment --sql: an unknown dialect, --table alone, --assign without data or --sql", async () => {
  const unknown = await runScript(CLI, [DATA, "--sql", "oracle", "--out", "/nonexistent/x"]);
  equal(unknown.code, 2);
  match(unknown.stderr, /Unknown SQL dialect: "oracle".*duckdb, postgres, spark/);
  const table = await runScript(CLI, [DATA, "--table", "t"]);
  equal(table.code, 2);
  match(table.stderr, /--table names the table of assign\.sql: give --sql DIALECT/);
  const none = await runScript(CLI, ["--assign", "model.json"]);
  equal(none.code, 2);
  match(none.stderr, /give exactly one input file \(none given\)/);
});
