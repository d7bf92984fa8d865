/**
 * Silhouette coefficients with scikit-learn's definition: for each row,
 * (b − a) / max(a, b) where a is the mean distance to the other rows of its
 * cluster and b the lowest mean distance to another cluster; 0 for a row
 * alone in its cluster. Exact in O(n²) time and O(n·k) memory, each pair's
 * distance computed once; sampled with a seed for large n.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { createRandom } from "../random.ts";
import { assertClusterCount, assertFiniteMatrix, encodeLabels } from "../check_input.ts";
import type { Matrix } from "../matrix.ts";

/** Options for {@link silhouetteScore}. */
export interface SilhouetteOptions {
  /** Score a random sample of this many rows (all rows when absent or ≥ rows). */
  sampleSize?: number;
  /** Seed for the sample (default 0). */
  seed?: number;
}

/**
 * Silhouette coefficient of every row.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { silhouetteSamples } from "./silhouette.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const s = silhouetteSamples(matrixFromRows([[0], [1], [10]]), [0, 0, 1]);
 * // 1 - 1/10, 1 - 1/9, and 0 for the point alone in its cluster
 * [0.9, 1 - 1 / 9, 0].forEach((expected, i) => ok(Math.abs(s[i]! - expected) < 1e-12));
 * ```
 */
export function silhouetteSamples(m: Matrix, labels: Int32Array | number[]): Float64Array {
  assertFiniteMatrix(m, "silhouette");
  const { codes, count: q, sizes } = encodeLabels(labels, m.rows, "Silhouette");
  assertClusterCount(q, m.rows, "Silhouette");
  const n = m.rows, d = m.cols;

  // Rows sorted by cluster (counting sort) so each cluster is one block.
  const start = new Int32Array(q + 1);
  for (let i = 0; i < n; i++) start[codes[i]! + 1]!++;
  for (let c = 0; c < q; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, q);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[codes[i]!]!++] = i;
  // Rows are padded to a width of 4 or 8 (zeros add nothing to a distance) so
  // the pair loop can keep one row in registers.
  const w = d <= 4 ? 4 : d <= 8 ? 8 : (d + 3) & ~3;
  const x = new Float64Array(n * w);
  const lab = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const i = order[p]!;
    x.set(m.data.subarray(i * d, i * d + d), p * w);
    lab[p] = codes[i]!;
  }

  // sums[c * n + p]: summed distance from sorted row p to the rows of cluster c.
  const sums = new Float64Array(q * n);
  const kernel = w === 4 ? pairSums4 : w === 8 ? pairSums8 : pairSumsWide;
  for (let p = 0; p < n; p++) {
    const lp = lab[p]!;
    for (let c = lp; c < q; c++) {
      const from = c === lp ? p + 1 : start[c]!;
      sums[c * n + p]! += kernel(x, w, p, from, start[c + 1]!, sums, lp * n);
    }
  }

  const out = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const lp = lab[p]!;
    const a = sums[lp * n + p]! / (sizes[lp]! - 1);
    let b = Infinity;
    for (let c = 0; c < q; c++) {
      if (c === lp) continue;
      const v = sums[c * n + p]! / sizes[c]!;
      if (v < b) b = v;
    }
    const s = (b - a) / Math.max(a, b);
    out[order[p]!] = Number.isFinite(s) ? s : 0;
  }
  return out;
}

/**
 * Distances from row `p` to rows `from..to-1` (all `width` wide): returns
 * their sum and adds each to `sums[back + r]`.
 */
function pairSumsWide(
  x: Float64Array,
  width: number,
  p: number,
  from: number,
  to: number,
  sums: Float64Array,
  back: number,
): number {
  const o = p * width;
  let acc = 0;
  for (let r = from; r < to; r++) {
    const v = r * width;
    let s0 = 0, s1 = 0;
    for (let j = 0; j < width; j += 4) {
      const a = x[o + j]! - x[v + j]!, b = x[o + j + 1]! - x[v + j + 1]!;
      const e = x[o + j + 2]! - x[v + j + 2]!, f = x[o + j + 3]! - x[v + j + 3]!;
      s0 += a * a + e * e;
      s1 += b * b + f * f;
    }
    const dist = Math.sqrt(s0 + s1);
    acc += dist;
    sums[back + r]! += dist;
  }
  return acc;
}

/** {@link pairSumsWide} for rows 8 wide, the row `p` held in locals. */
function pairSums8(
  x: Float64Array,
  _width: number,
  p: number,
  from: number,
  to: number,
  sums: Float64Array,
  back: number,
): number {
  const o = p * 8;
  const p0 = x[o]!, p1 = x[o + 1]!, p2 = x[o + 2]!, p3 = x[o + 3]!;
  const p4 = x[o + 4]!, p5 = x[o + 5]!, p6 = x[o + 6]!, p7 = x[o + 7]!;
  let acc = 0;
  for (let r = from; r < to; r++) {
    const v = r * 8;
    const a0 = p0 - x[v]!, a1 = p1 - x[v + 1]!, a2 = p2 - x[v + 2]!, a3 = p3 - x[v + 3]!;
    const a4 = p4 - x[v + 4]!, a5 = p5 - x[v + 5]!, a6 = p6 - x[v + 6]!, a7 = p7 - x[v + 7]!;
    const dist = Math.sqrt(
      (a0 * a0 + a1 * a1) + (a2 * a2 + a3 * a3) + ((a4 * a4 + a5 * a5) + (a6 * a6 + a7 * a7)),
    );
    acc += dist;
    sums[back + r]! += dist;
  }
  return acc;
}

/** {@link pairSumsWide} for rows 4 wide, the row `p` held in locals. */
function pairSums4(
  x: Float64Array,
  _width: number,
  p: number,
  from: number,
  to: number,
  sums: Float64Array,
  back: number,
): number {
  const o = p * 4;
  const p0 = x[o]!, p1 = x[o + 1]!, p2 = x[o + 2]!, p3 = x[o + 3]!;
  let acc = 0;
  for (let r = from; r < to; r++) {
    const v = r * 4;
    const a0 = p0 - x[v]!, a1 = p1 - x[v + 1]!, a2 = p2 - x[v + 2]!, a3 = p3 - x[v + 3]!;
    const dist = Math.sqrt((a0 * a0 + a1 * a1) + (a2 * a2 + a3 * a3));
    acc += dist;
    sums[back + r]! += dist;
  }
  return acc;
}

/**
 * Mean silhouette coefficient, optionally over a seeded random sample of
 * rows (distances among the sampled rows only, as scikit-learn does).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { silhouetteScore } from "./silhouette.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const m = matrixFromRows([[0], [1], [10], [11]]);
 * equal(silhouetteScore(m, [0, 0, 1, 1]).toFixed(3), "0.900");
 * ```
 */
export function silhouetteScore(
  m: Matrix,
  labels: Int32Array | number[],
  options: SilhouetteOptions = {},
): number {
  const { sampleSize } = options;
  if (sampleSize !== undefined && (!Number.isInteger(sampleSize) || sampleSize < 2)) {
    throw new InputError(
      `Silhouette sample size must be a whole number of at least 2: ${sampleSize}`,
    );
  }
  let values: Float64Array;
  if (sampleSize === undefined || sampleSize >= m.rows) {
    values = silhouetteSamples(m, labels);
  } else {
    if (labels.length !== m.rows) {
      throw new InputError(
        `Labels do not match the data for silhouette: ${labels.length} labels for ${m.rows} rows`,
      );
    }
    const rows = sampleRows(m.rows, sampleSize, options.seed ?? 0);
    const sub = new Float64Array(sampleSize * m.cols);
    const subLabels = new Int32Array(sampleSize);
    rows.forEach((i, p) => {
      sub.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), p * m.cols);
      subLabels[p] = labels[i]!;
    });
    values = silhouetteSamples(
      { data: sub, rows: sampleSize, cols: m.cols, columns: m.columns },
      subLabels,
    );
  }
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total / values.length;
}

/**
 * A seeded sample of `size` distinct row indices out of `n`, in increasing order.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { sampleRows } from "./silhouette.ts";
 * equal(sampleRows(10, 3, 7).length, 3);
 * ```
 */
export function sampleRows(n: number, size: number, seed: number): Int32Array {
  const random = createRandom(seed);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = 0; i < size; i++) {
    const j = i + random.int(n - i);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.slice(0, size).sort();
}
