/**
 * XLSX reading with SheetJS: the first sheet or a named one, first row as
 * header. `fromXLSX` parses bytes; `loadXLSX` reads a file.
 *
 * @module
 */
import * as XLSX from "xlsx";
import type { ColumnTable } from "arquero";
import { InputError, inputErrorWithMessage, isInputError, type PostedError } from "../errors.ts";
import { checkZip } from "./zip_check.ts";
import {
  checkDuplicateHeader,
  checkReadable,
  checkSize,
  tableFromColumns,
} from "./table_columns.ts";
import { checkHeaderRow, findTitleRows, titleRowsError } from "./header_row.ts";

/** Options for reading a workbook. */
export interface ReadXLSXOptions {
  /** Sheet name; defaults to the first sheet. */
  sheet?: string;
  /** Name to use for the source in error messages. */
  label?: string;
  /** Refuse workbooks larger than this many bytes (default {@link DEFAULT_XLSX_MAX_BYTES}). */
  maxBytes?: number;
  /** `loadXLSX` only: give up after this many milliseconds (default {@link DEFAULT_XLSX_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** The header's sheet row (1-based) when title rows sit above it; without it such rows are refused. */
  headerRow?: number;
  /**
   * Called with one-line notes a reader should see: which sheet was read when
   * the workbook has others, a chart or empty sheet passed over, merged cells
   * read as blanks.
   */
  onNote?: (line: string) => void;
}

/**
 * Parse workbook bytes into an arquero table.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { fromXLSX } from "./read_xlsx.ts";
 * import * as XLSX from "xlsx";
 * const wb = XLSX.utils.book_new();
 * XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([["a"], [1], [2]]), "Data");
 * const bytes = XLSX.write(wb, { type: "array", bookType: "xlsx" });
 * equal(fromXLSX(new Uint8Array(bytes)).numRows(), 2);
 * ```
 */
export function fromXLSX(bytes: Uint8Array, options: ReadXLSXOptions = {}): ColumnTable {
  const notes: string[] = [];
  const columns = workbookColumns(bytes, options, notes);
  for (const note of notes) options.onNote?.(note);
  return tableFromColumns(columns, options.label ?? "workbook");
}

/**
 * The columns of a workbook's sheet as read, before {@link tableFromColumns}
 * checks them (what the worker of {@link loadXLSX} sends back).
 */
export function workbookColumns(
  bytes: Uint8Array,
  options: ReadXLSXOptions = {},
  notes: string[] = [],
): Map<string, unknown[]> {
  const label = options.label ?? "workbook";
  checkWorkbookBytes(bytes, label, options.maxBytes ?? DEFAULT_XLSX_MAX_BYTES);
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: "array",
      cellDates: true,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      bookVBA: false,
    });
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    if (/password|encrypt/i.test(reason ?? "")) {
      throw new InputError("Workbook is password-protected", {
        file: label,
        hint: "open it in your spreadsheet program, remove the password and save it again",
      });
    }
    throw new InputError(`Cannot read workbook: ${reason}`, {
      file: label,
      hint: "the file may be damaged: open it in a spreadsheet program and save it again as .xlsx",
    });
  }
  try {
    return sheetColumns(workbook, options, label, notes);
  } catch (error) {
    if (isInputError(error)) throw error;
    throw new InputError(`Cannot read workbook: ${(error as Error).message?.split("\n")[0]}`, {
      file: label,
      hint: "the file may be damaged: open it in a spreadsheet program and save it again as .xlsx",
    });
  }
}

/** Workbooks above this size are refused unless `maxBytes` says otherwise (SheetJS holds the whole file and all its cells in memory). */
export const DEFAULT_XLSX_MAX_BYTES = 100 * 1024 * 1024;

/** A workbook may unpack to at most this many times `maxBytes`. */
const UNPACKED_RATIO = 16;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/**
 * Accept a zip (.xlsx/.xlsm), an OLE container (.xls, or an encrypted .xlsx)
 * or XML/HTML text (Excel 2003 XML, HTML tables saved as .xls); refuse
 * anything else — in particular a CSV renamed to .xlsx — before parsing.
 */
function checkWorkbookBytes(bytes: Uint8Array, label: string, maxBytes: number): void {
  if (bytes.length === 0) {
    throw new InputError("File is empty", {
      file: label,
      hint: "export the data again with a header row and at least one data row",
    });
  }
  checkSize(bytes.length, label, maxBytes);
  if (startsWith(bytes, ZIP)) {
    const problem = checkZip(bytes, maxBytes * UNPACKED_RATIO);
    if (problem?.kind === "damaged") {
      throw new InputError(`Cannot read workbook: ${problem.detail}`, {
        file: label,
        hint:
          "the file may be damaged: open it in a spreadsheet program and save it again as .xlsx",
      });
    }
    if (problem?.kind === "too large") {
      throw new InputError(
        `Workbook is too large when unpacked: ${Math.round(problem.unpacked / 2 ** 20)} MiB`,
        {
          file: label,
          hint: "raise the maxBytes option if the machine has the memory, or save the data as CSV",
        },
      );
    }
    return;
  }
  if (startsWith(bytes, CFB)) return;
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 4096));
  const text = head.replace(/^\uFEFF/, "").trimStart();
  if (text.startsWith("<")) return;
  if (isPlainText(head)) {
    throw new InputError("Not an Excel workbook: the file is plain text, probably CSV", {
      file: label,
      hint: "rename it to .csv and read it again",
    });
  }
  throw new InputError("Not an Excel workbook: the file is neither .xlsx nor .xls", {
    file: label,
    hint: "open it in a spreadsheet program and save it as .xlsx",
  });
}

/** No control characters other than tab and line ends, and valid UTF-8. */
function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) return false;
  }
  return true;
}

function sheetColumns(
  workbook: XLSX.WorkBook,
  options: ReadXLSXOptions,
  label: string,
  notes: string[],
): Map<string, unknown[]> {
  if (workbook.SheetNames.length === 0) {
    throw new InputError("Cannot read workbook: it has no sheets", {
      file: label,
      hint:
        "the file may not be a workbook or may be damaged: open it in a spreadsheet program and save it as .xlsx",
    });
  }
  if (options.sheet !== undefined && !Object.hasOwn(workbook.Sheets, options.sheet)) {
    throw new InputError(`Sheet not found: "${options.sheet}"`, {
      file: label,
      hint: `pick one of: ${workbook.SheetNames.join(", ")}`,
    });
  }
  const name = options.sheet ?? chooseSheet(workbook, label, notes);
  const sheet = workbook.Sheets[name]!;
  if (!hasCells(sheet)) {
    const others = sheetsWithCells(workbook).filter((n) => n !== name);
    throw new InputError(
      `Sheet is empty: "${name}"${isChartSheet(sheet) ? " (a chart sheet)" : ""}`,
      {
        file: label,
        hint: others.length > 0
          ? `pick a sheet with data: --sheet ${quoteSheet(others[0]!)} (sheet: "${
            others[0]
          }"); sheets with data: ${others.map((n) => `"${n}"`).join(", ")}`
          : "put a header row in the first row of a sheet",
      },
    );
  }
  checkHeaderRow(options.headerRow, label);
  const ref = XLSX.utils.decode_range(sheet["!ref"] ?? "A1");
  if (options.headerRow === undefined) {
    const head = XLSX.utils.sheet_to_json<unknown[]>(sheet, {
      header: 1,
      raw: true,
      defval: null,
      blankrows: true,
      range: { s: ref.s, e: { r: Math.min(ref.e.r, ref.s.r + 50), c: ref.e.c } },
    });
    const found = findTitleRows(head, ref.s.r + 1);
    if (found !== undefined) throw titleRowsError(found, label, "row");
  } else if (options.headerRow - 1 > ref.e.r) {
    throw new InputError(
      `No header at row ${options.headerRow}: the sheet ends at row ${ref.e.r + 1}`,
      {
        file: label,
        hint: "give the row number of the header as the spreadsheet shows it",
      },
    );
  }
  const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, {
    header: 1,
    raw: true,
    defval: null,
    blankrows: false,
    ...(options.headerRow === undefined
      ? {}
      : { range: { s: { r: options.headerRow - 1, c: ref.s.c }, e: ref.e } }),
  });
  const header = rows[0];
  if (header === undefined || header.length === 0) {
    throw new InputError(`Sheet is empty: "${name}"`, {
      file: label,
      hint: "put a header row in the first row of the sheet",
    });
  }
  const merged = mergedRanges(sheet, options.headerRow ?? ref.s.r + 1);
  if (merged.length > 0) {
    const shown = merged.slice(0, 3).join(", ") + (merged.length > 3 ? ", …" : "");
    notes.push(
      `${merged.length} merged cell range${
        merged.length === 1 ? "" : "s"
      } in sheet "${name}" (${shown}): only the first cell of each holds the value, the others are read as blank; unmerge them and fill the value down in the spreadsheet if every row should have it`,
    );
  }
  const columns = new Map<string, unknown[]>();
  const names = header.map((
    h,
    i,
  ) => (h === null || String(h).trim() === "" ? `column${i}` : String(h).trim()));
  checkDuplicateHeader(names, label);
  names.forEach((n, j) => {
    const values = rows.slice(1).map((r) => r[j] ?? null);
    checkPhantomLeapDay(n, values, name, label);
    columns.set(n, values);
  });
  return columns;
}

/** A sheet with at least one cell (a chart sheet or an empty sheet has none). */
function hasCells(sheet: XLSX.WorkSheet): boolean {
  if (isChartSheet(sheet)) return false;
  for (const key in sheet) if (key[0] !== "!") return true;
  return false;
}

function isChartSheet(sheet: XLSX.WorkSheet): boolean {
  return (sheet as { "!type"?: string })["!type"] === "chart";
}

function sheetsWithCells(workbook: XLSX.WorkBook): string[] {
  return workbook.SheetNames.filter((n) => {
    const sheet = workbook.Sheets[n];
    return sheet !== undefined && Object.hasOwn(workbook.Sheets, n) && hasCells(sheet);
  });
}

/** How a sheet name is typed after `--sheet`. */
function quoteSheet(name: string): string {
  return /^[\w.-]+$/.test(name) ? name : `"${name.replaceAll('"', '\\"')}"`;
}

/** Rows in a sheet under its first row, from its range (a count to show, not exact). */
function rowsBelowHeader(sheet: XLSX.WorkSheet): number {
  const ref = sheet["!ref"];
  if (ref === undefined) return 0;
  const range = XLSX.utils.decode_range(ref);
  return Math.max(0, range.e.r - range.s.r);
}

/**
 * The sheet read when none is named: the first one with cells. When the
 * workbook has other sheets with data, a note says which was read, its size,
 * the others and how to pick one; a chart or empty sheet passed over is named.
 */
function chooseSheet(workbook: XLSX.WorkBook, label: string, notes: string[]): string {
  const withCells = sheetsWithCells(workbook);
  const first = workbook.SheetNames[0]!;
  const chosen = withCells[0];
  if (chosen === undefined) {
    throw new InputError(`Sheet is empty: "${first}"`, {
      file: label,
      hint: workbook.SheetNames.length > 1
        ? `no sheet holds data (${workbook.SheetNames.map((n) => `"${n}"`).join(", ")})`
        : "put a header row in the first row of the sheet",
    });
  }
  const skipped = workbook.SheetNames.slice(0, workbook.SheetNames.indexOf(chosen));
  const others = withCells.slice(1);
  if (skipped.length === 0 && others.length === 0) return chosen;
  const size = (n: string) => {
    const rows = rowsBelowHeader(workbook.Sheets[n]!);
    return `${rows.toLocaleString("en-US")} row${rows === 1 ? "" : "s"}`;
  };
  let note = `Read sheet "${chosen}" (${size(chosen)})`;
  if (skipped.length > 0) {
    note += `, passing over ${skipped.map((n) => `"${n}"`).join(", ")} (a chart or empty sheet)`;
  }
  if (others.length > 0) {
    const list = others.slice(0, 5).map((n) => `"${n}" (${size(n)})`).join(", ") +
      (others.length > 5 ? `, and ${others.length - 5} more` : "");
    note += `; the workbook also has ${list}: pick one with --sheet ${
      quoteSheet(others[0]!)
    } (sheet: "${others[0]}")`;
  }
  notes.push(note);
  return chosen;
}

/** Merged ranges that reach below the header row (`headerRow` 1-based), as A1 ranges. */
function mergedRanges(sheet: XLSX.WorkSheet, headerRow: number): string[] {
  return (sheet["!merges"] ?? [])
    .filter((m) => m.e.r > headerRow - 1 && (m.e.r > m.s.r || m.e.c > m.s.c))
    .map((m) => XLSX.utils.encode_range(m));
}

/**
 * Excel's day 60 is 1900-02-29, a day that never was (kept from Lotus 1-2-3).
 * SheetJS leaves it the number 60 among the column's dates, which would turn
 * the column into free text: refuse that cell, naming its column and row.
 */
function checkPhantomLeapDay(
  column: string,
  values: unknown[],
  sheet: string,
  label: string,
): void {
  if (!values.some((v) => v instanceof Date)) return;
  const i = values.findIndex((v) => typeof v === "number" && v >= 60 && v < 61);
  if (i < 0) return;
  throw new InputError("Date 1900-02-29 does not exist (Excel's day 60)", {
    file: label,
    column,
    row: i + 1,
    hint:
      `correct the date in sheet "${sheet}" (1900-02-28 or 1900-03-01), or leave the cell empty`,
  });
}

/**
 * Read an .xlsx (or .xls) file into an arquero table. The workbook is parsed
 * in a worker that is stopped after `timeoutMs`, since some damaged files send
 * the parser into an endless loop.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { loadXLSX } from "./read_xlsx.ts";
 * import { writeXLSX } from "./write_table.ts";
 * import * as aq from "arquero";
 * const path = (await Deno.makeTempDir()) + "/t.xlsx";
 * await writeXLSX(aq.table({ a: [1, 2] }), path);
 * deepEqual((await loadXLSX(path)).array("a"), [1, 2]);
 * ```
 */
export async function loadXLSX(path: string, options: ReadXLSXOptions = {}): Promise<ColumnTable> {
  const label = options.label ?? path;
  await checkReadable(path, label, { maxBytes: options.maxBytes ?? DEFAULT_XLSX_MAX_BYTES });
  const bytes = await Deno.readFile(path);
  const timeoutMs = options.timeoutMs ?? DEFAULT_XLSX_TIMEOUT_MS;
  const { onNote, ...cloneable } = options;
  const result = await parseInWorker(bytes, { ...cloneable, label }, timeoutMs);
  if ("error" in result) {
    // Whatever stopped the parser is the workbook's problem: an input error.
    throw inputErrorWithMessage(result.error.message, result.error);
  }
  for (const note of result.notes) onNote?.(note);
  return tableFromColumns(result.columns, label);
}

/** Reading a workbook is stopped after this long (the parser can loop forever on some damaged files). */
export const DEFAULT_XLSX_TIMEOUT_MS = 120_000;

type WorkerResult =
  | { columns: Map<string, unknown[]>; notes: string[] }
  | { error: PostedError };

function parseInWorker(
  bytes: Uint8Array,
  options: ReadXLSXOptions,
  timeoutMs: number,
): Promise<WorkerResult> {
  const worker = new Worker(new URL("./xlsx_worker.ts", import.meta.url), { type: "module" });
  return new Promise<WorkerResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new InputError(`Reading the workbook took longer than ${Math.round(timeoutMs / 1000)} s`, {
          file: options.label,
          hint:
            "the file may be damaged: open it in a spreadsheet program and save it again as .xlsx",
        }),
      );
    }, timeoutMs);
    worker.onmessage = (event: MessageEvent<WorkerResult>) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      clearTimeout(timer);
      reject(
        new InputError(`Cannot read workbook: ${event.message}`, {
          file: options.label,
          hint: "the file may be damaged: open it in a spreadsheet program and save it again",
        }),
      );
    };
    worker.postMessage({ bytes, options }, [bytes.buffer]);
  }).finally(() => worker.terminate());
}
