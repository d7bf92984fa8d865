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
 * from 10,000 on, never on zero (`0`, `1,500`, `25k`, `1.2M`).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { formatTick } from "./format.ts";
 * deepEqual([0, 0.25, 1200, 25000, 1250000].map(formatTick), ["0", "0.25", "1,200", "25k", "1.25M"]);
 * ```
 */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  const short = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });
  if (abs >= 1e6) return `${short(value / 1e6)}M`;
  if (abs >= 1e4) return `${short(value / 1e3)}k`;
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
