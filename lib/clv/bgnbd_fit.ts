/**
 * Fit the BG/NBD model by maximum likelihood: BFGS on the log-scale
 * parameters (so they stay positive) from several starting points, keeping
 * the best. The time unit only moves α, so the starts put α at the scale of
 * the customers' ages. A fit that does not converge, or has no repeat buyers
 * to learn from, says so in `warning` (one line) rather than failing.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { minimizeBFGS } from "./bfgs.ts";
import { newtonPolish } from "./newton_polish.ts";
import { bgnbdLogLikelihood, type BGNBDParams } from "./bgnbd_likelihood.ts";
import { checkHistory, historyPatterns, type RepeatHistory } from "./repeat_data.ts";

/** The fitted parameters and how the fit went. */
export interface BGNBDFit {
  params: BGNBDParams;
  /** Total log-likelihood at `params`. */
  logLikelihood: number;
  /** Customers fitted and how many of them bought again. */
  customers: number;
  repeatBuyers: number;
  /** The best start's BFGS reached a zero gradient. */
  converged: boolean;
  /** Starting points tried. */
  starts: number;
  /** One line when the fit should not be trusted; undefined when it is fine. */
  warning?: string;
}

/** Options for {@link fitBGNBD}. */
export interface FitBGNBDOptions {
  /** Where the data came from, for messages (default "customer summary"). */
  source?: string;
}

/** Starting points (r, α / mean T, a, b): lifetimes' 0.1s, the unit point and a spread. */
const STARTS: readonly [number, number, number, number][] = [
  [0.1, 0.1, 0.1, 0.1],
  [1, 1, 1, 1],
  [0.5, 0.2, 0.8, 2.5],
  [2, 5, 0.3, 5],
];

/**
 * Fit BG/NBD to per-customer histories (frequency, recency, T in one time unit).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { fitBGNBD } from "./bgnbd_fit.ts";
 * const fit = fitBGNBD({
 *   frequency: Float64Array.of(0, 1, 2, 0, 3, 1, 0, 5),
 *   recency: Float64Array.of(0, 4, 9, 0, 20, 2, 0, 30),
 *   T: Float64Array.of(30, 31, 32, 33, 34, 35, 36, 37),
 * });
 * ok(fit.params.r > 0 && fit.params.alpha > 0 && Number.isFinite(fit.logLikelihood));
 * ```
 */
export function fitBGNBD(history: RepeatHistory, options: FitBGNBDOptions = {}): BGNBDFit {
  const source = options.source ?? "customer summary";
  checkHistory(history, source);
  const n = history.frequency.length;
  if (n === 0) {
    throw new InputError(`${source}: no customers to fit BG/NBD on`, {
      hint: "pick a later as-of date or a file with purchases",
    });
  }
  const data = historyPatterns(history);
  let repeatBuyers = 0, meanT = 0;
  for (let i = 0; i < n; i++) {
    if (history.frequency[i]! > 0) repeatBuyers++;
    meanT += history.T[i]! / n;
  }
  const scale = meanT > 0 ? meanT : 1;
  const objective = (theta: Float64Array) => {
    const [r, alpha, a, b] = Array.from(theta, Math.exp) as [number, number, number, number];
    const { value, gradient } = bgnbdLogLikelihood({ r, alpha, a, b }, data);
    // Minimise the mean negative log-likelihood (gradients of order one at any size).
    return { value: -value / n, gradient: gradient.map((g) => -g / n) };
  };
  let best: ReturnType<typeof minimizeBFGS> | undefined;
  for (const [r, alphaScaled, a, b] of STARTS) {
    const start = Float64Array.of(r, alphaScaled * scale, a, b).map(Math.log);
    const result = minimizeBFGS(objective, start, { gradientTolerance: 1e-10, maxIterations: 500 });
    if (Number.isFinite(result.value) && (best === undefined || result.value < best.value)) {
      best = result;
    }
  }
  if (best !== undefined && best.converged) {
    const x = newtonPolish(objective, best.x);
    const e = objective(x);
    if (e.value <= best.value + 1e-12) best = { ...best, x, value: e.value, gradient: e.gradient };
  }
  const [r, alpha, a, b] = best === undefined
    ? [NaN, NaN, NaN, NaN]
    : Array.from(best.x, Math.exp) as [number, number, number, number];
  const params = { r, alpha, a, b };
  const converged = best?.converged === true && [r, alpha, a, b].every(Number.isFinite);
  const edge = [r, alpha, a, b].every(Number.isFinite) && (a > 1e3 || b > 1e4 || r > 1e4);
  const warning = repeatBuyers === 0
    ? `BG/NBD: no customer in the ${source} bought twice, so the repeat-purchase and dropout rates cannot be estimated`
    : edge
    ? `BG/NBD: the fit on the ${source} ran to the edge of the parameter space (r ${
      r.toPrecision(3)
    }, a ${a.toPrecision(3)}, b ${b.toPrecision(3)}); too little history to estimate dropout`
    : !converged
    ? `BG/NBD: the fit did not converge on the ${source} (${repeatBuyers} repeat buyers of ${n}); treat P(alive) and expected purchases as rough`
    : undefined;
  return {
    params,
    logLikelihood: best === undefined ? NaN : -best.value * n,
    customers: n,
    repeatBuyers,
    converged,
    starts: STARTS.length,
    ...(warning === undefined ? {} : { warning }),
  };
}
