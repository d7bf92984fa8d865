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

/** Make a text cell safe to open in a spreadsheet. Numbers pass through. */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d[\d.,eE+-]*$/.test(value) ? `'${value}` : value;
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
  const lines = [names.map(quoteCSV).join(",")];
  for (let i = 0; i < table.numRows(); i++) {
    lines.push(columns.map((c) => quoteCSV(cellText(c[i]))).join(","));
  }
  return lines.join("\n") + "\n";
}

/** Write a table as CSV, atomically. */
export async function writeCSV(table: ColumnTable, path: string): Promise<void> {
  await writeFileAtomic(path, toCSV(table));
}

/** Options for XLSX output. */
export interface WriteXLSXOptions {
  /** Sheet name, default "Data". */
  sheet?: string;
  /** File mode, e.g. 0o600 for owner-only. */
  mode?: number;
}

/**
 * Encode a table as XLSX bytes (one sheet). The workbook's timestamps are
 * fixed so the same table gives byte-identical bytes.
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

/** Write a table as XLSX, atomically. */
export async function writeXLSX(
  table: ColumnTable,
  path: string,
  options: WriteXLSXOptions = {},
): Promise<void> {
  await writeFileAtomic(path, toXLSX(table, options), { mode: options.mode });
}
