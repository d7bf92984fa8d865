/**
 * Up-front option checks shared by the clustering algorithms (finite values
 * are checked by `check_input.ts`): whole-number options, k within the
 * number of distinct rows. Each failure is an {@link InputError} saying
 * what to do.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { Matrix } from "../matrix.ts";

/** Throw unless `value` is a whole number ≥ `min`. */
export function assertWholeNumber(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new InputError(`Option ${name} must be a whole number ≥ ${min}: got ${value}`);
  }
}

/** Number of distinct rows (exact comparison of values). */
export function countDistinctRows(m: Matrix, stopAt = Infinity): number {
  const seen = new Set<string>();
  for (let i = 0; i < m.rows && seen.size < stopAt; i++) {
    seen.add(Array.prototype.join.call(m.data.subarray(i * m.cols, (i + 1) * m.cols), ","));
  }
  return seen.size;
}

/** Throw when k exceeds the number of distinct rows. */
export function assertKFits(m: Matrix, k: number, what: string): void {
  assertWholeNumber(k, "k", 1);
  if (k > m.rows || countDistinctRows(m, k) < k) {
    throw new InputError(`${what}: k = ${k} is larger than the number of distinct rows`, {
      hint: `choose k ≤ ${countDistinctRows(m)}`,
    });
  }
}
