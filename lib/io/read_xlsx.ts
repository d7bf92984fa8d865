/**
 * XLSX reading with SheetJS: the first sheet or a named one, first row as
 * header. `fromXLSX` parses bytes; `loadXLSX` reads a file.
 *
 * @module
 */
import * as XLSX from "xlsx";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { checkReadable, tableFromColumns } from "./table_columns.ts";

/** Options for reading a workbook. */
export interface ReadXLSXOptions {
  /** Sheet name; defaults to the first sheet. */
  sheet?: string;
  /** Name to use for the source in error messages. */
  label?: string;
}

/**
 * Parse workbook bytes into an arquero table.
 *
 * @example
 * ```ts
 * import { fromXLSX } from "./read_xlsx.ts";
 * import * as XLSX from "xlsx";
 * const wb = XLSX.utils.book_new();
 * XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([["a"], [1], [2]]), "Data");
 * const bytes = XLSX.write(wb, { type: "array", bookType: "xlsx" });
 * fromXLSX(new Uint8Array(bytes)).numRows(); // 2
 * ```
 */
export function fromXLSX(bytes: Uint8Array, options: ReadXLSXOptions = {}): ColumnTable {
  const label = options.label ?? "workbook";
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: "array",
      cellDates: true,
      cellFormula: false,
      cellHTML: false,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = /password|encrypt/i.test(reason)
      ? "remove the password in your spreadsheet program and save again"
      : "open it in a spreadsheet program and save it again as .xlsx";
    throw new InputError(`Cannot read workbook: ${reason}`, { file: label, hint });
  }
  const name = options.sheet ?? workbook.SheetNames[0];
  const sheet = name === undefined ? undefined : workbook.Sheets[name];
  if (name === undefined || sheet === undefined || !Object.hasOwn(workbook.Sheets, name)) {
    throw new InputError(`Sheet not found: "${options.sheet ?? ""}"`, {
      file: label,
      hint: `pick one of: ${workbook.SheetNames.join(", ")}`,
    });
  }
  const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, {
    header: 1,
    raw: true,
    defval: null,
    blankrows: false,
  });
  const header = rows[0];
  if (header === undefined || header.length === 0) {
    throw new InputError(`Sheet is empty: "${name}"`, {
      file: label,
      hint: "put a header row in the first row of the sheet",
    });
  }
  const columns = new Map<string, unknown[]>();
  const names = header.map((
    h,
    i,
  ) => (h === null || String(h).trim() === "" ? `column${i}` : String(h).trim()));
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) {
      throw new InputError(`Duplicate column name: "${n}"`, {
        file: label,
        hint: "rename one of the columns so every header is unique",
      });
    }
    seen.add(n);
  }
  names.forEach((n, j) => columns.set(n, rows.slice(1).map((r) => r[j] ?? null)));
  return tableFromColumns(columns, label);
}

/** Read an .xlsx file into an arquero table. */
export async function loadXLSX(path: string, options: ReadXLSXOptions = {}): Promise<ColumnTable> {
  const label = options.label ?? path;
  await checkReadable(path, label);
  return fromXLSX(await Deno.readFile(path), { ...options, label });
}
