/**
 * Where the header is: exports from CRMs and spreadsheets often put a title,
 * a date or a blank line above the real header ("Customer export", "Generated
 * 2024-01-31"), and files joined together repeat the header in the middle.
 * Read as they are, both give a table of text and "No numeric columns". These
 * checks find them and say where, so the user can delete the lines or name
 * the header's row (`headerRow`, `--header-row N`).
 *
 * @module
 */
import { InputError } from "../errors.ts";

/** Lines or rows looked at for title rows above the header. */
const LOOK = 50;

/** Title rows found above a header. */
export interface TitleRows {
  /** 1-based line (CSV) or sheet row (workbook) of the header. */
  headerRow: number;
  /** The header's names. */
  header: string[];
}

/**
 * Title lines above the header in the first lines of a delimited text: the
 * first record(s) have fewer fields than a later record, from which every
 * record has the same number of fields (two or more). Quoted fields (with
 * delimiters or newlines inside) count as one.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { findTitleLines } from "./header_row.ts";
 * equal(findTitleLines("Customer export\n\nid,age\n1,34\n2,41\n")?.headerRow, 3);
 * equal(findTitleLines("id,age\n1,34\n"), undefined);
 * ```
 */
export function findTitleLines(
  text: string,
  delimiters = [",", ";", "\t", "|"],
): TitleRows | undefined {
  const split = delimiters.map((delimiter) => ({
    delimiter,
    records: splitRecords(text, delimiter),
  }));
  // A file that is one even table from its first line under some delimiter has
  // no title rows: a `;` file with decimal commas (`1;86,75;Berlin`) splits
  // evenly by ",", which made its header look like a title.
  if (split.some(({ records }) => evenFromFirstLine(records.map((r) => r.fields)))) {
    return undefined;
  }
  let best: TitleRows | undefined;
  let bestWidth = 0;
  for (const { delimiter, records } of split) {
    // ";" and "|" also turn up inside unquoted text values: ask for three columns there.
    const found = titleRowsIn(records.map((r) => r.fields), (i) => records[i]!.line, {
      minWidth: delimiter === "," || delimiter === "\t" ? 2 : 3,
    });
    if (found !== undefined && found.header.length > bestWidth) {
      best = found;
      bestWidth = found.header.length;
    }
  }
  return best;
}

/**
 * True when the first record has two or more fields and every later record
 * (blank ones aside, the last one possibly cut by the sample) has as many, with
 * at least one such record: the first line is a header over even data.
 */
function evenFromFirstLine(records: string[][]): boolean {
  const widths = records.map((r) => (r.length === 1 && r[0]!.trim() === "" ? 0 : r.length));
  const w = widths[0] ?? 0;
  if (w < 2) return false;
  const rest = widths.slice(1, widths.length > 2 ? -1 : undefined);
  return rest.some((n) => n === w) && rest.every((n) => n === 0 || n === w);
}

/**
 * Title rows above the header in a sheet's first rows (`rows[i]` is sheet row
 * `firstRow + i`, 1-based, blank rows included).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { findTitleRows } from "./header_row.ts";
 * equal(findTitleRows([["Customers", null], [null, null], ["id", "age"], [1, 34], [2, 41]], 1)?.headerRow, 3);
 * ```
 */
export function findTitleRows(rows: readonly unknown[][], firstRow: number): TitleRows | undefined {
  const cells = rows.slice(0, LOOK).map((r) =>
    r.map((v) => (v === null || v === undefined ? "" : String(v).trim()))
  );
  return titleRowsIn(cells, (i) => firstRow + i, { trailingBlanks: true });
}

/**
 * The shared rule: `W` = the most non-empty cells in a record; the header is
 * the first record with `W`; title rows above it have at most half as many
 * (typically one) and there is at least one of them; after it every record
 * is as wide as the header (text), or at least has a value (a sheet).
 */
function titleRowsIn(
  records: string[][],
  rowOf: (index: number) => number,
  options: { trailingBlanks?: boolean; minWidth?: number } = {},
): TitleRows | undefined {
  const width = (r: string[]) =>
    options.trailingBlanks
      ? r.filter((v) => v !== "").length
      : (r.length === 1 && r[0] === "" ? 0 : r.length);
  const widths = records.slice(0, LOOK).map(width);
  const w = Math.max(0, ...widths);
  if (w < (options.minWidth ?? 2)) return undefined;
  const h = widths.indexOf(w);
  if (h <= 0) return undefined;
  const above = widths.slice(0, h);
  if (!above.some((n) => n > 0) || above.some((n) => n > Math.max(1, w / 2))) return undefined;
  const below = widths.slice(h + 1);
  // Text: every later record as wide as the header (the last may be cut by the sample).
  if (!options.trailingBlanks && below.slice(0, -1).some((n) => n !== 0 && n !== w)) {
    return undefined;
  }
  // Data follows: at least two records after the header with values in them.
  if (below.filter((n) => n > 0).length < 2) return undefined;
  const cells = records[h]!.map((v) => v.trim());
  const header = options.trailingBlanks ? cells.filter((v) => v !== "") : cells;
  // A header holds names: none empty, none a number, no two the same.
  const keys = header.map((v) => v.toLowerCase());
  if (keys.some((v) => v === "" || Number.isFinite(Number(v)))) return undefined;
  if (new Set(keys).size !== keys.length) return undefined;
  return { headerRow: rowOf(h), header };
}

/** Records of delimited text with their 1-based starting line, quotes respected. */
function splitRecords(text: string, delimiter: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length && records.length < LOOK; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = "";
      line++;
      start = line;
    } else field += ch;
  }
  if ((field !== "" || fields.length > 0) && records.length < LOOK) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records;
}

/**
 * The error for title rows above the header, naming the header's row.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { titleRowsError } from "./header_row.ts";
 * const message = titleRowsError({ headerRow: 4, header: ["id", "age"] }, "x.csv", "line").message;
 * ok(message.startsWith("Title rows above the header: the header looks like line 4 (id, age) (file x.csv)."));
 * ok(message.includes("Delete the 3 lines above it"));
 * ```
 */
export function titleRowsError(
  found: TitleRows,
  label: string,
  unit: "line" | "row",
  options: { option?: boolean } = {},
): InputError {
  const above = found.headerRow - 1;
  const names = found.header.slice(0, 6).join(", ") + (found.header.length > 6 ? ", …" : "");
  const lines = `${above} ${unit}${above === 1 ? "" : "s"}`;
  return new InputError(
    `Title rows above the header: the header looks like ${unit} ${found.headerRow} (${names})`,
    {
      file: label,
      hint: options.option === false
        ? `delete the ${lines} above it and save again`
        : `delete the ${lines} above it, or give the header's ${unit} (--header-row ${found.headerRow}, headerRow: ${found.headerRow}; 1 if ${unit} 1 is the header)`,
    },
  );
}

/**
 * Refuse a `headerRow` that is not a whole number from 1 (a number parsed
 * from text that was not one, NaN, is "not a number", never "NaN").
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkHeaderRow } from "./header_row.ts";
 * checkHeaderRow(3, "x.csv"); // a whole number from 1: no error
 * throws(() => checkHeaderRow(Number("abc"), "x.csv"), { message: /^Invalid header row: not a whole number/ });
 * ```
 */
export function checkHeaderRow(headerRow: number | undefined, label?: string): void {
  if (headerRow === undefined) return;
  if (!Number.isInteger(headerRow) || headerRow < 1) {
    const shown = Number.isInteger(headerRow) ? String(headerRow) : "not a whole number";
    throw new InputError(`Invalid header row: ${shown}`, {
      ...(label === undefined ? {} : { file: label }),
      hint: HEADER_ROW_HINT,
    });
  }
}

const HEADER_ROW_HINT =
  "give the header's line or row number as a whole number from 1 (--header-row 3, headerRow: 3)";

/**
 * Read a header row given as text (`--header-row 3`), refusing anything but a
 * whole number from 1 and naming what was given.
 *
 * @example
 * ```ts
 * import { equal, throws } from "node:assert/strict";
 * import { parseHeaderRow } from "./header_row.ts";
 * equal(parseHeaderRow(" 3 "), 3);
 * equal(parseHeaderRow(undefined), undefined);
 * throws(() => parseHeaderRow("abc"), { message: /^Invalid header row: "abc"/ });
 * ```
 */
export function parseHeaderRow(text: string | undefined, label?: string): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || !Number.isSafeInteger(Number(trimmed))) {
    const shown = trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
    throw new InputError(`Invalid header row: "${shown}"`, {
      ...(label === undefined ? {} : { file: label }),
      hint: HEADER_ROW_HINT,
    });
  }
  return Number(trimmed);
}

/**
 * The first data row that repeats the header (every value equal to its
 * column's name, ignoring case and spaces), 1-based; `undefined` when none
 * does. Files joined together often carry one header per part.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { repeatedHeaderRow } from "./header_row.ts";
 * equal(repeatedHeaderRow(["id", "age"], [["1", "id", "2"], ["34", "Age", "41"]]), 2);
 * ```
 */
export function repeatedHeaderRow(
  names: readonly string[],
  columns: readonly ArrayLike<unknown>[],
): number | undefined {
  if (names.length === 0 || columns.some((c) => !Array.isArray(c))) return undefined;
  const keys = names.map((n) => n.trim().toLowerCase());
  const first = columns[0] as unknown[];
  for (let i = 0; i < first.length; i++) {
    const v = first[i];
    if (typeof v !== "string" || v.trim().toLowerCase() !== keys[0]) continue;
    let all = true;
    for (let j = 1; j < columns.length && all; j++) {
      const w = (columns[j] as unknown[])[i];
      all = typeof w === "string" && w.trim().toLowerCase() === keys[j];
    }
    if (all) return i + 1;
  }
  return undefined;
}
