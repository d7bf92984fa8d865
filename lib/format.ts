/**
 * Numbers and names formatted for people: shares as percentages, column names as labels.
 *
 * @module
 */

/**
 * Format a 0–1 share as a percentage: whole numbers from 1%, one decimal below.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { formatShare } from "./format.ts";
 * equal(formatShare(0.4123), "41%");
 * equal(formatShare(0.0046), "0.5%");
 * ```
 */
export function formatShare(share: number): string {
  const pct = share * 100;
  if (!Number.isFinite(pct)) return "–";
  return Math.abs(pct) >= 0.95 || pct === 0 ? `${Math.round(pct)}%` : `${pct.toFixed(1)}%`;
}

/**
 * A readable label for a column name: `annual_income_k` → "Annual income k".
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { humanise } from "./format.ts";
 * equal(humanise("spending_score"), "Spending score");
 * ```
 */
export function humanise(name: string): string {
  const words = name.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A number for an axis tick or a label: thousands separators, and k / M only
 * from 10,000 on, never on zero (`0`, `1,500`, `25k`, `1.2M`). Given the axis'
 * ticks (as Plot passes them: value, index, ticks), every tick of the axis takes
 * the unit of the largest one, so an axis never reads "8,000 … 12k".
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { formatTick } from "./format.ts";
 * deepEqual([0, 0.25, 1200, 25000, 1250000].map((v) => formatTick(v)), ["0", "0.25", "1,200", "25k", "1.25M"]);
 * const ticks = [0, 4000, 8000, 12000];
 * deepEqual(ticks.map((v, i) => formatTick(v, i, ticks)), ["0", "4k", "8k", "12k"]);
 * ```
 */
export function formatTick(value: number, _index?: number, ticks?: ArrayLike<number>): string {
  if (!Number.isFinite(value)) return "–";
  let scale = Math.abs(value);
  if (ticks !== undefined) {
    for (let i = 0; i < ticks.length; i++) {
      const t = Math.abs(Number(ticks[i]));
      if (Number.isFinite(t)) scale = Math.max(scale, t);
    }
  }
  const short = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });
  if (value === 0) return "0";
  if (scale >= 1e6) return `${short(value / 1e6)}M`;
  if (scale >= 1e4) return `${short(value / 1e3)}k`;
  return short(value);
}

/**
 * A count with thousands separators: `formatCount(1510)` → "1,510".
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { formatCount } from "./format.ts";
 * equal(formatCount(1510), "1,510");
 * ```
 */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? value.toLocaleString("en-US") : "–";
}

/** Options for {@link formatFigure}. */
export interface FigureOptions {
  /** Exactly this many decimals (default: up to `maxDecimals`). */
  decimals?: number;
  /** At most this many decimals when `decimals` is not given (default 2). */
  maxDecimals?: number;
  /** Thousands separators (default true; off for years and identifiers). */
  grouping?: boolean;
}

/**
 * A number as people read it: thousands separators (unless turned off, as
 * for years and identifiers), a fixed or bounded number of decimals, never
 * "-0" or "-0.0" (a value that rounds to zero has no sign), "–" when not finite.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { formatFigure } from "./format.ts";
 * equal(formatFigure(1234.567), "1,234.57");
 * equal(formatFigure(-0.04, { decimals: 1 }), "0.0");
 * equal(formatFigure(1957, { grouping: false }), "1957");
 * ```
 */
export function formatFigure(value: number, options: FigureOptions = {}): string {
  if (!Number.isFinite(value)) return "–";
  const max = options.decimals ?? options.maxDecimals ?? 2;
  const text = value.toLocaleString("en-US", {
    minimumFractionDigits: options.decimals ?? 0,
    maximumFractionDigits: max,
    useGrouping: options.grouping ?? true,
  });
  return /^-[0.,]*$/.test(text) ? text.slice(1) : text;
}

/**
 * True when a column name reads like a year (`Year_Birth`, `birth_year`,
 * `Jahr`, `yob`): its values are shown without thousands separators.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { isYearLikeName } from "./format.ts";
 * equal(isYearLikeName("Year_Birth"), true);
 * equal(isYearLikeName("income"), false);
 * ```
 */
export function isYearLikeName(name: string): boolean {
  return /year|jahr|^yob$/i.test(name.trim());
}

/**
 * A label followed by its figure, with a colon between them when the label
 * ends in a digit, so two numbers do not run together ("spend on prod 12:
 * 165", not "spend on prod 12 165").
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { labelAndFigure } from "./format.ts";
 * equal(labelAndFigure("income", "45,000"), "income 45,000");
 * equal(labelAndFigure("accepted campaign 1", "78% above average"), "accepted campaign 1: 78% above average");
 * ```
 */
export function labelAndFigure(label: string, figure: string): string {
  return /\d$/.test(label) ? `${label}: ${figure}` : `${label} ${figure}`;
}
