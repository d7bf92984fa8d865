/**
 * Consolidate several files that describe the same things under different
 * headers into one table with the canonical schema of an alias map. Every
 * row keeps where it came from (`source_file`, `source_row`) so later errors
 * and violation tables can point at the original line. Headers that match no
 * alias are reported, never silently dropped.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { basename } from "node:path";
import { InputError } from "../errors.ts";
import { readTable } from "../io/read_table.ts";
import { type AliasMap, type CanonicalType, type HeaderMatch, matchHeaders } from "./aliases.ts";

/** Order of day, month and year in dates written as text, e.g. "dmy" for 31/12/1990. */
export type DateOrder = "ymd" | "dmy" | "mdy";

/** One source file and how to read it. */
export interface SourceFile {
  path: string;
  /** Force a delimiter for text files (otherwise sniffed). */
  delimiter?: string;
  /** Sheet of a workbook (default the first). */
  sheet?: string;
  /** How dates written as text are ordered (default "ymd"). */
  dateOrder?: DateOrder;
}

/** A source already read into a table (for tests and in-memory data). */
export interface SourceTable {
  name: string;
  table: ColumnTable;
  dateOrder?: DateOrder;
}

/** What consolidation found in one source. */
export interface SourceReport extends HeaderMatch {
  file: string;
  rows: number;
}

/** The consolidated table and what happened to every source's columns. */
export interface Consolidation {
  /** `source_file`, `source_row`, then the canonical columns in schema order. */
  table: ColumnTable;
  sources: SourceReport[];
  /** Every header that matched no alias, with its file. */
  unmatched: { file: string; column: string }[];
}

/**
 * Read the files and consolidate them (see {@link consolidateTables}).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { consolidateFiles } from "./consolidate.ts";
 * import { MEMBER_ALIASES } from "./aliases.ts";
 * const path = (await Deno.makeTempDir()) + "/data.csv";
 * await Deno.writeTextFile(path, "NRIC,Given Name,Fax\nS1,Ann,123\n");
 * const { table, unmatched } = await consolidateFiles([{ path }], MEMBER_ALIASES);
 * equal(table.numRows(), 1);
 * equal(unmatched[0]?.column, "Fax");
 * ```
 */
export async function consolidateFiles(
  files: readonly SourceFile[],
  schema: AliasMap,
): Promise<Consolidation> {
  const sources: SourceTable[] = [];
  for (const file of files) {
    const table = await readTable(file.path, { delimiter: file.delimiter, sheet: file.sheet });
    sources.push({ name: basename(file.path), table, dateOrder: file.dateOrder });
  }
  return consolidateTables(sources, schema);
}

/**
 * Bring tables with disagreeing headers into one canonical schema: headers
 * are matched through the alias map, values converted by the canonical type
 * (numbers may carry thousands separators or a currency sign; dates may be
 * date cells or text in the source's date order). A value that cannot be
 * converted is an {@link InputError} naming the file, column and row.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { consolidateTables } from "./consolidate.ts";
 * const schema = [{ name: "income", aliases: ["Annual Income", "Income"], type: "number" as const }];
 * const { table } = consolidateTables([
 *   { name: "a.csv", table: aq.table({ "Annual Income": [52000] }) },
 *   { name: "b.csv", table: aq.table({ Income: ["61,500"] }) },
 * ], schema);
 * deepEqual(table.array("income"), [52000, 61500]);
 * ```
 */
export function consolidateTables(
  sources: readonly SourceTable[],
  schema: AliasMap,
): Consolidation {
  if (sources.length === 0) {
    throw new InputError("No source files given", {
      hint: "list at least one file to consolidate",
    });
  }
  const columns = new Map<string, unknown[]>([["source_file", []], ["source_row", []]]);
  for (const c of schema) columns.set(c.name, []);
  const reports: SourceReport[] = [];
  for (const source of sources) {
    const match = matchHeaders(source.table.columnNames(), schema, { file: source.name });
    for (const name of match.missing) {
      if (schema.find((c) => c.name === name)?.required) {
        throw new InputError(`Required column missing: "${name}"`, {
          file: source.name,
          hint: `add a column named one of: ${
            schema.find((c) => c.name === name)!.aliases.join(", ")
          }, or add its header to the alias map`,
        });
      }
    }
    const rows = source.table.numRows();
    reports.push({ file: source.name, rows, ...match });
    for (let i = 0; i < rows; i++) {
      columns.get("source_file")!.push(source.name);
      columns.get("source_row")!.push(i + 1);
    }
    for (const c of schema) {
      const out = columns.get(c.name)!;
      const header = match.matched[c.name];
      if (header === undefined) {
        for (let i = 0; i < rows; i++) out.push(null);
        continue;
      }
      const values = source.table.array(header) as ArrayLike<unknown>;
      for (let i = 0; i < rows; i++) {
        out.push(convert(values[i], c.type, {
          file: source.name,
          column: header,
          row: i + 1,
          dateOrder: source.dateOrder ?? "ymd",
        }));
      }
    }
  }
  const unmatched = reports.flatMap((r) => r.unmatched.map((column) => ({ file: r.file, column })));
  return { table: aq.table(columns), sources: reports, unmatched };
}

interface Where {
  file: string;
  column: string;
  row: number;
  dateOrder: DateOrder;
}

function convert(value: unknown, type: CanonicalType, where: Where): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" && value.trim() === "") return null;
  switch (type) {
    case "raw":
      return typeof value === "string" ? value.trim() : value;
    case "string":
      return value instanceof Date ? formatISODate(value) : String(value).trim();
    case "number":
      return parseNumber(value, where);
    case "date":
      return parseDate(value, where);
  }
}

/**
 * Read a number written with thousands separators, a currency sign or
 * spaces ("$52,300", "52 300"). Returns null for blanks.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { parseNumber } from "./consolidate.ts";
 * equal(parseNumber("$52,300.50"), 52300.5);
 * ```
 */
export function parseNumber(
  value: unknown,
  where: Partial<Omit<Where, "dateOrder">> = {},
): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    if (Number.isNaN(value)) return null;
  }
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") {
    const text = value.trim().replace(/^[$€£]\s*/, "").replace(/[\s,](?=\d{3}(\D|$))/g, "");
    if (text === "") return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  }
  throw new InputError(`Not a number: ${JSON.stringify(String(value))}`, {
    ...where,
    hint: "fix the value in the file or leave the cell empty",
  });
}

/**
 * Read a date from a date cell or text ("1990-12-31", or "31/12/1990" with
 * order "dmy"). Returns a Date at UTC midnight, or null for blanks.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { parseDate } from "./consolidate.ts";
 * equal(parseDate("31/12/1990", { dateOrder: "dmy" })?.toISOString(), "1990-12-31T00:00:00.000Z");
 * ```
 */
export function parseDate(value: unknown, where: Partial<Where> = {}): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    // DuckDB gives UTC midnight; SheetJS gives local midnight. Keep the calendar day.
    const utcMidnight = value.getUTCHours() === 0 && value.getUTCMinutes() === 0;
    return utcMidnight
      ? new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate()))
      : new Date(Date.UTC(value.getFullYear(), value.getMonth(), value.getDate()));
  }
  const text = String(value).trim();
  if (text === "") return null;
  const parts = text.match(/^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:[T ].*)?$/);
  if (parts) {
    const [a, b, c] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
    const order = parts[1]!.length === 4 ? "ymd" : where.dateOrder ?? "ymd";
    const [y, m, d] = order === "ymd" ? [a, b, c] : order === "dmy" ? [c, b, a] : [c, a, b];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d) {
      return date;
    }
  }
  throw new InputError(`Not a date: ${JSON.stringify(text)}`, {
    file: where.file,
    column: where.column,
    row: where.row,
    hint: `write dates as ${
      where.dateOrder === "dmy"
        ? "DD/MM/YYYY"
        : where.dateOrder === "mdy"
        ? "MM/DD/YYYY"
        : "YYYY-MM-DD"
    } or leave the cell empty`,
  });
}

function formatISODate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
