/**
 * Agglomerative (hierarchical) clustering with Ward, complete or average
 * linkage, written as SciPy writes it: the nearest-neighbour chain with
 * Lance–Williams updates (./nn_chain.ts; O(n²) time and memory), merges
 * sorted by height and relabelled, then cut at k the way scikit-learn's
 * AgglomerativeClustering cuts, so labels agree with it.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { Matrix } from "../matrix.ts";
import { assertKFits } from "./algorithm_input.ts";
import { assertFiniteMatrix } from "../check_input.ts";
import { chainMerges, type Linkage } from "./nn_chain.ts";

export type { Linkage } from "./nn_chain.ts";

/** Options for {@link fitAgglomerative}. */
export interface AgglomerativeOptions {
  /** Number of clusters at which the tree is cut. */
  k: number;
  /** Linkage criterion (default "ward"). */
  linkage?: Linkage;
  /**
   * Refuse more rows than this (default 15,000). The distance matrix takes
   * 8n² bytes up to 8,000 rows (200 MB at 5,000), 4n² bytes above.
   */
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
 * import { equal, notEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { fitAgglomerative } from "./hierarchical.ts";
 * const fit = fitAgglomerative(matrixFromRows([[0], [0.2], [5], [5.3], [9]]), { k: 3 });
 * const [a, b, c, d, e] = fit.labels;
 * equal(a, b); // the two rows near 0 together,
 * equal(c, d); // the two near 5 together,
 * equal(new Set([a, c, e]).size, 3); // and 9 alone
 * notEqual(a, c);
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
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { cutTree, fitAgglomerative } from "./hierarchical.ts";
 * const fit = fitAgglomerative(matrixFromRows([[0], [1], [9]]), { k: 2 });
 * deepEqual(Array.from(cutTree(fit.merges, 3, 3)), [2, 1, 0]);
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
  const n = m.rows;
  if (n === 1) return [];
  const { x: zx, y: zy, height: zh } = chainMerges(m, linkage);

  // stable sort by height, then relabel with a union-find (SciPy's `label`),
  // which also counts the rows under each node: where rounding puts a merge
  // below one it was made after, that count is not the chain's cluster size
  const order = Array.from({ length: n - 1 }, (_, i) => i).sort((a, b) => zh[a]! - zh[b]!);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const rowsUnder = new Float64Array(2 * n - 1).fill(1);
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
    const rx = find(zx[s]!), ry = find(zy[s]!), size = rowsUnder[rx]! + rowsUnder[ry]!;
    parent[rx] = nextLabel;
    parent[ry] = nextLabel;
    rowsUnder[nextLabel++] = size;
    return { left: Math.min(rx, ry), right: Math.max(rx, ry), height: zh[s]!, size };
  });
}
