/**
 * The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005,
 * "RFM and CLV"; Fader & Hardie 2013, "The Gamma-Gamma model of monetary
 * value"): a customer's purchases have values Gamma(p, ν), and ν varies
 * across customers as Gamma(q, γ). Fitted by maximum likelihood on the
 * repeat buyers' mean values (BFGS on log-parameters from several starts),
 * it gives each customer's expected value per purchase:
 *
 *   E[M | x, m̄] = (1 − w) · γp/(q − 1) + w · m̄,  w = px / (px + q − 1).
 *
 * The model assumes spend does not depend on how often a customer buys: the
 * fit reports the correlation between frequency and mean value to check it.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { minimizeBFGS } from "./bfgs.ts";
import { newtonPolish } from "./newton_polish.ts";
import { digamma, logGamma } from "./special_functions.ts";

/** Spend per purchase Gamma(p, ν), ν ~ Gamma(q, γ) (γ is lifetimes' `v`). */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** The fitted parameters and the checks on them. */
export interface GammaGammaFit {
  params: GammaGammaParams;
  /** Total log-likelihood over the repeat buyers. */
  logLikelihood: number;
  /** Customers with at least one repeat purchase (the only ones the model fits). */
  repeatBuyers: number;
  /** Pearson correlation of frequency and mean value among the repeat buyers (near 0 is fine). */
  frequencyValueCorrelation: number;
  /** Population mean spend per purchase, γp/(q − 1) (infinite when q ≤ 1). */
  meanValue: number;
  converged: boolean;
  /** One line when the fit should not be trusted; undefined when it is fine. */
  warning?: string;
}

/** Options for {@link fitGammaGamma}. */
export interface FitGammaGammaOptions {
  /** Where the data came from, for messages (default "customer summary"). */
  source?: string;
  /** Fewest repeat buyers to fit on (default 10). */
  minRepeatBuyers?: number;
}

/**
 * Total log-likelihood of the repeat buyers' mean values and its gradient in (ln p, ln q, ln γ).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { gammaGammaLogLikelihood } from "./gamma_gamma.ts";
 * const { value } = gammaGammaLogLikelihood({ p: 6, q: 4, gamma: 15 }, Float64Array.of(1), Float64Array.of(20));
 * ok(Number.isFinite(value) && value < 0);
 * ```
 */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  frequency: Float64Array,
  value: Float64Array,
): { value: number; gradient: Float64Array } {
  return preparedLogLikelihood(params, prepare(frequency, value));
}

/** Repeat buyers' data with the logs and the distinct frequencies worked out once per fit. */
interface Prepared {
  x: Float64Array;
  m: Float64Array;
  /** Σ over customers of (px − 1) ln m + px ln x is p·Σ x(ln m + ln x) − Σ ln m. */
  sumXLogMX: number;
  sumLogM: number;
  xValues: Float64Array;
  /** Customers per distinct frequency. */
  xCounts: Float64Array;
}

function prepare(x: Float64Array, m: Float64Array): Prepared {
  let sumXLogMX = 0, sumLogM = 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < x.length; i++) {
    const lm = Math.log(m[i]!);
    sumXLogMX += x[i]! * (lm + Math.log(x[i]!));
    sumLogM += lm;
    counts.set(x[i]!, (counts.get(x[i]!) ?? 0) + 1);
  }
  const xValues = Float64Array.from([...counts.keys()].sort((a, b) => a - b));
  return {
    x,
    m,
    sumXLogMX,
    sumLogM,
    xValues,
    xCounts: Float64Array.from(xValues, (v) => counts.get(v)!),
  };
}

function preparedLogLikelihood(
  params: GammaGammaParams,
  d: Prepared,
): { value: number; gradient: Float64Array } {
  const { p, q, gamma } = params;
  const lgQ = logGamma(q), psiQ = digamma(q), logV = Math.log(gamma);
  const n = d.x.length;
  // Terms in x only: Σ n_x [lnΓ(px + q) − lnΓ(px)] and their derivatives.
  let ll = p * d.sumXLogMX - d.sumLogM + n * (q * logV - lgQ);
  let gp = d.sumXLogMX, gq = n * (logV - psiQ), gv = (n * q) / gamma;
  for (let k = 0; k < d.xValues.length; k++) {
    const x = d.xValues[k]!, c = d.xCounts[k]!, px = p * x;
    const psiPXQ = digamma(px + q);
    ll += c * (logGamma(px + q) - logGamma(px));
    gp += c * x * (psiPXQ - digamma(px));
    gq += c * psiPXQ;
  }
  for (let i = 0; i < n; i++) {
    const x = d.x[i]!, m = d.m[i]!;
    const xmv = x * m + gamma;
    const logXMV = Math.log(xmv);
    const px = p * x;
    ll -= (px + q) * logXMV;
    gp -= x * logXMV;
    gq -= logXMV;
    gv -= (px + q) / xmv;
  }
  return { value: ll, gradient: Float64Array.of(gp * p, gq * q, gv * gamma) };
}

/** Starting points (p, q, γ / mean value): lifetimes' 0.1s, the unit point and a spread. */
const STARTS: readonly [number, number, number][] = [[0.1, 0.1, 0.1], [1, 1, 1], [5, 3, 0.5]];

/**
 * Fit Gamma-Gamma on customers with `frequency` > 0 (others are left out);
 * `value` is each customer's mean value of the repeat purchases.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { fitGammaGamma } from "./gamma_gamma.ts";
 * const fit = fitGammaGamma(
 *   Float64Array.of(1, 2, 3, 1, 4, 2, 1, 5, 2, 3, 1, 2),
 *   Float64Array.of(10, 12, 30, 8, 15, 22, 9, 14, 40, 11, 13, 18),
 * );
 * ok(fit.repeatBuyers === 12 && fit.meanValue > 0);
 * ```
 */
export function fitGammaGamma(
  frequency: Float64Array,
  value: Float64Array,
  options: FitGammaGammaOptions = {},
): GammaGammaFit {
  const source = options.source ?? "customer summary";
  const minRepeat = options.minRepeatBuyers ?? 10;
  const xs: number[] = [], ms: number[] = [];
  for (let i = 0; i < frequency.length; i++) {
    if (!(frequency[i]! > 0)) continue;
    const m = value[i]!;
    if (!(m > 0) || !Number.isFinite(m)) {
      throw new InputError(
        `${source}: row ${i + 1}: the mean value of the repeat purchases is ${m}, not positive`,
        {
          hint:
            "Gamma-Gamma needs positive purchase values: drop returns and zero-value lines first",
        },
      );
    }
    xs.push(frequency[i]!);
    ms.push(m);
  }
  const n = xs.length;
  const fx = Float64Array.from(xs), fm = Float64Array.from(ms);
  const correlation = pearson(fx, fm);
  if (n < minRepeat) {
    return {
      params: { p: NaN, q: NaN, gamma: NaN },
      logLikelihood: NaN,
      repeatBuyers: n,
      frequencyValueCorrelation: correlation,
      meanValue: NaN,
      converged: false,
      warning:
        `Gamma-Gamma: only ${n} repeat buyers in the ${source} (at least ${minRepeat} needed); no expected value per purchase`,
    };
  }
  let meanM = 0;
  for (const m of ms) meanM += m / n;
  const prepared = prepare(fx, fm);
  const objective = (theta: Float64Array) => {
    const [p, q, gamma] = Array.from(theta, Math.exp) as [number, number, number];
    const e = preparedLogLikelihood({ p, q, gamma }, prepared);
    return { value: -e.value / n, gradient: e.gradient.map((g) => -g / n) };
  };
  let best: ReturnType<typeof minimizeBFGS> | undefined;
  for (const [p, q, v] of STARTS) {
    const start = Float64Array.of(p, q, v * meanM).map(Math.log);
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
  const [p, q, gamma] = best === undefined
    ? [NaN, NaN, NaN]
    : Array.from(best.x, Math.exp) as [number, number, number];
  const converged = best?.converged === true && [p, q, gamma].every(Number.isFinite);
  const meanValue = q > 1 ? (gamma * p) / (q - 1) : Infinity;
  const edge = [p, q, gamma].every(Number.isFinite) && (p > 1e2 || q > 1e3);
  const warning = edge
    ? `Gamma-Gamma: the fit on the ${source} ran to the edge of the parameter space (p ${
      p.toPrecision(3)
    }, q ${
      q.toPrecision(3)
    }): purchase values hardly vary within customers; expected values per purchase are close to each customer's mean`
    : !converged
    ? `Gamma-Gamma: the fit did not converge on the ${source} (${n} repeat buyers); expected values per purchase are rough`
    : !(q > 1)
    ? `Gamma-Gamma: q = ${
      q.toPrecision(3)
    } ≤ 1 on the ${source}, so the mean spend is unbounded; expected values per purchase are not usable`
    : Math.abs(correlation) > 0.3
    ? `Gamma-Gamma: frequency and mean value are correlated (${
      correlation.toFixed(2)
    }) in the ${source}, against the model's assumption; treat expected values with care`
    : undefined;
  return {
    params: { p, q, gamma },
    logLikelihood: best === undefined ? NaN : -best.value * n,
    repeatBuyers: n,
    frequencyValueCorrelation: correlation,
    meanValue,
    converged,
    ...(warning === undefined ? {} : { warning }),
  };
}

/**
 * Expected value per purchase: the customer's mean value shrunk toward the
 * population mean, more so the fewer repeat purchases (x = 0: the population mean).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { expectedAverageValue } from "./gamma_gamma.ts";
 * const params = { p: 6.25, q: 3.74, gamma: 15.44 };
 * const population = 15.44 * 6.25 / 2.74;
 * ok(Math.abs(expectedAverageValue(params, 0, 0) - population) < 1e-12);
 * ok(expectedAverageValue(params, 10, 50) > expectedAverageValue(params, 1, 50));
 * ```
 */
export function expectedAverageValue(
  params: GammaGammaParams,
  frequency: number,
  value: number,
): number {
  const { p, q, gamma } = params;
  const weight = (p * frequency) / (p * frequency + q - 1);
  return (1 - weight) * ((gamma * p) / (q - 1)) + weight * value;
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  if (n < 2) return NaN;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma, db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}
