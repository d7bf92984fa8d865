/**
 * Transforms for skewed features: sample skewness (as pandas `Series.skew`)
 * to find them, and `log1p` to tame them before scaling and clustering.
 * RFM features are heavy-tailed (a few customers buy very often and spend a
 * lot), so k-means on raw values would mostly separate those few.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { Matrix } from "../matrix.ts";

/**
 * Adjusted Fisher–Pearson sample skewness (pandas `Series.skew()`); NaN for
 * fewer than 3 values, 0 for constant values.
 *
 * @example
 * ```ts
 * import { equal, ok } from "node:assert/strict";
 * import { skewness } from "./transform.ts";
 * equal(skewness([1, 2, 3]), 0);
 * ok(skewness([1, 1, 1, 10]) > 1);
 * ```
 */
export function skewness(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 3) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let m2 = 0, m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  // pandas treats a (numerically) zero variance as no skew.
  if (m2 <= 1e-14 * Math.max(1, mean * mean)) return 0;
  const g1 = m3 / Math.pow(m2, 1.5);
  return (Math.sqrt(n * (n - 1)) / (n - 2)) * g1;
}

/** Options for {@link log1pMatrix}. */
export interface Log1pOptions {
  /** Columns to transform (default all). */
  columns?: readonly string[];
}

/**
 * ln(1 + x) of the chosen columns of a matrix (a new matrix; the others are
 * copied). Values at or below −1 are an InputError (no logarithm).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { log1pMatrix } from "./transform.ts";
 * const m = log1pMatrix(matrixFromRows([[0, 5], [Math.E - 1, 7]], ["monetary", "recency"]), { columns: ["monetary"] });
 * deepEqual(Array.from(m.data), [0, 5, 1, 7]);
 * ```
 */
export function log1pMatrix(m: Matrix, options: Log1pOptions = {}): Matrix {
  const names = options.columns ?? m.columns;
  const js = names.map((name) => {
    const j = m.columns.indexOf(name);
    if (j < 0) {
      throw new InputError(`Column not found: "${name}"`, {
        hint: `available columns: ${m.columns.join(", ")}`,
      });
    }
    return j;
  });
  const data = Float64Array.from(m.data);
  for (const j of js) {
    for (let i = 0; i < m.rows; i++) {
      const v = data[i * m.cols + j]!;
      if (!(v > -1)) {
        throw new InputError(`Cannot take log1p of ${v}`, {
          column: m.columns[j],
          row: i + 1,
          hint: "log1p needs values above -1; leave this column untransformed",
        });
      }
      data[i * m.cols + j] = Math.log1p(v);
    }
  }
  return { data, rows: m.rows, cols: m.cols, columns: [...m.columns] };
}

/**
 * Names of the columns whose absolute skewness exceeds `threshold` (default 1),
 * the usual rule of thumb for "log-transform this".
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { skewedColumns } from "./transform.ts";
 * deepEqual(skewedColumns(matrixFromRows([[1, 1], [2, 1], [3, 1], [4, 50]], ["a", "b"])), ["b"]);
 * ```
 */
export function skewedColumns(m: Matrix, threshold = 1): string[] {
  const out: string[] = [];
  for (let j = 0; j < m.cols; j++) {
    const col = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) col[i] = m.data[i * m.cols + j]!;
    if (Math.abs(skewness(col)) > threshold) out.push(m.columns[j]!);
  }
  return out;
}
