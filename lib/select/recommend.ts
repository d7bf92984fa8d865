/**
 * Compare clustering results on the same scaled features and recommend one,
 * with the reasoning written from the figures: internal metrics
 * (silhouette, Davies–Bouldin, Calinski–Harabasz, on non-noise rows), sizes,
 * noise share and stability.
 *
 * @module
 */
import { InputError, isInputError } from "../errors.ts";
import type { Matrix } from "../matrix.ts";
import { silhouetteScore } from "../metrics/silhouette.ts";
import { daviesBouldinScore } from "../metrics/davies_bouldin.ts";
import { calinskiHarabaszScore } from "../metrics/calinski_harabasz.ts";
import { adjustedRandIndex } from "../metrics/adjusted_rand.ts";
import type { StabilityResult } from "./stability.ts";
import { formatFigure } from "../format.ts";

/** The figures of one clustering result. */
export interface ClusteringSummary {
  /** Display name, e.g. "k-means" or "DBSCAN". */
  name: string;
  nClusters: number;
  /** Share of rows labelled noise (0 unless DBSCAN). */
  noiseShare: number;
  /** Cluster sizes, largest first. */
  sizes: number[];
  /** Share of rows in the smallest cluster. */
  smallestShare: number;
  /** Undefined when the metric is undefined (one cluster); see `notes`. */
  silhouette?: number;
  daviesBouldin?: number;
  calinskiHarabasz?: number;
  /** Lowest per-cluster mean Jaccard and the median ARI, when stability was measured. */
  stability?: { minJaccard: number; medianAri: number; stable: boolean };
  /** Why a figure is missing, in words. */
  notes: string[];
  /**
   * The labelling summarised (set by {@link summariseClustering}, not
   * enumerable), so the recommendation can say how far two near-tied results
   * agree.
   */
  labels?: ArrayLike<number>;
}

/** Options for {@link summariseClustering}. */
export interface SummariseOptions {
  name: string;
  stability?: StabilityResult;
  /** Silhouette on a seeded sample above this many rows (default 5000). */
  silhouetteSampleSize?: number;
  seed?: number;
}

/**
 * Metrics, sizes and stability of one labelling (noise rows, label -1, are
 * left out of the metrics). Undefined metrics are stated in `notes`,
 * never NaN.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { summariseClustering } from "./recommend.ts";
 * const m = matrixFromRows([[0], [0.1], [5], [5.1], [20]]);
 * equal(summariseClustering(m, [0, 0, 1, 1, -1], { name: "DBSCAN" }).noiseShare, 0.2);
 * ```
 */
export function summariseClustering(
  m: Matrix,
  labels: ArrayLike<number>,
  options: SummariseOptions,
): ClusteringSummary {
  if (labels.length !== m.rows) {
    throw new InputError(`${labels.length} labels for ${m.rows} rows`, {
      hint: "give one label per row",
    });
  }
  const keep: number[] = [];
  const counts = new Map<number, number>();
  for (let i = 0; i < m.rows; i++) {
    const c = labels[i]!;
    if (c < 0) continue;
    keep.push(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const sizes = [...counts.values()].sort((a, b) => b - a);
  const notes: string[] = [];
  const summary: ClusteringSummary = {
    name: options.name,
    nClusters: counts.size,
    noiseShare: (m.rows - keep.length) / m.rows,
    sizes,
    smallestShare: sizes.length > 0 ? sizes.at(-1)! / m.rows : 0,
    notes,
  };
  // kept out of JSON and equality checks: the summary stays small plain data
  Object.defineProperty(summary, "labels", { value: labels, enumerable: false });
  if (options.stability && options.stability.clusters.length < 2) {
    // one cluster comes back whole from every rerun: that says nothing about a segmentation
    notes.push("Stability not assessed: one cluster is not a segmentation");
  } else if (options.stability) {
    const s = options.stability;
    summary.stability = {
      minJaccard: s.clusters.length > 0 ? Math.min(...s.clusters.map((c) => c.meanJaccard)) : 0,
      medianAri: s.ari.median,
      stable: s.stable,
    };
  }
  const { matrix: sub, labels: subLabels } = clusteredRows(m, labels);
  const sampleSize = options.silhouetteSampleSize ?? 5000;
  const metric = (what: string, f: () => number): number | undefined => {
    try {
      const v = f();
      if (Number.isFinite(v)) return v;
      notes.push(`${what} undefined for this labelling`);
    } catch (e) {
      if (!isInputError(e)) throw e;
      notes.push(e.message.split(".")[0]!);
    }
    return undefined;
  };
  if (counts.size < 2) {
    notes.push(`Metrics undefined: ${counts.size === 0 ? "no clusters" : "one cluster"}`);
    return summary;
  }
  summary.silhouette = metric("Silhouette", () =>
    silhouetteScore(sub, subLabels, {
      sampleSize: sub.rows > sampleSize ? sampleSize : undefined,
      seed: options.seed ?? 0,
    }));
  summary.daviesBouldin = metric("Davies–Bouldin", () => daviesBouldinScore(sub, subLabels));
  summary.calinskiHarabasz = metric(
    "Calinski–Harabasz",
    () => calinskiHarabaszScore(sub, subLabels),
  );
  return summary;
}

/** Options for {@link recommendClustering}. */
export interface RecommendOptions {
  /** Results with more noise than this share are not recommended (default 0.2). */
  maxNoiseShare?: number;
  /** Silhouettes closer than this count as a tie, broken by stability (default 0.02). */
  silhouetteMargin?: number;
  /**
   * Near-tied results whose partitions reach this adjusted Rand index are
   * said to agree rather than one beating the other (default 0.9).
   */
  agreement?: number;
}

/** The recommendation and its reasoning. */
export interface Recommendation {
  /** Name of the recommended result, or undefined when none qualifies. */
  choice: string | undefined;
  /** The reasoning, one sentence per step, built from the figures. */
  reasons: string[];
  /** The reasons as one paragraph. */
  text: string;
}

/**
 * Recommend one clustering: leave out results with fewer than two
 * clusters, too much noise or (when some are stable) unstable clusters;
 * take the highest silhouette; within a near-tie prefer the more stable.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { recommendClustering } from "./recommend.ts";
 * const r = recommendClustering([
 *   { name: "k-means", nClusters: 4, noiseShare: 0, sizes: [30, 30, 20, 20], smallestShare: 0.2, silhouette: 0.52, notes: [] },
 *   { name: "DBSCAN", nClusters: 1, noiseShare: 0.3, sizes: [70], smallestShare: 0.7, notes: [] },
 * ]);
 * equal(r.choice, "k-means");
 * ```
 */
export function recommendClustering(
  summaries: readonly ClusteringSummary[],
  options: RecommendOptions = {},
): Recommendation {
  const maxNoise = options.maxNoiseShare ?? 0.2;
  const margin = options.silhouetteMargin ?? 0.02;
  const reasons: string[] = [];
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  let candidates = summaries.filter((s) => {
    if (s.nClusters < 2) {
      reasons.push(
        `${s.name} is left out: it found ${s.nClusters === 0 ? "no clusters" : "one cluster"}.`,
      );
      return false;
    }
    if (s.noiseShare > maxNoise) {
      reasons.push(
        `${s.name} is left out: ${pct(s.noiseShare)} of customers are noise (more than ${
          pct(maxNoise)
        }).`,
      );
      return false;
    }
    if (s.silhouette === undefined) {
      reasons.push(`${s.name} is left out: its silhouette is undefined.`);
      return false;
    }
    return true;
  });
  const stableOnes = candidates.filter((s) => s.stability?.stable);
  if (stableOnes.length > 0 && stableOnes.length < candidates.length) {
    for (const s of candidates) {
      if (s.stability && !s.stability.stable) {
        reasons.push(
          `${s.name} is left out: its weakest cluster keeps a mean Jaccard of only ${
            s.stability.minJaccard.toFixed(2)
          } across reruns.`,
        );
      }
    }
    candidates = candidates.filter((s) => !s.stability || s.stability.stable);
  } else if (
    candidates.length > 0 && stableOnes.length === 0 && candidates.some((s) => s.stability)
  ) {
    reasons.push("No candidate is stable across reruns; the recommendation below is tentative.");
  }
  if (candidates.length === 0) {
    reasons.push("No result qualifies; revisit the features, k or DBSCAN's eps.");
    return { choice: undefined, reasons, text: reasons.join(" ") };
  }
  const ranked = [...candidates].sort((a, b) => b.silhouette! - a.silhouette!);
  let best = ranked[0]!;
  const runnerUp = ranked[1];
  const agreeAt = options.agreement ?? 0.9;
  let agreement: number | undefined;
  if (runnerUp && best.silhouette! - runnerUp.silhouette! < margin) {
    agreement = best.labels && runnerUp.labels && best.labels.length === runnerUp.labels.length
      ? adjustedRandIndex(best.labels, runnerUp.labels)
      : undefined;
  }
  if (runnerUp && agreement !== undefined && agreement >= agreeAt) {
    reasons.push(
      `${best.name} and ${runnerUp.name} agree: their segments are nearly the same (adjusted ` +
        `Rand index ${agreement.toFixed(2)} between the two) and their silhouettes are ` +
        `practically equal (${best.silhouette!.toFixed(3)} vs ${
          runnerUp.silhouette!.toFixed(3)
        }), so either gives the same segmentation.`,
    );
    const jBest = best.stability?.minJaccard ?? -1, jRun = runnerUp.stability?.minJaccard ?? -1;
    if (jRun > jBest) {
      reasons.push(
        `${runnerUp.name} is named as the more stable of the two (weakest cluster Jaccard ${
          jRun.toFixed(2)
        } vs ${jBest.toFixed(2)}).`,
      );
      best = runnerUp;
    }
  } else if (runnerUp && best.silhouette! - runnerUp.silhouette! < margin) {
    const jBest = best.stability?.minJaccard ?? -1, jRun = runnerUp.stability?.minJaccard ?? -1;
    if (jRun > jBest) {
      reasons.push(
        `${best.name} and ${runnerUp.name} are practically tied on silhouette (${
          best.silhouette!.toFixed(3)
        } vs ${
          runnerUp.silhouette!.toFixed(3)
        }); ${runnerUp.name} is more stable (weakest cluster Jaccard ${jRun.toFixed(2)} vs ${
          jBest.toFixed(2)
        }).`,
      );
      best = runnerUp;
    } else {
      reasons.push(
        `${best.name} has the highest silhouette (${
          best.silhouette!.toFixed(3)
        }), narrowly ahead of ${runnerUp.name} (${runnerUp.silhouette!.toFixed(3)}).`,
      );
    }
  } else if (runnerUp) {
    reasons.push(
      `${best.name} has the highest silhouette (${
        best.silhouette!.toFixed(3)
      }; next: ${runnerUp.name}, ${runnerUp.silhouette!.toFixed(3)}).`,
    );
  } else {
    reasons.push(
      `${best.name} is the only result that qualifies (silhouette ${best.silhouette!.toFixed(3)}).`,
    );
  }
  const others = candidates.filter((s) => s !== best);
  const dbBest = others.every((s) =>
    s.daviesBouldin === undefined || (best.daviesBouldin ?? Infinity) <= s.daviesBouldin
  );
  const chBest = others.every((s) =>
    s.calinskiHarabasz === undefined || (best.calinskiHarabasz ?? -Infinity) >= s.calinskiHarabasz
  );
  const agree: string[] = [];
  if (best.daviesBouldin !== undefined) {
    agree.push(
      `Davies–Bouldin ${best.daviesBouldin.toFixed(3)} (${dbBest ? "lowest" : "not the lowest"})`,
    );
  }
  if (best.calinskiHarabasz !== undefined) {
    agree.push(
      `Calinski–Harabasz ${formatFigure(best.calinskiHarabasz, { decimals: 1 })} (${
        chBest ? "highest" : "not the highest"
      })`,
    );
  }
  if (agree.length > 0) reasons.push(`Its other scores: ${agree.join(", ")}.`);
  if (best.stability) {
    reasons.push(
      best.stability.stable
        ? `It is stable across reruns (median ARI ${
          best.stability.medianAri.toFixed(2)
        }, weakest cluster Jaccard ${best.stability.minJaccard.toFixed(2)}).`
        : `Its stability is weak (median ARI ${
          best.stability.medianAri.toFixed(2)
        }, weakest cluster Jaccard ${
          best.stability.minJaccard.toFixed(2)
        }): treat its segments as tentative.`,
    );
  }
  reasons.push(
    `It makes ${best.nClusters} segments; the smallest holds ${
      pct(best.smallestShare)
    } of customers` +
      (best.noiseShare > 0 ? ` and ${pct(best.noiseShare)} are noise.` : "."),
  );
  const twin = agreement !== undefined && agreement >= agreeAt
    ? (best === runnerUp ? ranked[0]! : runnerUp)
    : undefined;
  reasons.unshift(
    twin
      ? `Recommended: ${best.name}, which agrees with ${twin.name} (nearly the same segments).`
      : `Recommended: ${best.name}.`,
  );
  return { choice: best.name, reasons, text: reasons.join(" ") };
}

/**
 * The summaries as table rows for display: one row per result, undefined
 * metrics shown as "undefined" rather than left blank or NaN.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { comparisonRows } from "./recommend.ts";
 * equal(comparisonRows([{ name: "DBSCAN", nClusters: 1, noiseShare: 0, sizes: [9], smallestShare: 1, notes: [] }])[0]!.silhouette, "undefined");
 * ```
 */
export function comparisonRows(
  summaries: readonly ClusteringSummary[],
): Record<string, string | number>[] {
  // metrics as fixed-digit text so every row shows the same precision
  const show = (
    v: number | undefined,
    digits: number,
  ) => (v === undefined ? "undefined" : v.toFixed(digits));
  return summaries.map((s) => ({
    algorithm: s.name,
    clusters: s.nClusters,
    sizes: s.sizes.join(" / "),
    noise: s.noiseShare,
    silhouette: show(s.silhouette, 3),
    daviesBouldin: show(s.daviesBouldin, 3),
    calinskiHarabasz: show(s.calinskiHarabasz, 1),
    medianAri: show(s.stability?.medianAri, 2),
    weakestJaccard: show(s.stability?.minJaccard, 2),
    stable: s.stability === undefined
      ? (s.nClusters < 2 ? "n/a (one cluster)" : "not measured")
      : s.stability.stable
      ? "yes"
      : "no",
  }));
}

/**
 * The rows that belong to a cluster (DBSCAN noise, label -1, left out) with
 * their labels re-coded 0..q-1 in increasing order: the input the cluster
 * metrics and the silhouette knife chart expect.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { clusteredRows } from "./recommend.ts";
 * const { matrix, labels } = clusteredRows(matrixFromRows([[0], [1], [9]]), [3, -1, 5]);
 * deepEqual([matrix.rows, Array.from(labels)], [2, [0, 1]]);
 * ```
 */
export function clusteredRows(
  m: Matrix,
  labels: ArrayLike<number>,
): { matrix: Matrix; labels: Int32Array } {
  const keep: number[] = [];
  const distinct = new Set<number>();
  for (let i = 0; i < m.rows; i++) {
    if (labels[i]! >= 0) {
      keep.push(i);
      distinct.add(labels[i]!);
    }
  }
  const code = new Map([...distinct].sort((a, b) => a - b).map((c, i) => [c, i]));
  const data = new Float64Array(keep.length * m.cols);
  const out = new Int32Array(keep.length);
  keep.forEach((i, p) => {
    data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), p * m.cols);
    out[p] = code.get(labels[i]!)!;
  });
  return { matrix: { data, rows: keep.length, cols: m.cols, columns: m.columns }, labels: out };
}
