/**
 * The commonest customer files read without DuckDB: a header, then rows of
 * plain values only, separated by `,`, tab, `|` or `;`. A column holds plain
 * numbers (`42`, `-3.5`, `0.077`) or codes (letters, digits, `_ - . / &`
 * and spaces inside, such as `C000123`, `Gold` or `United Kingdom`), as its
 * first row says. One pass over the bytes fills one `Float64Array` per
 * column of numbers and one array of strings per column of codes: no
 * sniffing, no per-cell values for numbers.
 *
 * Anything else gives `undefined`, and the DuckDB reader reads the file as it
 * always has: a quote, an empty field, a space at either end of a value,
 * other punctuation, a date in a column of numbers, a leading zero
 * (`007`), `-0`, an exponent, a sign `+`, more than 15 digits, a code in a
 * column of numbers, a ragged row, a lone `\r`, a blank line, no data row, a
 * column of codes that DuckDB would read as something else (all `yes`/`no`,
 * `nan` …), a header name that is empty, padded, quoted or repeated, or bytes
 * that are not UTF-8. Columns of codes then go through the same
 * {@link numericTextColumn} as DuckDB's text columns. So the table is always
 * what that reader gives; `tests/io/plain_csv_test.ts` checks the two
 * against each other on generated files.
 *
 * Each number is the correctly rounded double, as DuckDB's (and
 * JavaScript's) parser gives: with at most 15 digits the digits form an
 * integer m < 2^53 and the decimals k ≤ 15, so m and 10^k are exact doubles
 * and m / 10^k is one correctly rounded division.
 *
 * @module
 */
import { type DecimalSeparator, numericTextColumn } from "./numeric_text.ts";

/** Options for {@link readPlainCSV}, as the caller was given them. */
export interface PlainCSVOptions {
  /** The delimiter the user gave; the header's must be the same. */
  delimiter?: string;
  /** The decimal separator the user gave (default `,` in `;` files, else `.`). */
  decimal?: DecimalSeparator;
}

/** Bytes read from the file at a time. */
const CHUNK = 1 << 22;
/** The most digits a number may have here: 10^15 < 2^53, so the integer of its digits is exact. */
const MAX_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_DIGITS + 1 }, (_, k) => 10 ** k);

const NEWLINE = 10, RETURN = 13, DOT = 46, ZERO = 48;
const MINUS_DIGIT = 45 - ZERO, DOT_DIGIT = DOT - ZERO;
const DELIMITERS = [",", "\t", "|", ";"] as const;

/**
 * The file's columns when it is a header and rows of plain numbers and codes
 * (see the module), or `undefined` when the DuckDB reader must read it.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { readPlainCSV } from "./plain_csv.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "age,spend\n30,10.5\n41,-2\n");
 * const columns = await readPlainCSV(path);
 * deepEqual(columns?.get("spend"), new Float64Array([10.5, -2]));
 * await Deno.writeTextFile(path, "id,spend\nA1,10.5\nB2,3\n");
 * deepEqual((await readPlainCSV(path))?.get("id"), ["A1", "B2"]);
 * await Deno.writeTextFile(path, "id,joined\nA1,2024-01-02\n");
 * equal(await readPlainCSV(path), undefined);
 * ```
 */
export async function readPlainCSV(
  path: string,
  options: PlainCSVOptions = {},
): Promise<Map<string, PlainColumn | (number | null)[]> | undefined> {
  const file = await Deno.open(path, { read: true });
  try {
    const size = (await file.stat()).size;
    // One spare byte for the `\n` put after a last line that has none.
    const buffer = new Uint8Array(CHUNK + 1);
    const head = await readHeader(file, buffer);
    if (head === undefined) return undefined;
    const names = headerNames(head.text, options.delimiter);
    if (names === undefined) return undefined;
    const decimal = options.decimal ?? (names.delimiter === ";" ? "," : ".");
    const parser = new RowParser(
      names.names.length,
      names.delimiter.charCodeAt(0),
      decimal === ".",
    );
    if (!await parseRows(file, head.end, size, buffer, parser)) return undefined;
    const columns = parser.columns();
    if (columns === undefined) return undefined;
    return new Map(names.names.map((name, j) => {
      const values = columns[j]!;
      return [name, Array.isArray(values) ? numericTextColumn(values, decimal) ?? values : values];
    }));
  } finally {
    file.close();
  }
}

/** The header line's text (no BOM, no line end) and the byte after its `\n`. */
async function readHeader(
  file: Deno.FsFile,
  buffer: Uint8Array,
): Promise<{ text: string; end: number } | undefined> {
  const n = await readAt(file, 0, buffer.subarray(0, 64 * 1024));
  const newline = buffer.subarray(0, n).indexOf(NEWLINE);
  if (newline === -1) return undefined;
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  const stop = newline > 0 && buffer[newline - 1] === RETURN ? newline - 1 : newline;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(bom, stop));
    return { text, end: newline + 1 };
  } catch {
    return undefined;
  }
}

/** The header's delimiter and names, when exactly one delimiter splits it into plain names. */
function headerNames(
  text: string,
  given: string | undefined,
): { delimiter: string; names: string[] } | undefined {
  const found = DELIMITERS.filter((d) => text.includes(d));
  if (found.length !== 1) return undefined;
  const delimiter = found[0]!;
  if (given !== undefined && given !== delimiter) return undefined;
  const names = text.split(delimiter);
  const seen = new Set<string>();
  for (const name of names) {
    if (name === "" || name !== name.trim() || /["\r\0]/.test(name)) return undefined;
    const key = name.toLowerCase();
    if (seen.has(key)) return undefined;
    seen.add(key);
  }
  return { delimiter, names };
}

/**
 * Parse the rows from byte `start` to the end of the file, a chunk of whole
 * lines at a time; false as soon as one is not plain values.
 */
async function parseRows(
  file: Deno.FsFile,
  start: number,
  size: number,
  buffer: Uint8Array,
  parser: RowParser,
): Promise<boolean> {
  let kept = 0, position = start;
  for (;;) {
    const n = await readAt(file, position, buffer.subarray(kept, CHUNK));
    position += n;
    const end = kept + n;
    if (n === 0) {
      if (kept === 0) return true;
      buffer[kept] = NEWLINE;
      return parser.parseAll(buffer, kept + 1, size - position);
    }
    const lastNewline = buffer.subarray(0, end).lastIndexOf(NEWLINE);
    if (lastNewline === -1) {
      if (end === CHUNK) return false; // a line of 4 MiB is no row of plain values
      kept = end;
      continue;
    }
    if (!parser.parseAll(buffer, lastNewline + 1, size - position + end - lastNewline - 1)) {
      return false;
    }
    buffer.copyWithin(0, lastNewline + 1, end);
    kept = end - lastNewline - 1;
  }
}

/** A column as read here: numbers, or codes as text (see {@link CODE_BYTE}). */
export type PlainColumn = Float64Array | string[];

/**
 * Fills one array per column, row by row, from whole lines of bytes. A
 * column is numbers or codes as its first row says. The number arrays are
 * sized from the bytes per row seen so far and grown when the file has more
 * rows than that foretold.
 */
class RowParser {
  /** Per column: its numbers (an empty array for a column of codes). */
  #numbers: Float64Array[];
  /** Per column: its codes (empty for a column of numbers). */
  #codes: string[][];
  /** Per column: whether it holds codes; `undefined` before the first row. */
  #isCode: boolean[] | undefined;
  /** Per column of codes: whether a value seen is one DuckDB reads only as text. */
  #textOnly: boolean[];
  /**
   * Per column of codes: their strings by a hash of their bytes, while the
   * column has at most {@link MAX_SEEN} distinct ones (then `undefined` for good).
   */
  #seen: (Map<number, string> | undefined)[];
  #row = 0;
  #bytes = 0;
  /** The chunk being parsed as text, decoded once when a code is first met in it. */
  #chunkText: string | undefined;

  constructor(
    columns: number,
    private readonly delimiter: number,
    private readonly decimalPoint: boolean,
  ) {
    this.#numbers = Array.from({ length: columns }, () => new Float64Array(0));
    this.#codes = Array.from({ length: columns }, () => []);
    this.#textOnly = Array.from({ length: columns }, () => false);
    this.#seen = Array.from({ length: columns }, () => new Map());
  }

  /**
   * Parse every row of `bytes[0 … end)`, which ends with `\n`, with `left`
   * bytes of the file after them; false when a row is not plain values.
   */
  parseAll(bytes: Uint8Array, end: number, left: number): boolean {
    this.#chunkText = undefined;
    if (this.#isCode === undefined) {
      this.#isCode = firstRowKinds(bytes, this.delimiter, this.decimalPoint, this.#numbers.length);
      if (this.#isCode === undefined) return false;
    }
    let p = 0;
    for (;;) {
      p = this.#parse(bytes, p, end);
      if (p === end) break;
      if (p >= 0) this.#grow(bytes, p, end, left);
      else return false;
    }
    this.#bytes += end;
    return true;
  }

  /**
   * The columns at their length: `undefined` without a row, or when a column
   * of codes holds only words DuckDB reads as something else (`yes`, `nan` …).
   */
  columns(): PlainColumn[] | undefined {
    const rows = this.#row;
    if (rows === 0 || this.#isCode === undefined) return undefined;
    if (this.#isCode.some((code, j) => code && !this.#textOnly[j])) return undefined;
    return this.#numbers.map((c, j) => {
      if (this.#isCode![j]) return this.#codes[j]!;
      if (c.length === rows) return c;
      // Within 1/8 of the guess the pages never written are never mapped: a view will do.
      return c.length - rows <= c.length >> 3 ? c.subarray(0, rows) : c.slice(0, rows);
    });
  }

  /**
   * Room for the rows in `bytes[p … end)` and the `left` bytes after them, at
   * the bytes per row so far (at first, of the lines in the next 64 KiB).
   */
  #grow(bytes: Uint8Array, p: number, end: number, left: number): void {
    let perRow = this.#row > 0 ? (this.#bytes + p) / this.#row : 0;
    if (perRow === 0) {
      const sample = bytes.subarray(p, Math.min(end, p + 65536));
      let lines = 0;
      for (let i = sample.indexOf(NEWLINE); i !== -1; i = sample.indexOf(NEWLINE, i + 1)) lines++;
      perRow = sample.length / Math.max(1, lines);
    }
    const rows = this.#row + Math.ceil((1.02 * (end - p + left)) / perRow) + 16;
    this.#numbers = this.#numbers.map((c, j) => {
      if (this.#isCode![j]) return c;
      const grown = new Float64Array(Math.max(rows, Math.ceil(c.length * 1.1)));
      grown.set(c.subarray(0, this.#row));
      return grown;
    });
  }

  /**
   * Parse rows from `p` up to `end`; returns `end` when all are read, the
   * start of the first row that does not fit the arrays, or -1 at a value
   * that is not a plain number in a column of numbers or a code in a column
   * of codes.
   */
  #parse(bytes: Uint8Array, p: number, end: number): number {
    const { delimiter, decimalPoint } = this;
    const numbers = this.#numbers, codes = this.#codes, isCode = this.#isCode!;
    const last = numbers.length - 1;
    let capacity = Infinity;
    for (let j = 0; j <= last; j++) {
      if (!isCode[j]) capacity = Math.min(capacity, numbers[j]!.length);
    }
    let row = this.#row;
    while (p < end) {
      if (row === capacity) break;
      for (let j = 0; j <= last; j++) {
        let c: number;
        if (isCode[j]) {
          p = this.#code(bytes, p, end, codes[j]!, j);
          if (p < 0) return -1;
          c = bytes[p]!;
        } else {
          let d = bytes[p]! - ZERO;
          const negative = d === MINUS_DIGIT;
          if (negative) d = bytes[++p]! - ZERO;
          const first = p;
          let m = 0;
          while (d >>> 0 < 10) {
            m = m * 10 + d;
            d = bytes[++p]! - ZERO;
          }
          const whole = p - first;
          let digits = whole, value = m;
          if (d === DOT_DIGIT && decimalPoint) {
            const point = ++p;
            d = bytes[p]! - ZERO;
            while (d >>> 0 < 10) {
              m = m * 10 + d;
              d = bytes[++p]! - ZERO;
            }
            const decimals = p - point;
            digits += decimals;
            if (decimals === 0 || digits > MAX_DIGITS) return -1; // "5."
            value = m / POWERS_OF_TEN[decimals]!;
          }
          // No digit (".5", an empty field, text), too many, a leading zero ("007"), or "-0".
          if (
            whole === 0 || digits > MAX_DIGITS || (whole > 1 && bytes[first] === ZERO) ||
            (negative && m === 0)
          ) return -1;
          numbers[j]![row] = negative ? -value : value;
          c = d + ZERO;
        }
        if (j < last) {
          if (c !== delimiter) return -1;
          p++;
        } else if (c === NEWLINE) {
          p++;
        } else if (c === RETURN && bytes[p + 1] === NEWLINE) {
          p += 2;
        } else return -1;
      }
      row++;
    }
    this.#row = row;
    return p;
  }

  /** Append the code at `p` to `values`; returns the byte after it, or -1 when there is none. */
  #code(bytes: Uint8Array, p: number, end: number, values: string[], column: number): number {
    const first = p;
    let hash = 0x811c9dc5;
    for (let b = bytes[p]!; CODE_BYTE[b] === 1; b = bytes[++p]!) {
      hash = Math.imul(hash ^ b, 0x01000193);
    }
    // Empty, too long, or a space at either end (a padded value is left to DuckDB).
    if (p === first || p - first > MAX_CODE || bytes[first] === SPACE || bytes[p - 1] === SPACE) {
      return -1;
    }
    // A column of few codes (a tier, a country) reuses each one's string.
    const seen = this.#seen[column];
    const known = seen?.get(hash);
    if (known !== undefined && sameCode(known, bytes, first, p)) {
      values.push(known);
      return p;
    }
    // The chunk's text, decoded once (codes are ASCII, so byte and character offsets agree up to them).
    this.#chunkText ??= ascii.decode(bytes.subarray(0, end));
    const code = this.#chunkText.slice(first, p);
    if (!this.#textOnly[column] && isTextOnly(code)) this.#textOnly[column] = true;
    if (seen !== undefined && seen.size < MAX_SEEN) seen.set(hash, code);
    else this.#seen[column] = undefined;
    values.push(code);
    return p;
  }
}

/** Distinct codes a column may have for their strings to be reused. */
const MAX_SEEN = 4096;

/** True when `code` is the bytes `from … to`. */
function sameCode(code: string, bytes: Uint8Array, from: number, to: number): boolean {
  if (code.length !== to - from) return false;
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) !== bytes[from + i]) return false;
  return true;
}

/** The longest code read here. */
const MAX_CODE = 64;
/**
 * 1 for the bytes of a code: ASCII letters, digits, `_`, `-`, `.`, `/`, `&` and spaces inside (not
 * `'`, which DuckDB's sniffer may take for the quote).
 */
const CODE_BYTE = new Uint8Array(256);
for (const [from, to] of [[48, 57], [65, 90], [97, 122], [95, 95], [45, 47], [38, 38], [32, 32]]) {
  for (let b = from!; b <= to!; b++) CODE_BYTE[b] = 1;
}
const SPACE = 32;
/** A whole code, as {@link CODE_BYTE} and the check for spaces at its ends make it. */
const CODE = /^[A-Za-z0-9_\-./&](?:[A-Za-z0-9_\-./& ]*[A-Za-z0-9_\-./&])?$/;
/** Decodes ASCII fast; a byte past 127 is in no code, so a chunk holding one is never read to it. */
const ascii = new TextDecoder();

/**
 * Words DuckDB's reader types as something other than text (booleans, NaN,
 * infinity), and a few more for safety: a column of codes must hold one
 * value that is none of these and starts with a letter, or it is left to DuckDB.
 */
const NOT_TEXT_ONLY = new Set([
  "true",
  "false",
  "t",
  "f",
  "yes",
  "no",
  "y",
  "n",
  "on",
  "off",
  "nan",
  "inf",
  "infinity",
  "null",
  "na",
  "none",
]);

/** A code DuckDB can only read as text: it starts with a letter and is none of {@link NOT_TEXT_ONLY}. */
function isTextOnly(code: string): boolean {
  const first = code.charCodeAt(0);
  const letter = (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
  return letter && !NOT_TEXT_ONLY.has(code.toLowerCase());
}

/**
 * Per column of the first row in `bytes`: false for a plain number, true for
 * a code (see {@link CODE_BYTE}) that is not a plain number; `undefined`
 * when a field is neither or the row has another number of fields.
 */
function firstRowKinds(
  bytes: Uint8Array,
  delimiter: number,
  decimalPoint: boolean,
  columns: number,
): boolean[] | undefined {
  const line = bytes.subarray(0, bytes.indexOf(NEWLINE));
  const text = ascii.decode(line.at(-1) === RETURN ? line.subarray(0, -1) : line);
  const fields = text.split(String.fromCharCode(delimiter));
  if (fields.length !== columns) return undefined;
  const number = decimalPoint ? /^(-?[1-9]\d*|-?0)(\.\d+)?$/ : /^(-?[1-9]\d*|-?0)$/;
  const kinds: boolean[] = [];
  for (const field of fields) {
    if (number.test(field)) kinds.push(false);
    else if (CODE.test(field) && field.length <= MAX_CODE) kinds.push(true);
    else return undefined;
  }
  return kinds;
}

/** Read into `buffer` from `position`: as many bytes as fit or the file has left. */
async function readAt(file: Deno.FsFile, position: number, buffer: Uint8Array): Promise<number> {
  await file.seek(position, Deno.SeekMode.Start);
  let total = 0;
  while (total < buffer.length) {
    const n = await file.read(buffer.subarray(total));
    if (n === null) break;
    total += n;
  }
  return total;
}
