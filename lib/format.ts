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
