/**
 * Inertia: the within-cluster sum of squared distances to the centroids.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { assertFiniteMatrix } from "../check_input.ts";
import { squaredDistance } from "../cluster/kmeans_plus_plus.ts";
import type { Matrix } from "../matrix.ts";

/**
 * Sum over rows of the squared Euclidean distance to the row's centroid.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { inertia } from "./inertia.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * equal(inertia(matrixFromRows([[0], [2], [10]]), [0, 0, 1], [[1], [10]]), 2);
 * ```
 */
export function inertia(
  m: Matrix,
  labels: Int32Array | number[],
  centroids: number[][],
): number {
  assertFiniteMatrix(m, "inertia");
  if (labels.length !== m.rows) {
    throw new InputError(
      `Labels do not match the data for inertia: ${labels.length} labels for ${m.rows} rows`,
    );
  }
  const d = m.cols;
  const centers = new Float64Array(centroids.length * d);
  centroids.forEach((row, c) => {
    if (row.length !== d) {
      throw new InputError(`Centroid ${c} has ${row.length} values, expected ${d}`);
    }
    centers.set(row, c * d);
  });
  let total = 0;
  for (let i = 0; i < m.rows; i++) {
    const c = labels[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= centroids.length) {
      throw new InputError(`Label ${c} has no centroid`, {
        row: i + 1,
        hint: `labels must be 0..${centroids.length - 1}`,
      });
    }
    total += squaredDistance(m.data, i * d, centers, c * d, d);
  }
  return total;
}
