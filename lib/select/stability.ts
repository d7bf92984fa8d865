/**
 * How stable a segmentation is: rerun the algorithm on bootstrap resamples
 * (or with other seeds) and compare each run with the reference fit —
 * the adjusted Rand index for the whole partition and, per reference
 * cluster, the best Jaccard overlap with a cluster of the run (Hennig's
 * cluster-wise stability, as in R's `fpc::clusterboot`).
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { createRandom } from "../random.ts";
import { createMatrix, type Matrix } from "../matrix.ts";
import { adjustedRandIndex } from "../metrics/adjusted_rand.ts";
import {
  type AlgorithmName,
  runAlgorithm,
  type RunAlgorithmOptions,
} from "../cluster/run_algorithm.ts";

/** Options for {@link clusterStability}: the algorithm's options plus the resampling. */
export interface StabilityOptions extends RunAlgorithmOptions {
  /** Number of reruns (default 20). */
  runs?: number;
  /** "bootstrap" (default): resample rows with replacement; "reseed": same rows, other seeds. */
  mode?: "bootstrap" | "reseed";
  /** A cluster is stable when its mean Jaccard is at least this (default 0.75, Hennig). */
  threshold?: number;
  /** Called after each rerun with (runs done, runs). */
  onProgress?: (done: number, total: number) => void;
}

/** Stability of one reference cluster. */
export interface ClusterStability {
  cluster: number;
  /** Rows in the reference cluster. */
  size: number;
  /** Mean over runs of the best Jaccard overlap. */
  meanJaccard: number;
  minJaccard: number;
  maxJaccard: number;
  /** Runs in which the cluster dissolved (best Jaccard below 0.5). */
  dissolved: number;
  /**
   * Hennig's reading: "highly stable" ≥ 0.85, "stable" ≥ 0.75, "doubtful" ≥ 0.6, else
   * "unstable"; "single cluster" when only one was found (it comes back whole from every
   * rerun, which says nothing about a segmentation).
   */
  rating: "highly stable" | "stable" | "doubtful" | "unstable" | "single cluster";
}

/** The result of {@link clusterStability}. */
export interface StabilityResult {
  algorithm: AlgorithmName;
  mode: "bootstrap" | "reseed";
  runs: number;
  /** Labels of the reference fit on all rows. */
  reference: Int32Array;
  ari: { values: number[]; mean: number; median: number; min: number; max: number };
  clusters: ClusterStability[];
  /** True when every cluster's mean Jaccard reaches the threshold. */
  stable: boolean;
  threshold: number;
  /** One or two sentences built from the figures. */
  verdict: string;
}

/**
 * Rerun an algorithm and measure how much its segmentation moves.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { clusterStability } from "./stability.ts";
 * const rows = [];
 * for (let i = 0; i < 60; i++) rows.push([(i % 3) * 10 + (i % 7) * 0.1, (i % 5) * 0.1]);
 * const s = clusterStability(matrixFromRows(rows), { algorithm: "kmeans", k: 3, runs: 5 });
 * ok(s.stable);
 * ```
 */
export function clusterStability(m: Matrix, options: StabilityOptions): StabilityResult {
  const runs = options.runs ?? 20;
  const mode = options.mode ?? "bootstrap";
  const threshold = options.threshold ?? 0.75;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(runs) || runs < 2) {
    throw new InputError(`Stability needs at least 2 runs: got ${runs}`);
  }
  if (mode !== "bootstrap" && mode !== "reseed") {
    throw new InputError(`Unknown stability mode: "${mode as string}"`, {
      hint: "use bootstrap or reseed",
    });
  }
  if (
    mode === "reseed" && (options.algorithm === "dbscan" || options.algorithm === "agglomerative")
  ) {
    throw new InputError(
      `Reseeding does not change ${options.algorithm}: it uses no random start`,
      {
        hint: "use mode bootstrap",
      },
    );
  }
  const reference = runAlgorithm(m, options);
  const ref = reference.labels;
  const nRef = reference.nClusters;
  const n = m.rows, d = m.cols;
  const random = createRandom(seed + 7919);
  const ariValues: number[] = [];
  const jaccards: number[][] = Array.from({ length: nRef }, () => []);

  for (let r = 0; r < runs; r++) {
    let rows: Int32Array;
    let labels: Int32Array;
    if (mode === "bootstrap") {
      const draw = new Int32Array(n);
      for (let i = 0; i < n; i++) draw[i] = random.int(n);
      const sample = createMatrix(n, d, m.columns);
      for (let i = 0; i < n; i++) {
        sample.data.set(m.data.subarray(draw[i]! * d, (draw[i]! + 1) * d), i * d);
      }
      const fitted = runAlgorithm(sample, { ...options, seed: seed + r + 1 }).labels;
      // each distinct row once, with the label of its first draw
      const seen = new Uint8Array(n);
      const keep: number[] = [], keepLabels: number[] = [];
      for (let i = 0; i < n; i++) {
        const row = draw[i]!;
        if (seen[row]) continue;
        seen[row] = 1;
        keep.push(row);
        keepLabels.push(fitted[i]!);
      }
      rows = Int32Array.from(keep);
      labels = Int32Array.from(keepLabels);
    } else {
      rows = Int32Array.from({ length: n }, (_, i) => i);
      labels = runAlgorithm(m, { ...options, seed: seed + r + 1 }).labels;
    }
    const refSub = Int32Array.from(rows, (i) => ref[i]!);
    ariValues.push(adjustedRandIndex(refSub, labels));
    const best = bestJaccard(refSub, labels, nRef);
    best.forEach((j, c) => {
      if (j !== undefined) jaccards[c]!.push(j);
    });
    options.onProgress?.(r + 1, runs);
  }

  const sizes = new Array<number>(nRef).fill(0);
  for (let i = 0; i < n; i++) if (ref[i]! >= 0) sizes[ref[i]!]!++;
  const clusters: ClusterStability[] = jaccards.map((values, cluster) => {
    const meanJaccard = values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 0;
    return {
      cluster,
      size: sizes[cluster]!,
      meanJaccard,
      minJaccard: values.length > 0 ? Math.min(...values) : 0,
      maxJaccard: values.length > 0 ? Math.max(...values) : 0,
      dissolved: values.filter((v) => v < 0.5).length,
      rating: nRef < 2
        ? "single cluster"
        : meanJaccard >= 0.85
        ? "highly stable"
        : meanJaccard >= 0.75
        ? "stable"
        : meanJaccard >= 0.6
        ? "doubtful"
        : "unstable",
    };
  });
  const sorted = [...ariValues].sort((a, b) => a - b);
  const ari = {
    values: ariValues,
    mean: ariValues.reduce((a, b) => a + b, 0) / runs,
    median: runs % 2 === 1
      ? sorted[(runs - 1) / 2]!
      : (sorted[runs / 2 - 1]! + sorted[runs / 2]!) / 2,
    min: sorted[0]!,
    max: sorted[runs - 1]!,
  };
  const stable = nRef > 1 && clusters.every((c) => c.meanJaccard >= threshold);
  return {
    algorithm: options.algorithm,
    mode,
    runs,
    reference: ref,
    ari,
    clusters,
    stable,
    threshold,
    verdict: verdictText({ nRef, clusters, ari, stable, threshold, runs, mode }),
  };
}

/** Per reference cluster, the best Jaccard with any cluster of the run (noise -1 never matches). */
function bestJaccard(ref: Int32Array, run: Int32Array, nRef: number): (number | undefined)[] {
  const refSize = new Map<number, number>(), runSize = new Map<number, number>();
  const both = new Map<string, number>();
  for (let i = 0; i < ref.length; i++) {
    const a = ref[i]!, b = run[i]!;
    if (a >= 0) refSize.set(a, (refSize.get(a) ?? 0) + 1);
    if (b >= 0) runSize.set(b, (runSize.get(b) ?? 0) + 1);
    if (a >= 0 && b >= 0) both.set(`${a},${b}`, (both.get(`${a},${b}`) ?? 0) + 1);
  }
  const out: (number | undefined)[] = new Array(nRef).fill(undefined);
  for (let c = 0; c < nRef; c++) {
    const size = refSize.get(c);
    if (size === undefined) continue;
    let best = 0;
    for (const [b, bSize] of runSize) {
      const inter = both.get(`${c},${b}`) ?? 0;
      if (inter === 0) continue;
      const j = inter / (size + bSize - inter);
      if (j > best) best = j;
    }
    out[c] = best;
  }
  return out;
}

function verdictText(
  s: {
    nRef: number;
    clusters: ClusterStability[];
    ari: { median: number; min: number; max: number };
    stable: boolean;
    threshold: number;
    runs: number;
    mode: string;
  },
): string {
  const what = s.mode === "bootstrap" ? `${s.runs} bootstrap resamples` : `${s.runs} other seeds`;
  if (s.nRef === 0) return `No clusters were found, so there is no stability to assess.`;
  if (s.nRef === 1) {
    return "Only one cluster was found: there is no segmentation whose stability could be assessed.";
  }
  const ariText = `adjusted Rand index against the reference: median ${
    s.ari.median.toFixed(2)
  } (range ${s.ari.min.toFixed(2)}–${s.ari.max.toFixed(2)}) over ${what}`;
  if (s.stable) {
    const weakest = s.clusters.reduce((a, b) => (b.meanJaccard < a.meanJaccard ? b : a));
    return `Stable: every cluster keeps a mean Jaccard of at least ${s.threshold} ` +
      `(weakest: cluster ${weakest.cluster}, ${weakest.meanJaccard.toFixed(2)}); ${ariText}.`;
  }
  const weak = s.clusters.filter((c) => c.meanJaccard < s.threshold);
  return `Not stable: ${weak.length} of ${s.nRef} clusters fall below a mean Jaccard of ${s.threshold} (` +
    weak.map((c) => `cluster ${c.cluster}: ${c.meanJaccard.toFixed(2)}, ${c.rating}`).join("; ") +
    `); ${ariText}. Treat those segments as tentative.`;
}
