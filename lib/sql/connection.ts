/**
 * A connection to where the data lives, as the engine pipelines see it: a
 * dialect, a redacted name, the columns of a table, and a list of statements
 * run in order in one session, whose marked results come back as rows.
 * Statements are given all at once so that an engine that is slow to start
 * (Spark) runs them in one job; the others run them one by one and stop at
 * the first failure.
 *
 * @module
 */
import type { SqlDialect } from "./dialect.ts";

/**
 * One statement; with `result`, its rows come back under that name. A
 * statement with a `guard` (and empty `sql`) stops the run there, without an
 * error, when an earlier result fails its check: how a batch stops before it
 * creates anything when the data did not pass validation.
 */
export interface SqlStatement {
  sql: string;
  result?: string;
  guard?: StatementGuard;
}

/** A check on an earlier result, written twice: for engines run step by step and in SQL. */
export interface StatementGuard {
  /** The earlier statement's result name; its SQL must be a query. */
  result: string;
  /** Whether its rows pass (checked here by engines that run statements one by one). */
  passes: (rows: readonly Record<string, unknown>[]) => boolean;
  /** A SQL condition on its columns true for a failing row (for engines that run a script). */
  failedWhen: string;
}

/** The rows of each named result, and whether a guard stopped the run early. */
export interface SqlRunResult {
  results: Map<string, Record<string, unknown>[]>;
  stopped: boolean;
}

/** A column of a table: its name and the engine's type, in the DuckDB vocabulary of `lib/clean`. */
export interface TableColumn {
  name: string;
  /** The engine's own type name, as the database reports it. */
  engineType: string;
  /** One of VARCHAR, DOUBLE, BIGINT, BOOLEAN, DATE, TIMESTAMP or OTHER. */
  type: "VARCHAR" | "DOUBLE" | "BIGINT" | "BOOLEAN" | "DATE" | "TIMESTAMP" | "OTHER";
}

/** An open connection (see {@link openConnection} in `open_connection.ts`). */
export interface SqlConnection {
  dialect: SqlDialect;
  /** The database as it may be shown: its URL or path with the password redacted. */
  label: string;
  /** The columns of a table, in order; an InputError naming the table when it is not there. */
  describe(table: string): Promise<TableColumn[]>;
  /**
   * Run statements in order in one session; the rows of those with a `result`
   * name, as objects of plain values (numbers, text, booleans, null). An
   * engine error becomes an InputError naming the database (and table, when given).
   */
  run(
    statements: readonly SqlStatement[],
    context?: { table?: string },
  ): Promise<SqlRunResult>;
  close(): Promise<void>;
}

/**
 * The column type in the shared vocabulary, from an engine's type name.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { commonType } from "./connection.ts";
 * equal(commonType("double precision"), "DOUBLE");
 * equal(commonType("timestamp without time zone"), "TIMESTAMP");
 * equal(commonType("string"), "VARCHAR");
 * equal(commonType("decimal(10,2)"), "DOUBLE");
 * ```
 */
export function commonType(engineType: string): TableColumn["type"] {
  const t = engineType.trim().toLowerCase();
  if (/^(big|small|tiny|huge|u)?int(eger)?\d*$|^(bigint|long|short|byte|int[248])$/.test(t)) {
    return "BIGINT";
  }
  if (/^(double|float|real|decimal|numeric)/.test(t) || t === "double precision") return "DOUBLE";
  if (/^(bool|boolean)$/.test(t)) return "BOOLEAN";
  if (t === "date") return "DATE";
  if (t.startsWith("timestamp")) return "TIMESTAMP";
  if (/^(varchar|text|string|char|character|bpchar|uuid|name)/.test(t)) return "VARCHAR";
  return "OTHER";
}

/** A plain value from a driver's: BigInt to number (text beyond 2^53), others as they are. */
export function plainValue(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  return value;
}
