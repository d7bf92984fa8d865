/**
 * The expectation–maximisation steps of the Gaussian mixture, on typed
 * arrays: membership probabilities (E-step), weights, means and covariances
 * from them (M-step), and the Cholesky factors of the precisions, as
 * scikit-learn's GaussianMixture computes them.
 *
 * @module
 */
import type { Matrix } from "../matrix.ts";
import { InputError } from "../errors.ts";

export const LOG_2PI = Math.log(2 * Math.PI);
export const TINY = 10 * 2.220446049250313e-16;

/** Internal parameter state. */
export interface State {
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
export function packedSize(d: number): number {
  return (d * (d + 1)) / 2;
}

/** Index of the largest value in each row of an n×k array (first on ties). */
export function mostProbable(resp: Float64Array, n: number, k: number): Int32Array {
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
export function eStep(m: Matrix, s: State, resp: Float64Array): number {
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
export function mStep(m: Matrix, resp: Float64Array, s: State, regCovar: number): void {
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
export function mStepFromLabels(
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
export function computePrecisions(s: State): void {
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
