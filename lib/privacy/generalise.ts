/**
 * Generalisation of quasi-identifiers: values that do not name a person but
 * can single one out in combination (birth date, postcode, income). A birth
 * date becomes a birth year; optionally years become 5-year bands and
 * incomes become bands of a chosen width.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";

/** Options for {@link birthYearFromDate}. */
export interface BirthYearOptions {
  /** Date column (default "birth_date"); removed from the output. */
  column?: string;
  /** New year column (default "birth_year"). */
  to?: string;
}

/**
 * Replace a date column with its year (UTC). Missing dates give a missing year.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { birthYearFromDate } from "./generalise.ts";
 * const t = birthYearFromDate(aq.table({ birth_date: [new Date("1985-03-14"), null] }));
 * deepEqual(t.array("birth_year"), [1985, null]);
 * ```
 */
export function birthYearFromDate(table: ColumnTable, options: BirthYearOptions = {}): ColumnTable {
  const column = options.column ?? "birth_date";
  const to = options.to ?? "birth_year";
  requireColumn(table, column);
  const values = table.array(column) as ArrayLike<unknown>;
  const years = Array.from(values, (v, i) => {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.getUTCFullYear();
    if (typeof v === "number" && Number.isInteger(v)) return v;
    throw new InputError(`Not a date: ${JSON.stringify(String(v))}`, {
      column,
      row: i + 1,
      hint: "convert the column to dates first",
    });
  });
  const names = table.columnNames();
  const out = table.assign(aq.table({ [to]: years }));
  // Put the year where the date was and drop the date.
  const order = names.map((n) => (n === column ? to : n)).filter((n, i, all) =>
    all.indexOf(n) === i
  );
  return out.select(order);
}

/**
 * The band a number falls in, as "lo–hi" with `hi = lo + width - 1` for
 * whole-number widths (e.g. 1980–1984), or "lo–<hi" otherwise.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { bandLabel } from "./generalise.ts";
 * deepEqual([bandLabel(1987, 5), bandLabel(52300, 10000, { thousands: true })], ["1985–1989", "50,000–59,999"]);
 * ```
 */
export function bandLabel(
  value: number,
  width: number,
  options: { thousands?: boolean } = {},
): string {
  if (!(width > 0)) throw new InputError(`Band width must be positive, got ${width}`);
  const lo = Math.floor(value / width) * width;
  const fmt = (x: number) => (options.thousands ? x.toLocaleString("en-US") : String(x));
  return Number.isInteger(width) && Number.isInteger(lo)
    ? `${fmt(lo)}–${fmt(lo + width - 1)}`
    : `${fmt(lo)}–<${fmt(lo + width)}`;
}

/** Options for {@link bandColumn}. */
export interface BandColumnOptions {
  width: number;
  /** Output column (default: replace the column in place). */
  to?: string;
  /** Thousands separators in labels (for money). */
  thousands?: boolean;
}

/**
 * Coarsen a numeric column into bands of equal width (labels as in
 * {@link bandLabel}); missing stays missing.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { bandColumn } from "./generalise.ts";
 * deepEqual(bandColumn(aq.table({ birth_year: [1983, 1987] }), "birth_year", { width: 5 }).array("birth_year"), ["1980–1984", "1985–1989"]);
 * ```
 */
export function bandColumn(
  table: ColumnTable,
  column: string,
  options: BandColumnOptions,
): ColumnTable {
  requireColumn(table, column);
  const values = table.array(column) as ArrayLike<unknown>;
  const bands = Array.from(values, (v, i) => {
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return null;
    if (typeof v !== "number") {
      throw new InputError(`Non-numeric value ${JSON.stringify(String(v))}`, {
        column,
        row: i + 1,
        hint: "band numeric columns only",
      });
    }
    return bandLabel(v, options.width, { thousands: options.thousands });
  });
  return table.assign(aq.table({ [options.to ?? column]: bands }));
}

function requireColumn(table: ColumnTable, column: string): void {
  if (!table.columnNames().includes(column)) {
    throw new InputError(`Column not found: "${column}"`, {
      hint: `available columns: ${table.columnNames().join(", ")}`,
    });
  }
}
