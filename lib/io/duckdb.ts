/**
 * The shared embedded DuckDB connection. Files are read and large
 * aggregations run inside it; only results come back into TypeScript.
 *
 * @module
 */
import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBResult,
  DuckDBTypeId,
  JSDuckDBValueConverter,
} from "@duckdb/node-api";
import { releaseArray } from "../release_memory.ts";

let instance: Promise<DuckDBInstance> | undefined;
let connection: Promise<DuckDBConnection> | undefined;

/** The process-wide in-memory DuckDB database, created on first use. */
function database(): Promise<DuckDBInstance> {
  instance ??= DuckDBInstance.create(":memory:");
  return instance;
}

/** The process-wide in-memory DuckDB connection, created on first use. */
export function duckdb(): Promise<DuckDBConnection> {
  connection ??= database().then((db) => db.connect());
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
 * With `stream`, the query runs on a connection of its own (closed after)
 * and its result comes chunk by chunk: DuckDB then holds a chunk or two at a
 * time rather than a second copy of the whole result beside the arrays made
 * here. Only for a query that needs nothing of the shared connection (a
 * file read: no temporary table of it); a streamed result on the shared
 * connection would be closed by the next query another caller runs on it.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { queryColumnArrays } from "./duckdb.ts";
 * const cols = await queryColumnArrays("SELECT range AS n, 'x' AS s FROM range(3)");
 * deepEqual(Array.from(cols.n!), [0, 1, 2]);
 * deepEqual(cols.s, ["x", "x", "x"]);
 * deepEqual(await queryColumnArrays("SELECT range AS n, 'x' AS s FROM range(3)", { stream: true }), cols);
 * ```
 */
export async function queryColumnArrays(
  sql: string,
  options: { stream?: boolean } = {},
): Promise<Record<string, ColumnValues>> {
  if (!options.stream) return await columnArrays(await (await duckdb()).run(sql));
  const con = await (await database()).connect();
  try {
    // DuckDB's default buffer (976 KB) makes the read wait on every chunk
    // fetched here: 1,100,000 × 7 took 0.60 s against 0.41 s with 64 MB,
    // while the peak of a 5,000,000-row segment run stays the same (1.83 GB).
    // It is set on each connection because DuckDB 1.5 refuses it both as a
    // startup option and with SET GLOBAL.
    await con.run(`SET streaming_buffer_size = '${STREAMING_BUFFER}'`);
    return await columnArrays(await con.stream(sql));
  } finally {
    con.closeSync();
  }
}

/** How far DuckDB reads ahead of a streamed result's consumer. */
const STREAMING_BUFFER = "64MB";

/** The columns of a result (materialised or streamed), fetched chunk by chunk; see {@link queryColumnArrays}. */
async function columnArrays(result: DuckDBResult): Promise<Record<string, ColumnValues>> {
  const names = result.columnNames();
  const types = result.columnTypes();
  // Per column, until a chunk says otherwise: the numbers so far, in blocks.
  const numeric: (NumberBlocks | undefined)[] = types.map((t) =>
    NUMERIC_TYPES.has(t.typeId) ? new NumberBlocks() : undefined
  );
  const plain: unknown[][] = names.map(() => []);
  const text = types.map((t) => t.typeId === DuckDBTypeId.VARCHAR);
  let rows = 0;
  for (let chunk = await result.fetchChunk(); chunk !== null; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount;
    if (n === 0) break;
    for (let j = 0; j < names.length; j++) {
      const numbers = numeric[j];
      if (numbers !== undefined) {
        if (numbers.add(chunk.getColumnVector(j) as unknown as NumericVector, n)) continue;
        // Plain values from here on: the rows so far as the numbers they are.
        numbers.moveTo(plain[j]!);
        numeric[j] = undefined;
      }
      const values = plain[j]!;
      if (text[j] && pushText(chunk.getColumnVector(j) as unknown as TextVector, n, values)) {
        continue;
      }
      for (const v of chunk.convertColumnValues(j, JSDuckDBValueConverter)) {
        values.push(typeof v === "bigint" ? fromDuckValue(v) : v);
      }
    }
    rows += n;
  }
  const out = Object.create(null) as Record<string, ColumnValues>;
  names.forEach((name, j) => {
    Object.defineProperty(out, name, {
      value: numeric[j]?.whole(rows) ?? plain[j]!,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
  return out;
}

/** Rows in a column's first block of numbers; each next block doubles, up to {@link LAST_BLOCK_ROWS}. */
const FIRST_BLOCK_ROWS = 1 << 15;
/** 32 MiB of doubles: blocks this large are mapped memory of their own, returned whole when freed. */
const LAST_BLOCK_ROWS = 1 << 22;

/**
 * A numeric column as it is read: blocks that grow, filled chunk by chunk,
 * then copied once into one array of the exact length. Each block is freed
 * as soon as it is copied (its buffer transferred away, not left for the
 * garbage collector), so at most one block beside the whole array is alive
 * and nothing of the read stays behind.
 */
class NumberBlocks {
  /** The blocks filled so far, each whole (so it can be freed) with how many of its numbers count. */
  #full: { block: Float64Array; filled: number }[] = [];
  #block = new Float64Array(0);
  #filled = 0;

  /** Append a chunk's numbers; false (nothing added) when the column must become plain values. */
  add(vector: NumericVector, n: number): boolean {
    if (this.#filled + n > this.#block.length) {
      if (this.#filled > 0) this.#full.push({ block: this.#block, filled: this.#filled });
      const size = Math.min(LAST_BLOCK_ROWS, Math.max(FIRST_BLOCK_ROWS, 2 * this.#block.length));
      this.#block = new Float64Array(Math.max(size, n));
      this.#filled = 0;
    }
    if (!copyNumbers(vector, this.#block, this.#filled)) return false;
    this.#filled += n;
    return true;
  }

  /** The numbers so far, pushed onto `values` as plain numbers; the blocks are freed. */
  moveTo(values: unknown[]): void {
    for (const { block, filled } of this.#blocks()) {
      for (let i = 0; i < filled; i++) values.push(block[i]);
      releaseArray(block);
    }
  }

  /** The whole column as one array of `rows` numbers; the blocks are freed. */
  whole(rows: number): Float64Array {
    const out = new Float64Array(rows);
    let offset = 0;
    for (const { block, filled } of this.#blocks()) {
      out.set(block.subarray(0, filled), offset);
      offset += filled;
      releaseArray(block);
    }
    return out;
  }

  #blocks(): { block: Float64Array; filled: number }[] {
    const blocks = [...this.#full, { block: this.#block, filled: this.#filled }];
    this.#full = [];
    this.#block = new Float64Array(0);
    this.#filled = 0;
    return blocks;
  }
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

/**
 * The parts of node-api's text vector read here: its 16-byte string entries
 * (length, then up to 12 bytes inline or a pointer), its validity words and
 * its own decoding of one item. The first two are not in node-api's typings,
 * so {@link pushText} checks they are there before it reads them.
 */
interface TextVector {
  dataView?: unknown;
  validity?: { data?: unknown; offset?: unknown };
  getItem(index: number): string | null;
}

/**
 * Append a chunk's `n` text values to `values`, as node-api's conversion
 * gives them, but faster: a string of at most 12 ASCII bytes (held inline in
 * the vector) is made here from its bytes, without a decoder call per value;
 * a longer or non-ASCII one goes through node-api's own `getItem`, and a
 * missing value is null. False, with nothing appended, when the vector does
 * not have the shape this reads.
 */
function pushText(vector: TextVector, n: number, values: unknown[]): boolean {
  const view = vector.dataView;
  const validity = vector.validity;
  const words = validity?.data ?? null;
  const offset = validity?.offset;
  if (!(view instanceof DataView) || view.byteLength < 16 * n || typeof offset !== "number") {
    return false;
  }
  if (words !== null && !(words instanceof BigUint64Array)) return false;
  const bytes = new Uint8Array(view.buffer, view.byteOffset, 16 * n);
  const valid = words === null
    ? null
    : new Uint32Array(words.buffer, words.byteOffset, words.length * 2);
  for (let i = 0; i < n; i++) {
    const bit = offset + i;
    if (valid !== null && ((valid[bit >>> 5]! >>> (bit & 31)) & 1) === 0) {
      values.push(null);
      continue;
    }
    const length = view.getUint32(16 * i, true);
    values.push(
      (length <= 12 ? inlineASCII(bytes, 16 * i + 4, length) : undefined) ?? vector.getItem(i),
    );
  }
  return true;
}

/** Per length 1 … 12, an array reused for the character codes of one string. */
const CODES = Array.from({ length: 13 }, (_, k) => new Array<number>(k).fill(0));

/** The string of `length` bytes at `from` when they are all ASCII, else `undefined`. */
function inlineASCII(bytes: Uint8Array, from: number, length: number): string | undefined {
  const codes = CODES[length]!;
  for (let k = 0; k < length; k++) {
    const b = bytes[from + k]!;
    if (b > 127) return undefined;
    codes[k] = b;
  }
  return String.fromCharCode.apply(null, codes);
}
