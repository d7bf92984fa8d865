/**
 * Write tables as CSV or XLSX, atomically. Text cells that a spreadsheet
 * would run as a formula (leading `=`, `+`, `-`, `@`, tab or carriage return)
 * are prefixed with `'` so they stay text.
 *
 * @module
 */
import * as XLSX from "xlsx";
import type { ColumnTable } from "arquero";
import { writeFileAtomic } from "./atomic_write.ts";

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
export interface WriteXLSXOptions {
  /** Sheet name, default "Data". */
  sheet?: string;
  /** File mode, e.g. 0o600 for owner-only. */
  mode?: number;
  /** Input files the output must never replace. */
  inputs?: readonly string[];
}

/**
 * Encode a table as XLSX bytes (one sheet). The workbook's timestamps are
 * fixed so the same table gives byte-identical bytes.
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { toXLSX } from "./write_table.ts";
 * toXLSX(aq.table({ a: [1] })).length > 0; // true
 * ```
 */
export function toXLSX(table: ColumnTable, options: WriteXLSXOptions = {}): Uint8Array {
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
