/**
 * The test engines themselves: a throwaway PostgreSQL (password over TCP,
 * removed afterwards even when the test fails) and one spark-sql run, both
 * holding the bundled transactions with the figures DuckDB reads from the file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { queryColumns, sqlString } from "../../lib/io/duckdb.ts";
import { postgresBin, skipPostgresTests, withPostgres } from "./postgres_server.ts";
import { runSparkSQL, skipSparkTests, sparkParquetView, sparkResult } from "./spark_sql.ts";

const SAMPLE = new URL("../../data/transactions_sample.csv", import.meta.url).pathname;

/** Lines, customers and total quantity × price of the sample, as DuckDB reads the file. */
async function fileFigures(): Promise<{ lines: number; customers: number; total: number }> {
  const r = await queryColumns(
    `SELECT count(*) AS lines, count(DISTINCT CustomerID) AS customers,
       round(sum(Quantity * UnitPrice), 2) AS total FROM read_csv(${
      sqlString(SAMPLE)
    }, header = true)`,
  );
  return {
    lines: Number(r.lines![0]),
    customers: Number(r.customers![0]),
    total: Number(r.total![0]),
  };
}

async function psqlOverTCP(bin: string, url: URL, password: string): Promise<Deno.CommandOutput> {
  return await new Deno.Command(join(bin, "psql"), {
    args: [
      "-X",
      "-A",
      "-t",
      "-h",
      url.hostname,
      "-p",
      url.port,
      "-U",
      url.username,
      "-d",
      "shop",
      "-c",
      "SELECT 1",
    ],
    env: { PGPASSWORD: password },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
}

Deno.test({
  name: "a throwaway PostgreSQL holds the sample, asks for its password and leaves nothing behind",
  ignore: await skipPostgresTests(),
  fn: async () => {
    const expected = await fileFigures();
    let folder = "";
    await assert.rejects(
      withPostgres(async (pg) => {
        folder = (await pg.psql("SHOW data_directory;")).trim();
        await pg.loadTable("lines", SAMPLE);
        const [row] = await pg.query(
          `SELECT count(*) AS lines, count(DISTINCT "CustomerID") AS customers,
           round(sum("Quantity" * "UnitPrice")::numeric, 2)::float8 AS total FROM lines`,
        );
        assert.deepEqual(row, expected);
        const bin = (await postgresBin())!;
        const url = new URL(pg.url);
        assert.equal(decodeURIComponent(url.password), pg.password);
        assert.equal((await psqlOverTCP(bin, url, pg.password)).success, true);
        const wrong = await psqlOverTCP(bin, url, "not-the-password");
        assert.equal(wrong.success, false);
        assert.match(new TextDecoder().decode(wrong.stderr), /password authentication failed/);
        throw new Error("a failing test");
      }),
      /a failing test/,
    );
    assert.notEqual(folder, "");
    assert.equal(await Deno.stat(folder).then(() => true, () => false), false);
  },
});

Deno.test({
  name: "one spark-sql run reads the sample from Parquet with the figures DuckDB finds",
  ignore: await skipSparkTests(),
  fn: async () => {
    const expected = await fileFigures();
    const dir = await Deno.makeTempDir();
    try {
      const parquet = join(dir, "lines.parquet");
      await queryColumns(
        `COPY (SELECT * FROM read_csv(${sqlString(SAMPLE)}, header = true)) TO ${
          sqlString(parquet)
        } (FORMAT parquet)`,
      );
      const run = await runSparkSQL([
        sparkParquetView("lines", parquet),
        sparkResult(
          "figures",
          `SELECT count(*) AS lines, count(DISTINCT CustomerID) AS customers,
             CAST(round(sum(Quantity * UnitPrice), 2) AS DOUBLE) AS total FROM lines`,
        ),
        sparkResult("nulls", "SELECT CAST(NULL AS STRING) AS missing, 'a\tb' AS tabbed"),
      ].join("\n"));
      assert.deepEqual(run.results.get("figures"), [expected]);
      assert.deepEqual(run.results.get("nulls"), [{ tabbed: "a\tb" }]);
      await assert.rejects(runSparkSQL("SELECT * FROM no_such_table;"), /TABLE_OR_VIEW_NOT_FOUND/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
