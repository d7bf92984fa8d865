/**
 * A k-d tree over the rows of a {@link Matrix}: radius and k-nearest-neighbour
 * queries in Euclidean distance, so DBSCAN and the k-distance curve are not
 * quadratic on low-dimensional data. Built like scikit-learn's KDTree: a
 * balanced binary tree in heap layout, split on the widest dimension at the
 * median, leaves of at most `leafSize` points, a bounding box per node.
 *
 * @module
 */
import type { Matrix } from "../matrix.ts";

/** A built k-d tree (plain typed arrays; it references the matrix data). */
export interface KDTree {
  /** The matrix values (not copied). */
  data: Float64Array;
  rows: number;
  cols: number;
  /** Row indices, permuted so every node owns a contiguous range. */
  index: Int32Array;
  /** The rows copied in `index` order, so a leaf's points are contiguous in memory. */
  sorted: Float64Array;
  /** Per node: first and one-past-last position in `index`. */
  start: Int32Array;
  end: Int32Array;
  /** Per node × dimension: bounding box. */
  lower: Float64Array;
  upper: Float64Array;
  /** Number of nodes; nodes at or beyond `firstLeaf` are leaves. */
  nodes: number;
  firstLeaf: number;
}

/** Options for {@link buildKDTree}. */
export interface KDTreeOptions {
  /** Largest number of points in a leaf (default 30). */
  leafSize?: number;
}

/**
 * Build a k-d tree over the rows of `m`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { buildKDTree, radiusNeighbors } from "./kd_tree.ts";
 * const tree = buildKDTree(matrixFromRows([[0, 0], [1, 0], [5, 5]]));
 * deepEqual(Array.from(radiusNeighbors(tree, Float64Array.of(0, 0), 1).sort()), [0, 1]);
 * ```
 */
export function buildKDTree(m: Matrix, options: KDTreeOptions = {}): KDTree {
  const leafSize = Math.max(1, options.leafSize ?? 30);
  const n = m.rows, d = m.cols, data = m.data;
  const levels = Math.floor(Math.log2(Math.max(1, (n - 1) / leafSize))) + 1;
  const nodes = 2 ** levels - 1;
  const firstLeaf = 2 ** (levels - 1) - 1;
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  const start = new Int32Array(nodes), end = new Int32Array(nodes);
  const lower = new Float64Array(nodes * d), upper = new Float64Array(nodes * d);
  start[0] = 0;
  end[0] = n;
  for (let node = 0; node < nodes; node++) {
    const s = start[node]!, e = end[node]!;
    // bounding box
    const o = node * d;
    for (let j = 0; j < d; j++) {
      lower[o + j] = Infinity;
      upper[o + j] = -Infinity;
    }
    for (let p = s; p < e; p++) {
      const r = index[p]! * d;
      for (let j = 0; j < d; j++) {
        const v = data[r + j]!;
        if (v < lower[o + j]!) lower[o + j] = v;
        if (v > upper[o + j]!) upper[o + j] = v;
      }
    }
    if (node >= firstLeaf) continue;
    let dim = 0, spread = -1;
    for (let j = 0; j < d; j++) {
      const w = upper[o + j]! - lower[o + j]!;
      if (w > spread) {
        spread = w;
        dim = j;
      }
    }
    const mid = s + ((e - s) >> 1);
    if (e - s > 1) selectNth(index, data, d, dim, s, e - 1, mid);
    start[2 * node + 1] = s;
    end[2 * node + 1] = mid;
    start[2 * node + 2] = mid;
    end[2 * node + 2] = e;
  }
  const sorted = new Float64Array(n * d);
  for (let p = 0; p < n; p++) sorted.set(data.subarray(index[p]! * d, index[p]! * d + d), p * d);
  return { data, rows: n, cols: d, index, sorted, start, end, lower, upper, nodes, firstLeaf };
}

/** Quickselect on `index[lo..hi]` so position `k` holds the k-th smallest along `dim`. */
function selectNth(
  index: Int32Array,
  data: Float64Array,
  d: number,
  dim: number,
  lo: number,
  hi: number,
  k: number,
): void {
  while (hi > lo) {
    const pivot = data[index[(lo + hi) >> 1]! * d + dim]!;
    let i = lo, j = hi;
    while (i <= j) {
      while (data[index[i]! * d + dim]! < pivot) i++;
      while (data[index[j]! * d + dim]! > pivot) j--;
      if (i <= j) {
        const t = index[i]!;
        index[i] = index[j]!;
        index[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Rows within distance `radius` of `query` (inclusive: `distance <= radius`,
 * compared as squared distances like scikit-learn), in no particular order.
 * Pass `out` to append into a reusable buffer; the returned array is a view.
 */
export function radiusNeighbors(
  tree: KDTree,
  query: Float64Array,
  radius: number,
  out?: NeighborBuffer,
): Int32Array {
  const buffer = out ?? createNeighborBuffer();
  buffer.length = 0;
  const { sorted, cols: d, index, start, end, lower, upper, firstLeaf } = tree;
  const r2 = radius * radius;
  const stack = buffer.stack;
  let top = 0;
  if (tree.rows === 0) return buffer.values.subarray(0, 0);
  stack[top++] = 0;
  while (top > 0) {
    const node = stack[--top]!;
    const o = node * d;
    let minD = 0, maxD = 0;
    for (let j = 0; j < d; j++) {
      const q = query[j]!, lo = lower[o + j]!, hi = upper[o + j]!;
      const a = lo - q, b = q - hi;
      const gap = a > 0 ? a : b > 0 ? b : 0;
      minD += gap * gap;
      const far = a < 0 ? -a : a;
      const far2 = b < 0 ? -b : b;
      const f = far > far2 ? far : far2;
      maxD += f * f;
    }
    if (minD > r2) continue;
    if (maxD <= r2) {
      for (let p = start[node]!; p < end[node]!; p++) pushNeighbor(buffer, index[p]!);
      continue;
    }
    if (node >= firstLeaf) {
      for (let p = start[node]!; p < end[node]!; p++) {
        const r = p * d;
        let s = 0;
        for (let j = 0; j < d && s <= r2; j++) {
          const t = sorted[r + j]! - query[j]!;
          s += t * t;
        }
        if (s <= r2) pushNeighbor(buffer, index[p]!);
      }
      continue;
    }
    stack[top++] = 2 * node + 2;
    stack[top++] = 2 * node + 1;
  }
  return buffer.values.subarray(0, buffer.length);
}

/** A growable buffer of neighbour indices reused across queries. */
export interface NeighborBuffer {
  values: Int32Array;
  length: number;
  stack: Int32Array;
}

/** A fresh {@link NeighborBuffer}. */
export function createNeighborBuffer(): NeighborBuffer {
  return { values: new Int32Array(256), length: 0, stack: new Int32Array(128) };
}

function pushNeighbor(buffer: NeighborBuffer, i: number): void {
  if (buffer.length === buffer.values.length) {
    const grown = new Int32Array(buffer.values.length * 2);
    grown.set(buffer.values);
    buffer.values = grown;
  }
  buffer.values[buffer.length++] = i;
}

/**
 * Squared distances from `query` to its `k` nearest rows (the row itself
 * included when it is in the tree), ascending.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { buildKDTree, knnSquaredDistances } from "./kd_tree.ts";
 * const tree = buildKDTree(matrixFromRows([[0], [1], [3]]));
 * deepEqual(Array.from(knnSquaredDistances(tree, Float64Array.of(0), 2)), [0, 1]);
 * ```
 */
export function knnSquaredDistances(tree: KDTree, query: Float64Array, k: number): Float64Array {
  const { sorted, cols: d, start, end, lower, upper, firstLeaf } = tree;
  const kk = Math.min(k, tree.rows);
  // max-heap of squared distances
  const heap = new Float64Array(kk);
  let size = 0;
  const stack = new Int32Array(128);
  const stackDist = new Float64Array(128);
  let top = 0;
  stack[top] = 0;
  stackDist[top++] = 0;
  while (top > 0) {
    top--;
    const node = stack[top]!;
    if (size === kk && stackDist[top]! > heap[0]!) continue;
    if (node >= firstLeaf) {
      for (let p = start[node]!; p < end[node]!; p++) {
        const r = p * d;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = sorted[r + j]! - query[j]!;
          s += t * t;
        }
        if (size < kk) {
          heapPush(heap, size++, s);
        } else if (s < heap[0]!) {
          heapReplaceTop(heap, size, s);
        }
      }
      continue;
    }
    const left = 2 * node + 1, right = left + 1;
    const dl = boxDistance(query, 0, lower, upper, left * d, d);
    const dr = boxDistance(query, 0, lower, upper, right * d, d);
    // push the farther child first so the nearer one is visited next
    if (dl <= dr) {
      stack[top] = right;
      stackDist[top++] = dr;
      stack[top] = left;
      stackDist[top++] = dl;
    } else {
      stack[top] = left;
      stackDist[top++] = dl;
      stack[top] = right;
      stackDist[top++] = dr;
    }
  }
  const out = heap.slice(0, size);
  out.sort();
  return out;
}

/**
 * Squared distance from the point at offset `qo` of `q` to the bounding box
 * at offset `o` of `lower` and `upper` (0 inside the box), summed over the
 * `d` columns in order.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { boxDistance } from "./kd_tree.ts";
 * const lower = Float64Array.from([0, 0]), upper = Float64Array.from([1, 1]);
 * equal(boxDistance(Float64Array.from([4, 0.5]), 0, lower, upper, 0, 2), 9);
 * ```
 */
export function boxDistance(
  q: Float64Array,
  qo: number,
  lower: Float64Array,
  upper: Float64Array,
  o: number,
  d: number,
): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const v = q[qo + j]!, a = lower[o + j]! - v, b = v - upper[o + j]!;
    const gap = a > 0 ? a : b > 0 ? b : 0;
    s += gap * gap;
  }
  return s;
}

function heapPush(heap: Float64Array, size: number, v: number): void {
  let i = size;
  heap[i] = v;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! >= heap[i]!) break;
    const t = heap[parent]!;
    heap[parent] = heap[i]!;
    heap[i] = t;
    i = parent;
  }
}

function heapReplaceTop(heap: Float64Array, size: number, v: number): void {
  heap[0] = v;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1, r = l + 1;
    let big = i;
    if (l < size && heap[l]! > heap[big]!) big = l;
    if (r < size && heap[r]! > heap[big]!) big = r;
    if (big === i) return;
    const t = heap[big]!;
    heap[big] = heap[i]!;
    heap[i] = t;
    i = big;
  }
}
