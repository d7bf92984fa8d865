/**
 * What differs between SQL engines, in one interface: quoting, literals,
 * casts, functions, dates, exact quantiles, hashing and deterministic
 * sampling, and replacing a table safely. Callers build SQL only through a
 * dialect, so a new engine (Trino, BigQuery, Snowflake) is one more file
 * implementing {@link SqlDialect}; the pieces every engine writes alike are
 * in {@link sharedDialect}.
 *
 * Numbers are written so that the engine reads exactly the float64 that
 * TypeScript holds (a text literal cast to a double: never a DECIMAL or
 * NUMERIC literal, whose arithmetic would differ). NaN and ±Infinity become
 * the engine's own special values; {@link finiteOrNull} turns them back into
 * NULL, the missing value.
 *
 * @module
 */

/** The engines with a dialect. */
export type DialectName = "duckdb" | "postgres" | "spark";

/** Every {@link DialectName}, for option parsing. */
export const DIALECT_NAMES: readonly DialectName[] = ["duckdb", "postgres", "spark"];

/** How one engine writes SQL. Every method returns SQL text. */
export interface SqlDialect {
  name: DialectName;
  /** The engine's name for people ("PostgreSQL"). */
  title: string;
  /** A quoted identifier (column or table name), safe for any text. */
  identifier(name: string): string;
  /** A table name, possibly qualified (`schema.table`): each part quoted. */
  tableName(name: string): string;
  /** A quoted string literal. */
  string(value: string): string;
  /** A DOUBLE literal holding exactly this float64 (NaN and ±Infinity included). */
  number(value: number): string;
  /** An integer literal. */
  integer(value: number): string;
  /** `expr` cast to the engine's float64 type (a numeric or boolean column). */
  toDouble(expr: string): string;
  /** A float64 from trimmed text (blank or unreadable: NULL where the engine allows, else an error). */
  parseDouble(text: string): string;
  /** `expr` as text (`VARCHAR`, `TEXT`, `STRING`). */
  toText(expr: string): string;
  /** Text without surrounding blanks. */
  trim(text: string): string;
  /** Natural logarithm. */
  ln(expr: string): string;
  /** ln(1 + x). */
  log1p(expr: string): string;
  exp(expr: string): string;
  sqrt(expr: string): string;
  /** The largest of the expressions. */
  greatest(exprs: readonly string[]): string;
  /** The smallest of the expressions. */
  least(exprs: readonly string[]): string;
  /** True when `text` matches the (POSIX-style, anchored by the caller) regular expression. */
  matches(text: string, pattern: string): string;
  /** Capture group `group` (from 1) of the regular expression's match in `text`, as text. */
  regexpGroup(text: string, pattern: string, group: number): string;
  /** A date from integer year, month and day expressions. */
  makeDate(year: string, month: string, day: string): string;
  /** A date literal from `YYYY-MM-DD`. */
  dateLiteral(iso: string): string;
  /** Whole days from date `from` to date `to` (`to − from`), as an integer expression. */
  daysBetween(from: string, to: string): string;
  /**
   * The exact quantile `q` (0 to 1) of `expr` over the group, with numpy's
   * default linear interpolation between the two nearest ranks (an aggregate).
   */
  quantile(expr: string, q: number): string;
  /** The lowercase hexadecimal MD5 of a text expression. */
  md5(text: string): string;
  /** An integer from 0 to 2³²−1 from 8 hexadecimal digits (text). */
  hexToInteger(hex: string): string;
  /**
   * A select item that carries every column of the table aliased `alias`
   * through derived tables that add helper columns.
   */
  carryRow(alias: string): string;
  /**
   * The select items that give back the carried columns alone, from the
   * derived table `alias`, leaving out the `helpers` (quoted identifiers).
   */
  restoreRow(helpers: readonly string[], alias: string): string;
  /**
   * `select` as a derived table the planner keeps whole: PostgreSQL would
   * otherwise pull a subquery up into its parent and copy each helper
   * expression into every place that uses it (`OFFSET 0` stops that).
   */
  fence(select: string): string;
  /** `select` with at most `n` rows. */
  limit(select: string, n: number): string;
  /**
   * Statements that make table `target` from `select` without ever leaving a
   * half-made `target`: create under the temporary name `staging`, drop any
   * old `target`, rename `staging` to `target`.
   */
  replaceTable(target: string, staging: string, select: string): string[];
}

/** The parts of a dialect every engine writes alike (ANSI SQL); each dialect file adds the rest. */
export function sharedDialect(): Pick<
  SqlDialect,
  "integer" | "trim" | "ln" | "exp" | "sqrt" | "greatest" | "least" | "limit" | "fence"
> {
  return {
    fence: (select) => select,
    integer(value) {
      if (!Number.isSafeInteger(value)) throw new RangeError(`Not a whole number: ${value}`);
      return String(value);
    },
    trim: (text) => `TRIM(${text})`,
    ln: (expr) => `LN(${expr})`,
    exp: (expr) => `EXP(${expr})`,
    sqrt: (expr) => `SQRT(${expr})`,
    greatest: (exprs) => exprs.length === 1 ? exprs[0]! : `GREATEST(${exprs.join(", ")})`,
    least: (exprs) => exprs.length === 1 ? exprs[0]! : `LEAST(${exprs.join(", ")})`,
    limit: (select, n) => `${select}\nLIMIT ${Math.max(0, Math.floor(n))}`,
  };
}

/** The text a float64 is written as in a literal: the shortest that reads back exactly. */
export function doubleText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  if (Object.is(value, -0)) return "-0";
  return String(value);
}

/** Quote text between `quote` characters, doubling the quote inside. */
export function quoted(text: string, quote: string): string {
  return `${quote}${text.replaceAll(quote, quote + quote)}${quote}`;
}

/**
 * `expr` where it is a finite number, else NULL (NaN and ±Infinity are
 * missing, as in the in-memory code). Works in every dialect: NaN compares
 * above every number in DuckDB, PostgreSQL and Spark, so it fails `< Infinity`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { finiteOrNull } from "./dialect.ts";
 * import { DUCKDB } from "./duckdb_dialect.ts";
 * equal(finiteOrNull(DUCKDB, "x"),
 *   "CASE WHEN x > CAST('-Infinity' AS DOUBLE) AND x < CAST('Infinity' AS DOUBLE) THEN x END");
 * ```
 */
export function finiteOrNull(dialect: SqlDialect, expr: string): string {
  return `CASE WHEN ${expr} > ${dialect.number(-Infinity)} AND ${expr} < ${
    dialect.number(Infinity)
  } THEN ${expr} END`;
}

/**
 * A number from 0 (included) to 1 (excluded) that depends only on the key's
 * text and the seed: the first 32 bits of MD5(seed ":" key) over 2³². The
 * same key and seed give the same number in every engine, so a sample drawn
 * with it is the same customers whichever engine draws it.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { hashFraction } from "./dialect.ts";
 * import { POSTGRES } from "./postgres_dialect.ts";
 * ok(hashFraction(POSTGRES, '"customer_id"', 7).includes("md5('7:' || CAST(\"customer_id\" AS TEXT))"));
 * ```
 */
export function hashFraction(dialect: SqlDialect, key: string, seed: number): string {
  const text = `${dialect.string(`${dialect.integer(seed)}:`)} || ${dialect.toText(key)}`;
  const hex = `SUBSTRING(${dialect.md5(text)}, 1, 8)`;
  return `(${dialect.toDouble(dialect.hexToInteger(hex))} / ${dialect.number(2 ** 32)})`;
}

/** Options for {@link sampleSQL}. */
export interface SampleOptions {
  /** The table sampled (a name, quoted by the dialect). */
  table: string;
  /** The column whose text decides which rows are drawn (an identifier). */
  key: string;
  /** Rows wanted (all when the table has fewer). */
  rows: number;
  /** Seed of the draw. */
  seed: number;
}

/**
 * A deterministic sample of `rows` rows: those with the smallest
 * {@link hashFraction} of their key (ties by the key), so the same table,
 * key and seed draw the same rows in every engine and every run.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { sampleSQL } from "./dialect.ts";
 * import { SPARK } from "./spark_dialect.ts";
 * const sql = sampleSQL(SPARK, { table: "customers", key: "customer_id", rows: 1000, seed: 1 });
 * ok(sql.startsWith("SELECT * FROM `customers`") && sql.endsWith("LIMIT 1000"));
 * ```
 */
export function sampleSQL(dialect: SqlDialect, options: SampleOptions): string {
  const key = dialect.identifier(options.key);
  return dialect.limit(
    `SELECT * FROM ${dialect.tableName(options.table)}\nORDER BY ${
      hashFraction(dialect, key, options.seed)
    }, ${dialect.toText(key)}`,
    options.rows,
  );
}
