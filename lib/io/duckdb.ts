/**
 * The shared embedded DuckDB connection. Files are read and large
 * aggregations run inside it; only results come back into TypeScript.
 *
 * @module
 */
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

let connection: Promise<DuckDBConnection> | undefined;

/** The process-wide in-memory DuckDB connection, created on first use. */
export function duckdb(): Promise<DuckDBConnection> {
  connection ??= DuckDBInstance.create(":memory:").then((db) => db.connect());
  return connection;
}

/** Quote a string as a SQL literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Quote an identifier (column or table name) for SQL. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Convert DuckDB's JS values at the boundary: BigInt becomes a number (or a
 * string when it does not fit a double exactly); everything else passes through.
 */
export function fromDuckValue(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  return value;
}

/**
 * Run a query and return its result as columns of plain JS values. The result
 * object has no prototype, so a column named `__proto__` is an ordinary key.
 *
 * @example
 * ```ts
 * import { queryColumns } from "./duckdb.ts";
 * const cols = await queryColumns("SELECT 42 AS answer");
 * cols.answer; // [42]
 * ```
 */
export async function queryColumns(sql: string): Promise<Record<string, unknown[]>> {
  const con = await duckdb();
  const reader = await con.runAndReadAll(sql);
  const columns = reader.getColumnsJS() as unknown[][];
  const out = Object.create(null) as Record<string, unknown[]>;
  reader.columnNames().forEach((name, j) => {
    const values = columns[j] ?? [];
    Object.defineProperty(out, name, {
      value: values.some((v) => typeof v === "bigint") ? values.map(fromDuckValue) : values,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
  return out;
}
