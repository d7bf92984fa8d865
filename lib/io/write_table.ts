/**
 * Write tables as CSV or XLSX, atomically. Text cells that a spreadsheet
 * would run as a formula (leading `=`, `+`, `-`, `@`, tab or carriage return,
 * phone numbers such as `+44 20 7946 0958` aside) are prefixed with `'` in
 * CSV so they stay text; in XLSX every text cell is a text cell already, and
 * those get Excel's quote prefix style, so the data keeps its own characters.
 *
 * @module
 */
import { Format, Workbook } from "wasm-xlsxwriter";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { writeFileAtomic } from "./atomic_write.ts";

/**
 * Data rows an Excel sheet holds under its header row: a sheet has at most
 * 1,048,576 rows in all.
 */
export const EXCEL_MAX_DATA_ROWS = 1_048_575;

/** Options for {@link xlsxFits}: the row limit (injectable for tests). */
export interface XLSXLimitOptions {
  /** Most data rows a sheet may hold; default {@link EXCEL_MAX_DATA_ROWS}. */
  maxRows?: number;
}

/** Whether a table fits in one sheet, and if not, why. */
export type XLSXFit = { fits: true } | { fits: false; reason: string };

/**
 * Whether `rows` data rows fit in one Excel sheet.
 *
 * @example
 * ```ts
 * import { deepEqual, ok } from "node:assert/strict";
 * import { xlsxFits } from "./write_table.ts";
 * ok(xlsxFits(100).fits);
 * deepEqual(xlsxFits(1_100_000), { fits: false, reason: "1,100,000 rows are more than an Excel sheet holds (1,048,575 under the header)" });
 * ```
 */
export function xlsxFits(rows: number, options: XLSXLimitOptions = {}): XLSXFit {
  const maxRows = options.maxRows ?? EXCEL_MAX_DATA_ROWS;
  if (rows <= maxRows) return { fits: true };
  return {
    fits: false,
    reason: `${count(rows)} rows are more than an Excel sheet holds (${
      count(maxRows)
    } under the header)`,
  };
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** Columns an Excel sheet holds (A to XFD). */
export const EXCEL_MAX_COLUMNS = 16_384;

/** Longest text an Excel cell holds. */
export const EXCEL_MAX_CELL_TEXT = 32_767;

/**
 * Whether a whole table fits in one Excel sheet: its rows, its columns
 * (16,384) and the length of every header and text cell (32,767 characters).
 * Cheap enough to call right after reading, so a run can say at once that
 * the XLSX output will be left out; {@link csvAndXLSX} calls it too.
 *
 * @example
 * ```ts
 * import { deepEqual, ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { xlsxTableFits } from "./write_table.ts";
 * ok(xlsxTableFits(aq.table({ a: [1], b: ["x"] })).fits);
 * deepEqual(xlsxTableFits(aq.table({ note: ["ok", "x".repeat(40_000)] })), {
 *   fits: false,
 *   reason: 'a text of 40,000 characters (column "note", row 2) is longer than an Excel cell holds (32,767)',
 * });
 * ```
 */
export function xlsxTableFits(table: ColumnTable, options: XLSXLimitOptions = {}): XLSXFit {
  const over = xlsxLimit(table, options);
  return over === undefined ? { fits: true } : { fits: false, reason: over.reason };
}

/** The first of a sheet's limits a table goes past, with where. */
interface XLSXLimit {
  kind: "rows" | "columns" | "name" | "text";
  reason: string;
  column?: string;
  row?: number;
  length?: number;
}

function xlsxLimit(table: ColumnTable, options: XLSXLimitOptions): XLSXLimit | undefined {
  const rows = xlsxFits(table.numRows(), options);
  if (!rows.fits) return { kind: "rows", reason: rows.reason };
  const names = table.columnNames();
  if (names.length > EXCEL_MAX_COLUMNS) {
    return {
      kind: "columns",
      reason: `${count(names.length)} columns are more than an Excel sheet holds (${
        count(EXCEL_MAX_COLUMNS)
      })`,
    };
  }
  const limit = count(EXCEL_MAX_CELL_TEXT);
  for (const name of names) {
    if (name.length > EXCEL_MAX_CELL_TEXT) {
      return {
        kind: "name",
        column: name,
        length: name.length,
        reason: `a column name of ${count(name.length)} characters ("${
          name.slice(0, 40)
        }…") is longer than an Excel cell holds (${limit})`,
      };
    }
  }
  for (const name of names) {
    const values = table.array(name) as ArrayLike<unknown>;
    if (values instanceof Float64Array) continue;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === "string" && v.length > EXCEL_MAX_CELL_TEXT) {
        return {
          kind: "text",
          column: name,
          row: i + 1,
          length: v.length,
          reason: `a text of ${count(v.length)} characters (column "${shortText(name)}", row ${
            i + 1
          }) is longer than an Excel cell holds (${limit})`,
        };
      }
    }
  }
  return undefined;
}

/**
 * Text cut for a message: at most `max` characters, the rest counted
 * (`"xxxx… (40,000 characters)"`), so a huge value never makes a huge line.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { shortText } from "./write_table.ts";
 * equal(shortText("spend"), "spend");
 * equal(shortText("x".repeat(100), 5), "xxxxx… (100 characters)");
 * ```
 */
export function shortText(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${count(text.length)} characters)`;
}

/** What {@link csvAndXLSX} made: the file contents by name, and whether the XLSX is among them. */
export interface TableFiles {
  /** `<base>.csv` always, `<base>.xlsx` when the table fits in a sheet. */
  files: Record<string, string | Uint8Array>;
  /** Whether the XLSX was made; when not, the one line that says why and where the rows are. */
  xlsx: { written: true } | { written: false; reason: string };
}

/**
 * Encode a table as `<base>.csv` and, when it fits in one Excel sheet,
 * `<base>.xlsx`. Past the limit the XLSX is left out (it cannot exist) and
 * the reason names the CSV, which holds every row.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { csvAndXLSX } from "./write_table.ts";
 * const out = csvAndXLSX(aq.table({ a: [1, 2, 3] }), "segments", { maxRows: 2 });
 * deepEqual(Object.keys(out.files), ["segments.csv"]);
 * deepEqual(out.xlsx, { written: false, reason: "segments.xlsx not written: 3 rows are more than an Excel sheet holds (2 under the header); every row is in segments.csv" });
 * ```
 */
export function csvAndXLSX(
  table: ColumnTable,
  base: string,
  options: XLSXLimitOptions & WriteXLSXOptions = {},
): TableFiles {
  const files: Record<string, string | Uint8Array> = { [`${base}.csv`]: toCSVBytes(table) };
  const fit = xlsxTableFits(table, options);
  if (!fit.fits) {
    return {
      files,
      xlsx: {
        written: false,
        reason: `${base}.xlsx not written: ${fit.reason}; every row is in ${base}.csv`,
      },
    };
  }
  files[`${base}.xlsx`] = toXLSX(table, options);
  return { files, xlsx: { written: true } };
}

/**
 * Whether a spreadsheet would run `value` as a formula: it starts with `=`,
 * `+`, `-`, `@`, tab or carriage return (OWASP's list for CSV injection), and
 * is not data that only looks so:
 * - a number written as text (`-5`, `+1.5`, `-1,234.5`, `2e-3`);
 * - a phone number: `+`, digits, then groups of digits separated by spaces,
 *   with dots or a bracketed group (`+44 20 7946 0958`, `+44 (0)20 7946
 *   0958`). Without an operator, a function name or a cell reference there
 *   is nothing to compute (Excel refuses `=+44 20 7946 0958` as a formula and
 *   keeps the text). `+1-555-0100` stays a formula: Excel computes it.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { isFormulaText } from "./write_table.ts";
 * equal(isFormulaText("=1+1"), true);
 * equal(isFormulaText("+44 20 7946 0958"), false);
 * equal(isFormulaText("+1-555-0100"), true);
 * ```
 */
export function isFormulaText(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value) &&
    !/^[+-]?\d(?:[\d.,]*\d)?(?:[eE][+-]?\d+)?$/.test(value) &&
    !/^\+\d[\d.()]*(?: [\d.()]+)+$/.test(value);
}

/**
 * Make a text cell safe to open in a spreadsheet as CSV: text a spreadsheet
 * would run as a formula ({@link isFormulaText}) gets a leading `'`. Numbers
 * written as text and phone numbers pass through unchanged. (The XLSX writer
 * keeps the text as it is and marks such cells as text instead.)
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { neutraliseFormula } from "./write_table.ts";
 * equal(neutraliseFormula("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
 * equal(neutraliseFormula("-5"), "-5");
 * equal(neutraliseFormula("+44 20 7946 0958"), "+44 20 7946 0958");
 * ```
 */
export function neutraliseFormula(value: string): string {
  return isFormulaText(value) ? `'${value}` : value;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return formatDate(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  return neutraliseFormula(String(value));
}

function formatDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(".000Z", "Z");
}

function quoteCSV(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Bytes of CSV gathered before a piece is handed on. */
const CSV_CHUNK_BYTES = 1 << 20;

/**
 * The table's CSV text (comma-separated, `\n` line ends, header row) in
 * pieces of about a million characters, built row by row straight from the
 * columns: no array of lines, and no single string that could outgrow what
 * V8 allows on a large table.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { csvChunks } from "./write_table.ts";
 * equal([...csvChunks(aq.table({ n: [1, 2] }))].join(""), "n\n1\n2\n");
 * ```
 */
export function* csvChunks(table: ColumnTable): Generator<string> {
  const decoder = new TextDecoder();
  for (const bytes of csvByteChunks(table)) yield decoder.decode(bytes);
}

/**
 * The table's CSV as UTF-8 pieces of about a megabyte, each ending at the end
 * of a row. Cells are written as bytes straight into the piece: no string per
 * line and no joined text, whose garbage used to cost more than the
 * formatting.
 */
function* csvByteChunks(table: ColumnTable, sink = new ByteSink()): Generator<Uint8Array> {
  const names = table.columnNames();
  sink.text(names.map((n) => quoteCSV(neutraliseFormula(n))).join(",") + "\n");
  const cells = names.map((n) => cellWriter(table, n, sink));
  const rows = table.numRows();
  for (let i = 0; i < rows; i++) {
    cells[0]?.(i);
    for (let j = 1; j < cells.length; j++) {
      sink.byte(44); // ","
      cells[j]!(i);
    }
    sink.byte(10); // "\n"
    if (sink.chunked && sink.length >= CSV_CHUNK_BYTES) yield sink.take();
  }
  if (sink.chunked && sink.length > 0) yield sink.take();
}

/**
 * A growing byte buffer that cells are written into: pieces of about a
 * megabyte handed on one by one, or (given a resizable `ArrayBuffer`) one
 * buffer that grows in place.
 */
class ByteSink {
  #buffer: ArrayBuffer | undefined;
  #bytes: Uint8Array;
  #at = 0;
  #encoder = new TextEncoder();

  constructor(resizable?: ArrayBuffer) {
    this.#buffer = resizable;
    // Over a resizable buffer, a view without a length follows its size.
    this.#bytes = resizable === undefined
      ? new Uint8Array(CSV_CHUNK_BYTES + 65536)
      : new Uint8Array(resizable);
  }

  /** Whether the bytes are handed on in pieces ({@link take}) rather than kept in one buffer. */
  get chunked(): boolean {
    return this.#buffer === undefined;
  }

  get length(): number {
    return this.#at;
  }

  /** The bytes written so far; the sink starts a new buffer. */
  take(): Uint8Array {
    const out = this.#bytes.subarray(0, this.#at);
    this.#bytes = new Uint8Array(CSV_CHUNK_BYTES + 65536);
    this.#at = 0;
    return out;
  }

  #room(n: number): void {
    if (this.#at + n <= this.#bytes.length) return;
    const size = Math.max(this.#bytes.length * 2, this.#at + n);
    if (this.#buffer !== undefined) {
      this.#buffer.resize(Math.min(size, this.#buffer.maxByteLength));
      return;
    }
    const grown = new Uint8Array(size);
    grown.set(this.#bytes.subarray(0, this.#at));
    this.#bytes = grown;
  }

  byte(b: number): void {
    this.#room(1);
    this.#bytes[this.#at++] = b;
  }

  /** Text as UTF-8: ASCII copied byte by byte, anything else through the encoder. */
  text(s: string): void {
    const n = s.length;
    this.#room(3 * n);
    const bytes = this.#bytes;
    let at = this.#at;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) {
        at = this.#at + this.#encoder.encodeInto(s, bytes.subarray(this.#at)).written;
        break;
      }
      bytes[at++] = c;
    }
    this.#at = at;
  }

  /** A finite number as `String(v)` writes it. */
  number(v: number): void {
    if (Number.isInteger(v) && v < 1e15 && v > -1e15) {
      this.#room(17);
      const bytes = this.#bytes;
      let at = this.#at;
      let x = v;
      if (x < 0) {
        bytes[at++] = 45; // "-"
        x = -x;
      }
      const start = at;
      do {
        const q = Math.floor(x / 10);
        bytes[at++] = 48 + (x - q * 10);
        x = q;
      } while (x > 0);
      for (let a = start, b = at - 1; a < b; a++, b--) {
        const t = bytes[a]!;
        bytes[a] = bytes[b]!;
        bytes[b] = t;
      }
      this.#at = at;
    } else {
      this.text(String(v));
    }
  }
}

/** Up to how many distinct text cells of a column keep their written form. */
const REMEMBERED_CELLS = 4096;

/** How row `i` of column `name` is written into `sink`: a typed column as numbers, anything else cell by cell. */
function cellWriter(table: ColumnTable, name: string, sink: ByteSink): (i: number) => void {
  const raw = table.column(name) as unknown;
  const direct = !table.isFiltered() && !table.isOrdered();
  if (direct && ArrayBuffer.isView(raw) && !(raw instanceof DataView) && !isBigIntArray(raw)) {
    const numbers = raw as unknown as ArrayLike<number>;
    return (i) => {
      const v = numbers[i]!;
      if (v - v === 0) sink.number(v);
    };
  }
  const values = direct && Array.isArray(raw)
    ? raw as unknown[]
    : table.array(name) as ArrayLike<unknown>;
  // Codes, countries and segments repeat: their quoted, formula-safe form is kept.
  const written = new Map<string, string>();
  return (i) => {
    const v = values[i];
    if (typeof v === "number") {
      if (v - v === 0) sink.number(v);
      return;
    }
    if (typeof v === "string") {
      let text = written.get(v);
      if (text === undefined) {
        text = quoteCSV(cellText(v));
        if (written.size < REMEMBERED_CELLS) written.set(v, text);
      }
      sink.text(text);
      return;
    }
    sink.text(quoteCSV(cellText(v)));
  };
}

function isBigIntArray(values: ArrayBufferView): boolean {
  return values instanceof BigInt64Array || values instanceof BigUint64Array;
}

/**
 * Encode a table as CSV bytes (UTF-8), straight into one buffer that grows in place.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { toCSVBytes } from "./write_table.ts";
 * equal(new TextDecoder().decode(toCSVBytes(aq.table({ n: [1, 2] }))), "n\n1\n2\n");
 * ```
 */
export function toCSVBytes(table: ColumnTable): Uint8Array {
  // A resizable ArrayBuffer reserves its address space up front and takes
  // memory only for the pages written, so the bytes are never copied and no
  // second copy of them is alive at once. Where the reservation is refused (a
  // capped address space), piece by piece instead.
  let buffer: ArrayBuffer;
  try {
    buffer = new ArrayBuffer(0, { maxByteLength: CSV_MAX_BYTES });
  } catch {
    return csvBytesInPieces(table);
  }
  const sink = new ByteSink(buffer);
  for (const _ of csvByteChunks(table, sink)) {
    // One buffer: nothing is handed on in pieces.
  }
  buffer.resize(sink.length);
  return new Uint8Array(buffer);
}

/** Address space reserved for one CSV's bytes (only what is written takes memory). */
const CSV_MAX_BYTES = 2 ** 40;

/** {@link toCSVBytes} without a resizable buffer: pieces copied once into a buffer of the exact size. */
function csvBytesInPieces(table: ColumnTable): Uint8Array {
  const pieces: Uint8Array[] = [];
  let length = 0;
  for (const bytes of csvByteChunks(table)) {
    pieces.push(bytes);
    length += bytes.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (let p = 0; p < pieces.length; p++) {
    out.set(pieces[p]!, offset);
    offset += pieces[p]!.length;
    pieces[p] = NO_BYTES;
  }
  return out;
}

/** Stands in for a piece already copied, so it can be collected. */
const NO_BYTES = new Uint8Array(0);

/**
 * Format a table as CSV text (comma-separated, `\n` line ends, header row).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { toCSV } from "./write_table.ts";
 * equal(toCSV(aq.table({ name: ["=1+1", "Ann"], n: [1, 2] })), "name,n\n'=1+1,1\nAnn,2\n");
 * ```
 */
export function toCSV(table: ColumnTable): string {
  return new TextDecoder().decode(toCSVBytes(table));
}

/** Options for CSV output. */
export interface WriteCSVOptions {
  /** File mode, e.g. 0o600 for owner-only. */
  mode?: number;
  /** Input files the output must never replace. */
  inputs?: readonly string[];
}

/**
 * Write a table as CSV, atomically.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { writeCSV } from "./write_table.ts";
 * const dir = await Deno.makeTempDir();
 * await writeCSV(aq.table({ a: [1] }), `${dir}/out.csv`, { inputs: [`${dir}/in.csv`] });
 * equal(await Deno.readTextFile(`${dir}/out.csv`), "a\n1\n");
 * ```
 */
export async function writeCSV(
  table: ColumnTable,
  path: string,
  options: WriteCSVOptions = {},
): Promise<void> {
  await writeFileAtomic(path, toCSVBytes(table), options);
}

/** Options for XLSX output. */
export interface WriteXLSXOptions extends XLSXLimitOptions {
  /** Sheet name, default "Data". */
  sheet?: string;
  /** File mode, e.g. 0o600 for owner-only. */
  mode?: number;
  /** Input files the output must never replace. */
  inputs?: readonly string[];
}

/**
 * Encode a table as XLSX bytes (one sheet), with rust_xlsxwriter compiled to
 * WebAssembly (`wasm-xlsxwriter`). Text cells are written as text, never as
 * formulas, with their own characters; those a spreadsheet would run as a
 * formula ({@link isFormulaText}) carry Excel's quote prefix, so they stay
 * text even when edited. Numbers as numbers; NaN, infinite and missing values
 * as empty cells; dates as ISO text. The workbook's timestamps are fixed so
 * the same table gives byte-identical bytes. A table past a sheet's limits
 * (rows, 16,384 columns, 32,767 characters in a cell) is an
 * {@link InputError} in one line (check first with {@link xlsxTableFits}, or
 * use {@link csvAndXLSX}, which then writes the CSV alone).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { toXLSX } from "./write_table.ts";
 * ok(toXLSX(aq.table({ a: [1] })).length > 0);
 * ```
 */
export function toXLSX(table: ColumnTable, options: WriteXLSXOptions = {}): Uint8Array {
  const over = xlsxLimit(table, options);
  if (over !== undefined) throw xlsxLimitError(over);
  const names = table.columnNames();
  // The binding takes the workbook's creation time from Date.now() and has no
  // setter for it, so the clock reads 1970-01-01 while the workbook is built:
  // the same table then gives the same bytes. All of it is synchronous.
  const clock = Date.now;
  Date.now = () => 0;
  const workbook = new Workbook();
  let quoted: Format | undefined;
  try {
    const sheet = workbook.addWorksheet();
    try {
      sheet.setName(options.sheet ?? "Data");
    } catch {
      throw new InputError(`Sheet name not allowed in Excel: "${shortText(options.sheet ?? "")}"`, {
        hint: "use at most 31 characters and none of [ ] : * ? / \\",
      });
    }
    // Text a spreadsheet would run as a formula is written as it is, with the
    // cell's quote prefix set: Excel keeps it text even when the cell is
    // edited, and no apostrophe is added to the data.
    const text = (row: number, col: number, value: string) => {
      if (isFormulaText(value)) {
        quoted ??= new Format().setQuotePrefix();
        sheet.writeStringWithFormat(row, col, value, quoted);
      } else sheet.writeString(row, col, value);
    };
    names.forEach((name, j) => text(0, j, name));
    // One column's cells at a time: the JS values of the others are not
    // alive beside the sheet's own copy in WebAssembly memory.
    names.forEach((name, j) => {
      const { cells, formulas } = xlsxCells(table, name);
      if (cells.length > 0) sheet.writeColumn(1, j, cells);
      for (const i of formulas) text(i + 1, j, cells[i] as string);
    });
    return workbook.saveToBufferSync();
  } catch (error) {
    if (error instanceof InputError) throw error;
    // The binding throws bare strings such as "XlsxError(RowColumnLimitError)".
    throw new InputError(`Cannot write an XLSX file: ${xlsxErrorText(error)}`, {
      hint: "write the table as CSV instead",
    });
  } finally {
    quoted?.free();
    workbook.free();
    Date.now = clock;
  }
}

/** The one-line error for a table past a sheet's limit; names stay short. */
function xlsxLimitError(over: XLSXLimit): InputError {
  const csv = "write the table as CSV instead, which has no such limit";
  switch (over.kind) {
    case "rows":
      return new InputError(`Too many rows for an XLSX file: ${over.reason}`, {
        hint: "write the table as CSV instead, or filter it below the limit",
      });
    case "columns":
      return new InputError(`Too many columns for an XLSX file: ${over.reason}`, { hint: csv });
    case "name":
    case "text":
      return new InputError(
        `Text too long for an Excel cell: ${over.length} characters, the limit is ${EXCEL_MAX_CELL_TEXT}`,
        {
          column: shortText(over.column ?? ""),
          ...(over.row === undefined ? {} : { row: over.row }),
          hint: "shorten the text, or write the table as CSV, which keeps it whole",
        },
      );
  }
}

/** What a failure of the XLSX binding means, in words (never its internal name alone). */
function xlsxErrorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/RowColumnLimit/.test(text)) return "the table is larger than an Excel sheet holds";
  if (/MaxStringLength|string.*long/i.test(text)) {
    return "a text is longer than an Excel cell holds";
  }
  return `the writer failed (${shortText(text.split("\n")[0] ?? "", 80)})`;
}

/** One column's cells (numbers, text, `undefined` for empty) and the rows whose text looks like a formula. */
function xlsxCells(
  table: ColumnTable,
  name: string,
): { cells: (number | string | undefined)[]; formulas: number[] } {
  const raw = table.column(name) as unknown;
  const direct = !table.isFiltered() && !table.isOrdered();
  const values = direct && (raw instanceof Float64Array || Array.isArray(raw))
    ? raw as ArrayLike<unknown>
    : table.array(name) as ArrayLike<unknown>;
  const cells = new Array<number | string | undefined>(values.length);
  const formulas: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number") cells[i] = v - v === 0 ? v : undefined;
    else if (v === null || v === undefined) cells[i] = undefined;
    else if (v instanceof Date) cells[i] = formatDate(v);
    else {
      const text = String(v);
      // Written with the column, then again with its quote prefix.
      if (isFormulaText(text)) formulas.push(i);
      cells[i] = text;
    }
  }
  return { cells, formulas };
}

/**
 * Write a table as XLSX, atomically.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { writeXLSX } from "./write_table.ts";
 * const dir = await Deno.makeTempDir();
 * await writeXLSX(aq.table({ a: [1] }), `${dir}/lookup.xlsx`, { mode: 0o600 });
 * equal((await Deno.stat(`${dir}/lookup.xlsx`)).mode! & 0o777, 0o600);
 * ```
 */
export async function writeXLSX(
  table: ColumnTable,
  path: string,
  options: WriteXLSXOptions = {},
): Promise<void> {
  await writeFileAtomic(path, toXLSX(table, options), {
    mode: options.mode,
    inputs: options.inputs,
  });
}
