/**
 * Bad input to `deno task rfm --db`: one line naming the database (its URL
 * with the password redacted), the table and the column, exit code 2, the
 * password nowhere in the output, and nothing half-made left in the database.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { runScript, type ScriptRun } from "../run_script.ts";
import { type PostgresServer, skipPostgresTests, withPostgres } from "./postgres_server.ts";

const CLI = new URL("../../lib/cli/rfm.ts", import.meta.url).pathname;
const SAMPLE = new URL("../../data/transactions_sample.csv", import.meta.url).pathname;

async function rfm(...args: string[]): Promise<ScriptRun> {
  const out = await Deno.makeTempDir();
  try {
    return await runScript(CLI, [...args, "--out", out]);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

/** Exit 2 and one line matching `pattern`, without the password. */
function assertOneLine(run: ScriptRun, pattern: RegExp, password?: string): void {
  assert.equal(run.code, 2, run.stderr);
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0]!, pattern);
  if (password !== undefined) {
    for (const text of [run.stderr, run.stdout]) {
      assert.equal(text.includes(password), false);
      assert.equal(text.includes(encodeURIComponent(password)), false);
    }
  }
}

function withUser(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = encodeURIComponent(password);
  return u.toString();
}

async function publicTables(pg: PostgresServer): Promise<string[]> {
  const rows = await pg.query(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  return rows.map((r) => String(r.tablename));
}

Deno.test({
  name:
    "rfm --db on PostgreSQL: each kind of bad input is one line naming database, table and column",
  ignore: await skipPostgresTests(),
  fn: async (t) => {
    await withPostgres(async (pg) => {
      await pg.loadTable("lines", SAMPLE);
      await pg.psql(`
      CREATE TABLE empty_lines (LIKE lines);
      CREATE TABLE text_lines AS SELECT * FROM lines;
      ALTER TABLE text_lines ALTER COLUMN "UnitPrice" TYPE text;
      UPDATE text_lines SET "UnitPrice" = 'abc' WHERE "InvoiceNo" = (SELECT min("InvoiceNo") FROM lines);
      CREATE ROLE reader LOGIN PASSWORD 'reader-secret';
      CREATE TABLE secret_lines AS SELECT * FROM lines LIMIT 10;
      GRANT SELECT ON lines TO reader;`);
      const redacted = `postgres://segments:\\*\\*\\*@127\\.0\\.0\\.1:${pg.port}/shop`;

      await t.step("unreachable server", async () => {
        const url = pg.url.replace(`:${pg.port}/`, ":1/");
        assertOneLine(
          await rfm("--db", url, "--table", "lines"),
          /^Error: Cannot reach the server: .*\(database postgres:\/\/segments:\*\*\*@127\.0\.0\.1:1\/shop, table lines\)\. Check the host and port/,
          pg.password,
        );
      });
      await t.step("wrong password", async () => {
        assertOneLine(
          await rfm("--db", withUser(pg.url, "segments", "not-it"), "--table", "lines"),
          /^Error: Wrong password or user name: password authentication failed for user "segments" \(database postgres:\/\/segments:\*\*\*@/,
          "not-it",
        );
      });
      await t.step("missing table", async () => {
        assertOneLine(
          await rfm("--db", pg.url, "--table", "no_such_lines"),
          new RegExp(`^Error: Table not found \\(database ${redacted}, table no_such_lines\\)`),
          pg.password,
        );
      });
      await t.step("missing column", async () => {
        assertOneLine(
          await rfm("--db", pg.url, "--table", "lines", "--customer", "Client"),
          new RegExp(
            `^Error: Column not found: "Client" \\(database ${redacted}, table lines\\)\\. The customer column must be one of: InvoiceNo,`,
          ),
          pg.password,
        );
      });
      await t.step("table without rows", async () => {
        assertOneLine(
          await rfm("--db", pg.url, "--table", "empty_lines"),
          new RegExp(`^Error: The table has no rows \\(database ${redacted}, table empty_lines\\)`),
          pg.password,
        );
      });
      await t.step("column of the wrong type", async () => {
        assertOneLine(
          await rfm("--db", pg.url, "--table", "lines", "--date", "Quantity"),
          new RegExp(
            `^Error: The date column has the wrong type: bigint \\(database ${redacted}, table lines, column "Quantity"\\)`,
          ),
          pg.password,
        );
      });
      await t.step("a value that is not a number, with --into: nothing is created", async () => {
        assertOneLine(
          await rfm("--db", pg.url, "--table", "text_lines", "--into", "rfm_customers"),
          new RegExp(
            `^Error: Not a number in price: "abc" \\(and \\d+ more rows\\) \\(database ${redacted}, table text_lines, column "UnitPrice"\\)`,
          ),
          pg.password,
        );
        assert.deepEqual(await publicTables(pg), [
          "empty_lines",
          "lines",
          "secret_lines",
          "text_lines",
        ]);
      });
      await t.step("permission error on the table", async () => {
        assertOneLine(
          await rfm("--db", withUser(pg.url, "reader", "reader-secret"), "--table", "secret_lines"),
          /^Error: Permission denied: permission denied for table secret_lines \(database postgres:\/\/reader:\*\*\*@127\.0\.0\.1:\d+\/shop, table secret_lines\)/,
          "reader-secret",
        );
      });
      await t.step("permission error on --into: nothing is created", async () => {
        assertOneLine(
          await rfm(
            "--db",
            withUser(pg.url, "reader", "reader-secret"),
            "--table",
            "lines",
            "--into",
            "rfm_customers",
          ),
          /^Error: Permission denied: permission denied for schema public \(database postgres:\/\/reader:\*\*\*@/,
          "reader-secret",
        );
        assert.deepEqual(await publicTables(pg), [
          "empty_lines",
          "lines",
          "secret_lines",
          "text_lines",
        ]);
      });
    });
  },
});

Deno.test("rfm --db on a DuckDB file: a missing file, table or column is one line; the file is not created", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const missing = join(dir, "nowhere.duckdb");
    assertOneLine(
      await rfm("--db", missing, "--table", "lines"),
      new RegExp(`^Error: Database file not found \\(database ${missing}\\)`),
    );
    assert.equal(await Deno.stat(missing).then(() => true, () => false), false);
    const db = join(dir, "shop.duckdb");
    const instance = await DuckDBInstance.create(db);
    const con = await instance.connect();
    await con.run(`CREATE TABLE lines AS SELECT * FROM read_csv('${SAMPLE}', header = true)`);
    con.closeSync();
    instance.closeSync(); // the file's lock goes with the instance
    assertOneLine(
      await rfm("--db", db, "--table", "sales"),
      new RegExp(`^Error: Table not found: .*\\(database ${db}, table sales\\)`),
    );
    assertOneLine(
      await rfm("--db", db, "--table", "lines", "--price", "Cost"),
      new RegExp(`^Error: Column not found: "Cost" \\(database ${db}, table lines\\)`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
