/**
 * The k-means work on the rows, cut into fixed blocks of rows: k-means++
 * distances and potentials, the first assignment, Hamerly's assignment step
 * with the per-cluster sums kept up to date, and the inertia. Each block
 * writes its own partial sums, which the caller adds up in block order, so
 * the result does not depend on which thread ran which block, nor on how
 * many threads there were. The same code runs on the main thread and in the
 * workers of `kmeans_worker.ts`, over one buffer (a `SharedArrayBuffer` when
 * workers take part) laid out by {@link kmeansLayout}.
 *
 * @module
 */
import { nearestTwoFrom, paddedSquaredDistance } from "./distance_kernels.ts";

/** Rows per block when the work is spread over threads. */
export const BLOCK_ROWS = 4096;

/** The sizes the shared buffer is laid out from. */
export interface KMeansShape {
  /** Rows. */
  n: number;
  /** Padded width of a row (4, 8 or a multiple of 4). */
  w: number;
  /** Clusters. */
  k: number;
  /** Candidates per k-means++ draw. */
  trials: number;
  /** Rows per block (the last block may be shorter). */
  blockRows: number;
}

/** Views of the shared buffer: the data, the per-row state and the per-block partials. */
export interface KMeansShared extends KMeansShape {
  nBlocks: number;
  /** Centred rows, padded to `w`. */
  x: Float64Array;
  labels: Int32Array;
  /** Hamerly's bounds: ≥ distance to own centre, ≤ distance to the second nearest. */
  upper: Float64Array;
  lower: Float64Array;
  /** k-means++: squared distance to the nearest chosen centre, its index, the second nearest. */
  closest: Float64Array;
  owner: Int32Array;
  second: Float64Array;
  /** k-means++: squared distances of every row to candidate t at `t·n + i`. */
  candidateDist: Float64Array;
  /** Current centres, `k` × `w`. */
  centers: Float64Array;
  /** Centre-to-centre distances, half the nearest per centre, last moves, bound drops. */
  between: Float64Array;
  half: Float64Array;
  shift: Float64Array;
  drop: Float64Array;
  /** Row indices of the k-means++ candidates. */
  candidates: Int32Array;
  /**
   * Small arguments of the operation: the first centre's row (`seedFirst`);
   * or the candidate chosen last (−1 for none) and the centre it becomes,
   * whose acceptance `seedTrials` and `firstAssign` do first.
   */
  args: Int32Array;
  /** Per block: cluster sums (`k` × `w`), sizes (`k`), values (`trials`), labels changed. */
  blockSums: Float64Array;
  blockSizes: Float64Array;
  blockValues: Float64Array;
  blockChanged: Int32Array;
}

/** The operations on a block (see {@link runKMeansBlock}). */
export const Op = {
  /** Distances to the first centre (row `args[0]`): `closest`, `owner`, `second`, total. */
  seedFirst: 1,
  /**
   * The pending candidate accepted, then distances to each candidate and its
   * potential as the next centre: `blockValues[b·trials + t]`.
   */
  seedTrials: 2,
  /** The pending candidate accepted, then labels, bounds and cluster sums from the seeding. */
  firstAssign: 4,
  /** Hamerly's step, cluster sums moved with the rows that change. */
  assign: 5,
  /** Hamerly's step, then the cluster sums recomputed from scratch. */
  assignRecompute: 6,
  /** Sum of squared distances to the own centre: `blockValues[b·trials]`. */
  inertia: 7,
} as const;

type Section = [name: string, kind: "f64" | "i32", length: number];

function sections(s: KMeansShape): Section[] {
  const { n, w, k, trials } = s;
  const nBlocks = Math.ceil(n / s.blockRows);
  return [
    ["x", "f64", n * w],
    ["upper", "f64", n],
    ["lower", "f64", n],
    ["closest", "f64", n],
    ["second", "f64", n],
    ["candidateDist", "f64", trials * n],
    ["centers", "f64", k * w],
    ["between", "f64", k * k],
    ["half", "f64", k],
    ["shift", "f64", k],
    ["drop", "f64", k],
    ["blockSums", "f64", nBlocks * k * w],
    ["blockSizes", "f64", nBlocks * k],
    ["blockValues", "f64", nBlocks * trials],
    ["labels", "i32", n],
    ["owner", "i32", n],
    ["candidates", "i32", trials],
    ["args", "i32", 2],
    ["blockChanged", "i32", nBlocks],
  ];
}

/** Bytes of the buffer for `shape`. */
export function kmeansBufferBytes(shape: KMeansShape): number {
  let bytes = 0;
  for (const [, kind, length] of sections(shape)) bytes += (kind === "f64" ? 8 : 4) * length;
  return (bytes + 7) & ~7;
}

/**
 * Views of `buffer` (an ArrayBuffer or SharedArrayBuffer of
 * {@link kmeansBufferBytes}) for `shape`; the same buffer gives the same
 * views in every thread.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { kmeansBufferBytes, kmeansViews } from "./kmeans_blocks.ts";
 * const shape = { n: 10, w: 4, k: 2, trials: 2, blockRows: 4 };
 * const s = kmeansViews(shape, new ArrayBuffer(kmeansBufferBytes(shape)));
 * equal(s.nBlocks, 3);
 * ```
 */
export function kmeansViews(
  shape: KMeansShape,
  buffer: ArrayBuffer | SharedArrayBuffer,
): KMeansShared {
  const views: Record<string, Float64Array | Int32Array> = {};
  let offset = 0;
  for (const [name, kind, length] of sections(shape)) {
    if (kind === "f64") {
      views[name] = new Float64Array(buffer, offset, length);
      offset += 8 * length;
    } else {
      views[name] = new Int32Array(buffer, offset, length);
      offset += 4 * length;
    }
  }
  return {
    n: shape.n,
    w: shape.w,
    k: shape.k,
    trials: shape.trials,
    blockRows: shape.blockRows,
    nBlocks: Math.ceil(shape.n / shape.blockRows),
    ...views,
  } as unknown as KMeansShared;
}

/** Work space of one thread. */
export interface KMeansScratch {
  list: Int32Array;
  own: Float64Array;
  nearest: Float64Array;
  pots: Float64Array;
  offsets: Int32Array;
  rows: Float64Array;
}

/** Work space for {@link runKMeansBlock} on one thread. */
export function kmeansScratch(s: KMeansShape): KMeansScratch {
  return {
    list: new Int32Array(s.blockRows),
    own: new Float64Array(s.blockRows),
    nearest: new Float64Array(3),
    pots: new Float64Array(s.trials),
    offsets: new Int32Array(s.trials),
    rows: new Float64Array(s.trials * s.w),
  };
}

/**
 * Run operation `op` (one of {@link Op}) on block `b` of `s`: rows
 * `b·blockRows` up to the next block, writing only those rows' state and the
 * block's own partials.
 */
export function runKMeansBlock(s: KMeansShared, t: KMeansScratch, op: number, b: number): void {
  const lo = b * s.blockRows, hi = Math.min(s.n, lo + s.blockRows);
  switch (op) {
    case Op.seedFirst:
      s.blockValues[b * s.trials] = seedFirst(s, lo, hi, s.args[0]! * s.w);
      return;
    case Op.seedTrials:
      seedTrials(s, t, lo, hi, b);
      return;
    case Op.firstAssign:
      if (s.args[0]! >= 0) accept(s, lo, hi, s.args[0]!, s.args[1]!);
      firstAssign(s, lo, hi);
      blockSums(s, lo, hi, b);
      return;
    case Op.assign:
      s.blockChanged[b] = assign(s, t, lo, hi, b, true);
      return;
    case Op.assignRecompute:
      s.blockChanged[b] = assign(s, t, lo, hi, b, false);
      blockSums(s, lo, hi, b);
      return;
    case Op.inertia:
      s.blockValues[b * s.trials] = inertia(s, lo, hi);
      return;
    default:
      throw new Error(`unknown k-means block operation ${op}`);
  }
}

/** Squared distances of rows `lo`…`hi` to the row at offset `o`; the first centre joins. */
function seedFirst(s: KMeansShared, lo: number, hi: number, o: number): number {
  const { x, w, closest, owner, second } = s;
  let acc = 0;
  if (w === 8) {
    const p0 = x[o]!, p1 = x[o + 1]!, p2 = x[o + 2]!, p3 = x[o + 3]!;
    const p4 = x[o + 4]!, p5 = x[o + 5]!, p6 = x[o + 6]!, p7 = x[o + 7]!;
    for (let i = lo, v = lo * 8; i < hi; i++, v += 8) {
      const a0 = p0 - x[v]!, a1 = p1 - x[v + 1]!, a2 = p2 - x[v + 2]!, a3 = p3 - x[v + 3]!;
      const a4 = p4 - x[v + 4]!, a5 = p5 - x[v + 5]!, a6 = p6 - x[v + 6]!, a7 = p7 - x[v + 7]!;
      const d = (a0 * a0 + a1 * a1) + (a2 * a2 + a3 * a3) +
        ((a4 * a4 + a5 * a5) + (a6 * a6 + a7 * a7));
      closest[i] = d;
      owner[i] = 0;
      second[i] = Infinity;
      acc += d;
    }
  } else {
    for (let i = lo; i < hi; i++) {
      const d = paddedSquaredDistance(x, o, x, i * w, w);
      closest[i] = d;
      owner[i] = 0;
      second[i] = Infinity;
      acc += d;
    }
  }
  return acc;
}

/** Per candidate, Σ min(closest, distance to the candidate) over rows `lo`…`hi`. */
function seedTrials(s: KMeansShared, t: KMeansScratch, lo: number, hi: number, b: number): void {
  const { x, n, w, closest, owner, second, candidates, trials } = s;
  const pots = t.pots, p = t.rows, out = s.candidateDist;
  // The candidate chosen last becomes centre `pc` as each row is read (its
  // distances are read before this pass overwrites them).
  const pending = s.args[0]!, pc = s.args[1]!, po = pending * n;
  pots.fill(0);
  for (let c = 0; c < trials; c++) {
    p.set(x.subarray(candidates[c]! * w, candidates[c]! * w + w), c * w);
  }
  if (w === 8) {
    for (let i = lo, v = lo * 8; i < hi; i++, v += 8) {
      const x0 = x[v]!, x1 = x[v + 1]!, x2 = x[v + 2]!, x3 = x[v + 3]!;
      const x4 = x[v + 4]!, x5 = x[v + 5]!, x6 = x[v + 6]!, x7 = x[v + 7]!;
      let near = closest[i]!;
      if (pending >= 0) {
        const d = out[po + i]!;
        if (d < near) {
          second[i] = near;
          owner[i] = pc;
          closest[i] = d;
          near = d;
        } else if (d < second[i]!) second[i] = d;
      }
      for (let c = 0, q = 0; c < trials; c++, q += 8) {
        const a0 = p[q]! - x0, a1 = p[q + 1]! - x1, a2 = p[q + 2]! - x2, a3 = p[q + 3]! - x3;
        const a4 = p[q + 4]! - x4, a5 = p[q + 5]! - x5, a6 = p[q + 6]! - x6, a7 = p[q + 7]! - x7;
        const d = (a0 * a0 + a1 * a1) + (a2 * a2 + a3 * a3) +
          ((a4 * a4 + a5 * a5) + (a6 * a6 + a7 * a7));
        out[c * n + i] = d;
        pots[c] = pots[c]! + Math.min(near, d);
      }
    }
  } else {
    for (let i = lo; i < hi; i++) {
      let near = closest[i]!;
      if (pending >= 0) {
        const d = out[po + i]!;
        if (d < near) {
          second[i] = near;
          owner[i] = pc;
          closest[i] = d;
          near = d;
        } else if (d < second[i]!) second[i] = d;
      }
      for (let c = 0; c < trials; c++) {
        const d = paddedSquaredDistance(p, c * w, x, i * w, w);
        out[c * n + i] = d;
        pots[c] = pots[c]! + Math.min(near, d);
      }
    }
  }
  s.blockValues.set(pots, b * trials);
}

/** Candidate `best` becomes centre `c` for rows `lo`…`hi`: nearest and second-nearest. */
function accept(s: KMeansShared, lo: number, hi: number, best: number, c: number): void {
  const { n, closest, owner, second } = s;
  const dist = s.candidateDist;
  for (let i = lo, o = best * n + lo; i < hi; i++, o++) {
    const v = dist[o]!;
    const near = closest[i]!;
    if (v < near) {
      second[i] = near;
      owner[i] = c;
      closest[i] = v;
    } else if (v < second[i]!) second[i] = v;
  }
}

/** Labels and bounds straight from what the seeding knows. */
function firstAssign(s: KMeansShared, lo: number, hi: number): void {
  const { closest, owner, second, labels, upper, lower } = s;
  for (let i = lo; i < hi; i++) {
    labels[i] = owner[i]!;
    upper[i] = Math.sqrt(closest[i]!);
    lower[i] = Math.sqrt(second[i]!);
  }
}

/** Cluster sums and sizes of rows `lo`…`hi`, from scratch, into block `b`'s partials. */
function blockSums(s: KMeansShared, lo: number, hi: number, b: number): void {
  const { x, w, k, labels } = s;
  const sums = s.blockSums.subarray(b * k * w, (b + 1) * k * w);
  const sizes = s.blockSizes.subarray(b * k, (b + 1) * k);
  sums.fill(0);
  sizes.fill(0);
  for (let i = lo; i < hi; i++) {
    const c = labels[i]!;
    sizes[c]! += 1;
    const off = c * w, row = i * w;
    for (let j = 0; j < w; j += 4) {
      sums[off + j]! += x[row + j]!;
      sums[off + j + 1]! += x[row + j + 1]!;
      sums[off + j + 2]! += x[row + j + 2]!;
      sums[off + j + 3]! += x[row + j + 3]!;
    }
  }
}

/** Σ squared distance of rows `lo`…`hi` to their centre. */
function inertia(s: KMeansShared, lo: number, hi: number): number {
  const { x, w, labels, centers } = s;
  let total = 0;
  for (let i = lo; i < hi; i++) {
    total += paddedSquaredDistance(x, i * w, centers, labels[i]! * w, w);
  }
  return total;
}

/**
 * Hamerly's assignment step on rows `lo`…`hi` after the centres moved by
 * `s.shift` (`s.between`, `s.half`, `s.drop` set by the caller): bounds
 * loosened by the moves; the rows they do not settle listed (without
 * branches, as most rows are settled) and looked at. With `move`, the block's
 * sums follow the rows that change cluster. Returns how many changed.
 */
function assign(
  s: KMeansShared,
  t: KMeansScratch,
  lo: number,
  hi: number,
  b: number,
  move: boolean,
): number {
  const { x, w, k, labels, upper, lower, shift, half, drop, between, centers } = s;
  const list = t.list, nearest = t.nearest;
  const sums = s.blockSums.subarray(b * k * w, (b + 1) * k * w);
  const sizes = s.blockSizes.subarray(b * k, (b + 1) * k);
  let m = 0;
  for (let i = lo; i < hi; i++) {
    const a = labels[i]!;
    const l = lower[i]! - drop[a]!;
    const ub = upper[i]! + shift[a]!;
    lower[i] = l;
    upper[i] = ub;
    list[m] = i;
    m += +(ub > l) & +(ub > half[a]!);
  }
  if (w === 8) return settle8(s, t, m, sums, sizes, move);
  let changed = 0;
  for (let r = 0; r < m; r++) {
    const i = list[r]!;
    const a = labels[i]!;
    const l = lower[i]!, h = half[a]!;
    const bound = l > h ? l : h;
    const u2 = paddedSquaredDistance(x, i * w, centers, a * w, w);
    const u = Math.sqrt(u2);
    upper[i] = u;
    if (u <= bound) continue;
    nearestTwoFrom(x, i * w, centers, k, w, a, u2, between, nearest);
    const c = nearest[0]!;
    lower[i] = nearest[2]!;
    if (c === a) continue;
    labels[i] = c;
    upper[i] = Math.sqrt(nearest[1]!);
    changed++;
    if (!move) continue;
    const row = i * w;
    for (let j = 0; j < w; j++) {
      sums[a * w + j]! -= x[row + j]!;
      sums[c * w + j]! += x[row + j]!;
    }
    sizes[a]! -= 1;
    sizes[c]! += 1;
  }
  return changed;
}

/**
 * The rest of {@link assign} for rows 8 wide: one pass over the listed rows
 * for the distance to their own centre, keeping on the list (without
 * branches) those it does not settle; then, the row held in locals, the
 * centres that could be nearer.
 */
function settle8(
  s: KMeansShared,
  t: KMeansScratch,
  m: number,
  sums: Float64Array,
  sizes: Float64Array,
  move: boolean,
): number {
  const { x, k, labels, upper, lower, half, between, centers } = s;
  const list = t.list, own = t.own;
  let r = 0;
  for (let q = 0; q < m; q++) {
    const i = list[q]!, o = i * 8, v = labels[i]! * 8;
    const a0 = x[o]! - centers[v]!, a1 = x[o + 1]! - centers[v + 1]!;
    const a2 = x[o + 2]! - centers[v + 2]!, a3 = x[o + 3]! - centers[v + 3]!;
    const a4 = x[o + 4]! - centers[v + 4]!, a5 = x[o + 5]! - centers[v + 5]!;
    const a6 = x[o + 6]! - centers[v + 6]!, a7 = x[o + 7]! - centers[v + 7]!;
    const u2 = (a0 * a0 + a1 * a1) + (a2 * a2 + a3 * a3) +
      ((a4 * a4 + a5 * a5) + (a6 * a6 + a7 * a7));
    const u = Math.sqrt(u2);
    upper[i] = u;
    list[r] = i;
    own[r] = u2;
    r += +(u > lower[i]!) & +(u > half[labels[i]!]!);
  }
  let changed = 0;
  for (let q = 0; q < r; q++) {
    const i = list[q]!, o = i * 8;
    const a = labels[i]!;
    const p0 = x[o]!, p1 = x[o + 1]!, p2 = x[o + 2]!, p3 = x[o + 3]!;
    const p4 = x[o + 4]!, p5 = x[o + 5]!, p6 = x[o + 6]!, p7 = x[o + 7]!;
    const u2 = own[q]!, u = upper[i]!;
    // A centre c with dist(a, c) ≥ 2u cannot be nearer; it is at least dist(a, c) − u away.
    let best = a, bestD = u2, secondD = Infinity, far = Infinity;
    const twoU = 2 * u, base = a * k;
    for (let c = 0; c < k; c++) {
      if (c === a) continue;
      const cc = between[base + c]!;
      if (cc >= twoU) {
        if (cc - u < far) far = cc - u;
        continue;
      }
      const v = c * 8;
      const a0 = p0 - centers[v]!, a1 = p1 - centers[v + 1]!;
      const a2 = p2 - centers[v + 2]!, a3 = p3 - centers[v + 3]!;
      const a4 = p4 - centers[v + 4]!, a5 = p5 - centers[v + 5]!;
      const a6 = p6 - centers[v + 6]!, a7 = p7 - centers[v + 7]!;
      const e = (a0 * a0 + a1 * a1) + (a2 * a2 + a3 * a3) +
        ((a4 * a4 + a5 * a5) + (a6 * a6 + a7 * a7));
      if (e < bestD || (e === bestD && c < best)) {
        secondD = bestD;
        bestD = e;
        best = c;
      } else if (e < secondD) secondD = e;
    }
    const second = Math.sqrt(secondD);
    lower[i] = second < far ? second : far;
    if (best === a) continue;
    labels[i] = best;
    upper[i] = Math.sqrt(bestD);
    changed++;
    if (!move) continue;
    const from = a * 8, to = best * 8;
    sums[from]! -= p0, sums[from + 1]! -= p1, sums[from + 2]! -= p2, sums[from + 3]! -= p3;
    sums[from + 4]! -= p4, sums[from + 5]! -= p5, sums[from + 6]! -= p6, sums[from + 7]! -= p7;
    sums[to]! += p0, sums[to + 1]! += p1, sums[to + 2]! += p2, sums[to + 3]! += p3;
    sums[to + 4]! += p4, sums[to + 5]! += p5, sums[to + 6]! += p6, sums[to + 7]! += p7;
    sizes[a]! -= 1;
    sizes[best]! += 1;
  }
  return changed;
}
