/**
 * DBSCAN with scikit-learn's semantics: a point is core when at least
 * `minSamples` points (itself included) lie within `eps` (inclusive); clusters
 * grow from core points taken in row order; a border point joins the first
 * cluster that reaches it; everything else is noise, label -1. Neighbourhoods
 * come from a k-d tree, so low-dimensional data is not quadratic.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { Matrix } from "./matrix.ts";
import { buildKDTree, createNeighborBuffer, radiusNeighbors } from "./kd_tree.ts";
import { assertWholeNumber } from "./algorithm_input.ts";
import { assertFiniteMatrix } from "./check_input.ts";

/** Options for {@link fitDBSCAN}. */
export interface DBSCANOptions {
  /** Neighbourhood radius (Euclidean, inclusive); must be > 0. */
  eps: number;
  /** Points within eps, the point itself included, for a core point (default 5). */
  minSamples?: number;
}

/** The result of {@link fitDBSCAN}. */
export interface DBSCANFit {
  /** Cluster per row, 0..nClusters-1, noise -1. */
  labels: Int32Array;
  /** Rows that are core points, ascending. */
  coreIndices: Int32Array;
  nClusters: number;
  nNoise: number;
}

/**
 * Cluster the rows of `m` with DBSCAN.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "./matrix.ts";
 * import { fitDBSCAN } from "./dbscan.ts";
 * const m = matrixFromRows([[0], [0.5], [1], [10], [10.5], [11], [50]]);
 * const fit = fitDBSCAN(m, { eps: 0.6, minSamples: 2 });
 * Array.from(fit.labels); // [0, 0, 0, 1, 1, 1, -1]
 * ```
 */
export function fitDBSCAN(m: Matrix, options: DBSCANOptions): DBSCANFit {
  const { eps } = options;
  const minSamples = options.minSamples ?? 5;
  if (typeof eps !== "number" || !Number.isFinite(eps) || eps <= 0) {
    throw new InputError(`DBSCAN eps must be a positive number: got ${eps}`, {
      hint: "read a value off the k-distance chart, or use suggestEps",
    });
  }
  assertWholeNumber(minSamples, "minSamples", 1);
  assertFiniteMatrix(m, "DBSCAN");
  const n = m.rows, d = m.cols;
  const tree = buildKDTree(m);

  // All neighbourhoods in compressed rows (like scikit-learn's radius_neighbors).
  let neighbors = new Int32Array(Math.max(1024, n * 8));
  let used = 0;
  const buffer = createNeighborBuffer();
  const query = new Float64Array(d);
  // queries in tree order (neighbouring queries visit the same nodes), stored by row
  const starts = new Int32Array(n), counts = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const i = tree.index[p]!;
    for (let j = 0; j < d; j++) query[j] = tree.sorted[p * d + j]!;
    const found = radiusNeighbors(tree, query, eps, buffer);
    if (used + found.length > neighbors.length) {
      const grown = new Int32Array(Math.max(neighbors.length * 2, used + found.length));
      grown.set(neighbors.subarray(0, used));
      neighbors = grown;
    }
    neighbors.set(found, used);
    starts[i] = used;
    counts[i] = found.length;
    used += found.length;
  }

  const isCore = new Uint8Array(n);
  let coreCount = 0;
  for (let i = 0; i < n; i++) {
    if (counts[i]! >= minSamples) {
      isCore[i] = 1;
      coreCount++;
    }
  }

  const labels = new Int32Array(n).fill(-1);
  const stack = new Int32Array(Math.max(1, used));
  let label = 0;
  for (let seed = 0; seed < n; seed++) {
    if (labels[seed] !== -1 || !isCore[seed]) continue;
    let top = 0;
    let i = seed;
    for (;;) {
      if (labels[i] === -1) {
        labels[i] = label;
        if (isCore[i]) {
          for (let p = starts[i]!, e = p + counts[i]!; p < e; p++) {
            const v = neighbors[p]!;
            if (labels[v] === -1) stack[top++] = v;
          }
        }
      }
      if (top === 0) break;
      i = stack[--top]!;
    }
    label++;
  }

  const coreIndices = new Int32Array(coreCount);
  let c = 0, nNoise = 0;
  for (let i = 0; i < n; i++) {
    if (isCore[i]) coreIndices[c++] = i;
    if (labels[i] === -1) nNoise++;
  }
  return { labels, coreIndices, nClusters: label, nNoise };
}
