/**
 * The Calinski–Harabasz index (variance ratio; higher is better), as
 * scikit-learn computes it.
 *
 * @module
 */
import { assertClusterCount, assertFiniteMatrix, encodeLabels } from "../check_input.ts";
import type { Matrix } from "../matrix.ts";

/**
 * Between-cluster dispersion over within-cluster dispersion, each divided by
 * its degrees of freedom. 1 when every cluster is a single point repeated.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { calinskiHarabaszScore } from "./calinski_harabasz.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * equal(calinskiHarabaszScore(matrixFromRows([[0], [2], [10], [12]]), [0, 0, 1, 1]), 50);
 * ```
 */
export function calinskiHarabaszScore(m: Matrix, labels: Int32Array | number[]): number {
  assertFiniteMatrix(m, "Calinski–Harabasz");
  const { codes, count: q, sizes } = encodeLabels(labels, m.rows, "Calinski–Harabasz");
  assertClusterCount(q, m.rows, "Calinski–Harabasz");
  const n = m.rows, d = m.cols, x = m.data;
  const mean = new Float64Array(d);
  const centroids = new Float64Array(q * d);
  for (let i = 0; i < n; i++) {
    const off = codes[i]! * d;
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      mean[j]! += v;
      centroids[off + j]! += v;
    }
  }
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (let c = 0; c < q; c++) for (let j = 0; j < d; j++) centroids[c * d + j]! /= sizes[c]!;
  let extra = 0, intra = 0;
  for (let c = 0; c < q; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const diff = centroids[c * d + j]! - mean[j]!;
      s += diff * diff;
    }
    extra += sizes[c]! * s;
  }
  for (let i = 0; i < n; i++) {
    const off = codes[i]! * d;
    for (let j = 0; j < d; j++) {
      const diff = x[i * d + j]! - centroids[off + j]!;
      intra += diff * diff;
    }
  }
  return intra === 0 ? 1 : (extra * (n - q)) / (intra * (q - 1));
}
