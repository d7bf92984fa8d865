/**
 * DuckDB's SQL: the embedded engine the workspace runs (`lib/io/duckdb.ts`)
 * and DuckDB database files.
 *
 * @module
 */
import { doubleText, quoted, sharedDialect, type SqlDialect } from "./dialect.ts";

/**
 * The DuckDB dialect.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { DUCKDB } from "./duckdb_dialect.ts";
 * equal(DUCKDB.identifier('my "col"'), '"my ""col"""');
 * equal(DUCKDB.number(0.1), "CAST('0.1' AS DOUBLE)");
 * equal(DUCKDB.quantile("x", 0.25), "QUANTILE_CONT(x, 0.25)");
 * ```
 */
export const DUCKDB: SqlDialect = {
  ...sharedDialect(),
  name: "duckdb",
  title: "DuckDB",
  identifier: (name) => quoted(name, '"'),
  tableName: (name) => name.split(".").map((part) => quoted(part, '"')).join("."),
  string: (value) => quoted(value, "'"),
  number: (value) => `CAST('${doubleText(value)}' AS DOUBLE)`,
  toDouble: (expr) => `CAST(${expr} AS DOUBLE)`,
  parseDouble: (text) => `TRY_CAST(${text} AS DOUBLE)`,
  toText: (expr) => `CAST(${expr} AS VARCHAR)`,
  log1p: (expr) => `LN(1 + ${expr})`,
  matches: (text, pattern) => `REGEXP_MATCHES(${text}, ${quoted(pattern, "'")})`,
  regexpGroup: (text, pattern, group) =>
    `REGEXP_EXTRACT(${text}, ${quoted(pattern, "'")}, ${group})`,
  makeDate: (year, month, day) =>
    `MAKE_DATE(CAST(${year} AS BIGINT), CAST(${month} AS BIGINT), CAST(${day} AS BIGINT))`,
  dateLiteral: (iso) => `DATE ${quoted(iso, "'")}`,
  daysBetween: (from, to) => `DATE_DIFF('day', ${from}, ${to})`,
  quantile: (expr, q) => `QUANTILE_CONT(${expr}, ${doubleText(q)})`,
  carryRow: (alias) => `${alias}.*`,
  restoreRow: (helpers) => `* EXCLUDE (${helpers.join(", ")})`,
  md5: (text) => `MD5(${text})`,
  hexToInteger: (hex) => `CAST('0x' || ${hex} AS UBIGINT)`,
  replaceTable: (target, staging, select) => {
    const t = DUCKDB.tableName(target), s = DUCKDB.tableName(staging);
    const bare = quoted(target.split(".").at(-1)!, '"');
    return [
      `DROP TABLE IF EXISTS ${s}`,
      `CREATE TABLE ${s} AS\n${select}`,
      `DROP TABLE IF EXISTS ${t}`,
      `ALTER TABLE ${s} RENAME TO ${bare}`,
    ];
  },
};
