/**
 * What a fitted BG/NBD model says about each customer (Fader, Hardie & Lee
 * 2005, equations 9 and 10; Fader, Hardie & Lee, "Computing P(alive) using
 * the BG/NBD model"), written as `lifetimes` 0.11.3 computes them:
 *
 * - P(alive | x, t_x, T) = 1 / (1 + 1{x > 0} · a/(b + x − 1) · ((α + T)/(α + t_x))^(r+x));
 * - E[Y(t) | x, t_x, T], purchases in the next t periods, = (a + b + x − 1)/(a − 1) ·
 *   [1 − ((α + T)/(α + T + t))^(r+x) ₂F₁(r + x, b + x; a + b + x − 1; t/(α + T + t))] /
 *   (1 + 1{x > 0} · a/(b + x − 1) · ((α + T)/(α + t_x))^(r+x));
 * - E[X(t)] for a new customer = (a + b − 1)/(a − 1) · [1 − (α/(α + t))^r ₂F₁(r, b; a + b − 1; t/(α + t))].
 *
 * @module
 */
import type { BGNBDParams } from "./bgnbd_likelihood.ts";
import { hyp2f1 } from "./special_functions.ts";

/**
 * Probability that a customer with history (x, t_x, T) has not dropped out.
 *
 * @example
 * ```ts
 * import { equal, ok } from "node:assert/strict";
 * import { probabilityAlive } from "./bgnbd_predict.ts";
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * equal(probabilityAlive(params, 0, 0, 38), 1);
 * ok(probabilityAlive(params, 5, 10, 38) < probabilityAlive(params, 5, 37, 38));
 * ```
 */
export function probabilityAlive(
  params: BGNBDParams,
  frequency: number,
  recency: number,
  T: number,
): number {
  if (frequency === 0) return 1;
  const { r, alpha, a, b } = params;
  // ln((α + T) / (α + recency)) as log1p: when α dwarfs T (r and α both huge, as
  // when every customer buys at the same rate) the ratio rounds to 1 and its log
  // loses most of its digits, which (r + x) then multiplies.
  const logOdds = (r + frequency) * Math.log1p((T - recency) / (alpha + recency)) +
    Math.log(a / (b + frequency - 1));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * Expected purchases in the next `t` periods of a customer with history (x, t_x, T).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { conditionalExpectedPurchases } from "./bgnbd_predict.ts";
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * // The paper's example: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks.
 * ok(Math.abs(conditionalExpectedPurchases(params, 39, 2, 30.43, 38.86) - 1.226) < 1e-3);
 * ```
 */
export function conditionalExpectedPurchases(
  params: BGNBDParams,
  t: number,
  frequency: number,
  recency: number,
  T: number,
): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const x = frequency;
  const z = t / (alpha + T + t);
  const A = r + x, B = b + x, C = a + b + x - 1;
  let logHyp = Math.log(hyp2f1(A, B, C, z));
  // lifetimes' fallback when the series overflows: Euler's transformation.
  if (!Number.isFinite(logHyp)) {
    logHyp = Math.log(hyp2f1(C - A, C - B, C, z)) + (C - A - B) * Math.log(1 - z);
  }
  // The logs of ratios near 1 as log1p (see probabilityAlive).
  const numerator = (C / (a - 1)) *
    -Math.expm1(logHyp - (r + x) * Math.log1p(t / (alpha + T)));
  const denominator = 1 +
    (x > 0
      ? (a / (b + x - 1)) * Math.exp((r + x) * Math.log1p((T - recency) / (alpha + recency)))
      : 0);
  return numerator / denominator;
}

/**
 * Expected purchases in the first `t` periods of a new customer (after the first purchase).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { expectedPurchasesNewCustomer } from "./bgnbd_predict.ts";
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * ok(expectedPurchasesNewCustomer(params, 0) === 0);
 * ok(expectedPurchasesNewCustomer(params, 52) > expectedPurchasesNewCustomer(params, 39));
 * ```
 */
export function expectedPurchasesNewCustomer(params: BGNBDParams, t: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const hyp = hyp2f1(r, b, a + b - 1, t / (alpha + t));
  return ((a + b - 1) / (a - 1)) * -Math.expm1(Math.log(hyp) - r * Math.log1p(t / alpha));
}
