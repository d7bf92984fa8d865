/**
 * k-means++ seeding with greedy local trials, as in scikit-learn: each new
 * centre is the best of `2 + floor(ln k)` candidates drawn with probability
 * proportional to the squared distance to the nearest chosen centre.
 *
 * @module
 */
import type { Random } from "../random.ts";
import {
  candidateDistances,
  candidateDistancesMany,
  paddedWidth,
  padRows,
  scratch,
} from "./distance_kernels.ts";

/**
 * Choose `k` initial centres among the rows of `x` (row-major, `n` × `d`).
 * Returns the centres as a row-major Float64Array of `k` × `d`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { kmeansPlusPlus } from "./kmeans_plus_plus.ts";
 * import { createRandom } from "../random.ts";
 * const x = Float64Array.from([0, 0, 0, 1, 10, 10, 10, 11]);
 * equal(kmeansPlusPlus(x, { rows: 4, cols: 2, k: 2, random: createRandom(0) }).length, 4);
 * ```
 */
export function kmeansPlusPlus(
  x: Float64Array,
  options: { rows: number; cols: number; k: number; random: Random },
): Float64Array {
  return seedKMeansPlusPlus(x, options).centers;
}

/** The seeds of {@link seedKMeansPlusPlus} and what the seeding learnt about the rows. */
export interface KMeansPlusPlusSeeds {
  /** The `k` centres, row-major `k` × `d`. */
  centers: Float64Array;
  /** Per row: squared distance to its nearest centre. */
  closest: Float64Array;
  /** Per row: index of that centre (first one on ties). */
  owner: Int32Array;
  /** Per row: squared distance to the second-nearest centre (Infinity when k = 1). */
  second: Float64Array;
}

/**
 * {@link kmeansPlusPlus}, also returning each row's nearest centre and the
 * squared distance to it and to the second nearest, which the first
 * assignment step can start from.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { seedKMeansPlusPlus } from "./kmeans_plus_plus.ts";
 * import { createRandom } from "../random.ts";
 * const x = Float64Array.from([0, 0, 0, 1, 10, 10, 10, 11]);
 * const seeds = seedKMeansPlusPlus(x, { rows: 4, cols: 2, k: 2, random: createRandom(0) });
 * ok(seeds.owner[0] === seeds.owner[1]);
 * ```
 */
export function seedKMeansPlusPlus(
  x: Float64Array,
  options: { rows: number; cols: number; k: number; random: Random },
): KMeansPlusPlusSeeds {
  const { rows: n, cols: d, k, random } = options;
  const w = paddedWidth(d);
  const xp = w === d ? x : padRows(x, n, d, w);
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = random.int(n);
  centers.set(x.subarray(first * d, first * d + d), 0);

  // Per row: squared distance to the nearest chosen centre, its index and
  // squared distance to the second nearest.
  const closest = new Float64Array(n).fill(Infinity);
  const owner = new Int32Array(n);
  const second = new Float64Array(n).fill(Infinity);
  const cumsum = scratch(Float64Array, "kmeans++.cumsum", n);
  const candidateDist = scratch(Float64Array, "kmeans++.candidates", trials * n);
  const candidates = new Int32Array(trials);
  const offsets = new Int32Array(trials);
  const pots = new Float64Array(trials);
  // The first centre, drawn uniformly, is accepted like a candidate.
  const firstDist = candidateDist.subarray(0, n);
  let pot = candidateDistances(xp, n, w, first * w, closest, firstDist);
  acceptCandidate(firstDist, 0, closest, owner, second, cumsum);

  for (let c = 1; c < k; c++) {
    for (let t = 0; t < trials; t++) {
      const target = random.next() * pot;
      candidates[t] = Math.min(searchSortedLeft(cumsum, target), n - 1);
    }
    for (let t = 0; t < trials; t++) offsets[t] = candidates[t]! * w;
    candidateDistancesMany(xp, n, w, offsets, closest, candidateDist, pots);
    let best = 0;
    for (let t = 1; t < trials; t++) if (pots[t]! < pots[best]!) best = t;
    pot = pots[best]!;
    // Rows the new centre is nearest to, second-nearest distances and the
    // running sums for the next draws.
    const row = candidates[best]!;
    const bestDist = candidateDist.subarray(best * n, best * n + n);
    acceptCandidate(bestDist, c, closest, owner, second, cumsum);
    centers.set(x.subarray(row * d, row * d + d), c * d);
  }
  return { centers, closest, owner, second };
}

/**
 * Centre `c` joins with squared distances `dist` to the rows: updates each
 * row's nearest (`closest`, `owner`, first centre on ties) and second-nearest
 * squared distance, and writes the running sums of `closest` to `cumsum`.
 */
function acceptCandidate(
  dist: Float64Array,
  c: number,
  closest: Float64Array,
  owner: Int32Array,
  second: Float64Array,
  cumsum: Float64Array,
): void {
  let acc = 0;
  for (let i = 0; i < dist.length; i++) {
    const v = dist[i]!;
    let s = closest[i]!;
    if (v < s) {
      second[i] = s;
      owner[i] = c;
      closest[i] = v;
      s = v;
    } else if (v < second[i]!) second[i] = v;
    acc += s;
    cumsum[i] = acc;
  }
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
