/**
 * The nearest-neighbour chain of SciPy's `linkage` (`_hierarchy.nn_chain`)
 * for Ward, complete and average linkage, with Lance–Williams updates, on
 * two layouts of the Euclidean distance matrix:
 *
 * - {@link squareChain}: the full n × n matrix (8n² bytes). Every row is
 *   contiguous, so the chain's scans read memory in order; a merge writes
 *   the new cluster's row and its column. Used up to
 *   {@link SQUARE_MAX_ROWS} rows.
 * - {@link condensedChain}: SciPy's condensed matrix (4n² bytes), half the
 *   memory and several times slower (each scan reads half its entries
 *   scattered across the matrix). Used for more rows.
 *
 * Both repeat SciPy's arithmetic and tie rules exactly — scan clusters by
 * increasing index, take a strictly smaller distance, keep the previous
 * chain element on a tie, merge into the larger index — so they give the
 * same merges, in the same order, at bit-identical heights.
 *
 * @module
 */
import type { Matrix } from "../matrix.ts";

/** Linkage criteria. */
export type Linkage = "ward" | "complete" | "average";

/** Rows up to which {@link chainMerges} uses the square matrix (512 MB at this size). */
export const SQUARE_MAX_ROWS = 8000;

/**
 * The n − 1 merges in the order the chain makes them (SciPy's unsorted `Z`):
 * merge s joins clusters `x[s] < y[s]` (each named by a row index; the
 * merged cluster takes the name `y[s]`) at distance `height[s]` into a
 * cluster of `size[s]` rows.
 */
export interface ChainMerges {
  x: Int32Array;
  y: Int32Array;
  height: Float64Array;
  size: Float64Array;
}

const WARD = 0, AVERAGE = 1, COMPLETE = 2;
const methodCode = (linkage: Linkage) =>
  linkage === "ward" ? WARD : linkage === "average" ? AVERAGE : COMPLETE;

function emptyMerges(n: number): ChainMerges {
  return {
    x: new Int32Array(n - 1),
    y: new Int32Array(n - 1),
    height: new Float64Array(n - 1),
    size: new Float64Array(n - 1),
  };
}

/**
 * Records merge `step` of clusters `x < y` at `height`: the merged cluster
 * takes the name `y` and the size of both, `x` is closed (size 0).
 */
function recordMerge(
  z: ChainMerges,
  size: Float64Array,
  step: number,
  x: number,
  y: number,
  height: number,
): void {
  const merged = size[x]! + size[y]!;
  z.x[step] = x;
  z.y[step] = y;
  z.height[step] = height;
  z.size[step] = merged;
  size[x] = 0;
  size[y] = merged;
}

/**
 * Lance–Williams: the distance from cluster i (`ni` rows) to the union of
 * clusters x and y (`nx`, `ny` rows, `dxy` apart), from its distances `dxi`
 * and `dyi` to each, as SciPy computes it.
 */
function lanceWilliams(
  method: number,
  dxi: number,
  dyi: number,
  dxy: number,
  nx: number,
  ny: number,
  ni: number,
): number {
  if (method === WARD) {
    const t = 1.0 / (nx + ny + ni);
    return Math.sqrt((nx + ni) * t * dxi * dxi + (ny + ni) * t * dyi * dyi - ni * t * dxy * dxy);
  }
  if (method === AVERAGE) return (nx * dxi + ny * dyi) / (nx + ny);
  return dxi > dyi ? dxi : dyi;
}

/**
 * The merges of the rows of `m` (at least two), on the square matrix up to
 * {@link SQUARE_MAX_ROWS} rows and on the condensed one above.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { chainMerges } from "./nn_chain.ts";
 * const z = chainMerges(matrixFromRows([[0], [1], [9]]), "ward");
 * deepEqual([z.x[0], z.y[0], z.height[0]], [0, 1, 1]);
 * ```
 */
export function chainMerges(m: Matrix, linkage: Linkage): ChainMerges {
  return m.rows <= SQUARE_MAX_ROWS ? squareChain(m, linkage) : condensedChain(m, linkage);
}

/**
 * The nearest-neighbour chain on the full n × n distance matrix.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { squareChain } from "./nn_chain.ts";
 * const z = squareChain(matrixFromRows([[0], [1], [9]]), "complete");
 * deepEqual(Array.from(z.height), [1, 9]);
 * ```
 */
export function squareChain(m: Matrix, linkage: Linkage): ChainMerges {
  const n = m.rows, method = methodCode(linkage);
  const D = squareDistances(m);
  const z = emptyMerges(n);
  // the clusters still open, by increasing index (SciPy's scan order)
  const open = new Int32Array(n);
  for (let i = 0; i < n; i++) open[i] = i;
  let nOpen = n;
  const size = new Float64Array(n).fill(1);
  const chain = new Int32Array(n);
  let chainLength = 0;

  for (let step = 0; step < n - 1; step++) {
    if (chainLength === 0) {
      chainLength = 1;
      chain[0] = open[0]!;
    }
    let x = 0, y = 0, currentMin = Infinity;
    for (;;) {
      x = chain[chainLength - 1]!;
      const row = x * n;
      if (chainLength > 1) {
        y = chain[chainLength - 2]!;
        currentMin = D[row + y]!;
      } else {
        currentMin = Infinity;
      }
      // the diagonal holds Infinity, so x never wins its own scan
      for (let a = 0; a < nOpen; a++) {
        const i = open[a]!;
        const dist = D[row + i]!;
        if (dist < currentMin) {
          currentMin = dist;
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x]!, ny = size[y]!;
    recordMerge(z, size, step, x, y, currentMin);
    let w = 0;
    while (open[w] !== x) w++;
    open.copyWithin(w, w + 1, nOpen);
    nOpen--;
    // Lance–Williams: row y and column y become the merged cluster's distances
    const rx = x * n, ry = y * n, dxy = currentMin;
    for (let a = 0; a < nOpen; a++) {
      const i = open[a]!;
      if (i === y) continue;
      const value = lanceWilliams(method, D[rx + i]!, D[ry + i]!, dxy, nx, ny, size[i]!);
      D[ry + i] = value;
      D[i * n + y] = value;
    }
  }
  return z;
}

/**
 * Euclidean distances between all rows as a full n × n matrix with
 * Infinity on the diagonal, each distance summed over the columns in
 * order as SciPy's `pdist` sums it; filled in 64 × 64 tiles so that the
 * mirrored half is written near where it is read.
 */
function squareDistances(m: Matrix): Float64Array {
  const n = m.rows, d = m.cols, data = m.data;
  const D = new Float64Array(n * n);
  const B = 64;
  for (let ib = 0; ib < n; ib += B) {
    const ie = Math.min(n, ib + B);
    for (let jb = ib; jb < n; jb += B) {
      const je = Math.min(n, jb + B);
      for (let i = ib; i < ie; i++) {
        const oi = i * d;
        for (let j = jb > i ? jb : i + 1; j < je; j++) {
          const oj = j * d;
          let s = 0;
          for (let t = 0; t < d; t++) {
            const v = data[oi + t]! - data[oj + t]!;
            s += v * v;
          }
          const dist = Math.sqrt(s);
          D[i * n + j] = dist;
          D[j * n + i] = dist;
        }
      }
    }
    for (let i = ib; i < ie; i++) D[i * n + i] = Infinity;
  }
  return D;
}

/**
 * The nearest-neighbour chain on SciPy's condensed distance matrix
 * (entry (i, j), i < j, of row i's block).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { condensedChain } from "./nn_chain.ts";
 * const z = condensedChain(matrixFromRows([[0], [1], [9]]), "complete");
 * deepEqual(Array.from(z.height), [1, 9]);
 * ```
 */
export function condensedChain(m: Matrix, linkage: Linkage): ChainMerges {
  const n = m.rows, d = m.cols, data = m.data, method = methodCode(linkage);
  // row i's block starts at rowStart[i]; entry (i, j > i) at rowStart[i] + j - i - 1
  const rowStart = new Float64Array(n);
  for (let i = 0; i < n; i++) rowStart[i] = n * i - (i * (i + 1)) / 2;
  const D = new Float64Array((n * (n - 1)) / 2);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const v = data[oi + t]! - data[oj + t]!;
        s += v * v;
      }
      D[p++] = Math.sqrt(s);
    }
  }
  const z = emptyMerges(n);
  const size = new Float64Array(n).fill(1);
  const chain = new Int32Array(n);
  let chainLength = 0;

  for (let step = 0; step < n - 1; step++) {
    if (chainLength === 0) {
      chainLength = 1;
      for (let i = 0; i < n; i++) {
        if (size[i]! > 0) {
          chain[0] = i;
          break;
        }
      }
    }
    let x = 0, y = 0, currentMin = Infinity;
    for (;;) {
      x = chain[chainLength - 1]!;
      if (chainLength > 1) {
        y = chain[chainLength - 2]!;
        currentMin = D[x < y ? rowStart[x]! + y - x - 1 : rowStart[y]! + x - y - 1]!;
      } else {
        currentMin = Infinity;
      }
      // scan i < x (scattered entries), then i > x (contiguous)
      for (let i = 0; i < x; i++) {
        if (size[i] === 0) continue;
        const dist = D[rowStart[i]! + x - i - 1]!;
        if (dist < currentMin) {
          currentMin = dist;
          y = i;
        }
      }
      const base = rowStart[x]! - x - 1;
      for (let i = x + 1; i < n; i++) {
        if (size[i] === 0) continue;
        const dist = D[base + i]!;
        if (dist < currentMin) {
          currentMin = dist;
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x]!, ny = size[y]!;
    recordMerge(z, size, step, x, y, currentMin);
    const bx = rowStart[x]! - x - 1, by = rowStart[y]! - y - 1, dxy = currentMin;
    for (let i = 0; i < n; i++) {
      const ni = size[i]!;
      if (ni === 0 || i === y) continue;
      const ix = i < x ? rowStart[i]! + x - i - 1 : bx + i;
      const iy = i < y ? rowStart[i]! + y - i - 1 : by + i;
      D[iy] = lanceWilliams(method, D[ix]!, D[iy]!, dxy, nx, ny, ni);
    }
  }
  return z;
}
