/**
 * The calibration/holdout check of Fader, Hardie & Lee (2005, figure 4): fit
 * on the calibration period, then for each number of repeat purchases in it
 * (0, 1, …, "7+"), the mean number of purchases customers made in the
 * holdout period against the mean the model expected of them.
 *
 * @module
 */
import type { BGNBDParams } from "./bgnbd_likelihood.ts";
import { conditionalExpectedPurchases } from "./bgnbd_predict.ts";

/** One frequency group of the check. */
export type HoldoutRow = {
  /** Repeat purchases in the calibration period ("0" … "7+"). */
  frequency: string;
  customers: number;
  /** Mean purchases in the holdout period. */
  actual: number;
  /** Mean purchases the model expected in the holdout period. */
  predicted: number;
};

/** Calibration histories and holdout purchases, one entry per customer. */
export interface HoldoutData {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  frequencyHoldout: ArrayLike<number>;
  /** Holdout length in the histories' time unit. */
  duration: number;
}

/**
 * Actual against predicted holdout purchases per calibration frequency (groups up to `top`, then `top`+).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { holdoutCheck } from "./holdout_check.ts";
 * const rows = holdoutCheck({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, {
 *   frequency: [0, 0, 1, 9], recency: [0, 0, 20, 30], T: [38, 38, 38, 38],
 *   frequencyHoldout: [0, 1, 1, 4], duration: 39,
 * }, 7);
 * deepEqual(rows.map((r) => [r.frequency, r.customers, r.actual]), [["0", 2, 0.5], ["1", 1, 1], ["7+", 1, 4]]);
 * ```
 */
export function holdoutCheck(params: BGNBDParams, data: HoldoutData, top = 7): HoldoutRow[] {
  const groups = new Map<number, { customers: number; actual: number; predicted: number }>();
  for (let i = 0; i < data.frequency.length; i++) {
    const x = data.frequency[i]!;
    const group = Math.min(x, top);
    const g = groups.get(group) ?? { customers: 0, actual: 0, predicted: 0 };
    g.customers++;
    g.actual += data.frequencyHoldout[i]!;
    g.predicted += conditionalExpectedPurchases(
      params,
      data.duration,
      x,
      data.recency[i]!,
      data.T[i]!,
    );
    groups.set(group, g);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([group, g]) => ({
    frequency: group === top ? `${top}+` : String(group),
    customers: g.customers,
    actual: g.actual / g.customers,
    predicted: g.predicted / g.customers,
  }));
}
