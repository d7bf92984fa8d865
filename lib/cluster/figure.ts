/**
 * Figures in the algorithms' one-sentence descriptions: three significant
 * digits, thousands grouped from 1,000.
 *
 * @module
 */

/**
 * A figure as the descriptions write it.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { formatFigure } from "./figure.ts";
 * equal(formatFigure(0.123456), "0.123");
 * equal(formatFigure(12345.6), "12,346");
 * ```
 */
export function formatFigure(x: number): string {
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString("en-US");
  return Number(x.toPrecision(3)).toString();
}
