/**
 * The Davies–Bouldin index (lower is better), as scikit-learn computes it.
 *
 * @module
 */
import { assertClusterCount, assertFiniteMatrix, encodeLabels } from "../check_input.ts";
import { squaredDistance } from "../cluster/kmeans_plus_plus.ts";
import type { Matrix } from "../matrix.ts";

/**
 * Mean over clusters of the worst ratio (sᵢ + sⱼ) / dᵢⱼ, where s is the mean
 * distance of a cluster's rows to its centroid and d the distance between
 * centroids.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { daviesBouldinScore } from "./davies_bouldin.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * equal(daviesBouldinScore(matrixFromRows([[0], [2], [10], [12]]), [0, 0, 1, 1]), 0.2);
 * ```
 */
export function daviesBouldinScore(m: Matrix, labels: Int32Array | number[]): number {
  assertFiniteMatrix(m, "Davies–Bouldin");
  const { codes, count: q, sizes } = encodeLabels(labels, m.rows, "Davies–Bouldin");
  assertClusterCount(q, m.rows, "Davies–Bouldin");
  const n = m.rows, d = m.cols, x = m.data;
  const centroids = new Float64Array(q * d);
  for (let i = 0; i < n; i++) {
    const off = codes[i]! * d;
    for (let j = 0; j < d; j++) centroids[off + j]! += x[i * d + j]!;
  }
  for (let c = 0; c < q; c++) for (let j = 0; j < d; j++) centroids[c * d + j]! /= sizes[c]!;
  const intra = new Float64Array(q);
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    intra[c]! += Math.sqrt(squaredDistance(x, i * d, centroids, c * d, d));
  }
  for (let c = 0; c < q; c++) intra[c]! /= sizes[c]!;
  const between = new Float64Array(q * q);
  let allIntraZero = true, allBetweenZero = true;
  for (let c = 0; c < q; c++) if (Math.abs(intra[c]!) > 1e-8) allIntraZero = false;
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) {
      const v = Math.sqrt(squaredDistance(centroids, a * d, centroids, b * d, d));
      between[a * q + b] = v;
      if (v > 1e-8) allBetweenZero = false;
    }
  }
  // scikit-learn: np.allclose(..., 0) on either → 0.
  if (allIntraZero || allBetweenZero) return 0;
  let total = 0;
  for (let a = 0; a < q; a++) {
    let worst = -Infinity;
    for (let b = 0; b < q; b++) {
      const dist = between[a * q + b]!;
      const ratio = (intra[a]! + intra[b]!) / (dist === 0 ? Infinity : dist);
      if (ratio > worst) worst = ratio;
    }
    total += worst;
  }
  return total / q;
}
