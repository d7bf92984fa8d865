/**
 * Spark SQL's dialect (`spark-sql`, Spark Connect, Databricks). Identifiers
 * are quoted with backticks; string literals treat a backslash as an escape,
 * so one is doubled; `try_cast` reads text leniently also under ANSI mode
 * (Spark 4's default); `percentile` is the exact quantile
 * (`percentile_approx` is not).
 *
 * @module
 */
import { doubleText, quoted, sharedDialect, type SqlDialect } from "./dialect.ts";

const string = (value: string): string => quoted(value.replaceAll("\\", "\\\\"), "'");

/**
 * The Spark SQL dialect.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { SPARK } from "./spark_dialect.ts";
 * equal(SPARK.identifier("a`b"), "`a``b`");
 * equal(SPARK.string("C:\\data"), "'C:\\\\data'");
 * equal(SPARK.number(2.5), "CAST('2.5' AS DOUBLE)");
 * ```
 */
export const SPARK: SqlDialect = {
  ...sharedDialect(),
  name: "spark",
  title: "Spark SQL",
  identifier: (name) => quoted(name, "`"),
  tableName: (name) => name.split(".").map((part) => quoted(part, "`")).join("."),
  string,
  number: (value) => `CAST('${doubleText(value)}' AS DOUBLE)`,
  toDouble: (expr) => `CAST(${expr} AS DOUBLE)`,
  parseDouble: (text) => `TRY_CAST(${text} AS DOUBLE)`,
  toText: (expr) => `CAST(${expr} AS STRING)`,
  log1p: (expr) => `LOG1P(${expr})`,
  matches: (text, pattern) => `(${text} RLIKE ${string(pattern)})`,
  regexpGroup: (text, pattern, group) => `REGEXP_EXTRACT(${text}, ${string(pattern)}, ${group})`,
  makeDate: (year, month, day) =>
    `MAKE_DATE(CAST(${year} AS INT), CAST(${month} AS INT), CAST(${day} AS INT))`,
  dateLiteral: (iso) => `DATE ${string(iso)}`,
  daysBetween: (from, to) => `DATEDIFF(${to}, ${from})`,
  quantile: (expr, q) => `PERCENTILE(${expr}, ${doubleText(q)})`,
  // The whole row as one struct, expanded again at the end.
  carryRow: (alias) => `STRUCT(${alias}.*) AS \`__seg_row\``,
  restoreRow: (_helpers, alias) => `${alias}.\`__seg_row\`.*`,
  md5: (text) => `MD5(${text})`,
  hexToInteger: (hex) => `CAST(CONV(${hex}, 16, 10) AS BIGINT)`,
  replaceTable: (target, staging, select) => {
    const t = SPARK.tableName(target), s = SPARK.tableName(staging);
    return [
      `DROP TABLE IF EXISTS ${s}`,
      `CREATE TABLE ${s} AS\n${select}`,
      `DROP TABLE IF EXISTS ${t}`,
      `ALTER TABLE ${s} RENAME TO ${t}`,
    ];
  },
};
