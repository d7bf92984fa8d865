/**
 * The mixture's own way of choosing k: fit a mixture for every k of a range
 * and keep the lowest BIC (AIC reported beside it).
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { Matrix } from "../matrix.ts";
import { type CovarianceType, fitGMM } from "./gmm.ts";

/** BIC and AIC of a mixture for one k. */
export interface GMMSweepPoint {
  k: number;
  bic: number;
  aic: number;
  logLikelihood: number;
  converged: boolean;
}

/** Options for {@link sweepGMM}. */
export interface GMMSweepOptions {
  kMin?: number;
  kMax?: number;
  covariance?: CovarianceType;
  seed?: number;
  /** Called after each k with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** The data's file, named in errors. */
  file?: string;
}

/**
 * Fit mixtures for k = kMin..kMax and report BIC and AIC; `bestK` has the
 * lowest BIC.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { sweepGMM } from "./gmm_sweep.ts";
 * const rows = [];
 * for (let i = 0; i < 60; i++) rows.push([(i % 3) * 10 + (i % 7) * 0.1, (i % 5) * 0.1]);
 * equal(sweepGMM(matrixFromRows(rows), { kMin: 1, kMax: 4 }).sweep.length, 4);
 * ```
 */
export function sweepGMM(
  m: Matrix,
  options: GMMSweepOptions = {},
): { bestK: number; sweep: GMMSweepPoint[] } {
  const kMin = options.kMin ?? 1;
  const kMax = options.kMax ?? 10;
  if (!Number.isInteger(kMin) || !Number.isInteger(kMax) || kMin < 1 || kMax < kMin) {
    throw new InputError(`Bad k range for the mixture sweep: ${kMin}..${kMax}`, {
      file: options.file,
      hint: "give whole numbers with 1 ≤ kMin ≤ kMax",
    });
  }
  const sweep: GMMSweepPoint[] = [];
  for (let k = kMin; k <= kMax; k++) {
    const fit = fitGMM(m, {
      k,
      covariance: options.covariance,
      seed: options.seed,
      file: options.file,
    });
    sweep.push({
      k,
      bic: fit.bic,
      aic: fit.aic,
      logLikelihood: fit.logLikelihood,
      converged: fit.model.converged,
    });
    options.onProgress?.(k - kMin + 1, kMax - kMin + 1);
  }
  const best = sweep.reduce((a, b) => (b.bic < a.bic ? b : a));
  return { bestK: best.k, sweep };
}
