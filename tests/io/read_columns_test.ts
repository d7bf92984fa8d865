import { deepEqual, equal, ok } from "node:assert/strict";
import { queryColumnArrays, queryColumns } from "../../lib/io/duckdb.ts";
import { loadCSV } from "../../lib/io/read_csv.ts";

Deno.test("queryColumnArrays gives gap-free numeric columns as Float64Array, BigInt converted", async () => {
  const cols = await queryColumnArrays(
    "SELECT range AS big, range::INTEGER AS int, range / 4 AS dbl, (range % 256)::UTINYINT AS u8, " +
      "'x' || range AS txt FROM range(5000)",
  );
  for (const name of ["big", "int", "dbl", "u8"]) {
    ok(cols[name] instanceof Float64Array, name);
    equal(cols[name]!.length, 5000);
  }
  equal(cols.big![4999], 4999);
  equal(cols.dbl![4999], 4999 / 4);
  deepEqual(cols.txt!.slice(0, 2), ["x0", "x1"]);
});

Deno.test("queryColumnArrays keeps negative and large BigInts exact, and beyond 2^53 as before", async () => {
  const cols = await queryColumnArrays(
    "SELECT * FROM (VALUES (-1::BIGINT, 9007199254740991::BIGINT, -4294967297::BIGINT)) t(a, b, c)",
  );
  deepEqual(Array.from(cols.a!), [-1]);
  deepEqual(Array.from(cols.b!), [9007199254740991]);
  deepEqual(Array.from(cols.c!), [-4294967297]);
  const beyond = "SELECT 9007199254740993::BIGINT AS n";
  deepEqual(await queryColumnArrays(beyond), await queryColumns(beyond));
});

Deno.test("queryColumnArrays leaves a numeric column with a missing value as plain values with null", async () => {
  // The null falls in the third chunk of 2,048 rows.
  const sql =
    "SELECT CASE WHEN range = 5000 THEN NULL ELSE range END AS a, range AS b FROM range(6000)";
  const cols = await queryColumnArrays(sql);
  ok(Array.isArray(cols.a));
  deepEqual(cols.a, (await queryColumns(sql)).a);
  equal((cols.a as unknown[])[5000], null);
  equal((cols.a as unknown[])[4999], 4999);
  ok(cols.b instanceof Float64Array);
});

Deno.test("queryColumnArrays gives text as node-api's conversion does: short, long, non-ASCII, empty and missing", async () => {
  // Lengths around the 12 bytes DuckDB keeps inline, non-ASCII inline and not, nulls, across chunks.
  const sql = `SELECT CASE range % 9
      WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'abcdefghijkl' WHEN 3 THEN 'abcdefghijklm'
      WHEN 4 THEN 'é' || range WHEN 5 THEN 'United Kingdom' WHEN 6 THEN '🙂x'
      WHEN 7 THEN repeat('z', range % 30) ELSE 'C' || range END AS t,
    CASE WHEN range % 2 = 0 THEN 'a b' ELSE 'caf' || chr(233) END AS u
    FROM range(7000)`;
  const expected = await queryColumns(sql);
  deepEqual(await queryColumnArrays(sql), expected);
  deepEqual(await queryColumnArrays(sql, { stream: true }), expected);
  equal((expected.t as unknown[])[0], null);
  equal((expected.t as unknown[])[2], "abcdefghijkl");
});

async function csvFile(text: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(path, text);
  return path;
}

Deno.test("loadCSV hands numeric columns to the table as typed arrays", async () => {
  const rows = Array.from({ length: 3000 }, (_, i) => `${i % 97},${(i / 8).toFixed(3)},n${i}`);
  const table = await loadCSV(await csvFile(`a,b,name\n${rows.join("\n")}\n`));
  ok(table.column("a") instanceof Float64Array);
  ok(table.column("b") instanceof Float64Array);
  equal(table.get("b", 2999), 2999 / 8);
  equal(table.get("name", 1), "n1");
});

Deno.test("loadCSV types a column by every row when the rest of a large file breaks the sample's type", async () => {
  const n = 30_000;
  const lines = ["id,late_text,late_number"];
  for (let i = 0; i < n; i++) {
    // late_text is whole numbers for the sniffer's sample, then text; late_number is empty, then numbers.
    lines.push(`${i},${i < 25_000 ? i : `code ${i}`},${i < 25_000 ? "" : i / 2}`);
  }
  const table = await loadCSV(await csvFile(lines.join("\n") + "\n"));
  equal(table.numRows(), n);
  equal(table.get("late_text", 0), "0");
  equal(table.get("late_text", n - 1), `code ${n - 1}`);
  equal(table.get("late_number", 0), null);
  equal(table.get("late_number", n - 1), (n - 1) / 2);
});

Deno.test("queryColumnArrays streamed gives what the materialised result gives, nulls and large integers included", async () => {
  // 100,000 rows span several of the growing blocks a numeric column is read into; the
  // null and the integer beyond 2^53 come late, after blocks were filled.
  const sql = "SELECT range AS n, CASE WHEN range = 90000 THEN NULL ELSE range / 3 END AS gap, " +
    "CASE WHEN range = 70000 THEN 9007199254740993 ELSE range END::BIGINT AS wide, " +
    "'t' || range AS txt FROM range(100000)";
  const streamed = await queryColumnArrays(sql, { stream: true });
  deepEqual(streamed, await queryColumnArrays(sql));
  ok(streamed.n instanceof Float64Array);
  equal(streamed.n.length, 100_000);
  equal(streamed.n.buffer.byteLength, 800_000);
  ok(Array.isArray(streamed.gap) && Array.isArray(streamed.wide));
  equal(streamed.gap[89_999], 89_999 / 3);
  deepEqual(await queryColumnArrays("SELECT 1 AS a WHERE false", { stream: true }), {
    a: new Float64Array(0),
  });
});

Deno.test("streamed reads run on connections of their own: concurrent reads and queries on the shared connection all get every row", async () => {
  // Each file spans many of DuckDB's 2,048-row chunks, so the reads interleave.
  const files = await Promise.all(Array.from({ length: 4 }, async (_, f) => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${f},v${i % 7}`);
    return await csvFile(`i,file,tag\n${rows.join("\n")}\n`);
  }));
  const shared = Array.from(
    { length: 6 },
    (_, q) => queryColumns(`SELECT count(*) AS n FROM range(${10_000 * (q + 1)})`),
  );
  const tables = await Promise.all([...files, ...files].map((path) => loadCSV(path)));
  const counts = await Promise.all(shared);
  tables.forEach((table, t) => {
    equal(table.numRows(), 20_000);
    equal(table.get("i", 19_999), 19_999);
    equal(table.get("file", 0), t % 4);
    equal(table.get("tag", 19_999), `v${19_999 % 7}`);
  });
  deepEqual(counts.map((c) => c.n![0]), [1, 2, 3, 4, 5, 6].map((q) => 10_000 * q));
  // A materialised query that leans on the shared connection still sees its temporary tables.
  await queryColumns(
    "CREATE OR REPLACE TEMP TABLE stream_test_t AS SELECT range AS x FROM range(3)",
  );
  deepEqual(Array.from((await queryColumnArrays("SELECT x FROM stream_test_t")).x!), [0, 1, 2]);
});
