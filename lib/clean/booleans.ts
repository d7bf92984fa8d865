/**
 * Yes/no columns to 1/0. Accepted spellings, in any case: Y/N, Yes/No,
 * TRUE/FALSE, T/F, 1/0 (also real booleans and the numbers 1 and 0 from
 * typed sources). Blanks stay missing. Anything else is an error naming the
 * file, column, row and value — a new spelling should be looked at, not guessed.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { requireColumn } from "./aliases.ts";

const TRUE = new Set(["y", "yes", "true", "t", "1", "1.0"]);
const FALSE = new Set(["n", "no", "false", "f", "0", "0.0"]);

/** Where a value came from, for the error message. */
export interface BooleanLocation {
  file?: string;
  column?: string;
  row?: number;
}

/**
 * One yes/no value as 1, 0 or null (blank).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { parseBoolean } from "./booleans.ts";
 * deepEqual([parseBoolean("Yes"), parseBoolean("n"), parseBoolean(true), parseBoolean("")], [1, 0, 1, null]);
 * ```
 */
export function parseBoolean(value: unknown, where: BooleanLocation = {}): 0 | 1 | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number" && (value === 0 || value === 1)) return value;
  if (typeof value === "number" && Number.isNaN(value)) return null;
  const text = String(value).trim().toLowerCase();
  if (text === "") return null;
  if (TRUE.has(text)) return 1;
  if (FALSE.has(text)) return 0;
  throw new InputError(`Unknown yes/no value ${JSON.stringify(String(value))}`, {
    ...where,
    hint: "use Y/N, Yes/No, TRUE/FALSE or 1/0 (any case), or leave the cell empty",
  });
}

/** Options for {@link standardiseBooleans}. */
export interface StandardiseBooleansOptions {
  /** Column with each row's file name (default "source_file", used when present). */
  fileColumn?: string;
  /** Column with each row's 1-based row in its file (default "source_row"). */
  rowColumn?: string;
  /** Per file, canonical column → header in that file, to name the original header in errors. */
  headers?: Record<string, Record<string, string>>;
}

/**
 * Convert yes/no columns of a table to 1/0 (null stays null).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { standardiseBooleans } from "./booleans.ts";
 * const t = standardiseBooleans(aq.table({ card: ["Y", "no", "TRUE", 0] }), ["card"]);
 * deepEqual(t.array("card"), [1, 0, 1, 0]);
 * ```
 */
export function standardiseBooleans(
  table: ColumnTable,
  columns: readonly string[],
  options: StandardiseBooleansOptions = {},
): ColumnTable {
  const names = table.columnNames();
  const fileColumn = options.fileColumn ?? "source_file";
  const rowColumn = options.rowColumn ?? "source_row";
  const files = names.includes(fileColumn) ? table.array(fileColumn) as ArrayLike<unknown> : null;
  const rows = names.includes(rowColumn) ? table.array(rowColumn) as ArrayLike<unknown> : null;
  const out: Record<string, (0 | 1 | null)[]> = {};
  for (const column of columns) {
    requireColumn(table, column);
    const values = table.array(column) as ArrayLike<unknown>;
    const converted = new Array<0 | 1 | null>(values.length);
    for (let i = 0; i < values.length; i++) {
      const file = files ? String(files[i]) : undefined;
      const header = file !== undefined ? options.headers?.[file]?.[column] ?? column : column;
      converted[i] = parseBoolean(values[i], {
        file,
        column: header,
        row: rows ? Number(rows[i]) : i + 1,
      });
    }
    out[column] = converted;
  }
  return table.assign(aq.table(out));
}

/** The `headers` option of {@link standardiseBooleans} from a consolidation's sources. */
export function headersBySource(
  sources: readonly { file: string; matched: Record<string, string> }[],
): Record<string, Record<string, string>> {
  return Object.fromEntries(sources.map((s) => [s.file, s.matched]));
}
