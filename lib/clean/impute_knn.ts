/**
 * K-nearest-neighbour imputation with scikit-learn's `KNNImputer` semantics:
 *
 * - distance is nan-euclidean: over the coordinates both rows have,
 *   `sqrt(n_features / n_present * sum((x - y)^2))`; no shared coordinate
 *   gives no distance;
 * - for each missing cell, donors are rows that have that feature, the
 *   `nNeighbors` closest by that distance (fewer when fewer donors exist);
 * - "uniform" averages the donors; "distance" weights them by 1/d, and donors
 *   at distance 0 take all the weight;
 * - a receiver with no distance to any donor gets the feature's mean;
 * - distances use the data as given, before anything is filled in.
 *
 * One difference: on exactly tied distances at the k-th place, scikit-learn's
 * `argpartition` picks an unspecified donor; here the earlier row wins, so the
 * result is deterministic.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { createMatrix, type Matrix } from "../matrix.ts";
import { assignMatrix, matrixWithMissing } from "./missing.ts";

/** How donors are weighted. */
export type KNNWeights = "uniform" | "distance";

/** Options for {@link imputeKNN}. */
export interface ImputeKNNOptions {
  /** Donors per missing cell (default 5). */
  nNeighbors?: number;
  /** "uniform" (default) or "distance". */
  weights?: KNNWeights;
  /** Rows to take donors from (scikit-learn's fit data); default the matrix itself. */
  donors?: Matrix;
}

/**
 * Fill NaN cells from the nearest rows, as scikit-learn's
 * `KNNImputer(n_neighbors, weights).fit(donors).transform(m)`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { imputeKNN } from "./impute_knn.ts";
 * const m = matrixFromRows([[1, 2], [NaN, 4], [3, 6], [8, 20]]);
 * equal(imputeKNN(m, { nNeighbors: 2 }).data[2], 2);
 * ```
 */
export function imputeKNN(m: Matrix, options: ImputeKNNOptions = {}): Matrix {
  const k = options.nNeighbors ?? 5;
  const weights = options.weights ?? "uniform";
  if (!Number.isInteger(k) || k < 1) {
    throw new InputError(`Number of neighbours must be a whole number ≥ 1, got ${k}`);
  }
  if (weights !== "uniform" && weights !== "distance") {
    throw new InputError(`Unknown weights: "${weights}"`, { hint: 'use "uniform" or "distance"' });
  }
  const fit = options.donors ?? m;
  const cols = m.cols;
  if (fit.cols !== cols) {
    throw new InputError(`Donors have ${fit.cols} columns, expected ${cols}`);
  }
  const X = m.data;
  const F = fit.data;
  const nFit = fit.rows;

  // Column means of the donors (for receivers with no distance to any donor).
  const means = new Float64Array(cols);
  const present = new Int32Array(cols);
  for (let i = 0; i < nFit; i++) {
    for (let j = 0; j < cols; j++) {
      const v = F[i * cols + j]!;
      if (!Number.isNaN(v)) {
        means[j]! += v;
        present[j]!++;
      }
    }
  }
  for (let j = 0; j < cols; j++) {
    if (present[j] === 0) {
      throw new InputError("Column has no values to impute from", {
        column: m.columns[j],
        hint: "drop the column or provide donor rows that have it",
      });
    }
    means[j]! /= present[j]!;
  }

  const out = createMatrix(m.rows, cols, [...m.columns]);
  out.data.set(X);
  const dist = new Float64Array(nFit);
  const bestIdx = new Int32Array(k);
  const bestDist = new Float64Array(k);
  for (let r = 0; r < m.rows; r++) {
    const row = r * cols;
    let anyMissing = false;
    for (let j = 0; j < cols; j++) if (Number.isNaN(X[row + j]!)) anyMissing = true;
    if (!anyMissing) continue;
    nanEuclideanRow(X, row, F, nFit, cols, dist);
    for (let j = 0; j < cols; j++) {
      if (!Number.isNaN(X[row + j]!)) continue;
      // Select the k smallest distances among donors having feature j (NaN last, ties by index).
      let count = 0;
      let nDonors = 0;
      let anyDistance = false;
      for (let f = 0; f < nFit; f++) {
        if (Number.isNaN(F[f * cols + j]!)) continue;
        nDonors++;
        const d = dist[f]!;
        if (!Number.isNaN(d)) anyDistance = true;
        const key = Number.isNaN(d) ? Infinity : d;
        if (count < k) {
          let p = count++;
          while (p > 0 && sortKey(bestDist[p - 1]!) > key) {
            bestDist[p] = bestDist[p - 1]!;
            bestIdx[p] = bestIdx[p - 1]!;
            p--;
          }
          bestDist[p] = d;
          bestIdx[p] = f;
        } else if (key < sortKey(bestDist[k - 1]!)) {
          let p = k - 1;
          while (p > 0 && sortKey(bestDist[p - 1]!) > key) {
            bestDist[p] = bestDist[p - 1]!;
            bestIdx[p] = bestIdx[p - 1]!;
            p--;
          }
          bestDist[p] = d;
          bestIdx[p] = f;
        }
      }
      if (nDonors === 0 || !anyDistance) {
        out.data[row + j] = means[j]!;
        continue;
      }
      const n = Math.min(k, nDonors);
      let hasZero = false;
      if (weights === "distance") {
        for (let p = 0; p < n; p++) if (bestDist[p] === 0) hasZero = true;
      }
      let sum = 0;
      let wsum = 0;
      for (let p = 0; p < n; p++) {
        const d = bestDist[p]!;
        let w: number;
        if (Number.isNaN(d)) w = 0;
        else if (weights === "uniform") w = 1;
        else if (hasZero) w = d === 0 ? 1 : 0;
        else w = 1 / d;
        sum += w * F[bestIdx[p]! * cols + j]!;
        wsum += w;
      }
      out.data[row + j] = sum / wsum;
    }
  }
  return out;
}

/** Round to `decimals` places; negative decimals round to tens, hundreds… */
function roundTo(v: number, decimals: number): number {
  if (decimals >= 0) {
    const f = 10 ** decimals;
    return Math.round(v * f) / f;
  }
  const f = 10 ** -decimals;
  return Math.round(v / f) * f;
}

function sortKey(d: number): number {
  return Number.isNaN(d) ? Infinity : d;
}

/** nan-euclidean distances from row `row` of X to every row of F, into `out`. */
function nanEuclideanRow(
  X: Float64Array,
  row: number,
  F: Float64Array,
  nFit: number,
  cols: number,
  out: Float64Array,
): void {
  for (let f = 0; f < nFit; f++) {
    const base = f * cols;
    let sum = 0;
    let shared = 0;
    for (let j = 0; j < cols; j++) {
      const a = X[row + j]!;
      const b = F[base + j]!;
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      const d = a - b;
      sum += d * d;
      shared++;
    }
    out[f] = shared === 0 ? NaN : Math.sqrt((sum * cols) / shared);
  }
}

/**
 * nan-euclidean distance between two rows (scikit-learn's
 * `nan_euclidean_distances`); NaN when they share no coordinate.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { nanEuclidean } from "./impute_knn.ts";
 * equal(nanEuclidean([3, NaN, 5], [1, 0, 0]), Math.sqrt(3 / 2 * (4 + 25)));
 * ```
 */
export function nanEuclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const out = new Float64Array(1);
  nanEuclideanRow(Float64Array.from(a), 0, Float64Array.from(b), 1, a.length, out);
  return out[0]!;
}

/** Options for {@link imputeTableKNN}. */
export interface ImputeTableKNNOptions {
  /** Numeric columns used for distances and imputed. */
  columns: readonly string[];
  nNeighbors?: number;
  weights?: KNNWeights;
  /**
   * Standardise the columns (mean 0, standard deviation 1 over present
   * values) before measuring distance, so income in dollars does not drown
   * purchases in counts (default true). Filled values are returned in
   * original units; present values are not touched.
   */
  standardise?: boolean;
  /** Decimals to round filled values to, per column (e.g. `{ purchases: 0 }`; -2 rounds to hundreds). */
  round?: Record<string, number>;
  /** Source name for error messages. */
  file?: string;
}

/** The table with gaps filled, and how many cells were filled per column. */
export interface TableImputation {
  table: ColumnTable;
  imputed: Record<string, number>;
}

/**
 * Fill the missing cells of numeric table columns by KNN imputation.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { imputeTableKNN } from "./impute_knn.ts";
 * const t = aq.table({ a: [1, 2, 3, 10], b: [10, null, 30, 100] });
 * const { table } = imputeTableKNN(t, { columns: ["a", "b"], nNeighbors: 2, standardise: false });
 * equal(table.get("b", 1), 20);
 * ```
 */
export function imputeTableKNN(
  table: ColumnTable,
  options: ImputeTableKNNOptions,
): TableImputation {
  const m = matrixWithMissing(table, options.columns, { file: options.file });
  const cols = m.cols;
  const center = new Float64Array(cols);
  const scale = new Float64Array(cols).fill(1);
  if (options.standardise ?? true) {
    for (let j = 0; j < cols; j++) {
      let n = 0;
      let sum = 0;
      for (let i = 0; i < m.rows; i++) {
        const v = m.data[i * cols + j]!;
        if (!Number.isNaN(v)) {
          n++;
          sum += v;
        }
      }
      const mean = n > 0 ? sum / n : 0;
      let ss = 0;
      for (let i = 0; i < m.rows; i++) {
        const v = m.data[i * cols + j]!;
        if (!Number.isNaN(v)) ss += (v - mean) ** 2;
      }
      const sd = n > 0 ? Math.sqrt(ss / n) : 0;
      center[j] = mean;
      scale[j] = sd > 0 ? sd : 1;
    }
  }
  const scaled = createMatrix(m.rows, cols, m.columns);
  for (let i = 0; i < m.data.length; i++) {
    const j = i % cols;
    scaled.data[i] = (m.data[i]! - center[j]!) / scale[j]!;
  }
  const filled = imputeKNN(scaled, { nNeighbors: options.nNeighbors, weights: options.weights });
  const imputed: Record<string, number> = {};
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isNaN(m.data[i]!)) continue;
    const j = i % cols;
    const name = m.columns[j]!;
    let v = filled.data[i]! * scale[j]! + center[j]!;
    const decimals = options.round?.[name];
    if (decimals !== undefined) v = roundTo(v, decimals);
    m.data[i] = v;
    imputed[name] = (imputed[name] ?? 0) + 1;
  }
  return { table: assignMatrix(table, m), imputed };
}
