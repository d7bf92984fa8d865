/**
 * Quality figures of a segmentation on its training data: inertia,
 * silhouette, Davies–Bouldin and Calinski–Harabasz, noise rows left out.
 *
 * @module
 */
import { type Matrix, matrixRowsAt } from "../matrix.ts";
import { silhouetteScore } from "../metrics/silhouette.ts";
import { daviesBouldinScore } from "../metrics/davies_bouldin.ts";
import { calinskiHarabaszScore } from "../metrics/calinski_harabasz.ts";

/** Quality figures of a segmentation on its training data. */
export interface SegmentationMetrics {
  inertia: number;
  /** Null when undefined (one cluster). Noise rows are left out. */
  silhouette: number | null;
  daviesBouldin: number | null;
  calinskiHarabasz: number | null;
  /** Why the metrics are null, when they are (e.g. "one cluster"). */
  undefinedReason?: string;
}

/**
 * Sum of squared distances of rows to their cluster's centre (noise rows, label −1, left out).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { inertiaAbout } from "./segmentation_metrics.ts";
 * equal(inertiaAbout(matrixFromRows([[0], [2], [9]]), Int32Array.from([0, 0, -1]), [[1]]), 2);
 * ```
 */
export function inertiaAbout(m: Matrix, labels: Int32Array, centroids: number[][]): number {
  let total = 0;
  for (let i = 0; i < m.rows; i++) {
    const c = centroids[labels[i]!];
    if (c === undefined) continue;
    for (let j = 0; j < m.cols; j++) total += (m.data[i * m.cols + j]! - c[j]!) ** 2;
  }
  return total;
}

/**
 * Silhouette, Davies–Bouldin and Calinski–Harabasz of clustered rows (noise
 * rows left out); each is null when undefined (fewer than two clusters).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { segmentationMetrics } from "./segmentation_metrics.ts";
 * const m = matrixFromRows([[0], [1], [10], [11]]);
 * const one = segmentationMetrics(m, Int32Array.from([0, 0, 0, 0]), { inertia: 0, seed: 0 });
 * equal(one.silhouette, null);
 * equal(one.undefinedReason, "silhouette, Davies–Bouldin and Calinski–Harabasz are undefined: one cluster");
 * ```
 */
export function segmentationMetrics(
  m: Matrix,
  labels: Int32Array,
  options: { inertia: number; seed: number },
): SegmentationMetrics {
  const { inertia, seed } = options;
  const keep: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i]! >= 0) keep.push(i);
  const clusters = new Set(keep.map((i) => labels[i]!)).size;
  if (clusters < 2 || keep.length <= clusters) {
    const undefinedReason = clusters === 0
      ? "every row is noise"
      : clusters === 1
      ? "one cluster"
      : "every clustered row is alone in its cluster";
    return {
      inertia,
      silhouette: null,
      daviesBouldin: null,
      calinskiHarabasz: null,
      undefinedReason:
        `silhouette, Davies–Bouldin and Calinski–Harabasz are undefined: ${undefinedReason}`,
    };
  }
  // Without noise rows the matrix and labels are used as they are (no copy).
  const all = keep.length === m.rows;
  const sub = all ? m : matrixRowsAt(m, keep);
  const subLabels = all ? labels : Int32Array.from(keep, (i) => labels[i]!);
  return {
    inertia,
    silhouette: silhouetteScore(sub, subLabels, {
      sampleSize: sub.rows > 5000 ? 5000 : undefined,
      seed,
    }),
    daviesBouldin: daviesBouldinScore(sub, subLabels),
    calinskiHarabasz: calinskiHarabaszScore(sub, subLabels),
  };
}
