/**
 * The value that fills a numeric or date column's blanks: the median (as
 * numpy's, the default), the mean, or for KNN imputation the median kept
 * for new rows. Fill values are fitted even when nothing is missing, for
 * new rows that have blanks.
 *
 * @module
 */
import { releaseArray } from "../release_memory.ts";
import type { Fill, MissingStrategy } from "./preparation.ts";

/** Options for {@link numericFill}. */
export interface NumericFillOptions {
  /** How blanks are filled ("median", "mean" or "knn"; "knn" keeps the median for new rows). */
  missing: MissingStrategy;
  /** Blank cells in the training file. */
  count: number;
}

/**
 * The fill of a numeric or date column from its present values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { numericFill } from "./fill_values.ts";
 * const present = Float64Array.from([1, 2, 10, 20]);
 * assert.deepEqual(numericFill(present, { missing: "median", count: 1 }),
 *   { how: "median", value: 6, count: 1 });
 * assert.equal(numericFill(present, { missing: "mean", count: 1 }).value, 8.25);
 * ```
 */
export function numericFill(present: Float64Array, options: NumericFillOptions): Fill {
  const { missing, count } = options;
  const value = missing === "mean" ? mean(present) : median(present);
  return { how: missing === "mean" ? "mean" : missing === "knn" ? "knn" : "median", value, count };
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Median as numpy's (mean of the two middle values for an even count), by selection in O(n). */
function median(x: Float64Array): number {
  const a = Float64Array.from(x);
  const n = a.length;
  const hi = select(a, n >> 1);
  // The lower middle is the largest value left of the upper one after selection.
  let lo = -Infinity;
  if (n % 2 === 0) { for (let i = 0; i < n >> 1; i++) if (a[i]! > lo) lo = a[i]!; }
  releaseArray(a);
  return n % 2 === 1 ? hi : (lo + hi) / 2;
}

/** The k-th smallest value (0-based); rearranges `a` so that smaller values come first (Hoare's selection). */
function select(a: Float64Array, k: number): number {
  let left = 0, right = a.length - 1;
  while (right > left) {
    const pivot = a[(left + right) >> 1]!;
    let i = left, j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k]!;
  }
  return a[k]!;
}
