/**
 * The shared embedded DuckDB connection. Files are read and large
 * aggregations run inside it; only results come back into TypeScript.
 *
 * @module
 */
import {
  type DuckDBConnection,
  type DuckDBDataChunk,
  DuckDBInstance,
  DuckDBTypeId,
  JSDuckDBValueConverter,
} from "@duckdb/node-api";

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
 * import { deepEqual } from "node:assert/strict";
 * import { queryColumns } from "./duckdb.ts";
 * const cols = await queryColumns("SELECT 42 AS answer");
 * deepEqual(cols.answer, [42]);
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

/** A column as {@link queryColumnArrays} returns it: numbers without gaps as a typed array, anything else as plain values. */
export type ColumnValues = Float64Array | unknown[];

/** Numeric DuckDB types whose vectors hold a typed array of plain numbers or BigInts. */
const NUMERIC_TYPES = new Set<number>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
]);

/** The parts of a numeric vector read here (its typed array of items and validity words). */
interface NumericVector {
  items: ArrayLike<number | bigint>;
  validity: { data: BigUint64Array | null; offset: number };
}

/**
 * Run a query and return its columns straight from DuckDB's column vectors:
 * a numeric column (integer or floating point) with no missing value becomes
 * one `Float64Array`, copied chunk by chunk with no per-row JS object;
 * BigInts become numbers here, at the boundary. Any other column (text,
 * dates, a numeric column with a missing value or an integer beyond 2^53)
 * comes back as plain JS values, exactly as {@link queryColumns} gives them.
 * The result object has no prototype, so a column named `__proto__` is an
 * ordinary key.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { queryColumnArrays } from "./duckdb.ts";
 * const cols = await queryColumnArrays("SELECT range AS n, 'x' AS s FROM range(3)");
 * deepEqual(Array.from(cols.n!), [0, 1, 2]);
 * deepEqual(cols.s, ["x", "x", "x"]);
 * ```
 */
export async function queryColumnArrays(sql: string): Promise<Record<string, ColumnValues>> {
  const con = await duckdb();
  const result = await con.run(sql);
  const names = result.columnNames();
  const types = result.columnTypes();
  const rows = result.rowCount;
  const numeric: (Float64Array | undefined)[] = types.map((t) =>
    NUMERIC_TYPES.has(t.typeId) ? new Float64Array(rows) : undefined
  );
  const chunks: DuckDBDataChunk[] = [];
  let offset = 0;
  // A materialised result hands out its chunks synchronously, which spares
  // an await per 2,048 rows.
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    if (chunk.rowCount === 0) continue;
    for (let j = 0; j < names.length; j++) {
      const target = numeric[j];
      if (target === undefined) continue;
      const vector = chunk.getColumnVector(j) as unknown as NumericVector;
      if (!copyNumbers(vector, target, offset)) numeric[j] = undefined;
    }
    chunks.push(chunk);
    offset += chunk.rowCount;
  }
  const out = Object.create(null) as Record<string, ColumnValues>;
  names.forEach((name, j) => {
    let values: ColumnValues | undefined = numeric[j];
    if (values === undefined) {
      const plain: unknown[] = [];
      for (const chunk of chunks) {
        for (const v of chunk.convertColumnValues(j, JSDuckDBValueConverter)) plain.push(v);
      }
      values = plain.some((v) => typeof v === "bigint") ? plain.map(fromDuckValue) : plain;
    }
    Object.defineProperty(out, name, {
      value: values,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
  return out;
}

/**
 * Copy one chunk's numbers into `target` at `offset`; false (and nothing
 * usable copied) when the chunk has a missing value or an integer that does
 * not fit a double exactly, so the column must stay plain values.
 */
function copyNumbers(vector: NumericVector, target: Float64Array, offset: number): boolean {
  const { items, validity } = vector;
  const n = items.length;
  if (validity.data !== null && !allValid(validity.data, validity.offset, n)) return false;
  if (items instanceof Float64Array) {
    target.set(items, offset);
    return true;
  }
  if (items instanceof BigInt64Array || items instanceof BigUint64Array) {
    // Read each 64-bit integer as two 32-bit halves (little-endian), which
    // avoids a BigInt per value; exact while the high half stays within
    // ±2^21, i.e. the value within ±2^53.
    const halves = new Int32Array(items.buffer, items.byteOffset, 2 * n);
    const unsigned = items instanceof BigUint64Array;
    for (let i = 0; i < n; i++) {
      const high = halves[2 * i + 1]!;
      if (unsigned ? high < 0 || high >= 0x200000 : high >= 0x200000 || high <= -0x200000) {
        return false;
      }
      target[offset + i] = high * 4294967296 + (halves[2 * i]! >>> 0);
    }
    return true;
  }
  for (let i = 0; i < n; i++) target[offset + i] = items[i] as number;
  return true;
}

/** True when bits `offset` … `offset + n - 1` of the validity words are all set. */
function allValid(words: BigUint64Array, offset: number, n: number): boolean {
  const halves = new Uint32Array(words.buffer, words.byteOffset, words.length * 2);
  for (let bit = offset; bit < offset + n;) {
    const half = halves[bit >>> 5]!;
    const from = bit & 31;
    const to = Math.min(32, from + offset + n - bit);
    const mask = to - from === 32 ? 0xffffffff : ((1 << (to - from)) - 1) << from;
    if (((half & mask) >>> 0) !== (mask >>> 0)) return false;
    bit += to - from;
  }
  return true;
}
