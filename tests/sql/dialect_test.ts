// The dialects' expressions run in the embedded DuckDB: literals read back exactly, dates,
// quantiles as numpy's linear interpolation, the MD5 fraction and the replaced table.
import { deepEqual, equal, ok } from "node:assert/strict";
import { queryColumns } from "../../lib/io/duckdb.ts";
import { DUCKDB } from "../../lib/sql/duckdb_dialect.ts";
import { finiteOrNull, hashFraction, sampleSQL } from "../../lib/sql/dialect.ts";
import { percentileSorted } from "../../lib/prepare/scale.ts";
import { duckdb } from "../../lib/io/duckdb.ts";

const d = DUCKDB;

Deno.test("DuckDB: double literals read back as the same float64, specials included", async () => {
  const values = [0.1, 1 / 3, -2.5e-300, 1.7976931348623157e308, 5e-324, 123456789.12345678, -0];
  const cols = await queryColumns(
    `SELECT ${values.map((v, i) => `${d.number(v)} AS v${i}`).join(", ")}, ` +
      `${d.number(NaN)} AS nan, ${d.number(-Infinity)} AS ninf`,
  );
  values.forEach((v, i) => ok(Object.is(cols[`v${i}`]![0], v), `v${i}: ${cols[`v${i}`]![0]}`));
  ok(Number.isNaN(cols.nan![0]));
  equal(cols.ninf![0], -Infinity);
});

Deno.test("DuckDB: finiteOrNull turns NaN and ±Infinity into NULL", async () => {
  const cols = await queryColumns(
    `SELECT ${finiteOrNull(d, "x")} AS y FROM (VALUES (${d.number(NaN)}), (${
      d.number(Infinity)
    }), (${d.number(-Infinity)}), (${d.number(2)})) t(x)`,
  );
  deepEqual(cols.y, [null, null, null, 2]);
});

Deno.test("DuckDB: dates from text parts, days between, regular expressions", async () => {
  const s = d.string("21-08-2013");
  const p = "^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})$";
  const date = d.makeDate(d.regexpGroup(s, p, 3), d.regexpGroup(s, p, 2), d.regexpGroup(s, p, 1));
  const cols = await queryColumns(
    `SELECT ${d.daysBetween(date, d.dateLiteral("2014-01-01"))} AS days, ${d.matches(s, p)} AS ok`,
  );
  equal(cols.days![0], (Date.UTC(2014, 0, 1) - Date.UTC(2013, 7, 21)) / 86_400_000);
  equal(cols.ok![0], true);
});

Deno.test("DuckDB: quantiles equal numpy's linear interpolation", async () => {
  const xs = [3.5, 1, 10, 7.25, 2, 2, 9.75];
  const sorted = Float64Array.from(xs).sort();
  const qs = [0, 0.2, 0.25, 0.5, 0.75, 0.8, 1];
  const cols = await queryColumns(
    `SELECT ${qs.map((q, i) => `${d.quantile("x", q)} AS q${i}`).join(", ")} FROM (VALUES ${
      xs.map((x) => `(${d.number(x)})`).join(", ")
    }) t(x)`,
  );
  qs.forEach((q, i) => equal(cols[`q${i}`]![0], percentileSorted(sorted, q * 100)));
});

Deno.test("DuckDB: the hash fraction is MD5's first 32 bits, and the sample is deterministic", async () => {
  const cols = await queryColumns(
    `SELECT ${hashFraction(d, d.string("C00001"), 7)} AS f, md5('7:C00001') AS h`,
  );
  const hex = String(cols.h![0]).slice(0, 8);
  equal(cols.f![0], parseInt(hex, 16) / 2 ** 32);
  const con = await duckdb();
  await con.run(
    "CREATE OR REPLACE TABLE sample_src AS SELECT 'K' || range AS id FROM range(1000)",
  );
  const sql = sampleSQL(d, { table: "sample_src", key: "id", rows: 50, seed: 3 });
  const a = await queryColumns(sql), b = await queryColumns(sql);
  equal(a.id!.length, 50);
  deepEqual(a.id, b.id);
  const other = await queryColumns(
    sampleSQL(d, { table: "sample_src", key: "id", rows: 50, seed: 4 }),
  );
  ok(other.id!.some((id, i) => id !== a.id![i]));
  await con.run("DROP TABLE sample_src");
});

Deno.test("DuckDB: replaceTable leaves the new table under its name and no staging table", async () => {
  const con = await duckdb();
  await con.run("CREATE OR REPLACE TABLE replaced AS SELECT 1 AS old");
  for (const s of d.replaceTable("replaced", "replaced__staging", "SELECT 2 AS fresh")) {
    await con.run(s);
  }
  deepEqual((await queryColumns("SELECT * FROM replaced")).fresh, [2]);
  const left = await queryColumns(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'replaced__staging'",
  );
  equal(left.n![0], 0);
  await con.run("DROP TABLE replaced");
});
