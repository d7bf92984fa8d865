/**
 * Derived member features: age and years as a member, both counted in whole
 * years up to an as-of year. The as-of year is a parameter (the year the
 * data describes), never the clock: by default the latest year anyone
 * joined, so the same files always give the same ages.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";

/**
 * The largest whole number in a column (e.g. the latest year joined).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { latestYear } from "./derive.ts";
 * equal(latestYear(aq.table({ year_joined: [2019, null, 2023] }), "year_joined"), 2023);
 * ```
 */
export function latestYear(table: ColumnTable, column: string): number {
  if (!table.columnNames().includes(column)) {
    throw new InputError(`Column not found: "${column}"`, {
      hint: `available columns: ${table.columnNames().join(", ")}`,
    });
  }
  let best = -Infinity;
  for (const v of Array.from(table.array(column) as ArrayLike<unknown>)) {
    if (typeof v === "number" && Number.isFinite(v) && v > best) best = v;
  }
  if (best === -Infinity) {
    throw new InputError("No years to take the as-of year from", {
      column,
      hint: "set the as-of year explicitly (AS_OF_YEAR)",
    });
  }
  return Math.floor(best);
}

/**
 * The as-of year from a parameter (e.g. an env var's text), or else from the
 * data's latest year in `column`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { resolveAsOfYear } from "./derive.ts";
 * const t = aq.table({ year_joined: [2019, 2023] });
 * deepEqual([resolveAsOfYear(undefined, t, "year_joined"), resolveAsOfYear("2030", t, "year_joined")], [2023, 2030]);
 * ```
 */
export function resolveAsOfYear(
  parameter: string | number | undefined,
  table: ColumnTable,
  column: string,
): number {
  if (parameter === undefined || parameter === "") return latestYear(table, column);
  const year = Number(parameter);
  if (!Number.isInteger(year) || year < 1900 || year > 2200) {
    throw new InputError(`As-of year is not a year: ${JSON.stringify(String(parameter))}`, {
      hint: "give a four-digit year such as 2024",
    });
  }
  return year;
}

/** Options for {@link deriveMemberFeatures}. */
export interface DeriveMemberOptions {
  asOfYear: number;
  /** Birth year column (default "birth_year"). */
  birthYear?: string;
  /** Year joined column (default "year_joined"). */
  yearJoined?: string;
}

/**
 * Add `age` (as-of year − birth year) and `years_member` (as-of year − year
 * joined). Missing inputs give missing outputs; a negative result (a year
 * after the as-of year) is an {@link InputError} naming the row.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { deriveMemberFeatures } from "./derive.ts";
 * const t = deriveMemberFeatures(aq.table({ birth_year: [1990], year_joined: [2015] }), { asOfYear: 2024 });
 * deepEqual([t.get("age", 0), t.get("years_member", 0)], [34, 9]);
 * ```
 */
export function deriveMemberFeatures(
  table: ColumnTable,
  options: DeriveMemberOptions,
): ColumnTable {
  const birth = options.birthYear ?? "birth_year";
  const joined = options.yearJoined ?? "year_joined";
  const { asOfYear } = options;
  const span = (column: string, to: string) => {
    if (!table.columnNames().includes(column)) {
      throw new InputError(`Column not found: "${column}"`, {
        hint: `available columns: ${table.columnNames().join(", ")}`,
      });
    }
    return Array.from(table.array(column) as ArrayLike<unknown>, (v, i) => {
      if (typeof v !== "number" || !Number.isFinite(v)) return null;
      const years = asOfYear - Math.round(v);
      if (years < 0) {
        throw new InputError(`Year ${v} is after the as-of year ${asOfYear}`, {
          column,
          row: i + 1,
          hint: `fix the value or raise the as-of year (it gives ${to})`,
        });
      }
      return years;
    });
  };
  return table.assign(
    aq.table({ age: span(birth, "age"), years_member: span(joined, "years_member") }),
  );
}
