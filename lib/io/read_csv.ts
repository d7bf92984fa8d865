/**
 * CSV reading through DuckDB's sniffer: delimiter (`,` `;` tab `|`), header,
 * UTF-8 BOM, quoted fields with newlines, numbers and dates. `fromCSV` parses
 * text; `loadCSV` reads a file. A file of plain numbers and codes only is
 * parsed straight from its bytes instead (`plain_csv.ts`), into the same
 * table DuckDB's reader would give.
 *
 * What it does with awkward files (each case is tested in
 * `tests/trust/bad_inputs_test.ts`):
 * - not UTF-8: read as Windows-1252 (Latin-1), which is what spreadsheet
 *   programs on Windows write; UTF-16 (by its byte order mark, or its zero
 *   bytes without one) is decoded;
 * - only spaces and blank lines: "File is empty";
 * - title lines above the header (a report title, a date): refused naming
 *   the header's line, unless `headerRow` gives it; a header repeated inside
 *   the data, or a NUL byte in a field, is refused naming the row;
 * - a `;` delimiter means decimal commas (`3,5` is 3.5, `1.234,50` is 1234.5);
 *   text columns of numbers with thousands separators or currency symbols
 *   become numbers (see `numeric_text.ts`);
 * - dates: ISO dates (`2024-01-31`, with an optional time) become dates; other
 *   formats stay text, because `01/02/2024` could be either day first or month
 *   first — pass `dateFormat` (e.g. `"%d/%m/%Y"`) to read them;
 * - a ragged row, a wrong or mixed delimiter, or a duplicate header name is an
 *   {@link InputError} naming the row or column;
 * - NaN is a missing value; an infinite number is an error naming its row;
 * - a header with no rows gives a table with those columns and no rows;
 * - a row with every cell empty is skipped (as in workbooks).
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError, isInputError } from "../errors.ts";
import {
  type ColumnValues,
  queryColumnArrays,
  queryColumns,
  sqlIdentifier,
  sqlString,
} from "./duckdb.ts";
import {
  type CSVDialect,
  firstRejectedRow,
  mayHaveRenamedDuplicates,
  otherDelimitersIn,
  rawHeader,
  rejectedRowError,
  showDelimiter,
  sniffCSV,
} from "./csv_dialect.ts";
import { type DecimalSeparator, numericTextColumn } from "./numeric_text.ts";
import {
  checkDuplicateHeader,
  checkReadable,
  checkSize,
  tableFromColumns,
} from "./table_columns.ts";
import { fileKind, notCSVError } from "./file_kind.ts";
import {
  fileMixesLineEnds,
  firstLongLine,
  gunzipToTemp,
  isEncodingError,
  normaliseLineEnds,
  readHead,
  transcodeToUTF8,
} from "./transcode.ts";
import { checkHeaderRow } from "./header_row.ts";
import { hasDigitUnderscoreDigit } from "./digit_underscore.ts";
import { readyTextSource } from "./text_source.ts";
import { readPlainCSV } from "./plain_csv.ts";

/** Options for reading delimited text. */
export interface ReadCSVOptions {
  /** Force a delimiter instead of sniffing it. */
  delimiter?: string;
  /** Name to use for the source in error messages (defaults to the path). */
  label?: string;
  /** Refuse files larger than this many bytes (default: no limit). */
  maxBytes?: number;
  /** Decimal separator; default `,` for `;`-delimited files, else `.`. */
  decimal?: DecimalSeparator;
  /** Date format in DuckDB's strftime syntax, e.g. `"%d/%m/%Y"`. */
  dateFormat?: string;
  /** The header's line (1-based) when title lines sit above it; without it such lines are refused. */
  headerRow?: number;
}

/**
 * Read a CSV (or TSV) file into an arquero table.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { loadCSV } from "./read_csv.ts";
 * const path = (await Deno.makeTempDir()) + "/data.csv";
 * await Deno.writeTextFile(path, "id;spend\n1;10,5\n2;3\n");
 * const table = await loadCSV(path);
 * deepEqual(table.array("spend"), [10.5, 3]);
 * ```
 */
export async function loadCSV(path: string, options: ReadCSVOptions = {}): Promise<ColumnTable> {
  const label = options.label ?? path;
  await checkReadable(path, label, { maxBytes: options.maxBytes });
  checkHeaderRow(options.headerRow, label);
  let source = path;
  const temporary: string[] = [];
  try {
    const kind = fileKind(await readHead(path, 4096));
    if (kind === "gzip") {
      const plain = await gunzipToTemp(path, options.maxBytes);
      if (plain === undefined) {
        throw new InputError(
          `File is too large: gzip-compressed, it unpacks to more than ${options.maxBytes} bytes`,
          {
            file: label,
            hint:
              "raise the maxBytes option if the machine has the memory, or unpack it and check it",
          },
        );
      } else {
        source = plain;
        temporary.push(plain);
      }
    } else {
      const error = notCSVError(kind, label);
      if (error !== undefined) throw error;
    }
    source = await readyTextSource(source, {
      label,
      headerRow: options.headerRow,
      temporary,
    });
    if (options.dateFormat === undefined) {
      // A file of plain numbers and codes only, parsed straight from its bytes (the same table).
      const plain = await readPlainCSV(source, options);
      if (plain !== undefined) return tableFromColumns(plain, label, { finiteNumbers: true });
    }
    let dialect: CSVDialect;
    try {
      dialect = await sniff(source, options.delimiter);
    } catch (error) {
      if (!isEncodingError(messageOf(error))) throw error;
      source = await transcodeToUTF8(source);
      temporary.push(source);
      dialect = await sniff(source, options.delimiter);
    }
    return await readWithDialect(source, dialect, options, label);
  } catch (error) {
    if (isInputError(error)) throw error;
    const tooLong = /Maximum line size of (\d+) bytes exceeded/.exec(messageOf(error));
    if (tooLong !== null) throw await longLineError(source, Number(tooLong[1]), label);
    if (await fileMixesLineEnds(source)) {
      // CRLF, LF and CR in one file (parts saved on different systems): read
      // it with every line end as LF, which keeps the line numbers.
      const fixed = await normaliseLineEnds(source);
      temporary.push(fixed);
      return await loadCSV(fixed, {
        ...options,
        label,
        headerRow: options.headerRow === undefined ? undefined : 1,
      });
    }
    throw new InputError(`Cannot read CSV: ${firstLine(error)}`, {
      file: label,
      hint: "check that the file is a delimited text file with one header row",
    });
  } finally {
    for (const file of temporary) await Deno.remove(file).catch(() => {});
  }
}

/** The error for a line longer than DuckDB reads (`limit` bytes), naming it. */
async function longLineError(source: string, limit: number, label: string): Promise<InputError> {
  const long = await firstLongLine(source, limit);
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  if (long === undefined) {
    return new InputError(`A row is longer than ${mb(limit)}, the most a row may hold`, {
      file: label,
      hint:
        'a quote (") left open makes the rest of the file one field: close it, or remove the stray quote',
    });
  }
  return new InputError(
    `Row too long: ${mb(long.bytes)} on line ${long.line}, the most a row may hold is ${mb(limit)}`,
    {
      file: label,
      row: Math.max(1, long.line - 1),
      hint:
        "a field that long is usually pasted text, a file or a quote left open: shorten or remove it",
    },
  );
}

async function sniff(path: string, delimiter: string | undefined): Promise<CSVDialect> {
  try {
    return await sniffCSV(path, delimiter);
  } catch (error) {
    // A ragged file with a given delimiter can defeat the sniffer; the read
    // below then reports the offending row.
    if (delimiter !== undefined && !isEncodingError(messageOf(error))) {
      return { delimiter, columns: [] };
    }
    throw error;
  }
}

async function readWithDialect(
  source: string,
  dialect: CSVDialect,
  options: ReadCSVOptions,
  label: string,
): Promise<ColumnTable> {
  const delimiter = options.delimiter ?? dialect.delimiter;
  const decimal = options.decimal ?? (delimiter === ";" ? "," : ".");
  const args = [sqlString(source), "header = true", "skip = 0"];
  args.push(`delim = ${sqlString(delimiter)}`);
  if (decimal === ",") args.push("decimal_separator = ','");
  if (options.dateFormat !== undefined) args.push(`dateformat = ${sqlString(options.dateFormat)}`);
  // Columns read again as the text they are.
  const text: string[] = [];
  const asText = () => [
    ...args,
    `types = {${text.map((n) => `${sqlString(n)}: 'VARCHAR'`).join(", ")}}`,
  ];
  let columns = await readWholeNumbersOnce(source, args);
  if (columns === undefined) {
    columns = await readColumns(source, args, delimiter, label);
    // `0x5dc` is a code, not 1500.
    text.push(...await prefixedNumberColumns(args, columns));
    if (text.length > 0) columns = await readColumns(source, asText(), delimiter, label);
  }
  // DuckDB's timestamp cast reads "5/3/23" as the year 5: such a column is text.
  const misread = yearsBefore1000(columns);
  if (misread.length > 0) {
    text.push(...misread);
    columns = await readColumns(source, asText(), delimiter, label);
  }
  const names = Object.keys(columns);
  await checkDelimiter(source, names, columns, delimiter, options.delimiter !== undefined, label);
  if (mayHaveRenamedDuplicates(names)) {
    checkDuplicateHeader(await rawHeader(source, delimiter), label);
  }
  const out = new Map<string, ColumnValues>();
  for (const name of names) {
    const values = columns[name] ?? [];
    out.set(name, Array.isArray(values) ? numericTextColumn(values, decimal) ?? values : values);
  }
  // Checked with every row in place, so an error names the row as it is in the file.
  const table = tableFromColumns(out, label);
  const keep = nonBlankRows(names.map((n) => columns[n] ?? []));
  return keep === undefined ? table : table.reify(keep);
}

/** The columns holding a date before the year 1000: text DuckDB took for year/month/day. */
function yearsBefore1000(columns: Record<string, ColumnValues>): string[] {
  return Object.keys(columns).filter((name) => {
    const values = columns[name] ?? [];
    if (!Array.isArray(values)) return false;
    return values.some((v) => v instanceof Date && v.getUTCFullYear() < 1000);
  });
}

/** DuckDB's integer types, which its cast fills from `0x5dc`, `0b101` and `1_000` too. */
const INTEGER_TYPES = /^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)$/;

/**
 * The file's columns in one pass when nothing in it can be a prefixed code
 * (see {@link prefixedNumberColumns}), or `undefined` when the full reading
 * must decide. The columns the sniffer types as integers are read as
 * doubles, whose cast refuses `0x…` and `0b…` (the read then fails, and the
 * full reading takes over), and a byte scan of the file for a digit, `_` and
 * a digit rules out `1_000`. Whole numbers up to 2^53 read the same either
 * way; a larger one, a text column empty throughout the sniffer's sample or
 * any error also leave it to the full reading.
 */
async function readWholeNumbersOnce(
  source: string,
  args: string[],
): Promise<Record<string, ColumnValues> | undefined> {
  try {
    const described = await queryColumns(
      `DESCRIBE SELECT * FROM read_csv(${args.join(", ")})`,
    );
    const names = (described.column_name ?? []) as string[];
    const types = (described.column_type ?? []) as string[];
    const integers = names.filter((_, i) => INTEGER_TYPES.test(types[i] ?? ""));
    if (integers.length > 0 && await hasDigitUnderscoreDigit(source)) return undefined;
    const asDoubles = integers.map((n) => `${sqlString(n)}: 'DOUBLE'`).join(", ");
    const read = integers.length === 0 ? args : [...args, `types = {${asDoubles}}`];
    const columns = await queryColumnArrays(`SELECT * FROM read_csv(${read.join(", ")})`, {
      stream: true,
    });
    const values = Object.values(columns);
    if (values.some(emptyThroughSample)) return undefined;
    if (integers.some((n) => beyondExactIntegers(columns[n] ?? []))) return undefined;
    return columns;
  } catch {
    return undefined;
  }
}

/** True when a value's magnitude reaches 2^53, past which a double skips integers. */
function beyondExactIntegers(values: ColumnValues): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number" && Math.abs(v) >= 2 ** 53) return true;
  }
  return false;
}

/** Rows the type sniffer looks at when it does not read the whole file (DuckDB's default). */
const SNIFF_SAMPLE_ROWS = 20_480;

/**
 * Read the file's columns. First with the sniffer's types from its sample
 * (the first 20,480 rows), which saves a whole pass over a large file; when
 * the rest of the file does not fit those types DuckDB fails the cast, and a
 * text column that is empty throughout the sample may be typed too loosely,
 * so then the file is read again with types from every row (`sample_size =
 * -1`), as before, and a bad row is reported with its line number.
 */
async function readColumns(
  source: string,
  args: string[],
  delimiter: string,
  label: string,
): Promise<Record<string, ColumnValues>> {
  try {
    const sampled = await queryColumnArrays(`SELECT * FROM read_csv(${args.join(", ")})`, {
      stream: true,
    });
    if (!Object.values(sampled).some(emptyThroughSample)) return sampled;
  } catch {
    // Read again below with every row sniffed, which reports the problem.
  }
  try {
    return await queryColumnArrays(
      `SELECT * FROM read_csv(${[...args, "sample_size = -1"].join(", ")})`,
      { stream: true },
    );
  } catch (error) {
    const rejected = await firstRejectedRow(source, delimiter);
    if (rejected !== undefined) throw rejectedRowError(rejected, delimiter, label);
    throw error;
  }
}

/**
 * DuckDB casts `0x5dc` (hexadecimal), `0b101` (binary) and `1_000` to
 * integers. Spreadsheets and pandas read such text as text, and it is usually
 * a code; the names of the whole-number columns whose text holds such a value
 * are returned, found by one pass over those columns as text.
 */
async function prefixedNumberColumns(
  args: string[],
  columns: Record<string, ColumnValues>,
): Promise<string[]> {
  const candidates = Object.keys(columns).filter((name) => wholeNumbers(columns[name] ?? []));
  if (candidates.length === 0) return [];
  const pattern = sqlString(String.raw`^\s*[+-]?(0[xXbB]|\d+_\d)`);
  const checks = candidates.map((name, i) =>
    `bool_or(regexp_matches(${sqlIdentifier(name)}, ${pattern})) AS c${i}`
  );
  const out = await queryColumns(
    `SELECT ${checks.join(", ")} FROM read_csv(${[...args, "all_varchar = true"].join(", ")})`,
  );
  return candidates.filter((_, i) => out[`c${i}`]?.[0] === true);
}

/** True when a column read as numbers holds only whole numbers (and at least one). */
function wholeNumbers(values: ColumnValues): boolean {
  let any = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v !== "number" || !Number.isInteger(v)) return false;
    any = true;
  }
  return any;
}

/** A text column whose first {@link SNIFF_SAMPLE_ROWS} values are all missing or blank. */
function emptyThroughSample(values: ColumnValues): boolean {
  if (!Array.isArray(values) || values.length <= SNIFF_SAMPLE_ROWS) return false;
  for (let i = 0; i < SNIFF_SAMPLE_ROWS; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && v !== "") return false;
  }
  return true;
}

/**
 * Indexes of rows with at least one value, or `undefined` when every row has
 * one. Rows with every cell empty are skipped, as the workbook reader does. A
 * numeric column read as a typed array has a value in every row.
 */
function nonBlankRows(columns: ColumnValues[]): number[] | undefined {
  if (columns.some((c) => c instanceof Float64Array)) return undefined;
  const n = columns[0]?.length ?? 0;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    if (columns.some((c) => c[i] !== null && c[i] !== undefined && c[i] !== "")) keep.push(i);
  }
  return keep.length === n ? undefined : keep;
}

/**
 * One column whose name holds another delimiter means ragged rows (the
 * sniffer's fallback) or a wrong delimiter; a column whose name and values
 * both hold another delimiter means the file mixes delimiters.
 */
async function checkDelimiter(
  source: string,
  names: string[],
  columns: Record<string, ColumnValues>,
  delimiter: string,
  given: boolean,
  label: string,
): Promise<void> {
  if (names.length === 1) {
    const other = otherDelimitersIn(names[0]!, delimiter)[0];
    if (other === undefined) return;
    const rejected = await firstRejectedRow(source, other);
    if (rejected !== undefined) throw rejectedRowError(rejected, other, label);
    throw new InputError(
      `Only one column found: the header is split by ${showDelimiter(other)}, not ${
        showDelimiter(delimiter)
      }`,
      {
        file: label,
        hint: given
          ? `pass delimiter ${showDelimiter(other)}, or leave the delimiter out to detect it`
          : `pass delimiter ${showDelimiter(other)}`,
      },
    );
  }
  for (const name of names) {
    for (const other of otherDelimitersIn(name, delimiter)) {
      const values = columns[name] ?? [];
      if (Array.isArray(values) && values.some((v) => typeof v === "string" && v.includes(other))) {
        throw new InputError(
          `Mixed delimiters: the file is split by ${
            showDelimiter(delimiter)
          } but column "${name}" also uses ${showDelimiter(other)}`,
          {
            file: label,
            column: name,
            hint: `save the file with one delimiter throughout, or quote values that contain ${
              showDelimiter(other)
            }`,
          },
        );
      }
    }
  }
}

/**
 * Parse CSV text into an arquero table (the text goes through a temporary file
 * so the same sniffer applies).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { fromCSV } from "./read_csv.ts";
 * const table = await fromCSV("a,b\n1,x\n2,y\n");
 * deepEqual(table.columnNames(), ["a", "b"]);
 * ```
 */
export async function fromCSV(text: string, options: ReadCSVOptions = {}): Promise<ColumnTable> {
  const label = options.label ?? "CSV text";
  checkSize(new TextEncoder().encode(text).length, label, options.maxBytes);
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    await Deno.writeTextFile(path, text);
    return await loadCSV(path, { ...options, label });
  } finally {
    await Deno.remove(path).catch(() => {});
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(error: unknown): string {
  const message = messageOf(error);
  return message.split("\n").find((l) => l.trim() !== "")?.trim() ?? message;
}
