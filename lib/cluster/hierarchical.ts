/**
 * Agglomerative (hierarchical) clustering with Ward, complete or average
 * linkage, written as SciPy writes it: the nearest-neighbour chain on a
 * condensed distance matrix with Lance–Williams updates (O(n²) time and
 * memory), merges sorted by height and relabelled, then cut at k the way
 * scikit-learn's AgglomerativeClustering cuts, so labels agree with it.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { Matrix } from "./matrix.ts";
import { assertKFits } from "./algorithm_input.ts";
import { assertFiniteMatrix } from "./check_input.ts";

/** Linkage criteria. */
export type Linkage = "ward" | "complete" | "average";

/** Options for {@link fitAgglomerative}. */
export interface AgglomerativeOptions {
  /** Number of clusters at which the tree is cut. */
  k: number;
  /** Linkage criterion (default "ward"). */
  linkage?: Linkage;
  /** Refuse more rows than this (the distance matrix is n²/2 numbers); default 15,000. */
  maxRows?: number;
}

/** One merge of the dendrogram, in SciPy's linkage-matrix convention. */
export interface Merge {
  /** Merged nodes: ids below n are rows, id n + i is the cluster made by merge i. */
  left: number;
  right: number;
  /** Linkage distance at which they merge. */
  height: number;
  /** Rows in the merged cluster. */
  size: number;
}

/** The result of {@link fitAgglomerative}. */
export interface AgglomerativeFit {
  /** Cluster per row, 0..k-1, numbered as scikit-learn numbers them. */
  labels: Int32Array;
  k: number;
  linkage: Linkage;
  /** The n − 1 merges, by increasing height. */
  merges: Merge[];
}

/**
 * Build the full merge tree of the rows of `m` and cut it at `k` clusters.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "./matrix.ts";
 * import { fitAgglomerative } from "./hierarchical.ts";
 * const fit = fitAgglomerative(matrixFromRows([[0], [0.2], [5], [5.3], [9]]), { k: 3 });
 * Array.from(fit.labels); // [0, 0, 1, 1, 2] up to renumbering
 * ```
 */
export function fitAgglomerative(m: Matrix, options: AgglomerativeOptions): AgglomerativeFit {
  const linkage = options.linkage ?? "ward";
  if (!["ward", "complete", "average"].includes(linkage)) {
    throw new InputError(`Unknown linkage: "${linkage}"`, {
      hint: "use ward, complete or average",
    });
  }
  assertFiniteMatrix(m, "agglomerative clustering");
  assertKFits(m, options.k, "Agglomerative clustering");
  const maxRows = options.maxRows ?? 15000;
  if (m.rows > maxRows) {
    throw new InputError(
      `Agglomerative clustering: ${m.rows} rows is too many for a full distance matrix (limit ${maxRows})`,
      { hint: "cluster a random sample, or use k-means or a Gaussian mixture" },
    );
  }
  const merges = linkageTree(m, linkage);
  return { labels: cutTree(merges, m.rows, options.k), k: options.k, linkage, merges };
}

/**
 * Cut a merge tree into `k` clusters, numbered like scikit-learn's
 * `_hc_cut` (a heap of the largest node ids, popped in heap order).
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "./matrix.ts";
 * import { cutTree, fitAgglomerative } from "./hierarchical.ts";
 * const fit = fitAgglomerative(matrixFromRows([[0], [1], [9]]), { k: 2 });
 * cutTree(fit.merges, 3, 3); // Int32Array [2, 1, 0]
 * ```
 */
export function cutTree(merges: readonly Merge[], n: number, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new InputError(`Cannot cut the tree into ${k} clusters: it has ${n} rows`, {
      hint: `choose k between 1 and ${n}`,
    });
  }
  const labels = new Int32Array(n);
  if (n === 1) return labels;
  // heap of negated node ids, as Python's heapq would hold them
  const heap: number[] = [-(2 * n - 2)];
  for (let c = 0; c < k - 1; c++) {
    const merge = merges[-heap[0]! - n]!;
    heapPush(heap, -merge.left);
    heapPushPop(heap, -merge.right);
  }
  const stack: number[] = [];
  heap.forEach((negNode, cluster) => {
    stack.push(-negNode);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node < n) labels[node] = cluster;
      else {
        const merge = merges[node - n]!;
        stack.push(merge.left, merge.right);
      }
    }
  });
  return labels;
}

function heapPush(heap: number[], item: number): void {
  heap.push(item);
  siftDown(heap, 0, heap.length - 1);
}

function heapPushPop(heap: number[], item: number): number {
  if (heap.length > 0 && heap[0]! < item) {
    const top = heap[0]!;
    heap[0] = item;
    siftUp(heap, 0);
    return top;
  }
  return item;
}

function siftDown(heap: number[], start: number, pos: number): void {
  const item = heap[pos]!;
  while (pos > start) {
    const parentPos = (pos - 1) >> 1;
    const parent = heap[parentPos]!;
    if (item < parent) {
      heap[pos] = parent;
      pos = parentPos;
      continue;
    }
    break;
  }
  heap[pos] = item;
}

function siftUp(heap: number[], pos: number): void {
  const end = heap.length, start = pos, item = heap[pos]!;
  let child = 2 * pos + 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !(heap[child]! < heap[right]!)) child = right;
    heap[pos] = heap[child]!;
    pos = child;
    child = 2 * pos + 1;
  }
  heap[pos] = item;
  siftDown(heap, start, pos);
}

/** The n − 1 merges (SciPy `linkage` with the nearest-neighbour chain), sorted by height. */
function linkageTree(m: Matrix, linkage: Linkage): Merge[] {
  const n = m.rows, d = m.cols, data = m.data;
  if (n === 1) return [];
  // condensed distances: row i's block starts at rowStart[i], entry (i, j>i) at rowStart[i] + j - i - 1
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
  const idx = (a: number, b: number) => a < b ? rowStart[a]! + b - a - 1 : rowStart[b]! + a - b - 1;

  const size = new Float64Array(n).fill(1);
  const chain = new Int32Array(n);
  let chainLength = 0;
  const zx = new Int32Array(n - 1), zy = new Int32Array(n - 1);
  const zh = new Float64Array(n - 1), zs = new Float64Array(n - 1);
  const ward = linkage === "ward", average = linkage === "average";

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
        currentMin = D[idx(x, y)]!;
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
    zx[step] = x;
    zy[step] = y;
    zh[step] = currentMin;
    zs[step] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    for (let i = 0; i < n; i++) {
      const ni = size[i]!;
      if (ni === 0 || i === y) continue;
      const ix = idx(i, x), iy = idx(i, y);
      const dxi = D[ix]!, dyi = D[iy]!;
      let value: number;
      if (ward) {
        const t = 1.0 / (nx + ny + ni);
        value = Math.sqrt(
          (nx + ni) * t * dxi * dxi + (ny + ni) * t * dyi * dyi - ni * t * currentMin * currentMin,
        );
      } else if (average) {
        value = (nx * dxi + ny * dyi) / (nx + ny);
      } else {
        value = dxi > dyi ? dxi : dyi;
      }
      D[iy] = value;
    }
  }

  // stable sort by height, then relabel with a union-find (SciPy's `label`)
  const order = Array.from({ length: n - 1 }, (_, i) => i).sort((a, b) => zh[a]! - zh[b]!);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (a: number): number => {
    let r = a;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[a] !== r) {
      const next = parent[a]!;
      parent[a] = r;
      a = next;
    }
    return r;
  };
  let nextLabel = n;
  return order.map((s) => {
    const rx = find(zx[s]!), ry = find(zy[s]!);
    parent[rx] = nextLabel;
    parent[ry] = nextLabel;
    nextLabel++;
    return { left: Math.min(rx, ry), right: Math.max(rx, ry), height: zh[s]!, size: zs[s]! };
  });
}
