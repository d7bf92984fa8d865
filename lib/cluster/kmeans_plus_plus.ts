/**
 * k-means++ seeding with greedy local trials, as in scikit-learn: each new
 * centre is the best of `2 + floor(ln k)` candidates drawn with probability
 * proportional to the squared distance to the nearest chosen centre.
 *
 * @module
 */
import type { Random } from "../random.ts";

/**
 * Choose `k` initial centres among the rows of `x` (row-major, `n` × `d`).
 * Returns the centres as a row-major Float64Array of `k` × `d`.
 *
 * @example
 * ```ts
 * import { kmeansPlusPlus } from "./kmeans_plus_plus.ts";
 * import { createRandom } from "../random.ts";
 * const x = Float64Array.from([0, 0, 0, 1, 10, 10, 10, 11]);
 * kmeansPlusPlus(x, { rows: 4, cols: 2, k: 2, random: createRandom(0) }).length; // 4
 * ```
 */
export function kmeansPlusPlus(
  x: Float64Array,
  options: { rows: number; cols: number; k: number; random: Random },
): Float64Array {
  const { rows: n, cols: d, k, random } = options;
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = random.int(n);
  centers.set(x.subarray(first * d, first * d + d), 0);

  const closest = new Float64Array(n);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    const v = squaredDistance(x, i * d, x, first * d, d);
    closest[i] = v;
    pot += v;
  }
  const cumsum = new Float64Array(n);
  const candidateDist = new Float64Array(trials * n);
  const candidates = new Int32Array(trials);
  const pots = new Float64Array(trials);

  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += closest[i]!;
      cumsum[i] = acc;
    }
    for (let t = 0; t < trials; t++) {
      const target = random.next() * pot;
      candidates[t] = Math.min(searchSortedLeft(cumsum, target), n - 1);
    }
    for (let t = 0; t < trials; t++) {
      const cand = candidates[t]! * d;
      const off = t * n;
      let s = 0;
      for (let i = 0; i < n; i++) {
        let v = squaredDistance(x, i * d, x, cand, d);
        const old = closest[i]!;
        if (old < v) v = old;
        candidateDist[off + i] = v;
        s += v;
      }
      pots[t] = s;
    }
    let best = 0;
    for (let t = 1; t < trials; t++) if (pots[t]! < pots[best]!) best = t;
    pot = pots[best]!;
    closest.set(candidateDist.subarray(best * n, best * n + n));
    const row = candidates[best]!;
    centers.set(x.subarray(row * d, row * d + d), c * d);
  }
  return centers;
}

/** First index i with sorted[i] >= value (numpy's searchsorted, side "left"). */
function searchSortedLeft(sorted: Float64Array, value: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Squared Euclidean distance between two rows of length `d` at offsets `a` and `b`. */
export function squaredDistance(
  x: Float64Array,
  a: number,
  y: Float64Array,
  b: number,
  d: number,
): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const diff = x[a + j]! - y[b + j]!;
    s += diff * diff;
  }
  return s;
}
