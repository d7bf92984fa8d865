/**
 * K-means with scikit-learn's semantics: k-means++ seeding with greedy local
 * trials, `nInit` runs keeping the lowest inertia, Lloyd iterations stopping
 * when no label changes or when the squared centre shift falls to
 * `tol × mean per-feature variance`, empty clusters moved to the points
 * farthest from their centres. The assignment step uses Hamerly's bounds,
 * which skip distance computations without changing the result.
 *
 * On large data (rows × columns ≥ {@link PARALLEL_MIN_WORK}) the rows are cut
 * into blocks of {@link BLOCK_ROWS} that Web Workers and the main thread
 * share (`kmeans_blocks.ts`, `worker_pool.ts`); every sum over rows is made
 * of per-block partials added in block order, so labels, centres and inertia
 * are the same, bit for bit, whatever the number of threads. Smaller data
 * runs as one block on the calling thread.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { createRandom, type Random } from "../random.ts";
import { assertFiniteMatrix } from "../check_input.ts";
import { paddedSquaredDistance, paddedWidth } from "./distance_kernels.ts";
import {
  BLOCK_ROWS,
  kmeansBufferBytes,
  kmeansScratch,
  type KMeansShape,
  type KMeansShared,
  kmeansViews,
  Op,
  runKMeansBlock,
} from "./kmeans_blocks.ts";
import { squaredDistance } from "./kmeans_plus_plus.ts";
import type { Matrix } from "../matrix.ts";
import { type BlockPool, openBlockPool } from "./worker_pool.ts";

export { BLOCK_ROWS } from "./kmeans_blocks.ts";

/**
 * Rows × columns from which k-means spreads its work over threads (below it,
 * one thread, as starting workers would cost more than it saves).
 */
export const PARALLEL_MIN_WORK = 1_200_000;

/** Most threads k-means uses by default. */
export const MAX_DEFAULT_THREADS = 8;

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
  /**
   * Threads for large data, the calling one included (default: the machine's
   * cores, at most {@link MAX_DEFAULT_THREADS}). The result does not depend on it.
   */
  threads?: number;
  /** Rows × columns from which the work is spread over threads (default {@link PARALLEL_MIN_WORK}). */
  parallelMinWork?: number;
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
 * import { equal, ok } from "node:assert/strict";
 * import { fitKMeans } from "./kmeans.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const m = matrixFromRows([[0, 0], [0, 1], [10, 10], [10, 11]]);
 * const fit = fitKMeans(m, { k: 2, seed: 1 });
 * equal(fit.inertia, 1);
 * ok(fit.labels[0] === fit.labels[1]);
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

  const threads = options.threads ?? defaultThreads();
  const minWork = options.parallelMinWork ?? PARALLEL_MIN_WORK;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new InputError(`Threads must be a whole number of at least 1: threads = ${threads}`);
  }
  const blocked = n * d >= minWork;
  // Rows padded with zeros to a width the distance kernels are fast on.
  const w = paddedWidth(d);
  const shape: KMeansShape = {
    n,
    w,
    k,
    trials: 2 + Math.floor(Math.log(k)),
    blockRows: blocked ? BLOCK_ROWS : n,
  };
  const nBlocks = Math.ceil(n / shape.blockRows);
  const useThreads = blocked ? Math.min(threads, nBlocks) : 1;
  const buffer = workBuffer(kmeansBufferBytes(shape), useThreads > 1);
  const s = kmeansViews(shape, buffer);

  // Work on centred data (as scikit-learn does) for accuracy.
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += m.data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const x = s.x;
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

  const scratch = kmeansScratch(shape);
  const pool = openBlockPool(
    new URL("./kmeans_worker.ts", import.meta.url),
    { shape, buffer },
    useThreads,
    (op, b) => runKMeansBlock(s, scratch, op, b),
  );
  let best: LloydResult | undefined;
  try {
    const random = createRandom(seed);
    for (let run = 0; run < nInit; run++) {
      seedCentres(s, pool, random);
      const result = lloyd(s, pool, { maxIter, tol });
      if (best === undefined || result.inertia < best.inertia) {
        best = { ...result, labels: s.labels.slice() };
      }
    }
  } finally {
    pool.close();
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
 * import { ok } from "node:assert/strict";
 * import { assignKMeans, fitKMeans } from "./kmeans.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const fit = fitKMeans(matrixFromRows([[0], [1], [10], [11]]), { k: 2 });
 * const labels = assignKMeans(fit.model, matrixFromRows([[0.2], [10.4]]));
 * ok(labels[0] === fit.labels[0]);
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

function defaultThreads(): number {
  const cores = typeof navigator === "undefined" ? 1 : navigator.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(MAX_DEFAULT_THREADS, cores));
}

const spareBuffers = new Map<string, WeakRef<ArrayBuffer | SharedArrayBuffer>>();

/**
 * Largest work buffer kept for the next fit. A WeakRef keeps its target alive
 * until the synchronous job that made it ends, which for a whole segmentation
 * is the end of the run: a buffer of hundreds of megabytes would sit beside
 * the output files being built. Past this size each fit takes a fresh buffer
 * (its page faults cost far less than such a fit's passes over the rows).
 */
const SPARE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * A zeroed-or-not buffer of `bytes` for one fit, reused by the next fit of the
 * same size while the garbage collector keeps it (large fresh buffers cost
 * page faults on every call). Nothing returned refers to it.
 */
function workBuffer(bytes: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  if (bytes > SPARE_MAX_BYTES) {
    return shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  }
  const key = `${shared ? "shared" : "plain"}:${bytes}`;
  const old = spareBuffers.get(key)?.deref();
  if (old !== undefined) return old;
  const fresh = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  spareBuffers.set(key, new WeakRef(fresh));
  return fresh;
}

/** Σ over blocks, in block order, of `values[b·stride + at]`. */
function blockTotal(values: Float64Array, nBlocks: number, stride: number, at: number): number {
  let total = values[at]!;
  for (let b = 1; b < nBlocks; b++) total += values[b * stride + at]!;
  return total;
}

/**
 * k-means++ seeding with greedy local trials, as in scikit-learn: each new
 * centre is the best of `trials` candidates drawn with probability
 * proportional to the squared distance to the nearest chosen centre. Leaves
 * the centres in `s.centers`; per row, the nearest and second-nearest squared
 * distances and the nearest centre are in `s.closest`, `s.second`,
 * `s.owner` once the first assignment has accepted the last centre (left
 * pending in `s.args`). Each centre is accepted during the next pass over
 * the rows; the draws read the running sums of what `closest` becomes: the
 * blocks before a row (their totals are the chosen candidate's per-block
 * potentials, added in block order) plus the row's own block summed from 0.
 */
function seedCentres(s: KMeansShared, pool: BlockPool, random: Random): void {
  const { n, w, k, trials, nBlocks, x, centers, candidates, blockValues } = s;
  const prefix = new Float64Array(nBlocks + 1);
  const totals = (at: number) => {
    for (let b = 0; b < nBlocks; b++) prefix[b + 1] = prefix[b]! + blockValues[b * trials + at]!;
  };
  const first = random.int(n);
  s.args[0] = first;
  pool.run(Op.seedFirst, nBlocks);
  totals(0);
  let pot = blockTotal(blockValues, nBlocks, trials, 0);
  centers.set(x.subarray(first * w, first * w + w), 0);
  let pending = -1, pendingCentre = 0;
  const pots = new Float64Array(trials);
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < trials; t++) {
      const target = random.next() * pot;
      candidates[t] = Math.min(searchRunningSums(s, prefix, target, pending), n - 1);
    }
    s.args[0] = pending;
    s.args[1] = pendingCentre;
    pool.run(Op.seedTrials, nBlocks);
    for (let t = 0; t < trials; t++) pots[t] = blockTotal(blockValues, nBlocks, trials, t);
    let best = 0;
    for (let t = 1; t < trials; t++) if (pots[t]! < pots[best]!) best = t;
    pot = pots[best]!;
    totals(best);
    const row = candidates[best]!;
    centers.set(x.subarray(row * w, row * w + w), c * w);
    pending = best;
    pendingCentre = c;
  }
  s.args[0] = pending;
  s.args[1] = pendingCentre;
}

/**
 * First row whose running sum of `closest` (with the `pending` candidate's
 * distances taken into account) reaches `target`, or `n` when none does
 * (numpy's searchsorted, side "left", on the cumulative sums).
 */
function searchRunningSums(
  s: KMeansShared,
  prefix: Float64Array,
  target: number,
  pending: number,
): number {
  const { nBlocks, blockRows, n, closest, candidateDist } = s;
  let b = 0;
  while (b < nBlocks && prefix[b + 1]! < target) b++;
  if (b === nBlocks) return n;
  const base = prefix[b]!;
  const lo = b * blockRows, hi = Math.min(n, lo + blockRows);
  let acc = 0;
  if (pending < 0) {
    for (let i = lo; i < hi; i++) {
      acc += closest[i]!;
      if (base + acc >= target) return i;
    }
  } else {
    for (let i = lo, o = pending * n + lo; i < hi; i++, o++) {
      const near = closest[i]!, v = candidateDist[o]!;
      acc += v < near ? v : near;
      if (base + acc >= target) return i;
    }
  }
  return hi - 1;
}

/**
 * Lloyd's algorithm as scikit-learn runs it, from the seeds in `s`, with
 * Hamerly's bounds in the assignment step (`upper` ≥ distance to own centre,
 * `lower` ≤ distance to the second nearest). Cluster sums are kept per block
 * and moved with the rows that change (recomputed in full every 32
 * iterations so rounding cannot drift); their totals are added in block
 * order. Leaves the labels in `s.labels`.
 */
function lloyd(
  s: KMeansShared,
  pool: BlockPool,
  o: { maxIter: number; tol: number },
): LloydResult {
  const { n, w: d, k, nBlocks, x, labels, shift } = s;
  const { maxIter, tol } = o;
  const centers = s.centers;
  const next = new Float64Array(k * d);
  const counts = new Float64Array(k);
  let maxShift = 0, secondShift = 0, maxAt = -1;
  /** Bounds' drops and centre distances for the next assignment step. */
  const prepare = () => {
    centreDistances(s);
    for (let c = 0; c < k; c++) s.drop[c] = c === maxAt ? secondShift : maxShift;
  };

  pool.run(Op.firstAssign, nBlocks);
  let changed = n;
  let strict = false;
  let nIter = 0;
  for (let iter = 0; iter < maxIter; iter++) {
    if (iter > 0) {
      prepare();
      pool.run(iter % 32 === 0 ? Op.assignRecompute : Op.assign, nBlocks);
      changed = 0;
      for (let b = 0; b < nBlocks; b++) changed += s.blockChanged[b]!;
    }
    // Update step: means of the assigned rows.
    next.set(s.blockSums.subarray(0, k * d));
    counts.set(s.blockSizes.subarray(0, k));
    for (let b = 1; b < nBlocks; b++) {
      const sums = s.blockSums, sizes = s.blockSizes;
      for (let t = 0, u = b * k * d; t < k * d; t++, u++) next[t]! += sums[u]!;
      for (let c = 0, u = b * k; c < k; c++, u++) counts[c]! += sizes[u]!;
    }
    relocateEmptyClusters(x, centers, next, counts, labels, { n, d, k });
    for (let c = 0; c < k; c++) {
      const size = counts[c]!;
      if (size > 0) { for (let j = 0; j < d; j++) next[c * d + j]! /= size; }
    }
    let shiftTotal = 0;
    maxShift = 0, secondShift = 0, maxAt = -1;
    for (let c = 0; c < k; c++) {
      const s2 = squaredDistance(next, c * d, centers, c * d, d);
      shiftTotal += s2;
      const v = Math.sqrt(s2);
      shift[c] = v;
      if (v > maxShift) {
        secondShift = maxShift;
        maxShift = v;
        maxAt = c;
      } else if (v > secondShift) secondShift = v;
    }
    centers.set(next);
    nIter = iter + 1;
    if (changed === 0) {
      strict = true;
      break;
    }
    if (shiftTotal <= tol) break;
  }
  // Labels must match the final centres.
  if (!strict) {
    prepare();
    pool.run(Op.assign, nBlocks);
  }
  pool.run(Op.inertia, nBlocks);
  const inertia = blockTotal(s.blockValues, nBlocks, s.trials, 0);
  return { labels, centers: centers.slice(), inertia, nIter };
}

/** Centre-to-centre distances and, per centre, half the distance to its nearest other centre. */
function centreDistances(s: KMeansShared): void {
  const { w: d, k, between, half, centers } = s;
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
