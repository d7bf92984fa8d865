/**
 * One run of k-prototypes, as kmodes makes it: a start (Cao's or Huang's
 * categorical prototypes with numeric ones drawn around the column means,
 * or k distinct rows after 20 tries), then rows moved one at a time to
 * their nearest prototype, both prototypes updated at once, until no row
 * moves or the cost stops falling.
 *
 * @module
 */
import type { Random } from "../random.ts";
import { type Data, nearest, rowKey } from "./kprototypes_data.ts";
import { initHuang } from "./kprototypes_init.ts";

export interface RunResult {
  labels: Int32Array;
  centNum: Float64Array;
  centCat: Int32Array;
  cost: number;
  iterations: number;
}

/** Per-cluster running state: numeric sums, sizes and level counts. */
interface Clusters {
  k: number;
  centNum: Float64Array;
  centCat: Int32Array;
  sums: Float64Array;
  sizes: Float64Array;
  /** Level counts: cluster c, column j, level v at c × totalLevels + offsets[j] + v. */
  freq: Int32Array;
  membership: Int32Array;
}

/** Tries of the chosen start before falling back to k distinct rows. */
const MAX_INIT_TRIES = 20;

/** One run from a fresh start; the best of `nInit` runs is kept by the caller. */
export function runOnce(
  data: Data,
  o: {
    k: number;
    maxIter: number;
    cao: Int32Array | undefined;
    stats: { mean: Float64Array; std: Float64Array };
    random: Random;
    distinct: number;
  },
): RunResult {
  const { n, p, m, x } = data;
  const { k, random } = o;
  const s: Clusters = {
    k,
    centNum: new Float64Array(k * p),
    centCat: new Int32Array(k * m),
    sums: new Float64Array(k * p),
    sizes: new Float64Array(k),
    freq: new Int32Array(k * data.totalLevels),
    membership: new Int32Array(n),
  };
  const out = new Float64Array(1);

  // Initial prototypes and assignment, drawn again while a cluster is empty.
  // With exactly k distinct rows, those rows are the prototypes straight away.
  let tries = o.distinct === k ? MAX_INIT_TRIES : 0;
  for (;;) {
    if (tries < MAX_INIT_TRIES) {
      s.centCat.set(o.cao ?? initHuang(data, k, random));
      for (let c = 0; c < k; c++) {
        for (let j = 0; j < p; j++) {
          s.centNum[c * p + j] = o.stats.mean[j]! + random.normal() * o.stats.std[j]!;
        }
      }
    } else distinctRowStart(data, s, random);
    tries++;
    s.sums.fill(0);
    s.sizes.fill(0);
    s.freq.fill(0);
    for (let i = 0; i < n; i++) {
      const c = nearest(data, s.centNum, s.centCat, k, i, out);
      s.membership[i] = c;
      s.sizes[c]! += 1;
      for (let j = 0; j < p; j++) s.sums[c * p + j]! += x[i * p + j]!;
      for (let j = 0; j < m; j++) {
        s.freq[c * data.totalLevels + data.offsets[j]! + data.codes[i * m + j]!]!++;
      }
    }
    if (s.sizes.every((v) => v > 0)) break;
  }
  for (let c = 0; c < k; c++) {
    updateNumeric(data, s, c);
    for (let j = 0; j < m; j++) s.centCat[c * m + j] = modeOf(data, s, c, j);
  }

  const labels = new Int32Array(n);
  let cost = labelsCost(data, s, labels);
  let iterations = 0;
  for (let converged = false; iterations < o.maxIter && !converged;) {
    iterations++;
    let moves = 0;
    for (let i = 0; i < n; i++) {
      const to = nearest(data, s.centNum, s.centCat, k, i, out);
      const from = s.membership[i]!;
      if (to === from) continue;
      moves++;
      movePoint(data, s, i, to, from);
      if (s.sizes[from] === 0) refillCluster(data, s, from, random);
    }
    const next = labelsCost(data, s, labels);
    converged = moves === 0 || next >= cost;
    cost = next;
  }
  return { labels, centNum: s.centNum, centCat: s.centCat, cost, iterations };
}

/** Prototypes at k distinct rows picked at random (every cluster then holds its own row). */
function distinctRowStart(data: Data, s: Clusters, random: Random): void {
  const { n, p, m, x, codes } = data;
  const picked: number[] = [];
  const keys = new Set<string>();
  const take = (i: number) => {
    const key = rowKey(data, i);
    if (keys.has(key)) return;
    keys.add(key);
    picked.push(i);
  };
  for (let t = 0; t < 20 * s.k && picked.length < s.k; t++) take(random.int(n));
  for (let i = 0; i < n && picked.length < s.k; i++) take(i);
  picked.forEach((i, c) => {
    s.centNum.set(x.subarray(i * p, (i + 1) * p), c * p);
    s.centCat.set(codes.subarray(i * m, (i + 1) * m), c * m);
  });
}

/** Nearest prototype of every row into `labels`; returns the total cost. */
function labelsCost(data: Data, s: Clusters, labels: Int32Array): number {
  const out = new Float64Array(1);
  let cost = 0;
  for (let i = 0; i < data.n; i++) {
    labels[i] = nearest(data, s.centNum, s.centCat, s.k, i, out);
    cost += out[0]!;
  }
  return cost;
}

/** Numeric prototype of cluster c as the mean of its rows (0 when empty, as kmodes). */
function updateNumeric(data: Data, s: Clusters, c: number): void {
  const { p } = data;
  const size = s.sizes[c]!;
  for (let j = 0; j < p; j++) s.centNum[c * p + j] = size > 0 ? s.sums[c * p + j]! / size : 0;
}

/** Most frequent level of column j in cluster c, the lowest code on ties. */
function modeOf(data: Data, s: Clusters, c: number, j: number): number {
  const base = c * data.totalLevels + data.offsets[j]!;
  let best = 0, bestCount = -1;
  for (let v = 0; v < data.levelCounts[j]!; v++) {
    const count = s.freq[base + v]!;
    if (count > bestCount) {
      bestCount = count;
      best = v;
    }
  }
  return best;
}

/**
 * Move row i from cluster `from` to `to`, updating sums, sizes, level
 * counts and both prototypes as kmodes does: the new cluster's mode changes
 * only when the row's level now outnumbers it; the old cluster's mode is
 * recounted when it loses a row of its mode.
 */
function movePoint(data: Data, s: Clusters, i: number, to: number, from: number): void {
  const { p, m, x, codes, offsets, totalLevels } = data;
  s.membership[i] = to;
  for (let j = 0; j < p; j++) {
    const v = x[i * p + j]!;
    s.sums[to * p + j]! += v;
    s.sums[from * p + j]! -= v;
  }
  s.sizes[to]! += 1;
  s.sizes[from]! -= 1;
  for (let j = 0; j < m; j++) {
    const v = codes[i * m + j]!;
    const toBase = to * totalLevels + offsets[j]!, fromBase = from * totalLevels + offsets[j]!;
    const count = ++s.freq[toBase + v]!;
    if (s.freq[toBase + s.centCat[to * m + j]!]! < count) s.centCat[to * m + j] = v;
    s.freq[fromBase + v]!--;
    if (s.centCat[from * m + j] === v) s.centCat[from * m + j] = modeOf(data, s, from, j);
  }
  updateNumeric(data, s, to);
  updateNumeric(data, s, from);
}

/** An emptied cluster takes a random row of the largest cluster (first largest on ties). */
function refillCluster(data: Data, s: Clusters, empty: number, random: Random): void {
  let largest = 0;
  for (let c = 1; c < s.k; c++) if (s.sizes[c]! > s.sizes[largest]!) largest = c;
  let pick = random.int(s.sizes[largest]!);
  for (let i = 0; i < data.n; i++) {
    if (s.membership[i] !== largest) continue;
    if (pick-- === 0) {
      movePoint(data, s, i, empty, largest);
      return;
    }
  }
}
