/**
 * DBSCAN with scikit-learn's semantics: a point is core when at least
 * `minSamples` points (itself included) lie within `eps` (inclusive); clusters
 * grow from core points taken in row order; a border point joins the first
 * cluster that reaches it; everything else is noise, label -1.
 *
 * The pairs within eps come from a k-d tree walked against itself: pairs of
 * leaves whose bounding boxes are within eps are compared point by point, each
 * distance once for both points (summed over the columns in order and compared
 * squared, as scikit-learn does), and pairs of nodes entirely within eps are
 * taken whole without any distance. Core points then join up with union-find,
 * and each border point takes the lowest-numbered cluster among its core
 * neighbours, which is the cluster scikit-learn's row-order expansion reaches
 * it with first.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { Matrix } from "../matrix.ts";
import { boxDistance, buildKDTree, type KDTree } from "./kd_tree.ts";
import { assertWholeNumber } from "./algorithm_input.ts";
import { assertFiniteMatrix } from "../check_input.ts";

/** Options for {@link fitDBSCAN}. */
export interface DBSCANOptions {
  /** Neighbourhood radius (Euclidean, inclusive); must be > 0. */
  eps: number;
  /** Points within eps, the point itself included, for a core point (default 5). */
  minSamples?: number;
  /**
   * Largest number of points in a leaf of the k-d tree (default 30, as in
   * scikit-learn). Changes the speed only, never the labels.
   */
  leafSize?: number;
}

/** The result of {@link fitDBSCAN}. */
export interface DBSCANFit {
  /** Cluster per row, 0..nClusters-1, noise -1. */
  labels: Int32Array;
  /** Rows that are core points, ascending. */
  coreIndices: Int32Array;
  nClusters: number;
  nNoise: number;
}

/**
 * Cluster the rows of `m` with DBSCAN.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { fitDBSCAN } from "./dbscan.ts";
 * const m = matrixFromRows([[0], [0.5], [1], [10], [10.5], [11], [50]]);
 * const fit = fitDBSCAN(m, { eps: 0.6, minSamples: 2 });
 * deepEqual(Array.from(fit.labels), [0, 0, 0, 1, 1, 1, -1]);
 * ```
 */
export function fitDBSCAN(m: Matrix, options: DBSCANOptions): DBSCANFit {
  const { eps } = options;
  const minSamples = options.minSamples ?? 5;
  if (typeof eps !== "number" || !Number.isFinite(eps) || eps <= 0) {
    throw new InputError(`DBSCAN eps must be a positive number: got ${eps}`, {
      hint: "read a value off the k-distance chart, or use suggestEps",
    });
  }
  assertWholeNumber(minSamples, "minSamples", 1);
  if (options.leafSize !== undefined) assertWholeNumber(options.leafSize, "leafSize", 1);
  assertFiniteMatrix(m, "DBSCAN");
  const n = m.rows;
  if (n === 0) {
    return { labels: new Int32Array(0), coreIndices: new Int32Array(0), nClusters: 0, nNoise: 0 };
  }
  // Everything below works on positions in the tree's order (a leaf is a
  // contiguous range of `tree.sorted`); `tree.index` maps a position to its row.
  const tree = buildKDTree(m, { leafSize: options.leafSize ?? 30 });
  const r2 = eps * eps;
  const { near, nearCount, whole, wholeCount } = leafPairs(tree, r2);

  // Neighbour counts (the point itself included) and the pairs within eps.
  const counts = new Int32Array(n).fill(1);
  const edges = new EdgeList();
  for (let k = 0; k < nearCount; k++) {
    edgesBetweenLeaves(tree, near[2 * k]!, near[2 * k + 1]!, r2, counts, edges);
  }
  const { start, end } = tree;
  for (let k = 0; k < wholeCount; k++) {
    const a = whole[2 * k]!, b = whole[2 * k + 1]!;
    if (a === b) {
      for (let p = start[a]!; p < end[a]!; p++) counts[p]! += end[a]! - start[a]! - 1;
    } else {
      for (let p = start[a]!; p < end[a]!; p++) counts[p]! += end[b]! - start[b]!;
      for (let p = start[b]!; p < end[b]!; p++) counts[p]! += end[a]! - start[a]!;
    }
  }
  const isCore = new Uint8Array(n);
  for (let p = 0; p < n; p++) if (counts[p]! >= minSamples) isCore[p] = 1;

  // Clusters are the connected components of core points joined by pairs within eps.
  const parent = new Int32Array(n);
  for (let p = 0; p < n; p++) parent[p] = p;
  const pairs = edges.values;
  for (let e = 0, last = 2 * edges.length; e < last; e += 2) {
    const a = pairs[e]!, b = pairs[e + 1]!;
    if (isCore[a] && isCore[b]) union(parent, a, b);
  }
  for (let k = 0; k < wholeCount; k++) {
    const a = whole[2 * k]!, b = whole[2 * k + 1]!;
    // every core point of a and b is within eps of every other one
    const first = firstCore(isCore, start[a]!, end[a]!);
    if (first < 0 || (a !== b && firstCore(isCore, start[b]!, end[b]!) < 0)) continue;
    for (const node of a === b ? [a] : [a, b]) {
      for (let p = start[node]!; p < end[node]!; p++) if (isCore[p]) union(parent, first, p);
    }
  }

  // Numbered like scikit-learn: a cluster's number follows its first core row.
  const { index } = tree;
  const position = new Int32Array(n);
  for (let p = 0; p < n; p++) position[index[p]!] = p;
  const rootLabel = new Int32Array(n).fill(-1);
  const label = new Int32Array(n).fill(-1); // by position
  let nClusters = 0, coreCount = 0;
  for (let i = 0; i < n; i++) {
    const p = position[i]!;
    if (!isCore[p]) continue;
    coreCount++;
    const root = find(parent, p);
    if (rootLabel[root] === -1) rootLabel[root] = nClusters++;
    label[p] = rootLabel[root]!;
  }

  // A border point joins the first cluster that reaches it: the lowest-numbered
  // cluster among its core neighbours.
  const none = 0x7fffffff;
  const border = new Int32Array(n).fill(none);
  for (let e = 0, last = 2 * edges.length; e < last; e += 2) {
    const a = pairs[e]!, b = pairs[e + 1]!;
    if (isCore[a] === isCore[b]) continue;
    if (isCore[a]) {
      if (label[a]! < border[b]!) border[b] = label[a]!;
    } else if (label[b]! < border[a]!) border[a] = label[b]!;
  }
  for (let k = 0; k < wholeCount; k++) {
    const a = whole[2 * k]!, b = whole[2 * k + 1]!;
    for (const [from, to] of a === b ? [[a, a]] : [[a, b], [b, a]]) {
      let lowest = none;
      for (let p = start[from!]!; p < end[from!]!; p++) {
        if (isCore[p] && label[p]! < lowest) lowest = label[p]!;
      }
      for (let p = start[to!]!; p < end[to!]!; p++) {
        if (!isCore[p] && lowest < border[p]!) border[p] = lowest;
      }
    }
  }

  const labels = new Int32Array(n);
  const coreIndices = new Int32Array(coreCount);
  let c = 0, nNoise = 0;
  for (let i = 0; i < n; i++) {
    const p = position[i]!;
    if (isCore[p]) {
      coreIndices[c++] = i;
      labels[i] = label[p]!;
    } else if (border[p] !== none) {
      labels[i] = border[p]!;
    } else {
      labels[i] = -1;
      nNoise++;
    }
  }
  return { labels, coreIndices, nClusters, nNoise };
}

/**
 * Pairs of leaves (`near`) that may hold points within eps of each other,
 * and pairs of nodes (`whole`) whose every point pair is within eps, found by
 * walking the tree against itself; each unordered pair once, a node with
 * itself included.
 */
function leafPairs(tree: KDTree, r2: number) {
  const { cols: d, lower, upper, firstLeaf } = tree;
  const near = new EdgeList(512), whole = new EdgeList(32);
  const stack: number[] = [0, 0];
  while (stack.length > 0) {
    const b = stack.pop()!, a = stack.pop()!;
    let minD = 0, maxD = 0;
    const oa = a * d, ob = b * d;
    for (let j = 0; j < d; j++) {
      const la = lower[oa + j]!, ua = upper[oa + j]!, lb = lower[ob + j]!, ub = upper[ob + j]!;
      const g1 = la - ub, g2 = lb - ua;
      const gap = g1 > 0 ? g1 : g2 > 0 ? g2 : 0;
      minD += gap * gap;
      const f1 = ua - lb, f2 = ub - la;
      const far = f1 > f2 ? f1 : f2;
      maxD += far * far;
    }
    if (!(minD <= r2)) continue; // also drops empty nodes (infinite boxes)
    if (maxD <= r2) whole.push(a, b);
    else if (a >= firstLeaf) near.push(a, b);
    else if (a === b) {
      const l = 2 * a + 1;
      stack.push(l, l, l, l + 1, l + 1, l + 1);
    } else {
      const la = 2 * a + 1, lb = 2 * b + 1;
      stack.push(la, lb, la, lb + 1, la + 1, lb, la + 1, lb + 1);
    }
  }
  return {
    near: near.values,
    nearCount: near.length,
    whole: whole.values,
    wholeCount: whole.length,
  };
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}

/** A growable list of pairs (of positions, or of tree nodes), room for `capacity` at first. */
class EdgeList {
  values: Int32Array<ArrayBuffer>;
  length = 0;
  constructor(capacity = 1 << 15) {
    this.values = new Int32Array(2 * capacity);
  }
  push(a: number, b: number): void {
    if (2 * this.length + 2 > this.values.length) this.values = grow(this.values);
    this.values[2 * this.length] = a;
    this.values[2 * this.length++ + 1] = b;
  }
}

/**
 * Every pair of points, one in leaf `a` and one in leaf `b` (`a <= b`; both in
 * `a` when they are equal), within eps: counted for both points and recorded.
 * Distances are summed over the columns in order, as scikit-learn does, and
 * compared squared (`<= eps²`).
 */
function edgesBetweenLeaves(
  tree: KDTree,
  a: number,
  b: number,
  r2: number,
  counts: Int32Array,
  edges: EdgeList,
): void {
  const { sorted: x, cols: d, start, end, lower, upper } = tree;
  const sb = start[b]!, eb = end[b]!, ob = b * d;
  for (let p = start[a]!, ea = end[a]!; p < ea; p++) {
    const o = p * d;
    // skip a point whose distance to b's bounding box is already beyond eps
    if (boxDistance(x, o, lower, upper, ob, d) > r2) continue;
    let found = 0;
    const first = a === b ? p + 1 : sb;
    if (d === 8) {
      // the same sums, unrolled: the point stays in registers
      const x0 = x[o]!, x1 = x[o + 1]!, x2 = x[o + 2]!, x3 = x[o + 3]!;
      const x4 = x[o + 4]!, x5 = x[o + 5]!, x6 = x[o + 6]!, x7 = x[o + 7]!;
      for (let q = first, w = first * 8; q < eb; q++, w += 8) {
        const t0 = x0 - x[w]!, t1 = x1 - x[w + 1]!, t2 = x2 - x[w + 2]!, t3 = x3 - x[w + 3]!;
        const t4 = x4 - x[w + 4]!, t5 = x5 - x[w + 5]!, t6 = x6 - x[w + 6]!, t7 = x7 - x[w + 7]!;
        let s = t0 * t0;
        s += t1 * t1;
        s += t2 * t2;
        s += t3 * t3;
        s += t4 * t4;
        s += t5 * t5;
        s += t6 * t6;
        s += t7 * t7;
        if (s <= r2) {
          found++;
          counts[q]!++;
          edges.push(p, q);
        }
      }
    } else {
      for (let q = first; q < eb; q++) {
        const w = q * d;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = x[o + j]! - x[w + j]!;
          s += t * t;
        }
        if (s <= r2) {
          found++;
          counts[q]!++;
          edges.push(p, q);
        }
      }
    }
    counts[p]! += found;
  }
}

function firstCore(isCore: Uint8Array, s: number, e: number): number {
  for (let p = s; p < e; p++) if (isCore[p]) return p;
  return -1;
}

function find(parent: Int32Array, p: number): number {
  while (parent[p] !== p) {
    const up = parent[parent[p]!]!;
    parent[p] = up;
    p = up;
  }
  return p;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a), rb = find(parent, b);
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}
