/**
 * `segment --db`: the sample drawn in the database is the same customers in
 * every engine, the fit here is the file's fit, and every row labelled in the
 * database by the compiled SQL gets the label the model gives it in memory.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { readTable } from "../../lib/io/read_table.ts";
import { sqlString } from "../../lib/io/duckdb.ts";
import { assignTable } from "../../lib/segment/assign_table.ts";
import { segmentDatabase } from "../../lib/segment/segment_db.ts";
import { runScript } from "../run_script.ts";
import { skipPostgresTests, withPostgres } from "./postgres_server.ts";

const CUSTOMERS = new URL("../../data/customers.csv", import.meta.url).pathname;
const CLI = new URL("../../lib/cli/segment.ts", import.meta.url).pathname;
const fileTable = await readTable(CUSTOMERS);

/** The in-memory label of every customer under a model, by id. */
function memoryLabels(model: Parameters<typeof assignTable>[0]): Map<string, number> {
  const { labels } = assignTable(model, fileTable, { file: CUSTOMERS });
  const ids = fileTable.array("customer_id") as string[];
  return new Map(ids.map((id, i) => [id, labels[i]!]));
}

function assertSameLabels(
  rows: readonly Record<string, unknown>[],
  expected: Map<string, number>,
  engine: string,
): void {
  assert.equal(rows.length, expected.size, `${engine}: rows`);
  const wrong = rows.filter((r) => Number(r.cluster) !== expected.get(String(r.customer_id)));
  assert.equal(wrong.length, 0, `${engine}: ${wrong.length} rows labelled otherwise`);
}

async function duckdbFile(dir: string): Promise<string> {
  const path = join(dir, "shop.duckdb");
  const instance = await DuckDBInstance.create(path);
  const con = await instance.connect();
  await con.run(`CREATE TABLE customers AS SELECT * FROM read_csv(${sqlString(CUSTOMERS)})`);
  con.closeSync();
  instance.closeSync();
  return path;
}

Deno.test({
  name:
    "segment --db on PostgreSQL and a DuckDB file: same sample, same model, every row labelled as in memory",
  ignore: await skipPostgresTests(),
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const db = await duckdbFile(dir);
      await withPostgres(async (pg) => {
        await pg.loadTable("customers", CUSTOMERS);
        for (const sample of [undefined, 700]) {
          const options = { table: "customers", k: 4, seed: 3, sample, into: "customer_segments" };
          const duck = await segmentDatabase({ ...options, db });
          const post = await segmentDatabase({ ...options, db: pg.url });
          assert.equal(duck.sampled, sample ?? 2000);
          assert.equal(post.sampled, sample ?? 2000);
          // The same customers in the same order: the same fit.
          assert.deepEqual(post.run.fit.model.clustering, duck.run.fit.model.clustering);
          assert.deepEqual(post.run.fit.model.preparation, duck.run.fit.model.preparation);
          const expected = memoryLabels(duck.run.fit.model);
          assert.equal(duck.labelled?.reduce((s, c) => s + c.rows, 0), 2000);
          const instance = await DuckDBInstance.create(db, { access_mode: "READ_ONLY" });
          const con = await instance.connect();
          const rows =
            (await con.runAndReadAll("SELECT customer_id, cluster FROM customer_segments"))
              .getRowObjectsJS() as Record<string, unknown>[];
          con.closeSync();
          instance.closeSync();
          assertSameLabels(rows, expected, "DuckDB");
          assertSameLabels(
            await pg.query("SELECT customer_id, cluster FROM customer_segments"),
            expected,
            "PostgreSQL",
          );
        }
        // The command line: model.json and summary.json without the password.
        const out = join(dir, "out");
        const run = await runScript(CLI, [
          "--db",
          pg.url,
          "--table",
          "customers",
          "--k",
          "4",
          "--into",
          "customer_segments",
          "--out",
          out,
        ]);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stderr, /Labelled every row into customer_segments/);
        for (const name of ["model.json", "summary.json", "assign.sql"]) {
          const text = await Deno.readTextFile(join(out, name));
          assert.equal(text.includes(pg.password), false, name);
          assert.equal(text.includes(encodeURIComponent(pg.password)), false, name);
        }
        assert.equal(run.stderr.includes(encodeURIComponent(pg.password)), false);
        const tables = await pg.query(
          "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        );
        assert.deepEqual(tables.map((t) => t.tablename), ["customer_segments", "customers"]);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
