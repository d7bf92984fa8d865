/**
 * What a column holds, read the way a person would: numbers, text levels,
 * dates (ISO, `dd-mm-yyyy` or `mm-dd-yyyy`, settled by the data) or nothing.
 * Missing means `null`, `undefined`, `NaN` or a blank string.
 *
 * @module
 */
import { InputError } from "../errors.ts";

// Where a column is read without a copy; exported here too, with the columns' other readers.
export { columnValues } from "../column_array.ts";

/** The type a column was read as. */
export type ColumnType = "number" | "text" | "date" | "empty";

/** Order of day and month in a text date. */
export type DayMonthOrder = "iso" | "dmy" | "mdy";

/** True for a missing cell: null, undefined, NaN or blank text. */
export function isMissingCell(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) ||
    (typeof v === "string" && v.trim() === "");
}

const DMY = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;

/** How a column's dates are written, or why they cannot be read. */
export type DateReading =
  | { ok: true; order: DayMonthOrder }
  | { ok: false; reason: string };

/**
 * The type of a column from its values: numbers (and booleans) are
 * "number", Date objects and text that is all dates are "date", other text
 * is "text", and a column with nothing in it is "empty".
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { columnType } from "./column_values.ts";
 * equal(columnType([1, null, 3]), "number");
 * equal(columnType(["04-09-2012", "08-03-2014", ""]), "date");
 * equal(columnType(["PhD", "Master"]), "text");
 * ```
 */
export function columnType(values: ArrayLike<unknown>): ColumnType {
  if (values instanceof Float64Array || values instanceof Int32Array) {
    for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) return "number";
    return "empty";
  }
  let numbers = 0, dates = 0, texts = 0, dateTexts = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissingCell(v)) continue;
    if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") numbers++;
    else if (v instanceof Date) dates++;
    else {
      texts++;
      const s = String(v).trim();
      if (DMY.test(s) || ISO.test(s)) dateTexts++;
    }
  }
  if (numbers + dates + texts === 0) return "empty";
  if (texts === 0 && dates === 0) return "number";
  if (texts === 0 && numbers === 0) return "date";
  if (numbers === 0 && dateTexts === texts) return "date";
  return "text";
}

/**
 * Whether a date column is ISO, day first or month first: a day above 12 in
 * the first place settles day first, in the second place month first; when
 * no value settles it (or `order` is given) the given order is used.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { readDateOrder } from "./column_values.ts";
 * deepEqual(readDateOrder(["04-09-2012", "21-08-2013"]), { ok: true, order: "dmy" });
 * equal(readDateOrder(["04-09-2012"]).ok, false);
 * ```
 */
export function readDateOrder(values: ArrayLike<unknown>, order?: "dmy" | "mdy"): DateReading {
  let firstOver12 = false, secondOver12 = false, textual = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissingCell(v) || v instanceof Date) continue;
    const s = String(v).trim();
    const m = DMY.exec(s);
    if (m === null) continue;
    textual = true;
    if (Number(m[1]) > 12) firstOver12 = true;
    if (Number(m[2]) > 12) secondOver12 = true;
  }
  if (!textual) return { ok: true, order: "iso" };
  if (order !== undefined) return { ok: true, order };
  if (firstOver12 && secondOver12) {
    return { ok: false, reason: "dates with a day above 12 in both the first and second place" };
  }
  if (firstOver12) return { ok: true, order: "dmy" };
  if (secondOver12) return { ok: true, order: "mdy" };
  return {
    ok: false,
    reason: "no value settles whether the day or the month comes first",
  };
}

/**
 * A cell as milliseconds since 1970 (UTC), NaN when missing; throws an
 * {@link InputError} for text that is not a date in the given order.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { dateValue } from "./column_values.ts";
 * equal(dateValue("21-08-2013", "dmy"), Date.UTC(2013, 7, 21));
 * ```
 */
export function dateValue(
  v: unknown,
  order: DayMonthOrder,
  where: { file?: string; column?: string; row?: number } = {},
): number {
  if (isMissingCell(v)) return NaN;
  if (v instanceof Date) return v.getTime();
  const s = String(v).trim();
  let y: number, mo: number, d: number;
  const iso = ISO.exec(s);
  const dmy = DMY.exec(s);
  if (iso !== null) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (dmy !== null && order !== "iso") {
    const [a, b] = [Number(dmy[1]), Number(dmy[2])];
    [y, mo, d] = order === "dmy" ? [Number(dmy[3]), b, a] : [Number(dmy[3]), a, b];
  } else {
    throw new InputError(`Not a date: ${JSON.stringify(s)}`, {
      ...where,
      hint: "write dates as YYYY-MM-DD, dd-mm-yyyy or mm-dd-yyyy, or leave the cell empty",
    });
  }
  const t = Date.UTC(y, mo - 1, d);
  const check = new Date(t);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new InputError(`Not a calendar date: ${JSON.stringify(s)}`, {
      ...where,
      hint: order === "iso"
        ? "correct the date or leave the cell empty"
        : `read as ${order === "dmy" ? "day-month-year" : "month-day-year"}; correct the date, ` +
          "or give the other order with --date-format",
    });
  }
  return t;
}

/** The text form of a level: trimmed; numbers and booleans as written. */
export function levelText(v: unknown): string {
  return String(v).trim();
}
