/**
 * Read any supported data file (CSV/TSV, XLSX, Parquet) into an arquero
 * table, choosing the reader by extension.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { extname } from "node:path";
import { InputError } from "../errors.ts";
import { queryColumnArrays, sqlString } from "./duckdb.ts";
import type { DecimalSeparator } from "./numeric_text.ts";
import { loadCSV } from "./read_csv.ts";
import { loadXLSX } from "./read_xlsx.ts";
import { checkReadable, tableFromColumns } from "./table_columns.ts";
import { fileKind } from "./file_kind.ts";
import { readHead } from "./transcode.ts";

/** Options for {@link readTable}. */
export interface ReadTableOptions {
  /** Sheet name for workbooks. */
  sheet?: string;
  /** Delimiter for text files, instead of sniffing. */
  delimiter?: string;
  /** Refuse files larger than this many bytes (workbooks default to 100 MiB). */
  maxBytes?: number;
  /** Decimal separator for text files (default `,` in `;` files, else `.`). */
  decimal?: DecimalSeparator;
  /** Date format for text files in DuckDB's strftime syntax, e.g. `"%d/%m/%Y"`. */
  dateFormat?: string;
  /** Workbooks only: stop reading after this many milliseconds (default 120 s). */
  timeoutMs?: number;
  /**
   * CSV and workbooks: the header's line (sheet row), 1-based, when title
   * rows sit above it; without it title rows above a header are refused.
   */
  headerRow?: number;
  /**
   * Workbooks: called with one-line notes to show the user (which sheet was
   * read and which others exist, merged cells read as blanks).
   */
  onNote?: (line: string) => void;
}

/**
 * Read a CSV, TSV, XLSX or Parquet file.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { readTable } from "./read_table.ts";
 * const path = (await Deno.makeTempDir()) + "/data.csv";
 * await Deno.writeTextFile(path, "age,income\n30,40000\n41,52000\n");
 * equal((await readTable(path)).numRows(), 2);
 * ```
 */
export async function readTable(
  path: string,
  options: ReadTableOptions = {},
): Promise<ColumnTable> {
  const ext = extname(path).toLowerCase();
  switch (ext) {
    case ".csv":
    case ".tsv":
    case ".txt":
      return await loadCSV(path, {
        delimiter: options.delimiter,
        maxBytes: options.maxBytes,
        decimal: options.decimal,
        dateFormat: options.dateFormat,
        headerRow: options.headerRow,
      });
    case ".xlsx":
    case ".xlsm":
    case ".xls":
      return await loadXLSX(path, {
        sheet: options.sheet,
        maxBytes: options.maxBytes,
        timeoutMs: options.timeoutMs,
        headerRow: options.headerRow,
        onNote: options.onNote,
      });
    case ".parquet":
      return await loadParquet(path, { maxBytes: options.maxBytes });
    default:
      throw new InputError(`Unsupported file type: "${ext || "(none)"}"`, {
        file: path,
        hint: "use a .csv, .tsv, .xlsx or .parquet file",
      });
  }
}

/**
 * Read a Parquet file through DuckDB.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { loadParquet } from "./read_table.ts";
 * import { queryColumns, sqlString } from "./duckdb.ts";
 * const path = (await Deno.makeTempDir()) + "/t.parquet";
 * await queryColumns(`COPY (SELECT 1 AS a) TO ${sqlString(path)} (FORMAT parquet)`);
 * deepEqual((await loadParquet(path)).array("a"), [1]);
 * ```
 */
export async function loadParquet(
  path: string,
  options: { maxBytes?: number } = {},
): Promise<ColumnTable> {
  await checkReadable(path, path, options);
  await checkParquetFile(path);
  try {
    return tableFromColumns(
      await queryColumnArrays(`SELECT * FROM read_parquet(${sqlString(path)})`, { stream: true }),
      path,
    );
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`Cannot read Parquet: ${(error as Error).message.split("\n")[0]}`, {
      file: path,
    });
  }
}

/** Files named .parquet that are something else, by their first bytes. */
const NOT_PARQUET = {
  text: ["text, probably CSV", "rename it to .csv (or .tsv) and read it again"],
  gzip: [
    "gzip-compressed data, probably a CSV",
    "unpack it (gunzip), or rename it to .csv, which is read packed",
  ],
  zip: [
    "a zip archive (an Excel .xlsx workbook is one)",
    "if it is a workbook, rename it to .xlsx",
  ],
  ole: ["an Excel .xls workbook (or another Office file)", "rename it to .xls"],
} as const;

/**
 * Refuse a file that does not begin and end with Parquet's magic bytes
 * (`PAR1`): a file cut short by an interrupted download or copy has lost the
 * footer that says where its columns are.
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { checkParquetFile } from "./read_table.ts";
 * const path = (await Deno.makeTempDir()) + "/data.parquet";
 * await Deno.writeTextFile(path, "PAR1 and then nothing");
 * await rejects(checkParquetFile(path), { name: "InputError", message: /^Not a complete Parquet file/ });
 * await Deno.writeTextFile(path, "id,spend\n1,2\n");
 * await rejects(checkParquetFile(path), { message: /^Not a Parquet file: it is text, probably CSV/ });
 * ```
 */
export async function checkParquetFile(path: string, label = path): Promise<void> {
  const kind = fileKind(await readHead(path, 4096));
  if (kind !== "parquet" && kind in NOT_PARQUET) {
    const [what, hint] = NOT_PARQUET[kind as keyof typeof NOT_PARQUET];
    throw new InputError(`Not a Parquet file: it is ${what}`, { file: label, hint });
  }
  const file = await Deno.open(path, { read: true });
  let reason: string | undefined;
  try {
    const size = (await file.stat()).size;
    const head = new Uint8Array(4), tail = new Uint8Array(4);
    const magic = (b: Uint8Array) => new TextDecoder().decode(b) === "PAR1";
    await file.read(head);
    if (!magic(head)) reason = "it does not start with Parquet's magic bytes (PAR1)";
    else if (size < 12) reason = `it is only ${size} bytes long`;
    else {
      await file.seek(size - 4, Deno.SeekMode.Start);
      await file.read(tail);
      if (!magic(tail)) reason = "its end (the footer describing the columns) is missing";
    }
  } finally {
    file.close();
  }
  if (reason !== undefined) {
    throw new InputError(`Not a complete Parquet file: ${reason}`, {
      file: label,
      hint: "the file may have been cut short by a download or copy: re-export it",
    });
  }
}
