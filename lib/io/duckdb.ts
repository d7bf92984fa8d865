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

/** Run a query and return its result as columns of plain JS values. */
export async function queryColumns(sql: string): Promise<Record<string, unknown[]>> {
  const con = await duckdb();
  const reader = await con.runAndReadAll(sql);
  const columns = reader.getColumnsObjectJS() as Record<string, unknown[]>;
  const out: Record<string, unknown[]> = {};
  for (const name of reader.columnNames()) {
    const values = columns[name] ?? [];
    out[name] = values.some((v) => typeof v === "bigint") ? values.map(fromDuckValue) : values;
  }
  return out;
}
