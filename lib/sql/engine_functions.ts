/**
 * The engine functions the transaction-cleaning and RFM SQL needs beyond
 * {@link SqlDialect}: line numbers, a row fingerprint, lenient casts,
 * temporary tables, conditional counts, arg-max and byte-order sorting. Each
 * engine writes them its own way; the DuckDB entry writes exactly the SQL
 * `lib/clean` has always run, so file-based results do not move.
 *
 * @module
 */
import type { DialectName, SqlDialect } from "./dialect.ts";
import { DUCKDB } from "./duckdb_dialect.ts";

/** How one engine writes the pieces of the cleaning and RFM SQL. */
export interface EngineFunctions {
  dialect: SqlDialect;
  /** The staged line's number (1-based), optionally of table alias `alias`. */
  lineNumber(alias?: string): string;
  /** An extra select item of the stage statement giving `line_no` ("" when the engine has rowid). */
  lineNumberColumn: string;
  /** A fingerprint of the listed (quoted) columns: equal rows, equal fingerprints. */
  rowHash(columns: readonly string[]): string;
  /** A temporary table (or cached view) made from `select`, for the rest of the session. */
  createTemp(name: string, select: string): string;
  /** A float64 from any value, NULL when it does not read as one; `numeric`: the column is a number. */
  tryDouble(expr: string, numeric?: boolean): string;
  /** A TIMESTAMP from text in ISO form (YYYY-MM-DD[ HH:MM[:SS[.fff]]]), NULL when it does not read. */
  tryTimestamp(text: string): string;
  /** A TIMESTAMP from a date or timestamp column. */
  toTimestamp(expr: string): string;
  /** True for a finite number, false for NaN or ±Infinity, NULL for NULL. */
  isFinite(expr: string): string;
  /** The number of rows of the group where `condition` holds. */
  countIf(condition: string): string;
  /** `value` on the row of the group with the largest `key`. */
  argMax(value: string, key: string): string;
  /** `expr` sorted by bytes (as DuckDB sorts text), for ORDER BY and window orders. */
  byteOrder(expr: string): string;
  /** `AS NOT MATERIALIZED` where the engine knows the hint, else `AS`. */
  cteAs: string;
  /** Whole-number text ids stored as floats ("12347.0") without the ".0"; blank as NULL. */
  customerId(raw: string): string;
  /** Whether `IN (subquery)` may stand inside a CASE expression. */
  subqueryInCase: boolean;
}

const ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?)?$";
const NUMBER = "^[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$|^[-+]?(Infinity|NaN)$";
const FLOAT_ID = "^(-?[0-9]+)\\.0+$";

const duckdb: EngineFunctions = {
  dialect: DUCKDB,
  lineNumber: (alias) => `${alias ? `${alias}.` : ""}rowid + 1`,
  lineNumberColumn: "",
  rowHash: (columns) => `hash(${columns.join(", ")})`,
  createTemp: (name, select) => `CREATE OR REPLACE TEMP TABLE ${name} AS\n${select}`,
  tryDouble: (expr) => `TRY_CAST(${expr} AS DOUBLE)`,
  tryTimestamp: (text) => `TRY_CAST(${text} AS TIMESTAMP)`,
  toTimestamp: (expr) => `TRY_CAST(${expr} AS TIMESTAMP)`,
  isFinite: (expr) => `isfinite(${expr})`,
  countIf: (condition) => `count_if(${condition})`,
  argMax: (value, key) => `arg_max(${value}, ${key})`,
  byteOrder: (expr) => expr,
  cteAs: "AS NOT MATERIALIZED",
  // Only an id with a "." goes through the pattern: most have none, and the test is cheaper.
  customerId: (raw) =>
    `NULLIF(CASE WHEN contains(trim(CAST(${raw} AS VARCHAR)), '.')
      THEN regexp_replace(trim(CAST(${raw} AS VARCHAR)), '^(-?[0-9]+)\\.0+$', '\\1')
      ELSE trim(CAST(${raw} AS VARCHAR)) END, '')`,
  subqueryInCase: true,
};

/** The parts PostgreSQL and Spark write alike (ANSI forms). */
function ansi(dialect: SqlDialect): Pick<
  EngineFunctions,
  "dialect" | "lineNumber" | "isFinite" | "countIf" | "subqueryInCase"
> {
  return {
    dialect,
    lineNumber: (alias) => `${alias ? `${alias}.` : ""}line_no`,
    isFinite: (expr) =>
      `(${expr} > ${dialect.number(-Infinity)} AND ${expr} < ${dialect.number(Infinity)})`,
    countIf: (condition) => `coalesce(sum(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`,
    subqueryInCase: false,
  };
}

/** Engine functions for PostgreSQL (15 and later). */
function postgres(dialect: SqlDialect): EngineFunctions {
  return {
    ...ansi(dialect),
    // Table order of a freshly scanned table: the order rows were loaded in.
    lineNumberColumn: "row_number() OVER () AS line_no",
    rowHash: (columns) => `md5(CAST(ROW(${columns.join(", ")}) AS TEXT))`,
    createTemp: (name, select) => `CREATE TEMP TABLE ${name} AS\n${select}`,
    tryDouble: (expr, numeric) =>
      numeric
        ? `CAST(${expr} AS DOUBLE PRECISION)`
        : `CASE WHEN btrim(CAST(${expr} AS TEXT)) ~ ${
          dialect.string(NUMBER)
        } THEN CAST(btrim(CAST(${expr} AS TEXT)) AS DOUBLE PRECISION) END`,
    tryTimestamp: (text) =>
      `CASE WHEN btrim(${text}) ~ ${
        dialect.string(ISO_DATE)
      } THEN CAST(btrim(${text}) AS TIMESTAMP) END`,
    toTimestamp: (expr) => `CAST(${expr} AS TIMESTAMP)`,
    argMax: (value, key) => `(array_agg(${value} ORDER BY ${key} DESC))[1]`,
    byteOrder: (expr) => `${expr} COLLATE "C"`,
    cteAs: "AS NOT MATERIALIZED",
    customerId: (raw) =>
      `NULLIF(regexp_replace(btrim(CAST(${raw} AS TEXT)), ${dialect.string(FLOAT_ID)}, '\\1'), '')`,
  };
}

/** Engine functions for Spark SQL (3.4 and later). */
function spark(dialect: SqlDialect): EngineFunctions {
  return {
    ...ansi(dialect),
    // Increasing in the order Spark reads the table (not consecutive across partitions).
    lineNumberColumn: "monotonically_increasing_id() + 1 AS line_no",
    rowHash: (columns) => `xxhash64(${columns.join(", ")})`,
    createTemp: (name, select) => `CACHE TABLE ${name} AS\n${select}`,
    tryDouble: (expr) => `TRY_CAST(${expr} AS DOUBLE)`,
    tryTimestamp: (text) => `TRY_CAST(TRIM(${text}) AS TIMESTAMP)`,
    toTimestamp: (expr) => `CAST(${expr} AS TIMESTAMP)`,
    argMax: (value, key) => `max_by(${value}, ${key})`,
    byteOrder: (expr) => expr,
    cteAs: "AS",
    customerId: (raw) =>
      `NULLIF(regexp_replace(TRIM(CAST(${raw} AS STRING)), ${dialect.string(FLOAT_ID)}, '$1'), '')`,
  };
}

const cache = new Map<DialectName, EngineFunctions>();

/**
 * The engine functions of a dialect (DuckDB's when none is given).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { engineFunctions } from "./engine_functions.ts";
 * import { POSTGRES } from "./postgres_dialect.ts";
 * import { SPARK } from "./spark_dialect.ts";
 * equal(engineFunctions().argMax("country", "line_no"), "arg_max(country, line_no)");
 * equal(engineFunctions(POSTGRES).argMax("country", "line_no"), "(array_agg(country ORDER BY line_no DESC))[1]");
 * equal(engineFunctions(SPARK).argMax("country", "line_no"), "max_by(country, line_no)");
 * ```
 */
export function engineFunctions(dialect: SqlDialect = DUCKDB): EngineFunctions {
  const known = cache.get(dialect.name);
  if (known !== undefined && known.dialect === dialect) return known;
  let made: EngineFunctions;
  switch (dialect.name) {
    case "duckdb":
      made = duckdb;
      break;
    case "postgres":
      made = postgres(dialect);
      break;
    case "spark":
      made = spark(dialect);
      break;
  }
  cache.set(dialect.name, made);
  return made;
}
