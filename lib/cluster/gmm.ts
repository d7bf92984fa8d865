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
import { InputError, isInputError } from "../errors.ts";
import { createMatrix, type Matrix } from "../matrix.ts";
import { assertKFits } from "./algorithm_input.ts";
import { assertFiniteMatrix } from "../check_input.ts";
import { fitKMeans } from "./kmeans.ts";

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

const LOG_2PI = Math.log(2 * Math.PI);
const TINY = 10 * 2.220446049250313e-16;

/** Internal parameter state. */
interface State {
  k: number;
  d: number;
  full: boolean;
  weights: Float64Array;
  means: Float64Array;
  /** full: k×d×d covariances; diag: k×d variances. */
  cov: Float64Array;
  /**
   * full: per component the inverse of the lower Cholesky factor of the
   * covariance, its lower triangle packed row by row (d·(d+1)/2 values);
   * diag: k×d 1/sqrt(variance).
   */
  precChol: Float64Array;
  logDet: Float64Array;
}

/** Values per component in a packed lower triangle. */
function packedSize(d: number): number {
  return (d * (d + 1)) / 2;
}

/**
 * Fit a Gaussian mixture with `k` components to the rows of `m`.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../matrix.ts";
 * import { fitGMM } from "./gmm.ts";
 * const rows = [];
 * for (let i = 0; i < 40; i++) rows.push([i % 2 === 0 ? (i % 7) * 0.1 : 8 + (i % 5) * 0.1, (i % 3) * 0.1]);
 * const fit = fitGMM(matrixFromRows(rows), { k: 2, seed: 0 });
 * fit.probabilities.cols; // 2
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
  return Object.assign(new InputError("x"), {
    message: named,
    file,
    column: error.column,
    row: error.row,
  });
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
 * Membership probabilities and most probable component of new rows under a
 * fitted mixture (columns must match the model's).
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../matrix.ts";
 * import { assignGMM, fitGMM } from "./gmm.ts";
 * const m = matrixFromRows([[0], [0.1], [0.2], [5], [5.1], [5.3]]);
 * const fit = fitGMM(m, { k: 2 });
 * assignGMM(fit.model, matrixFromRows([[0.05]])).labels[0] === fit.labels[0]; // true
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
  const probabilities = createMatrix(m.rows, k, Array.from({ length: k }, (_, c) => `p${c}`));
  eStep(m, state, probabilities.data);
  return { labels: mostProbable(probabilities.data, m.rows, k), probabilities };
}

/** Index of the largest value in each row of an n×k array (first on ties). */
function mostProbable(resp: Float64Array, n: number, k: number): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0, o = 0; i < n; i++, o += k) {
    let best = 0, top = resp[o]!;
    for (let c = 1; c < k; c++) {
      const v = resp[o + c]!;
      if (v > top) {
        top = v;
        best = c;
      }
    }
    labels[i] = best;
  }
  return labels;
}

/**
 * E-step: membership probabilities into `resp` (rows × k); returns the mean
 * log-likelihood. Each row's weighted log densities are normalised by
 * log-sum-exp in place, so the M-step and the result need no further exp.
 */
function eStep(m: Matrix, s: State, resp: Float64Array): number {
  const { k, d, full, weights, means, precChol, logDet } = s;
  const n = m.rows, data = m.data;
  // −½·d·log 2π + log |precision Cholesky| + log weight, per component
  const offset = new Float64Array(k);
  for (let c = 0; c < k; c++) offset[c] = -0.5 * d * LOG_2PI + logDet[c]! + Math.log(weights[c]!);
  const diff0 = new Float64Array(d), diff1 = new Float64Array(d);
  const tri = packedSize(d);
  let total = 0;
  // Two rows at a time (the last one twice when n is odd): each factor
  // entry is loaded once for both, and the two sums run side by side.
  for (let i = 0; i < n; i += 2) {
    const second = i + 1 < n ? i + 1 : i;
    const row0 = i * d, row1 = second * d, o0 = i * k, o1 = second * k;
    for (let c = 0, mo = 0; c < k; c++, mo += d) {
      let q0 = 0, q1 = 0;
      if (full) {
        for (let j = 0; j < d; j++) {
          const mu = means[mo + j]!;
          diff0[j] = data[row0 + j]! - mu;
          diff1[j] = data[row1 + j]! - mu;
        }
        // squared Mahalanobis distance |L⁻¹·(x − μ)|², L⁻¹ lower and packed
        for (let j = 0, p = c * tri; j < d; j++) {
          let y0 = 0, y1 = 0;
          for (let t = 0; t <= j; t++) {
            const w = precChol[p++]!;
            y0 += w * diff0[t]!;
            y1 += w * diff1[t]!;
          }
          q0 += y0 * y0;
          q1 += y1 * y1;
        }
      } else {
        for (let j = 0; j < d; j++) {
          const mu = means[mo + j]!, w = precChol[mo + j]!;
          const y0 = (data[row0 + j]! - mu) * w, y1 = (data[row1 + j]! - mu) * w;
          q0 += y0 * y0;
          q1 += y1 * y1;
        }
      }
      resp[o0 + c] = offset[c]! - 0.5 * q0;
      resp[o1 + c] = offset[c]! - 0.5 * q1;
    }
    // log-sum-exp of each row, turning its log densities into probabilities
    for (let o = o0; o <= o1; o += k) {
      let max = resp[o]!;
      for (let c = 1; c < k; c++) if (resp[o + c]! > max) max = resp[o + c]!;
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp(resp[o + c]! - max);
        resp[o + c] = e;
        sum += e;
      }
      for (let c = 0; c < k; c++) resp[o + c] = resp[o + c]! / sum;
      total += max + Math.log(sum);
    }
  }
  return total / n;
}

/** M-step: weights, means and covariances from the responsibilities (rows × k). */
function mStep(m: Matrix, resp: Float64Array, s: State, regCovar: number): void {
  const { k, d, full } = s;
  const n = m.rows, data = m.data;
  const nk = new Float64Array(k), sums = new Float64Array(k * d);
  // diag: Σ r·x², gathered in the same pass as Σ r·x
  const sumSq = full ? sums : new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    const row = i * d, o = i * k;
    for (let c = 0, mo = 0; c < k; c++, mo += d) {
      const r = resp[o + c]!;
      if (r === 0) continue;
      nk[c]! += r;
      if (full) {
        for (let j = 0; j < d; j++) sums[mo + j]! += r * data[row + j]!;
      } else {
        for (let j = 0; j < d; j++) {
          const x = data[row + j]!, rx = r * x;
          sums[mo + j]! += rx;
          sumSq[mo + j]! += rx * x;
        }
      }
    }
  }
  setWeightsAndMeans(s, nk, sums);
  if (!full) {
    setDiagonalCovariances(s, nk, sumSq, regCovar);
    return;
  }
  // Σ r·(x − μ)(x − μ)ᵀ, lower triangles packed. Two rows at a time (with
  // weight 0 for the second when n is odd): each accumulator is loaded and
  // stored once for both.
  const means = s.means, tri = packedSize(d);
  const acc = new Float64Array(k * tri);
  const diff0 = new Float64Array(d), diff1 = new Float64Array(d);
  for (let i = 0; i < n; i += 2) {
    const paired = i + 1 < n;
    const row0 = i * d, row1 = paired ? row0 + d : row0, o = i * k;
    for (let c = 0, mo = 0; c < k; c++, mo += d) {
      const r0 = resp[o + c]!, r1 = paired ? resp[o + k + c]! : 0;
      if (r0 === 0 && r1 === 0) continue;
      for (let j = 0; j < d; j++) {
        const mu = means[mo + j]!;
        diff0[j] = data[row0 + j]! - mu;
        diff1[j] = data[row1 + j]! - mu;
      }
      for (let a = 0, p = c * tri; a < d; a++) {
        const w0 = r0 * diff0[a]!, w1 = r1 * diff1[a]!;
        for (let b = 0; b <= a; b++) acc[p++]! += w0 * diff0[b]! + w1 * diff1[b]!;
      }
    }
  }
  setFullCovariances(s, nk, acc, regCovar);
}

/**
 * The first M-step, from one label per row (responsibilities 0 or 1): the
 * same figures as {@link mStep}, visiting each row for its own component only.
 */
function mStepFromLabels(
  m: Matrix,
  labels: ArrayLike<number>,
  s: State,
  regCovar: number,
): void {
  const { k, d, full } = s;
  const n = m.rows, data = m.data;
  const nk = new Float64Array(k), sums = new Float64Array(k * d);
  const sumSq = full ? sums : new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    const row = i * d, c = labels[i]!, mo = c * d;
    nk[c]! += 1;
    for (let j = 0; j < d; j++) {
      const x = data[row + j]!;
      sums[mo + j]! += x;
      if (!full) sumSq[mo + j]! += x * x;
    }
  }
  setWeightsAndMeans(s, nk, sums);
  if (!full) {
    setDiagonalCovariances(s, nk, sumSq, regCovar);
    return;
  }
  const means = s.means, tri = packedSize(d);
  const acc = new Float64Array(k * tri);
  const diff = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d, c = labels[i]!, mo = c * d;
    for (let j = 0; j < d; j++) diff[j] = data[row + j]! - means[mo + j]!;
    for (let a = 0, p = c * tri; a < d; a++) {
      const da = diff[a]!;
      for (let b = 0; b <= a; b++) acc[p++]! += da * diff[b]!;
    }
  }
  setFullCovariances(s, nk, acc, regCovar);
}

/** Weights and means from the summed responsibilities and Σ r·x (nk gains 10·eps). */
function setWeightsAndMeans(s: State, nk: Float64Array, sums: Float64Array): void {
  const { k, d, weights, means } = s;
  let nkSum = 0;
  for (let c = 0; c < k; c++) {
    nk[c]! += TINY;
    nkSum += nk[c]!;
    for (let j = 0; j < d; j++) means[c * d + j] = sums[c * d + j]! / nk[c]!;
  }
  for (let c = 0; c < k; c++) weights[c] = nk[c]! / nkSum;
}

/** Full covariances from the packed Σ r·(x − μ)(x − μ)ᵀ, then their precisions. */
function setFullCovariances(
  s: State,
  nk: Float64Array,
  acc: Float64Array,
  regCovar: number,
): void {
  const { k, d, cov } = s;
  for (let c = 0, p = 0; c < k; c++) {
    const co = c * d * d;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) {
        const v = acc[p++]! / nk[c]!;
        cov[co + a * d + b] = v;
        cov[co + b * d + a] = v;
      }
      cov[co + a * d + a]! += regCovar;
    }
  }
  computePrecisions(s);
}

/**
 * Diagonal covariances as scikit-learn estimates them, E[x²] − 2·μ·E[x] + μ²
 * + reg, from Σ r·x², then their precisions.
 */
function setDiagonalCovariances(
  s: State,
  nk: Float64Array,
  sumSq: Float64Array,
  regCovar: number,
): void {
  const { k, d, means, cov } = s;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const mu = means[c * d + j]!;
      const x2 = sumSq[c * d + j]! / nk[c]!;
      const xMean = mu * mu; // means[c] · (resp·X / nk) = μ²
      cov[c * d + j] = x2 - 2 * xMean + mu * mu + regCovar;
    }
  }
  computePrecisions(s);
}

/** Cholesky factors of the precisions and their log-determinants. */
function computePrecisions(s: State): void {
  const { k, d, full, cov, precChol, logDet } = s;
  const fail = () =>
    new InputError(
      "Gaussian mixture failed: a component's covariance is not positive definite",
      {
        hint:
          "use fewer components, diagonal covariance, a larger regCovar, or remove duplicate rows",
      },
    );
  if (!full) {
    for (let c = 0; c < k; c++) {
      let ld = 0;
      for (let j = 0; j < d; j++) {
        const v = cov[c * d + j]!;
        if (!(v > 0)) throw fail();
        const p = 1 / Math.sqrt(v);
        precChol[c * d + j] = p;
        ld += Math.log(p);
      }
      logDet[c] = ld;
    }
    return;
  }
  const L = new Float64Array(d * d), inv = new Float64Array(d * d);
  const tri = packedSize(d);
  for (let c = 0; c < k; c++) {
    const co = c * d * d;
    L.fill(0);
    inv.fill(0);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = cov[co + i * d + j]!;
        for (let t = 0; t < j; t++) sum -= L[i * d + t]! * L[j * d + t]!;
        if (i === j) {
          if (!(sum > 0)) throw fail();
          L[i * d + i] = Math.sqrt(sum);
        } else {
          L[i * d + j] = sum / L[j * d + j]!;
        }
      }
    }
    // inverse of the lower factor, by forward substitution on the identity
    let ld = 0;
    for (let col = 0; col < d; col++) {
      for (let i = col; i < d; i++) {
        let sum = i === col ? 1 : 0;
        for (let t = col; t < i; t++) sum -= L[i * d + t]! * inv[t * d + col]!;
        inv[i * d + col] = sum / L[i * d + i]!;
      }
      ld += Math.log(inv[col * d + col]!);
    }
    logDet[c] = ld;
    let p = c * tri;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) precChol[p++] = inv[i * d + j]!;
    }
  }
}

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
 * import { matrixFromRows } from "../matrix.ts";
 * import { sweepGMM } from "./gmm.ts";
 * const rows = [];
 * for (let i = 0; i < 60; i++) rows.push([(i % 3) * 10 + (i % 7) * 0.1, (i % 5) * 0.1]);
 * sweepGMM(matrixFromRows(rows), { kMin: 1, kMax: 4 }).sweep.length; // 4
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
