/**
 * Clusters described by their centres: the means of their rows, new rows
 * labelled by the nearest centre. The saved model of k-means, DBSCAN and
 * agglomerative clustering.
 *
 * @module
 */
import type { Matrix } from "../matrix.ts";

/** Centres of clusters as plain JSON (noise excluded). */
export interface CentroidModel {
  kind: "kmeans" | "dbscan" | "agglomerative";
  columns: string[];
  /** Centre of each cluster 0..nClusters-1, in the units of the fitted matrix. */
  centroids: number[][];
  nClusters: number;
  /** Parameters used. */
  parameters: Record<string, number | string>;
}

/**
 * Mean of each cluster's rows (noise, label −1, excluded).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { clusterCentroids } from "./centroids.ts";
 * deepEqual(clusterCentroids(matrixFromRows([[0], [2], [10], [99]]), [0, 0, 1, -1], 2), [[1], [10]]);
 * ```
 */
export function clusterCentroids(m: Matrix, labels: ArrayLike<number>, k: number): number[][] {
  const d = m.cols;
  const sums = new Float64Array(k * d), counts = new Float64Array(k);
  for (let i = 0; i < m.rows; i++) {
    const c = labels[i]!;
    if (c < 0 || c >= k) continue;
    counts[c]!++;
    for (let j = 0; j < d; j++) sums[c * d + j]! += m.data[i * d + j]!;
  }
  return Array.from(
    { length: k },
    (_, c) => Array.from({ length: d }, (_, j) => sums[c * d + j]! / Math.max(1, counts[c]!)),
  );
}

/**
 * The nearest centre of each row (squared Euclidean distance; ties go to the lower number).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { nearestCentre } from "./centroids.ts";
 * deepEqual(Array.from(nearestCentre([[0], [10]], matrixFromRows([[1], [9], [5]]))), [0, 1, 0]);
 * ```
 */
export function nearestCentre(centroids: readonly (readonly number[])[], m: Matrix): Int32Array {
  const { data, rows, cols } = m;
  const labels = new Int32Array(rows);
  const k = centroids.length;
  const flat = Float64Array.from(centroids.flat());
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestDistance = Infinity;
    const base = i * cols;
    for (let l = 0; l < k; l++) {
      let d = 0;
      const cb = l * cols;
      for (let j = 0; j < cols; j++) {
        const diff = data[base + j]! - flat[cb + j]!;
        d += diff * diff;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = l;
      }
    }
    labels[i] = best;
  }
  return labels;
}

/**
 * The model of clusters found in `m` with these labels: their means.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { centroidModel } from "./centroids.ts";
 * const model = centroidModel("dbscan", matrixFromRows([[0], [2], [50]], ["x"]), {
 *   labels: Int32Array.from([0, 0, -1]), nClusters: 1, parameters: { eps: 3, minSamples: 2 },
 * });
 * deepEqual(model.centroids, [[1]]);
 * ```
 */
export function centroidModel(
  kind: CentroidModel["kind"],
  m: Matrix,
  fit: { labels: Int32Array; nClusters: number; parameters: Record<string, number | string> },
): CentroidModel {
  return {
    kind,
    columns: [...m.columns],
    centroids: clusterCentroids(m, fit.labels, fit.nClusters),
    nClusters: fit.nClusters,
    parameters: fit.parameters,
  };
}

const isFiniteNumber = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v);

/**
 * What is wrong with a saved {@link CentroidModel} for `width` features, or undefined.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { centroidModelProblem } from "./centroids.ts";
 * const shape = { width: 2, k: 1 };
 * equal(centroidModelProblem({ centroids: [[0, 1]], nClusters: 1 }, shape), undefined);
 * equal(centroidModelProblem({ centroids: [[0]], nClusters: 1 }, shape), "centre 0 needs 2 finite numbers");
 * equal(centroidModelProblem({ centroids: [[0, 1]], nClusters: 1 }, { width: 2, k: 3 }), "1 centres for k = 3");
 * ```
 */
export function centroidModelProblem(
  model: unknown,
  shape: { width: number; k: number },
): string | undefined {
  const { width, k } = shape;
  const m = model as Partial<CentroidModel> | null;
  if (m === null || typeof m !== "object" || !Array.isArray(m.centroids)) return "no centres";
  if (m.centroids.length !== k || m.nClusters !== k) {
    return `${m.centroids.length} centres for k = ${k}`;
  }
  for (const [l, c] of m.centroids.entries()) {
    if (!Array.isArray(c) || c.length !== width || !c.every(isFiniteNumber)) {
      return `centre ${l} needs ${width} finite numbers`;
    }
  }
  return undefined;
}
