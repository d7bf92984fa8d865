/**
 * The BG/NBD model's log-likelihood in closed form (Fader, Hardie & Lee 2005,
 * "Counting your customers the easy way", equation 6) and its gradient with
 * respect to the log-scale parameters, for the maximum-likelihood fit.
 *
 * For a customer with x repeat purchases, the last at t_x, observed until T:
 *
 *   L = B(a, b + x)/B(a, b) · Γ(r + x) αʳ / Γ(r) · [ (α + T)^−(r+x)
 *       + 1{x > 0} · a/(b + x − 1) · (α + t_x)^−(r+x) ]
 *
 * @module
 */
import { digamma, logGamma } from "./special_functions.ts";
import type { HistoryPatterns } from "./repeat_data.ts";

/** The BG/NBD parameters: purchase rate Gamma(r, α), dropout probability Beta(a, b). */
export interface BGNBDParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Total log-likelihood and its gradient with respect to (ln r, ln α, ln a, ln b). */
export interface BGNBDLikelihood {
  value: number;
  gradient: Float64Array;
}

/**
 * The total log-likelihood of the patterns (weighted) and its gradient in log-parameters.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { bgnbdLogLikelihood } from "./bgnbd_likelihood.ts";
 * // One customer, no repeat purchase, observed for T: L = (α / (α + T))^r.
 * const { value } = bgnbdLogLikelihood({ r: 0.5, alpha: 2, a: 1, b: 3 }, {
 *   frequency: Float64Array.of(0), recency: Float64Array.of(0), T: Float64Array.of(6), weight: Float64Array.of(1),
 * });
 * ok(Math.abs(value - 0.5 * Math.log(2 / 8)) < 1e-12);
 * ```
 */
export function bgnbdLogLikelihood(params: BGNBDParams, data: HistoryPatterns): BGNBDLikelihood {
  const { r, alpha, a, b } = params;
  const { frequency, recency, T, weight } = data;
  const lgR = logGamma(r), lgB = logGamma(b), lgAB = logGamma(a + b);
  const psiR = digamma(r), psiB = digamma(b), psiAB = digamma(a + b);
  const logAlpha = Math.log(alpha), logA = Math.log(a);
  // Terms that depend on x only, computed once per distinct x.
  const xValues = data.xValues ?? Float64Array.from(new Set(frequency));
  const xIndex = data.xIndex ??
    Int32Array.from(frequency, (x) => xValues.indexOf(x));
  const m = xValues.length;
  const A12 = new Float64Array(m), dA12r = new Float64Array(m);
  const dA12a = new Float64Array(m), dA12b = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const x = xValues[k]!;
    const psiABX = digamma(a + b + x);
    A12[k] = logGamma(r + x) - lgR + r * logAlpha + lgAB + logGamma(b + x) - lgB -
      logGamma(a + b + x);
    dA12r[k] = digamma(r + x) - psiR + logAlpha;
    dA12a[k] = psiAB - psiABX;
    dA12b[k] = psiAB + digamma(b + x) - psiB - psiABX;
  }
  let value = 0, gr = 0, gAlpha = 0, ga = 0, gb = 0;
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!, w = weight[i]!, k = xIndex[i]!;
    const logAT = Math.log(alpha + T[i]!);
    const A3 = -(r + x) * logAT;
    let logSum = A3, w3 = 1, w4 = 0, logATx = 0;
    if (x > 0) {
      logATx = Math.log(alpha + recency[i]!);
      const A4 = logA - Math.log(b + x - 1) - (r + x) * logATx;
      const m = Math.max(A3, A4);
      const e3 = Math.exp(A3 - m), e4 = Math.exp(A4 - m);
      logSum = m + Math.log(e3 + e4);
      w3 = e3 / (e3 + e4);
      w4 = 1 - w3;
    }
    value += w * (A12[k]! + logSum);
    gr += w * (dA12r[k]! - w3 * logAT - w4 * logATx);
    gAlpha += w * (r / alpha - w3 * (r + x) / (alpha + T[i]!) -
      (x > 0 ? w4 * (r + x) / (alpha + recency[i]!) : 0));
    ga += w * (dA12a[k]! + w4 / a);
    gb += w * (dA12b[k]! - (x > 0 ? w4 / (b + x - 1) : 0));
  }
  return { value, gradient: Float64Array.of(gr * r, gAlpha * alpha, ga * a, gb * b) };
}
