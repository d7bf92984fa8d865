/**
 * A query's columns, with some text columns brought back as codes into the
 * list of their distinct values. Text of more than 12 bytes costs a call
 * into DuckDB per value (about a microsecond); a column of few distinct
 * values (a country per customer) then costs more than the numbers of every
 * other column together. Coded, each distinct value is read once.
 *
 * @module
 */
import { duckdb, queryColumnArrays, queryColumns, sqlIdentifier } from "./duckdb.ts";
import type { ColumnValues } from "./duckdb.ts";

let runs = 0;

/**
 * {@link queryColumnArrays} of `sql`, in the same row order, but each column
 * named in `coded` read as a code per row into the list of its distinct
 * values, then made back into the same strings (and nulls). The result is
 * held in a temporary table for the two reads, and dropped.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { queryCodedText } from "./query_coded_text.ts";
 * const cols = await queryCodedText(
 *   "SELECT range AS n, CASE WHEN range = 1 THEN NULL ELSE 'United Kingdom ' || (range % 2) END AS c " +
 *     "FROM range(4) ORDER BY range DESC",
 *   ["c"],
 * );
 * deepEqual(Array.from(cols.n!), [3, 2, 1, 0]);
 * deepEqual(cols.c, ["United Kingdom 1", "United Kingdom 0", null, "United Kingdom 0"]);
 * ```
 */
export async function queryCodedText(
  sql: string,
  coded: readonly string[],
): Promise<Record<string, ColumnValues>> {
  if (coded.length === 0) return await queryColumnArrays(sql);
  const con = await duckdb();
  const table = `coded_text_${++runs}`;
  // Materialised once, in the query's order (DuckDB keeps insertion order).
  await con.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${sql.replace(/;\s*$/, "")}`);
  try {
    const names = (await queryColumns(`SELECT column_name FROM (DESCRIBE ${table})`))
      .column_name!.map(String);
    // A column's distinct values and their codes, one definition for the list read
    // here and for the codes joined to the rows.
    const levelsOf = (q: string) =>
      `SELECT v, row_number() OVER (ORDER BY v COLLATE "C") - 1 AS code ` +
      `FROM (SELECT DISTINCT ${q} AS v FROM ${table} WHERE ${q} IS NOT NULL)`;
    const levels = new Map<string, unknown[]>();
    const joins: string[] = [];
    const select = names.map((name, j) => {
      const q = sqlIdentifier(name);
      if (!coded.includes(name)) return `t.${q}`;
      joins.push(`LEFT JOIN (${levelsOf(q)}) AS l${j} ON l${j}.v = t.${q}`);
      return `l${j}.code AS ${q}`;
    });
    for (const name of coded) {
      const values = await queryColumns(`${levelsOf(sqlIdentifier(name))} ORDER BY code`);
      levels.set(name, values.v ?? []);
    }
    const columns = await queryColumnArrays(
      `SELECT ${select.join(", ")} FROM ${table} AS t\n${joins.join("\n")}\nORDER BY t.rowid`,
    );
    for (const [name, values] of levels) {
      const codes = columns[name];
      if (codes === undefined) continue;
      columns[name] = Array.from(codes, (c) => (c === null ? null : values[Number(c)]));
    }
    return columns;
  } finally {
    await con.run(`DROP TABLE IF EXISTS ${table}`);
  }
}
