/**
 * RFM where the lines live gives today's file results: rfm.csv from a DuckDB
 * file and from PostgreSQL equals, byte for byte, the file run's on the
 * bundled transactions, with the same cleaning report; with --into, the
 * scores and segments computed in SQL (DuckDB, PostgreSQL, Spark) equal the
 * ones computed in memory, customer by customer.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { ColumnTable } from "arquero";
import { queryColumns, sqlString } from "../../lib/io/duckdb.ts";
import { runRFM } from "../../lib/rfm/run_rfm.ts";
import { runDatabaseRFM } from "../../lib/rfm/run_rfm_db.ts";
import { skipPostgresTests, withPostgres } from "./postgres_server.ts";
import { skipSparkTests } from "./spark_sql.ts";

const SAMPLE = new URL("../../data/transactions_sample.csv", import.meta.url).pathname;
const fileRun = await runRFM(SAMPLE, {});

/** Every customer's figures, scores and segment from the file run, as rows keyed by column. */
function expectedRows(scored: ColumnTable): Record<string, unknown>[] {
  return scored.objects() as Record<string, unknown>[];
}

const COMPARED = [
  "customer_id",
  "recency",
  "frequency",
  "monetary",
  "total_quantity",
  "avg_basket_value",
  "tenure",
  "distinct_products",
  "country",
  "r_score",
  "f_score",
  "m_score",
  "rfm_score",
  "segment",
];

/** Compare rows of a table scored in SQL with the file run's, customer by customer. */
function assertSameScores(rows: Record<string, unknown>[], engine: string): void {
  const expected = expectedRows(fileRun.scored);
  assert.equal(rows.length, expected.length, `${engine}: customers`);
  const byId = new Map(rows.map((r) => [String(r.customer_id), r]));
  let differing = 0;
  let first = "";
  for (const want of expected) {
    const got = byId.get(String(want.customer_id));
    for (const column of COMPARED) {
      const a = got?.[column] ?? null, b = want[column] ?? null;
      const same = typeof b === "number" ? Number(a) === b : String(a) === String(b);
      if (!same) {
        differing++;
        first ||= `${want.customer_id} ${column}: ${a} ≠ ${b}`;
      }
    }
  }
  assert.equal(differing, 0, `${engine}: ${differing} values differ, first ${first}`);
}

async function duckdbFile(dir: string): Promise<string> {
  const path = join(dir, "shop.duckdb");
  const instance = await DuckDBInstance.create(path);
  const con = await instance.connect();
  await con.run(
    `CREATE TABLE lines AS SELECT * FROM read_csv(${sqlString(SAMPLE)}, header = true)`,
  );
  con.closeSync();
  instance.closeSync();
  return path;
}

Deno.test("rfm on a DuckDB file: rfm.csv and the cleaning report equal the file run's; --into scores in SQL", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const db = await duckdbFile(dir);
    const run = await runDatabaseRFM({ db, table: "lines" });
    assert.equal(run.into, undefined);
    if (run.into !== undefined) return;
    assert.equal(run.files["rfm.csv"], fileRun.files["rfm.csv"]);
    assert.deepEqual(run.cleaning.report.rules, fileRun.cleaning.report.rules);
    assert.equal(run.cleaning.report.linesOut, fileRun.cleaning.report.linesOut);

    const into = await runDatabaseRFM({ db, table: "lines", into: "rfm_customers" });
    assert.equal(into.into, "rfm_customers");
    const con = await (await DuckDBInstance.create(db, { access_mode: "READ_ONLY" })).connect();
    const reader = await con.runAndReadAll(`SELECT * FROM rfm_customers`);
    const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
    const tables = (await con.runAndReadAll("SELECT table_name FROM information_schema.tables"))
      .getRowObjectsJS().map((r) => r.table_name);
    con.closeSync();
    assertSameScores(rows.map((r) => ({ ...r, frequency: Number(r.frequency) })), "DuckDB");
    assert.deepEqual(tables.sort(), ["lines", "rfm_customers"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "rfm on PostgreSQL: rfm.csv equals the file run's byte for byte; --into scores in SQL; the password is nowhere",
  ignore: await skipPostgresTests(),
  fn: async () => {
    await withPostgres(async (pg) => {
      await pg.loadTable("lines", SAMPLE);
      const out = await Deno.makeTempDir();
      const run = await runDatabaseRFM({ db: pg.url, table: "lines", out });
      assert.equal(run.into, undefined);
      if (run.into !== undefined) return;
      assert.equal(await Deno.readTextFile(join(out, "rfm.csv")), fileRun.files["rfm.csv"]);
      assert.deepEqual(run.cleaning.report.rules, fileRun.cleaning.report.rules);

      const into = await runDatabaseRFM({ db: pg.url, table: "lines", into: "rfm_customers", out });
      assert.equal(into.into, "rfm_customers");
      assertSameScores(await pg.query("SELECT * FROM rfm_customers"), "PostgreSQL");
      const tables = await pg.query(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      );
      assert.deepEqual(tables.map((t) => t.tablename), ["lines", "rfm_customers"]);
      for await (const entry of Deno.readDir(out)) {
        const text = await Deno.readTextFile(join(out, entry.name));
        assert.equal(text.includes(pg.password), false, entry.name);
        assert.equal(text.includes(encodeURIComponent(pg.password)), false, entry.name);
      }
      await Deno.remove(out, { recursive: true });
    });
  },
});

Deno.test({
  name:
    "rfm on Spark with --into: figures, scores and segments computed in Spark SQL equal the file run's",
  ignore: await skipSparkTests(),
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const parquet = join(dir, "lines.parquet");
      await queryColumns(
        `COPY (SELECT * FROM read_csv(${sqlString(SAMPLE)}, header = true)) TO ${
          sqlString(parquet)
        } (FORMAT parquet)`,
      );
      const db = `spark:local[2]?dir=${encodeURIComponent(dir)}` +
        // Small data: one shuffle partition, no code generation (compiling costs more than it saves).
        "&spark.sql.catalogImplementation=in-memory&spark.sql.shuffle.partitions=1" +
        "&spark.sql.codegen.wholeStage=false&spark.sql.adaptive.enabled=false";
      const run = await runDatabaseRFM({
        db,
        table: `parquet.\`${parquet}\``,
        into: "rfm_customers",
      });
      assert.equal(run.into, "rfm_customers");
      if (run.into === undefined) return;
      assert.deepEqual(run.report.rules, fileRun.cleaning.report.rules);
      // The table Spark wrote (its warehouse folder), read back with DuckDB.
      const rows = await queryColumns(
        `SELECT * FROM read_parquet(${
          sqlString(join(dir, "spark-warehouse/rfm_customers/*.parquet"))
        })`,
      );
      const n = rows.customer_id?.length ?? 0;
      const objects = Array.from(
        { length: n },
        (_, i) => Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v[i]])),
      );
      assertSameScores(objects, "Spark");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
