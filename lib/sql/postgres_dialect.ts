/**
 * PostgreSQL's SQL. Numbers are `DOUBLE PRECISION` (a literal such as `0.1`
 * would be NUMERIC, whose exact arithmetic differs from float64), and
 * quantiles are the ordered-set aggregate `percentile_cont`.
 *
 * @module
 */
import { doubleText, quoted, sharedDialect, type SqlDialect } from "./dialect.ts";

/**
 * The PostgreSQL dialect.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { POSTGRES } from "./postgres_dialect.ts";
 * equal(POSTGRES.number(1e-7), "CAST('1e-7' AS DOUBLE PRECISION)");
 * equal(POSTGRES.quantile("x", 0.5), "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x)");
 * ```
 */
export const POSTGRES: SqlDialect = {
  ...sharedDialect(),
  name: "postgres",
  title: "PostgreSQL",
  identifier: (name) => quoted(name, '"'),
  tableName: (name) => name.split(".").map((part) => quoted(part, '"')).join("."),
  // Standard-conforming strings (the default since 9.1): a backslash is an ordinary character.
  string: (value) => quoted(value, "'"),
  number: (value) => `CAST('${doubleText(value)}' AS DOUBLE PRECISION)`,
  toDouble: (expr) => `CAST(${expr} AS DOUBLE PRECISION)`,
  // PostgreSQL has no TRY_CAST: blank text is NULL, unreadable text an error.
  parseDouble: (text) => `CAST(NULLIF(${text}, '') AS DOUBLE PRECISION)`,
  toText: (expr) => `CAST(${expr} AS TEXT)`,
  trim: (text) => `BTRIM(${text})`,
  log1p: (expr) => `LN(1 + ${expr})`,
  matches: (text, pattern) => `(${text} ~ ${quoted(pattern, "'")})`,
  regexpGroup: (text, pattern, group) =>
    `(REGEXP_MATCH(${text}, ${quoted(pattern, "'")}))[${group}]`,
  makeDate: (year, month, day) =>
    `MAKE_DATE(CAST(${year} AS INTEGER), CAST(${month} AS INTEGER), CAST(${day} AS INTEGER))`,
  dateLiteral: (iso) => `DATE ${quoted(iso, "'")}`,
  daysBetween: (from, to) => `(${to} - ${from})`,
  quantile: (expr, q) => `PERCENTILE_CONT(${doubleText(q)}) WITHIN GROUP (ORDER BY ${expr})`,
  // The whole row as one composite value, expanded again at the end.
  carryRow: (alias) => `${alias} AS "__seg_row"`,
  restoreRow: (_helpers, alias) => `(${alias}."__seg_row").*`,
  fence: (select) => `${select}\nOFFSET 0`,
  // EXP raises "value out of range: underflow" where the result rounds to 0; below −745 it is
  // 0 (or a subnormal, as in JavaScript) anyway.
  exp: (expr) => `CASE WHEN ${expr} < -745 THEN 0 ELSE EXP(${expr}) END`,
  md5: (text) => `md5(${text})`,
  hexToInteger: (hex) => `CAST(CAST('x' || LPAD(${hex}, 16, '0') AS BIT(64)) AS BIGINT)`,
  replaceTable: (target, staging, select) => {
    const t = POSTGRES.tableName(target), s = POSTGRES.tableName(staging);
    const bare = quoted(target.split(".").at(-1)!, '"');
    // In one transaction: another session sees the old table or the new one, never neither.
    return [
      "BEGIN",
      `DROP TABLE IF EXISTS ${s}`,
      `CREATE TABLE ${s} AS\n${select}`,
      `DROP TABLE IF EXISTS ${t}`,
      `ALTER TABLE ${s} RENAME TO ${bare}`,
      "COMMIT",
    ];
  },
};
