/**
 * Choosing the number of clusters: a k-means sweep over k recording inertia
 * (with the elbow found by Kneedle), silhouette, Davies–Bouldin and
 * Calinski–Harabasz, combined into one recommended k with the reason stated
 * as a sentence built from the figures.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { calinskiHarabaszScore } from "../metrics/calinski_harabasz.ts";
import { assertFiniteMatrix } from "../check_input.ts";
import { daviesBouldinScore } from "../metrics/davies_bouldin.ts";
import { fitKMeans } from "../cluster/kmeans.ts";
import { findKnee } from "../cluster/knee.ts";
import { type Matrix, matrixRowsAt } from "../matrix.ts";
import { sampleRows } from "../metrics/silhouette.ts";

/** Options for {@link chooseK}. */
export interface ChooseKOptions {
  /** Smallest k tried (default 2). */
  kMin?: number;
  /** Largest k tried (default 10; capped at rows − 1). */
  kMax?: number;
  /** Seed for k-means and the silhouette sample (default 0). */
  seed?: number;
  /** K-means runs per k (default 10). */
  nInit?: number;
  /** Above this many rows the silhouette is computed on a seeded sample of this size (default 5000). */
  silhouetteSampleSize?: number;
  /**
   * Above this many rows the sweep runs on a seeded sample of this size
   * (default {@link CHOOSE_K_SAMPLE_SIZE}); the reason says so. The caller
   * then fits the chosen k on every row.
   */
  sampleSize?: number;
  /** Called after each k with the number of k done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Rows the k sweep uses at most, by default: past it, a seeded sample. */
export const CHOOSE_K_SAMPLE_SIZE = 100_000;

/** Figures for one k of the sweep. */
export interface KSweepPoint {
  k: number;
  inertia: number;
  silhouette: number;
  daviesBouldin: number;
  calinskiHarabasz: number;
}

/** The recommended k, why, and the sweep behind it. */
export interface KChoice {
  k: number;
  /** One plain sentence giving the reason, built from the figures. */
  reason: string;
  /** k at the elbow of the inertia curve, when there is one. */
  knee?: number;
  sweep: KSweepPoint[];
  /** When the sweep ran on a sample: how many rows, out of how many. */
  sample?: { rows: number; of: number };
}

/**
 * How close (in silhouette) the elbow's k must be to the silhouette peak to
 * be preferred as the simpler model.
 */
export const SILHOUETTE_MARGIN = 0.02;

/**
 * Sweep k and recommend one: the elbow's knee when its silhouette is within
 * {@link SILHOUETTE_MARGIN} of the best, otherwise the silhouette peak. Past
 * `sampleSize` rows (100,000 by default) the sweep runs on a seeded sample of
 * that many rows and the reason says so.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { chooseK } from "./choose_k.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const rows = [];
 * for (const c of [0, 10, 20]) for (let i = 0; i < 10; i++) rows.push([c + (i % 3) * 0.1, c + (i % 5) * 0.1]);
 * const choice = chooseK(matrixFromRows(rows), { kMax: 6, seed: 1 });
 * equal(choice.k, 3);
 * ```
 */
export function chooseK(data: Matrix, options: ChooseKOptions = {}): KChoice {
  const kMin = options.kMin ?? 2;
  const seed = options.seed ?? 0;
  const sampleSize = options.silhouetteSampleSize ?? 5000;
  const sweepSize = options.sampleSize ?? CHOOSE_K_SAMPLE_SIZE;
  if (!Number.isInteger(sweepSize) || sweepSize < 2) {
    throw new InputError(
      `Sample size for choosing k must be a whole number of at least 2: ${sweepSize}`,
    );
  }
  assertFiniteMatrix(data, "choosing k");
  const m = data.rows > sweepSize ? sampleMatrix(data, sweepSize, seed) : data;
  if (!Number.isInteger(kMin) || kMin < 2) {
    throw new InputError(`Smallest k must be a whole number of at least 2: ${kMin}`);
  }
  const kMax = Math.min(options.kMax ?? 10, m.rows - 1);
  if (!Number.isInteger(kMax) || kMax < kMin) {
    throw new InputError(
      `Too few rows or too small a range to choose k: k from ${kMin} to ${kMax} with ${m.rows} rows`,
      { hint: "give more rows or widen the k range" },
    );
  }
  const total = kMax - kMin + 1;
  const sweep: KSweepPoint[] = [];
  // The silhouette's sample is the same for every k: its distances are computed once.
  const silhouetteRows = m.rows > sampleSize
    ? sampleRows(m.rows, sampleSize, seed)
    : Int32Array.from({ length: m.rows }, (_, i) => i);
  const distances = condensedDistances(m, silhouetteRows);
  for (let k = kMin; k <= kMax; k++) {
    const fit = fitKMeans(m, { k, seed, nInit: options.nInit });
    sweep.push({
      k,
      inertia: fit.inertia,
      silhouette: silhouetteOfDistances(
        distances,
        Int32Array.from(silhouetteRows, (r) => fit.labels[r]!),
      ),
      daviesBouldin: daviesBouldinScore(m, fit.labels),
      calinskiHarabasz: calinskiHarabaszScore(m, fit.labels),
    });
    options.onProgress?.(sweep.length, total);
  }
  const knee = findKnee(sweep.map((p) => p.k), sweep.map((p) => p.inertia), {
    curve: "convex",
    direction: "decreasing",
  });
  const choice = recommend(sweep, knee);
  if (m === data) return { ...choice, sweep };
  const count = (n: number) => n.toLocaleString("en-US");
  return {
    ...choice,
    reason: `${choice.reason} (sweep on a seeded sample of ${count(m.rows)} of ${
      count(data.rows)
    } rows)`,
    sweep,
    sample: { rows: m.rows, of: data.rows },
  };
}

/** `size` rows of `m` drawn with `seed`, in their original order. */
/** Euclidean distances between the given rows, condensed (pairs i < j, row by row). */
function condensedDistances(m: Matrix, rows: Int32Array): Float64Array {
  const n = rows.length;
  const cols = m.cols;
  const out = new Float64Array((n * (n - 1)) / 2);
  const x = matrixRowsAt(m, rows).data;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const a = i * cols;
    for (let j = i + 1; j < n; j++) {
      const b = j * cols;
      let d = 0;
      for (let c = 0; c < cols; c++) {
        const diff = x[a + c]! - x[b + c]!;
        d += diff * diff;
      }
      out[p++] = Math.sqrt(d);
    }
  }
  return out;
}

/**
 * Mean silhouette from condensed distances (scikit-learn's definition: a
 * point alone in its cluster scores 0; NaN-free for two or more clusters).
 */
function silhouetteOfDistances(distances: Float64Array, labels: Int32Array): number {
  const n = labels.length;
  let k = 0;
  for (let i = 0; i < n; i++) if (labels[i]! + 1 > k) k = labels[i]! + 1;
  const sums = new Float64Array(n * k);
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]!] = sizes[labels[i]!]! + 1;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const li = labels[i]!;
    for (let j = i + 1; j < n; j++) {
      const d = distances[p++]!;
      const u = i * k + labels[j]!, v = j * k + li;
      sums[u] = sums[u]! + d;
      sums[v] = sums[v]! + d;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[i * k + own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || sizes[c] === 0) continue;
      const mean = sums[i * k + c]! / sizes[c]!;
      if (mean < b) b = mean;
    }
    const s = Math.max(a, b);
    total += s > 0 ? (b - a) / s : 0;
  }
  return total / n;
}

function sampleMatrix(m: Matrix, size: number, seed: number): Matrix {
  return matrixRowsAt(m, sampleRows(m.rows, size, seed));
}

function recommend(
  sweep: KSweepPoint[],
  knee: number | undefined,
): { k: number; reason: string; knee?: number } {
  let peak = sweep[0]!;
  for (const p of sweep) if (p.silhouette > peak.silhouette) peak = p;
  const s = (v: number) => v.toFixed(2);
  if (sweep.length === 1) {
    return {
      k: peak.k,
      reason: `k = ${peak.k}: the only k tried (silhouette ${s(peak.silhouette)})`,
    };
  }
  if (knee === undefined) {
    return {
      k: peak.k,
      reason: `k = ${peak.k}: silhouette peaks there (${
        s(peak.silhouette)
      }); the elbow curve has no clear knee`,
    };
  }
  const atKnee = sweep.find((p) => p.k === knee)!;
  if (knee === peak.k) {
    return {
      k: knee,
      knee,
      reason: `k = ${knee}: the elbow's knee is at ${knee} and silhouette peaks there (${
        s(peak.silhouette)
      })`,
    };
  }
  if (peak.silhouette - atKnee.silhouette <= SILHOUETTE_MARGIN) {
    return {
      k: knee,
      knee,
      reason:
        `k = ${knee}: the elbow's knee is at ${knee} and its silhouette (${
          s(atKnee.silhouette)
        }) ` +
        `is within ${SILHOUETTE_MARGIN} of the peak at k = ${peak.k} (${s(peak.silhouette)}), ` +
        `so the elbow was preferred as the ${knee < peak.k ? "simpler" : "better-fitting"} choice`,
    };
  }
  return {
    k: peak.k,
    knee,
    reason: `k = ${peak.k}: silhouette peaks there (${s(peak.silhouette)}), clearly above ` +
      `${s(atKnee.silhouette)} at the elbow's knee (k = ${knee}), so silhouette was preferred`,
  };
}
