/**
 * The k-distance curve used to choose DBSCAN's eps: for every row, the
 * distance to its k-th nearest row (the row itself counted, like
 * `min_samples`), sorted ascending. Its knee — where distances start to
 * climb steeply — separates dense regions from noise.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { Matrix } from "../matrix.ts";
import { buildKDTree, knnSquaredDistances } from "./kd_tree.ts";
import { assertWholeNumber } from "./algorithm_input.ts";
import { assertFiniteMatrix } from "../check_input.ts";
import { findKnee } from "./knee.ts";

/**
 * Distance from every row to its k-th nearest row, the row itself counting
 * as the first, sorted ascending. With `k = minSamples`, a row is a DBSCAN
 * core point exactly when its k-distance is at most eps.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { kDistances } from "./k_distance.ts";
 * deepEqual(Array.from(kDistances(matrixFromRows([[0], [1], [3]]), 2)), [1, 1, 2]);
 * ```
 */
export function kDistances(m: Matrix, k: number): Float64Array {
  assertWholeNumber(k, "k", 1);
  assertFiniteMatrix(m, "the k-distance curve");
  if (k > m.rows) {
    throw new InputError(`k-distance: k = ${k} is larger than the number of rows (${m.rows})`, {
      hint: "choose minSamples no larger than the number of rows",
    });
  }
  const tree = buildKDTree(m);
  const out = new Float64Array(m.rows);
  const q = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) q[j] = m.data[i * m.cols + j]!;
    const d2 = knnSquaredDistances(tree, q, k);
    out[i] = Math.sqrt(d2[k - 1]!);
  }
  return out.sort();
}

/** Options for {@link suggestEps}. */
export interface SuggestEpsOptions {
  /** DBSCAN's min_samples (the point itself counted); default 5. */
  minSamples?: number;
}

/** An eps suggested from the k-distance curve. */
export interface EpsSuggestion {
  /** The suggested eps. */
  eps: number;
  /** Position of the knee in `distances`, or undefined when no knee was found. */
  kneeIndex: number | undefined;
  /** The sorted k-distance curve (k = minSamples). */
  distances: Float64Array;
  minSamples: number;
  /** How eps was chosen, in words. */
  reason: string;
}

/**
 * Suggest DBSCAN's eps at the knee of the sorted k-distance curve (Kneedle,
 * convex and increasing). When the curve has no knee, the 90th percentile
 * of the k-distances is used and the reason says so.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { suggestEps } from "./k_distance.ts";
 * const rows = Array.from({ length: 60 }, (_, i) => [i % 30 === 0 ? i * 10 : i * 0.01]);
 * ok(suggestEps(matrixFromRows(rows), { minSamples: 3 }).eps > 0);
 * ```
 */
export function suggestEps(m: Matrix, options: SuggestEpsOptions = {}): EpsSuggestion {
  const minSamples = options.minSamples ?? 5;
  const distances = kDistances(m, minSamples);
  const xs = Array.from({ length: distances.length }, (_, i) => i);
  const knee = distances.length >= 3
    ? findKnee(xs, distances, { curve: "convex", direction: "increasing" })
    : undefined;
  if (knee !== undefined && distances[knee]! > 0) {
    const eps = distances[knee]!;
    return {
      eps,
      kneeIndex: knee,
      distances,
      minSamples,
      reason:
        `knee of the ${minSamples}-distance curve at row ${knee + 1} of ${distances.length}: ` +
        `eps = ${formatNumber(eps)}`,
    };
  }
  const p90 = distances[Math.min(distances.length - 1, Math.floor(0.9 * distances.length))]!;
  if (!(p90 > 0)) {
    throw new InputError("Cannot suggest eps: most rows are duplicates (k-distance is 0)", {
      hint: "remove duplicate rows or lower minSamples",
    });
  }
  return {
    eps: p90,
    kneeIndex: undefined,
    distances,
    minSamples,
    reason: `the ${minSamples}-distance curve has no clear knee; ` +
      `eps = its 90th percentile, ${formatNumber(p90)}`,
  };
}

function formatNumber(x: number): string {
  return Number(x.toPrecision(3)).toString();
}
