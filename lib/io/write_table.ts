/**
 * Write tables as CSV or XLSX, atomically. Text cells that a spreadsheet
 * would run as a formula (leading `=`, `+`, `-`, `@`, tab or carriage return)
 * are prefixed with `'` so they stay text.
 *
 * @module
 */
import * as XLSX from "xlsx";
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
 * import { xlsxFits } from "./write_table.ts";
 * xlsxFits(100).fits; // true
 * xlsxFits(1_100_000); // { fits: false, reason: "1,100,000 rows are more than an Excel sheet holds (1,048,575 under the header)" }
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
 * import * as aq from "arquero";
 * import { csvAndXLSX } from "./write_table.ts";
 * const out = csvAndXLSX(aq.table({ a: [1, 2, 3] }), "segments", { maxRows: 2 });
 * Object.keys(out.files); // ["segments.csv"]
 * out.xlsx; // { written: false, reason: "segments.xlsx not written: 3 rows are more than an Excel sheet holds (2 under the header); every row is in segments.csv" }
 * ```
 */
export function csvAndXLSX(
  table: ColumnTable,
  base: string,
  options: XLSXLimitOptions & WriteXLSXOptions = {},
): TableFiles {
  const files: Record<string, string | Uint8Array> = { [`${base}.csv`]: toCSV(table) };
  const fit = xlsxFits(table.numRows(), options);
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
 * Make a text cell safe to open in a spreadsheet: text starting with `=`,
 * `+`, `-`, `@`, tab or carriage return gets a leading `'`. Numbers written as
 * text (`-5`, `+1.5`, `-1,234.5`, `2e-3`) pass through unchanged.
 *
 * @example
 * ```ts
 * import { neutraliseFormula } from "./write_table.ts";
 * neutraliseFormula("=HYPERLINK(\"http://x\")"); // "'=HYPERLINK(\"http://x\")"
 * neutraliseFormula("-5"); // "-5"
 * ```
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d(?:[\d.,]*\d)?(?:[eE][+-]?\d+)?$/.test(value)
    ? `'${value}`
    : value;
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

/**
 * Format a table as CSV text (comma-separated, `\n` line ends, header row).
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { toCSV } from "./write_table.ts";
 * toCSV(aq.table({ name: ["=1+1", "Ann"], n: [1, 2] })); // "name,n\n'=1+1,1\nAnn,2\n"
 * ```
 */
export function toCSV(table: ColumnTable): string {
  const names = table.columnNames();
  const columns = names.map((n) => table.array(n) as ArrayLike<unknown>);
  const lines = [names.map((n) => quoteCSV(neutraliseFormula(n))).join(",")];
  for (let i = 0; i < table.numRows(); i++) {
    lines.push(columns.map((c) => quoteCSV(cellText(c[i]))).join(","));
  }
  return lines.join("\n") + "\n";
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
 * import * as aq from "arquero";
 * import { writeCSV } from "./write_table.ts";
 * const dir = await Deno.makeTempDir();
 * await writeCSV(aq.table({ a: [1] }), `${dir}/out.csv`, { inputs: [`${dir}/in.csv`] });
 * ```
 */
export async function writeCSV(
  table: ColumnTable,
  path: string,
  options: WriteCSVOptions = {},
): Promise<void> {
  await writeFileAtomic(path, toCSV(table), options);
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
 * Encode a table as XLSX bytes (one sheet). The workbook's timestamps are
 * fixed so the same table gives byte-identical bytes. A table with more rows
 * than a sheet holds is an {@link InputError} (check first with
 * {@link xlsxFits}, or use {@link csvAndXLSX}, to write the CSV alone).
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { toXLSX } from "./write_table.ts";
 * toXLSX(aq.table({ a: [1] })).length > 0; // true
 * ```
 */
export function toXLSX(table: ColumnTable, options: WriteXLSXOptions = {}): Uint8Array {
  const fit = xlsxFits(table.numRows(), options);
  if (!fit.fits) {
    throw new InputError(`Too many rows for an XLSX file: ${fit.reason}`, {
      hint: "write the table as CSV instead, or filter it below the limit",
    });
  }
  const names = table.columnNames();
  const columns = names.map((n) => table.array(n) as ArrayLike<unknown>);
  const rows: unknown[][] = [names.map(neutraliseFormula)];
  for (let i = 0; i < table.numRows(); i++) {
    rows.push(columns.map((c) => {
      const v = c[i];
      if (v === null || v === undefined) return null;
      if (typeof v === "number") return Number.isFinite(v) ? v : null;
      if (v instanceof Date) return formatDate(v);
      return neutraliseFormula(String(v));
    }));
  }
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows), options.sheet ?? "Data");
  workbook.Props = { CreatedDate: new Date(0), ModifiedDate: new Date(0) } as XLSX.FullProperties;
  const out = XLSX.write(workbook, { type: "array", bookType: "xlsx", compression: true });
  return new Uint8Array(out as ArrayBuffer);
}

/**
 * Write a table as XLSX, atomically.
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { writeXLSX } from "./write_table.ts";
 * const dir = await Deno.makeTempDir();
 * await writeXLSX(aq.table({ a: [1] }), `${dir}/lookup.xlsx`, { mode: 0o600 });
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
