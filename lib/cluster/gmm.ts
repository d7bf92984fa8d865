/**
 * Gaussian mixture fitted by expectation–maximisation, as scikit-learn's
 * GaussianMixture does it: full or diagonal covariances with `regCovar`
 * added to the diagonal, initial responsibilities from k-means labels, the
 * mean log-likelihood as the convergence criterion (`tol` 1e-3), a final
 * E-step so labels match the returned parameters, and BIC/AIC counted the
 * same way. Soft membership probabilities come with every fit.
 *
 * @module
 */
import { InputError, inputErrorWithMessage, isInputError } from "../errors.ts";
import { createMatrix, type Matrix } from "../matrix.ts";
import { assertKFits } from "./algorithm_input.ts";
import { assertFiniteMatrix } from "../check_input.ts";
import { fitKMeans } from "./kmeans.ts";

import {
  computePrecisions,
  eStep,
  mostProbable,
  mStep,
  mStepFromLabels,
  packedSize,
  type State,
} from "./gmm_em.ts";

export { type GMMSweepOptions, type GMMSweepPoint, sweepGMM } from "./gmm_sweep.ts";

/** Covariance structure of each component. */
export type CovarianceType = "full" | "diag";

/** Options for {@link fitGMM}. */
export interface GMMOptions {
  /** Number of mixture components. */
  k: number;
  /** "full" (default) or "diag". */
  covariance?: CovarianceType;
  /** Seed of the k-means initialisation (default 0). */
  seed?: number;
  /** EM iterations at most (default 100). */
  maxIter?: number;
  /** Stop when the mean log-likelihood gains less than this (default 1e-3). */
  tol?: number;
  /** Added to covariance diagonals for stability (default 1e-6). */
  regCovar?: number;
  /** Start from these labels (one per row, 0..k-1) instead of k-means. */
  initLabels?: ArrayLike<number>;
  /** The data's file, named in errors. */
  file?: string;
}

/** A fitted mixture as plain JSON. */
export interface GMMModel {
  kind: "gmm";
  k: number;
  covariance: CovarianceType;
  columns: string[];
  weights: number[];
  means: number[][];
  /** Per component: d×d matrix ("full") or d variances ("diag"). */
  covariances: number[][][] | number[][];
  regCovar: number;
  seed: number;
  nIter: number;
  converged: boolean;
}

/** The result of {@link fitGMM}. */
export interface GMMFit {
  model: GMMModel;
  /** Most probable component per row. */
  labels: Int32Array;
  /** Membership probabilities, rows × k, columns "p0", "p1", …. */
  probabilities: Matrix;
  /** Total log-likelihood of the rows. */
  logLikelihood: number;
  /** Mean log-likelihood per row (scikit-learn's `score`). */
  meanLogLikelihood: number;
  bic: number;
  aic: number;
  /** Free parameters counted by BIC and AIC. */
  nParameters: number;
}

/**
 * Fit a Gaussian mixture with `k` components to the rows of `m`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { fitGMM } from "./gmm.ts";
 * const rows = [];
 * for (let i = 0; i < 40; i++) rows.push([i % 2 === 0 ? (i % 7) * 0.1 : 8 + (i % 5) * 0.1, (i % 3) * 0.1]);
 * const fit = fitGMM(matrixFromRows(rows), { k: 2, seed: 0 });
 * equal(fit.probabilities.cols, 2);
 * ```
 */
export function fitGMM(m: Matrix, options: GMMOptions): GMMFit {
  try {
    return fitMixture(m, options);
  } catch (error) {
    throw namingFile(error, options.file);
  }
}

/**
 * An {@link InputError} that does not name a file, given the file's name
 * (inserted where the constructor puts it: before the column and row, ahead
 * of the hint); any other error as it is.
 */
function namingFile(error: unknown, file: string | undefined): unknown {
  if (file === undefined || !isInputError(error) || error.file !== undefined) return error;
  const message = error.message;
  let named: string;
  const where = / \((column|row) /.exec(message);
  if (where !== null) {
    named = `${message.slice(0, where.index)} (file ${file}, ${message.slice(where.index + 2)}`;
  } else {
    const hint = /\. (?=\p{Lu})/u.exec(message);
    named = hint === null
      ? `${message} (file ${file})`
      : `${message.slice(0, hint.index)} (file ${file})${message.slice(hint.index)}`;
  }
  return inputErrorWithMessage(named, { file, column: error.column, row: error.row });
}

function fitMixture(m: Matrix, options: GMMOptions): GMMFit {
  const { k } = options;
  const covariance = options.covariance ?? "full";
  const seed = options.seed ?? 0;
  const maxIter = options.maxIter ?? 100;
  const tol = options.tol ?? 1e-3;
  const regCovar = options.regCovar ?? 1e-6;
  if (covariance !== "full" && covariance !== "diag") {
    throw new InputError(`Unknown covariance type: "${covariance as string}"`, {
      hint: "use full or diag",
    });
  }
  if (!(regCovar >= 0) || !Number.isFinite(regCovar)) {
    throw new InputError(`regCovar must be a non-negative number: got ${regCovar}`);
  }
  if (!Number.isInteger(maxIter) || maxIter < 1) {
    throw new InputError(`maxIter must be a whole number ≥ 1: got ${maxIter}`);
  }
  assertFiniteMatrix(m, "the Gaussian mixture");
  assertKFits(m, k, "Gaussian mixture");
  const n = m.rows, d = m.cols;

  // Initial responsibilities: one-hot labels.
  let init: ArrayLike<number>;
  if (options.initLabels !== undefined) {
    init = options.initLabels;
    if (init.length !== n) {
      throw new InputError(`initLabels has ${init.length} labels for ${n} rows`, {
        hint: "give one label per row",
      });
    }
    for (let i = 0; i < n; i++) {
      const v = init[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= k) {
        throw new InputError(`initLabels must be whole numbers from 0 to ${k - 1}: got ${v}`, {
          row: i + 1,
        });
      }
    }
  } else {
    init = fitKMeans(m, { k, seed, nInit: 1 }).labels;
  }

  const state: State = {
    k,
    d,
    full: covariance === "full",
    weights: new Float64Array(k),
    means: new Float64Array(k * d),
    cov: new Float64Array(covariance === "full" ? k * d * d : k * d),
    precChol: new Float64Array(covariance === "full" ? k * packedSize(d) : k * d),
    logDet: new Float64Array(k),
  };
  mStepFromLabels(m, init, state, regCovar);

  const resp = new Float64Array(n * k);
  let lowerBound = -Infinity, nIter = 0, converged = false;
  for (let iter = 1; iter <= maxIter; iter++) {
    nIter = iter;
    const previous = lowerBound;
    lowerBound = eStep(m, state, resp);
    mStep(m, resp, state, regCovar);
    if (Math.abs(lowerBound - previous) < tol) {
      converged = true;
      break;
    }
  }
  const meanLogLikelihood = eStep(m, state, resp);

  const labels = mostProbable(resp, n, k);
  const probabilities: Matrix = {
    data: resp,
    rows: n,
    cols: k,
    columns: Array.from({ length: k }, (_, c) => `p${c}`),
  };
  const nParameters = (state.full ? (k * d * (d + 1)) / 2 : k * d) + k * d + k - 1;
  const bic = -2 * meanLogLikelihood * n + nParameters * Math.log(n);
  const aic = -2 * meanLogLikelihood * n + 2 * nParameters;
  const model: GMMModel = {
    kind: "gmm",
    k,
    covariance,
    columns: [...m.columns],
    weights: Array.from(state.weights),
    means: Array.from(
      { length: k },
      (_, c) => Array.from(state.means.subarray(c * d, (c + 1) * d)),
    ),
    covariances: state.full
      ? Array.from({ length: k }, (_, c) =>
        Array.from(
          { length: d },
          (_, i) => Array.from(state.cov.subarray(c * d * d + i * d, c * d * d + (i + 1) * d)),
        ))
      : Array.from({ length: k }, (_, c) => Array.from(state.cov.subarray(c * d, (c + 1) * d))),
    regCovar,
    seed,
    nIter,
    converged,
  };
  return {
    model,
    labels,
    probabilities,
    logLikelihood: meanLogLikelihood * n,
    meanLogLikelihood,
    bic,
    aic,
    nParameters,
  };
}

/**
 * A saved mixture as the E-step's state, with its precisions' Cholesky
 * factors and log-determinants computed: what assigning rows needs, in memory
 * or compiled to SQL.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { fitGMM, mixtureState } from "./gmm.ts";
 * const fit = fitGMM(matrixFromRows([[0], [0.1], [0.2], [5], [5.1], [5.3]]), { k: 2 });
 * equal(mixtureState(fit.model).logDet.length, 2);
 * ```
 */
export function mixtureState(model: GMMModel): State {
  const k = model.k, d = model.columns.length;
  const full = model.covariance === "full";
  const state: State = {
    k,
    d,
    full,
    weights: Float64Array.from(model.weights),
    means: Float64Array.from(model.means.flat()),
    cov: Float64Array.from((model.covariances as number[][][]).flat(2) as number[]),
    precChol: new Float64Array(full ? k * packedSize(d) : k * d),
    logDet: new Float64Array(k),
  };
  computePrecisions(state);
  return state;
}

/**
 * Membership probabilities and most probable component of new rows under a
 * fitted mixture (columns must match the model's).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { assignGMM, fitGMM } from "./gmm.ts";
 * const m = matrixFromRows([[0], [0.1], [0.2], [5], [5.1], [5.3]]);
 * const fit = fitGMM(m, { k: 2 });
 * ok(assignGMM(fit.model, matrixFromRows([[0.05]])).labels[0] === fit.labels[0]);
 * ```
 */
export function assignGMM(
  model: GMMModel,
  m: Matrix,
): { labels: Int32Array; probabilities: Matrix } {
  const d = model.columns.length, k = model.k;
  if (m.cols !== d) {
    throw new InputError(`The model has ${d} features, the data ${m.cols}`, {
      hint: `give the columns ${model.columns.join(", ")}`,
    });
  }
  assertFiniteMatrix(m, "the Gaussian mixture");
  const state = mixtureState(model);
  const probabilities = createMatrix(m.rows, k, Array.from({ length: k }, (_, c) => `p${c}`));
  eStep(m, state, probabilities.data);
  return { labels: mostProbable(probabilities.data, m.rows, k), probabilities };
}
