/**
 * The features that set each segment apart: the standardised mean difference
 * (Cohen's d) of every feature between the segment and the rest of the rows,
 * in original units —
 *
 *     d = (mean_segment − mean_rest) / pooled sd,
 *     pooled sd² = ((n₁ − 1)·s₁² + (n₂ − 1)·s₂²) / (n₁ + n₂ − 2)
 *
 * with sample variances (ddof 1). When the pooled sd is 0 (both groups
 * constant) the overall sd stands in; a feature constant over all rows has
 * d = 0. A segment holding every row has no "rest" and no top features.
 *
 * @module
 */
import type { Matrix } from "../matrix.ts";
import { checkTreeInput } from "./decision_tree.ts";

/** How one feature differs between a segment and the rest. */
export interface FeatureDifference {
  feature: string;
  /** Standardised mean difference: positive when the segment is higher. */
  smd: number;
  /** Mean within the segment. */
  mean: number;
  /** Mean over the other rows. */
  restMean: number;
}

/** The most distinguishing features of one segment, largest |smd| first. */
export interface SegmentTopFeatures {
  cluster: number;
  features: FeatureDifference[];
}

/** Options for {@link topFeatures}. */
export interface TopFeaturesOptions {
  /** Features kept per segment (default 3; `Infinity` keeps all). */
  top?: number;
}

/**
 * Per segment, the features whose means differ most from the rest, in
 * standard deviations.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { topFeatures } from "./top_features.ts";
 * const x = matrixFromRows([[1, 5], [2, 5.5], [8, 5], [9, 5.5]], ["income", "age"]);
 * equal(topFeatures(x, Int32Array.from([0, 0, 1, 1]), { top: 1 })[1]!.features[0]!.feature, "income");
 * ```
 */
export function topFeatures(
  matrix: Matrix,
  labels: ArrayLike<number>,
  options: TopFeaturesOptions = {},
): SegmentTopFeatures[] {
  const classes = checkTreeInput(matrix, labels);
  const top = options.top ?? 3;
  const { rows, cols, data } = matrix;
  const index = new Map(classes.map((c, i) => [c, i]));
  const k = classes.length;
  // Per class and feature: count, sum (then mean) and sum of squared deviations.
  const n = new Float64Array(k);
  const sum = new Float64Array(k * cols);
  const total = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const c = index.get(labels[i]!)!;
    n[c] = n[c]! + 1;
    for (let j = 0; j < cols; j++) {
      sum[c * cols + j] = sum[c * cols + j]! + data[i * cols + j]!;
      total[j] = total[j]! + data[i * cols + j]!;
    }
  }
  const mean = sum.map((s, idx) => s / n[Math.floor(idx / cols)]!);
  const overallMean = total.map((s) => s / rows);
  const ssIn = new Float64Array(k * cols);
  const ssAll = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const c = index.get(labels[i]!)!;
    for (let j = 0; j < cols; j++) {
      const x = data[i * cols + j]!;
      const d = x - mean[c * cols + j]!;
      ssIn[c * cols + j] = ssIn[c * cols + j]! + d * d;
      const e = x - overallMean[j]!;
      ssAll[j] = ssAll[j]! + e * e;
    }
  }
  return classes.map((cluster, c) => {
    const n1 = n[c]!;
    const n2 = rows - n1;
    if (n2 === 0) return { cluster, features: [] };
    const features: FeatureDifference[] = [];
    for (let j = 0; j < cols; j++) {
      const m1 = mean[c * cols + j]!;
      const m2 = (total[j]! - sum[c * cols + j]!) / n2;
      // The rest's sum of squares: each other class's own plus its offset from the rest's mean.
      let ssRest = 0;
      for (let o = 0; o < k; o++) {
        if (o !== c) ssRest += ssIn[o * cols + j]! + n[o]! * (mean[o * cols + j]! - m2) ** 2;
      }
      const dof = n1 + n2 - 2;
      const pooled = dof > 0 ? Math.sqrt(Math.max(0, ssIn[c * cols + j]! + ssRest) / dof) : 0;
      const overall = rows > 1 ? Math.sqrt(ssAll[j]! / (rows - 1)) : 0;
      const scale = pooled > 1e-12 * Math.max(1, overall) ? pooled : overall;
      features.push({
        feature: matrix.columns[j]!,
        smd: scale > 0 ? (m1 - m2) / scale : 0,
        mean: m1,
        restMean: m2,
      });
    }
    features.sort((a, b) => Math.abs(b.smd) - Math.abs(a.smd));
    return { cluster, features: features.slice(0, top) };
  });
}
