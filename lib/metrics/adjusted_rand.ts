/**
 * The adjusted Rand index between two labellings, computed exactly as
 * scikit-learn's `adjusted_rand_score` (pair confusion counts in exact
 * integers, one final division), so it agrees to the last bit.
 *
 * @module
 */
import { InputError } from "../errors.ts";

/**
 * Adjusted Rand index of two labellings of the same rows: 1 for identical
 * partitions (up to renumbering), about 0 for chance agreement. Any integer
 * labels are fine (DBSCAN noise -1 counts as one more group).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { adjustedRandIndex } from "./adjusted_rand.ts";
 * equal(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]), 1);
 * equal(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1]), 0.5714285714285714);
 * ```
 */
export function adjustedRandIndex(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): number {
  const n = a.length;
  if (b.length !== n) {
    throw new InputError(
      `Adjusted Rand index: labellings differ in length: ${n} and ${b.length}`,
      { hint: "compare labels of the same rows" },
    );
  }
  const ia = denseCodes(a), ib = denseCodes(b);
  const ka = ia.count, kb = ib.count;
  const rowSums = new Float64Array(ka), colSums = new Float64Array(kb);
  const cells = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const x = ia.codes[i]!, y = ib.codes[i]!;
    rowSums[x]!++;
    colSums[y]!++;
    const key = x * kb + y;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  // Pair confusion matrix as in sklearn.metrics.cluster.pair_confusion_matrix.
  let sumSquares = 0, rowDot = 0, colDot = 0;
  for (const [key, c] of cells) {
    const x = Math.floor(key / kb), y = key - x * kb;
    sumSquares += c * c;
    rowDot += c * colSums[y]!;
    colDot += c * rowSums[x]!;
  }
  const tp = BigInt(sumSquares - n);
  const fp = BigInt(rowDot - sumSquares);
  const fn = BigInt(colDot - sumSquares);
  const tn = BigInt(n) * BigInt(n) - fp - fn - BigInt(sumSquares);
  if (fn === 0n && fp === 0n) return 1;
  const numerator = 2 * Number(tp * tn - fn * fp);
  const denominator = Number((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
  return numerator / denominator;
}

function denseCodes(labels: ArrayLike<number>): { codes: Int32Array; count: number } {
  const map = new Map<number, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    let c = map.get(v);
    if (c === undefined) {
      c = map.size;
      map.set(v, c);
    }
    codes[i] = c;
  }
  return { codes, count: map.size };
}
