/**
 * K-means with scikit-learn's semantics: k-means++ seeding with greedy local
 * trials, `nInit` runs keeping the lowest inertia, Lloyd iterations stopping
 * when no label changes or when the squared centre shift falls to
 * `tol × mean per-feature variance`, empty clusters moved to the points
 * farthest from their centres. The assignment step uses Hamerly's bounds,
 * which skip distance computations without changing the result.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { createRandom } from "../random.ts";
import { assertFiniteMatrix } from "./check_input.ts";
import { nearestTwoFrom, paddedSquaredDistance, paddedWidth, scratch } from "./distance_kernels.ts";
import {
  type KMeansPlusPlusSeeds,
  seedKMeansPlusPlus,
  squaredDistance,
} from "./kmeans_plus_plus.ts";
import type { Matrix } from "./matrix.ts";

/** Options for {@link fitKMeans}. */
export interface KMeansOptions {
  /** Number of clusters (1 ≤ k ≤ rows). */
  k: number;
  /** Seed for the k-means++ draws (default 0). */
  seed?: number;
  /** Number of seeded runs; the one with the lowest inertia is kept (default 10). */
  nInit?: number;
  /** Maximum Lloyd iterations per run (default 300). */
  maxIter?: number;
  /** Relative tolerance on the squared centre shift (default 1e-4). */
  tol?: number;
}

/** A fitted k-means model, plain JSON: centroids in the units of the matrix it was fitted on. */
export interface KMeansModel {
  kind: "kmeans";
  k: number;
  columns: string[];
  centroids: number[][];
  inertia: number;
  nIter: number;
  seed: number;
}

/** The result of {@link fitKMeans}. */
export interface KMeansFit {
  model: KMeansModel;
  labels: Int32Array;
  /** Sum of squared distances of rows to their centroid. */
  inertia: number;
  /** Lloyd iterations of the kept run. */
  nIter: number;
}

/**
 * Fit k-means.
 *
 * @example
 * ```ts
 * import { fitKMeans } from "./kmeans.ts";
 * import { matrixFromRows } from "./matrix.ts";
 * const m = matrixFromRows([[0, 0], [0, 1], [10, 10], [10, 11]]);
 * const fit = fitKMeans(m, { k: 2, seed: 1 });
 * fit.inertia; // 1
 * fit.labels[0] === fit.labels[1]; // true
 * ```
 */
export function fitKMeans(m: Matrix, options: KMeansOptions): KMeansFit {
  const { k } = options;
  const seed = options.seed ?? 0;
  const nInit = options.nInit ?? 10;
  const maxIter = options.maxIter ?? 300;
  const tolerance = options.tol ?? 1e-4;
  checkOptions(m, { k, nInit, maxIter, tol: tolerance, seed });
  assertFiniteMatrix(m, "k-means");
  const n = m.rows, d = m.cols;

  // Work on centred data (as scikit-learn does) for accuracy.
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += m.data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  // Rows padded with zeros to a width the distance kernels are fast on.
  const w = paddedWidth(d);
  // (Scratch space, reused by the next fit: nothing returned refers to it.)
  const x = scratch(Float64Array, "kmeans.x", n * w);
  let varianceSum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = m.data[i * d + j]! - mean[j]!;
      x[i * w + j] = v;
      varianceSum += v * v;
    }
    for (let j = d; j < w; j++) x[i * w + j] = 0;
  }
  const tol = (varianceSum / n / d) * tolerance;

  const random = createRandom(seed);
  let best: LloydResult | undefined;
  for (let run = 0; run < nInit; run++) {
    const seeds = seedKMeansPlusPlus(x, { rows: n, cols: w, k, random });
    const result = lloyd(x, { rows: n, cols: w, k, seeds, maxIter, tol });
    if (best === undefined || result.inertia < best.inertia) best = result;
  }
  const result = best!;

  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[result.labels[i]!]!++;
  if (sizes.some((s) => s === 0)) {
    const distinct = countDistinctRows(m);
    if (distinct < k) {
      throw new InputError(
        `k is larger than the number of distinct rows: k = ${k}, ${distinct} distinct`,
        {
          hint: `choose k ≤ ${distinct}`,
        },
      );
    }
  }

  const centroids: number[][] = [];
  for (let c = 0; c < k; c++) {
    const row: number[] = [];
    for (let j = 0; j < d; j++) row.push(result.centers[c * w + j]! + mean[j]!);
    centroids.push(row);
  }
  return {
    model: {
      kind: "kmeans",
      k,
      columns: [...m.columns],
      centroids,
      inertia: result.inertia,
      nIter: result.nIter,
      seed,
    },
    labels: result.labels,
    inertia: result.inertia,
    nIter: result.nIter,
  };
}

/**
 * Label each row with its nearest centroid (first one on ties).
 *
 * @example
 * ```ts
 * import { assignKMeans, fitKMeans } from "./kmeans.ts";
 * import { matrixFromRows } from "./matrix.ts";
 * const fit = fitKMeans(matrixFromRows([[0], [1], [10], [11]]), { k: 2 });
 * const labels = assignKMeans(fit.model, matrixFromRows([[0.2], [10.4]]));
 * labels[0] === fit.labels[0]; // true
 * ```
 */
export function assignKMeans(model: KMeansModel, m: Matrix): Int32Array {
  const d = model.columns.length;
  if (m.cols !== d) {
    throw new InputError(`K-means model expects ${d} columns, got ${m.cols}`, {
      hint: `give the columns ${model.columns.join(", ")}`,
    });
  }
  assertFiniteMatrix(m, "assigning segments");
  const k = model.centroids.length;
  const centers = new Float64Array(k * d);
  model.centroids.forEach((row, c) => centers.set(row, c * d));
  const labels = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let best = 0, bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const v = squaredDistance(m.data, i * d, centers, c * d, d);
      if (v < bestD) {
        bestD = v;
        best = c;
      }
    }
    labels[i] = best;
  }
  return labels;
}

function checkOptions(
  m: Matrix,
  o: { k: number; nInit: number; maxIter: number; tol: number; seed: number },
): void {
  if (!Number.isInteger(o.k) || o.k < 1) {
    throw new InputError(`Number of clusters must be a whole number of at least 1: k = ${o.k}`);
  }
  if (o.k > m.rows) {
    throw new InputError(`Fewer rows than clusters: ${m.rows} rows for k = ${o.k}`, {
      hint: `choose k ≤ ${m.rows} or give more rows`,
    });
  }
  if (!Number.isInteger(o.nInit) || o.nInit < 1) {
    throw new InputError(
      `Number of initialisations must be a whole number of at least 1: nInit = ${o.nInit}`,
    );
  }
  if (!Number.isInteger(o.maxIter) || o.maxIter < 1) {
    throw new InputError(
      `Maximum iterations must be a whole number of at least 1: maxIter = ${o.maxIter}`,
    );
  }
  if (!(o.tol >= 0) || !Number.isFinite(o.tol)) {
    throw new InputError(`Tolerance must be a finite number ≥ 0: tol = ${o.tol}`);
  }
  if (!Number.isInteger(o.seed)) {
    throw new InputError(`Seed must be a whole number: seed = ${o.seed}`);
  }
}

function countDistinctRows(m: Matrix): number {
  const seen = new Set<string>();
  for (let i = 0; i < m.rows; i++) {
    seen.add(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)).join(","));
  }
  return seen.size;
}

interface LloydResult {
  labels: Int32Array;
  centers: Float64Array;
  inertia: number;
  nIter: number;
}

/**
 * Lloyd's algorithm as scikit-learn runs it, with Hamerly's bounds in the
 * assignment step (`upper` ≥ distance to own centre, `lower` ≤ distance to
 * the second nearest).
 */
function lloyd(
  x: Float64Array,
  o: {
    rows: number;
    cols: number;
    k: number;
    seeds: KMeansPlusPlusSeeds;
    maxIter: number;
    tol: number;
  },
): LloydResult {
  const { rows: n, cols: d, k, maxIter, tol } = o;
  let centers = o.seeds.centers.slice();
  let next = new Float64Array(k * d);
  const labels = new Int32Array(n);
  const upper = scratch(Float64Array, "kmeans.upper", n);
  const lower = scratch(Float64Array, "kmeans.lower", n);
  const counts = new Float64Array(k);
  const sums = new Float64Array(k * d);
  const sizes = new Float64Array(k);
  const shift = new Float64Array(k);
  const step: Step = {
    n,
    d,
    k,
    nearest: new Float64Array(3),
    sums,
    sizes,
    between: new Float64Array(k * k),
    half: new Float64Array(k),
    shift,
    maxShift: 0,
    secondShift: 0,
    maxAt: -1,
    drop: new Float64Array(k),
    list: scratch(Int32Array, "kmeans.list", n),
    own: scratch(Float64Array, "kmeans.own", n),
  };

  firstAssignment(o.seeds, labels, upper, lower);
  let changed = n;
  let strict = false;
  let nIter = 0;

  for (let iter = 0; iter < maxIter; iter++) {
    if (iter > 0) changed = assignBounded(x, centers, labels, upper, lower, step);
    // Update step: means of the assigned rows.
    // Sums per cluster are kept up to date as rows move (recomputed in full
    // every 32 iterations so rounding cannot drift).
    if (iter % 32 === 0) clusterSums(x, labels, sums, sizes, d);
    next.set(sums);
    counts.set(sizes);
    relocateEmptyClusters(x, centers, next, counts, labels, { n, d, k });
    for (let c = 0; c < k; c++) {
      const w = counts[c]!;
      if (w > 0) { for (let j = 0; j < d; j++) next[c * d + j]! /= w; }
    }
    let shiftTotal = 0, maxShift = 0, secondShift = 0, maxAt = -1;
    for (let c = 0; c < k; c++) {
      const s2 = squaredDistance(next, c * d, centers, c * d, d);
      shiftTotal += s2;
      const s = Math.sqrt(s2);
      shift[c] = s;
      if (s > maxShift) {
        secondShift = maxShift;
        maxShift = s;
        maxAt = c;
      } else if (s > secondShift) secondShift = s;
    }
    // The bounds move with the centres at the next assignment step.
    step.maxShift = maxShift;
    step.secondShift = secondShift;
    step.maxAt = maxAt;
    [centers, next] = [next, centers];
    nIter = iter + 1;
    if (changed === 0) {
      strict = true;
      break;
    }
    if (shiftTotal <= tol) break;
  }
  // Labels must match the final centres.
  if (!strict) assignBounded(x, centers, labels, upper, lower, step);

  let inertia = 0;
  for (let i = 0; i < n; i++) {
    inertia += paddedSquaredDistance(x, i * d, centers, labels[i]! * d, d);
  }
  return { labels, centers, inertia, nIter };
}

/** Work space and centre movement shared by the assignment steps of one run. */
interface Step {
  n: number;
  d: number;
  k: number;
  /** Out parameter of the nearest-centre kernels. */
  nearest: Float64Array;
  /** Per-cluster sums of rows and sizes, kept up to date as rows move. */
  sums: Float64Array;
  sizes: Float64Array;
  /** Distances between centres (k × k) and half the nearest per centre. */
  between: Float64Array;
  half: Float64Array;
  /** How far each centre moved at the last update, the largest two and the mover. */
  shift: Float64Array;
  maxShift: number;
  secondShift: number;
  maxAt: number;
  /** Per centre: how far the lower bounds of its rows fall. */
  drop: Float64Array;
  /** Rows the bounds do not settle. */
  list: Int32Array;
  /** Squared distances of listed rows to their own centre. */
  own: Float64Array;
}

/** Centre-to-centre distances and, per centre, half the distance to its nearest other centre. */
function centreDistances(centers: Float64Array, s: Step): void {
  const { d, k, between, half } = s;
  half.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const dist = Math.sqrt(paddedSquaredDistance(centers, a * d, centers, b * d, d));
      between[a * k + b] = dist;
      between[b * k + a] = dist;
      const h = dist / 2;
      if (h < half[a]!) half[a] = h;
      if (h < half[b]!) half[b] = h;
    }
  }
}

/**
 * First assignment straight from what k-means++ seeding already knows: each
 * row's nearest seed, the distance to it and a lower bound on the distance to
 * any other seed.
 */
function firstAssignment(
  seeds: KMeansPlusPlusSeeds,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): void {
  const { closest, owner, second } = seeds;
  for (let i = 0; i < labels.length; i++) {
    labels[i] = owner[i]!;
    upper[i] = Math.sqrt(closest[i]!);
    lower[i] = Math.sqrt(second[i]!);
  }
}

/** Per-cluster sums of the rows (`d` a multiple of 4) and sizes, from scratch. */
function clusterSums(
  x: Float64Array,
  labels: Int32Array,
  sums: Float64Array,
  sizes: Float64Array,
  d: number,
): void {
  sums.fill(0);
  sizes.fill(0);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    sizes[c]! += 1;
    const off = c * d, row = i * d;
    for (let j = 0; j < d; j += 4) {
      sums[off + j]! += x[row + j]!;
      sums[off + j + 1]! += x[row + j + 1]!;
      sums[off + j + 2]! += x[row + j + 2]!;
      sums[off + j + 3]! += x[row + j + 3]!;
    }
  }
}

/**
 * Hamerly's assignment step after the centres moved by `s.shift`: bounds
 * loosened by the moves first; returns how many labels changed. A first pass
 * over all rows only moves the bounds and lists the rows whose bounds do not
 * settle their label (written without branches, as most rows are settled);
 * a second pass looks at the listed rows.
 */
function assignBounded(
  x: Float64Array,
  centers: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  s: Step,
): number {
  const { n, d, k, nearest, sums, sizes, between, half, shift, drop, list } = s;
  centreDistances(centers, s);
  for (let c = 0; c < k; c++) drop[c] = c === s.maxAt ? s.secondShift : s.maxShift;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const a = labels[i]!;
    const l = lower[i]! - drop[a]!;
    const ub = upper[i]! + shift[a]!;
    lower[i] = l;
    upper[i] = ub;
    list[m] = i;
    m += +(ub > l) & +(ub > half[a]!);
  }
  if (d === 8) return settle8(x, centers, labels, upper, lower, s, m);
  let changed = 0;
  for (let t = 0; t < m; t++) {
    const i = list[t]!;
    const a = labels[i]!;
    const l = lower[i]!, h = half[a]!;
    const bound = l > h ? l : h;
    const u2 = paddedSquaredDistance(x, i * d, centers, a * d, d);
    const u = Math.sqrt(u2);
    upper[i] = u;
    if (u <= bound) continue;
    nearestTwoFrom(x, i * d, centers, k, d, a, u2, between, nearest);
    const b = nearest[0]!;
    lower[i] = nearest[2]!;
    if (b === a) continue;
    labels[i] = b;
    upper[i] = Math.sqrt(nearest[1]!);
    changed++;
    const row = i * d;
    for (let j = 0; j < d; j++) {
      sums[a * d + j]! -= x[row + j]!;
      sums[b * d + j]! += x[row + j]!;
    }
    sizes[a]! -= 1;
    sizes[b]! += 1;
  }
  return changed;
}

/**
 * The rest of {@link assignBounded} for rows 8 wide: one pass over the
 * listed rows for the distance to their own centre, keeping on the list (without
 * branches) those it does not settle; then, the row held in locals, the
 * centres that could be nearer.
 */
function settle8(
  x: Float64Array,
  centers: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  s: Step,
  m: number,
): number {
  const { k, sums, sizes, between, half, list, own } = s;
  // Own centre first; the rows still unsettled stay on the list.
  let r = 0;
  for (let t = 0; t < m; t++) {
    const i = list[t]!, o = i * 8, v = labels[i]! * 8;
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
  for (let t = 0; t < r; t++) {
    const i = list[t]!, o = i * 8;
    const a = labels[i]!;
    const p0 = x[o]!, p1 = x[o + 1]!, p2 = x[o + 2]!, p3 = x[o + 3]!;
    const p4 = x[o + 4]!, p5 = x[o + 5]!, p6 = x[o + 6]!, p7 = x[o + 7]!;
    const u2 = own[t]!, u = upper[i]!;
    // A centre c with dist(a, c) ≥ 2u cannot be nearer; it is at least
    // dist(a, c) − u away.
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

/**
 * scikit-learn's handling of empty clusters: each takes the row farthest
 * from its current centre (largest first), removed from its old cluster's sum.
 * Works on the unnormalised sums in `next`.
 */
function relocateEmptyClusters(
  x: Float64Array,
  centers: Float64Array,
  next: Float64Array,
  counts: Float64Array,
  labels: Int32Array,
  o: { n: number; d: number; k: number },
): void {
  const { n, d, k } = o;
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (counts[c] === 0) empty.push(c);
  if (empty.length === 0) return;
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) dist[i] = squaredDistance(x, i * d, centers, labels[i]! * d, d);
  const far = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => dist[b]! - dist[a]! || a - b)
    .slice(0, empty.length);
  empty.forEach((target, idx) => {
    const i = far[idx]!;
    const old = labels[i]!;
    for (let j = 0; j < d; j++) {
      next[old * d + j]! -= x[i * d + j]!;
      next[target * d + j] = x[i * d + j]!;
    }
    counts[target] = 1;
    counts[old]! -= 1;
  });
}
