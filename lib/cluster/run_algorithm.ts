/**
 * One entry point for every clustering algorithm, chosen by name: the
 * command line's `--algorithm` and the comparison notebook call this.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { Matrix } from "../matrix.ts";
import { fitKMeans } from "./kmeans.ts";
import { fitDBSCAN } from "./dbscan.ts";
import { suggestEps } from "./k_distance.ts";
import { fitAgglomerative, type Linkage } from "./hierarchical.ts";
import { type CovarianceType, fitGMM } from "./gmm.ts";

/** The clustering algorithms by name. */
export type AlgorithmName = "kmeans" | "dbscan" | "agglomerative" | "gmm";

/** Every {@link AlgorithmName}, in the order they are presented. */
export const ALGORITHMS: readonly AlgorithmName[] = ["kmeans", "agglomerative", "gmm", "dbscan"];

/** Display names. */
export const ALGORITHM_TITLES: Readonly<Record<AlgorithmName, string>> = {
  kmeans: "k-means",
  agglomerative: "Agglomerative",
  gmm: "Gaussian mixture",
  dbscan: "DBSCAN",
};

/** Options for {@link runAlgorithm}; each algorithm reads the ones it needs. */
export interface RunAlgorithmOptions {
  algorithm: AlgorithmName;
  /** Clusters for kmeans, agglomerative and gmm (required for them). */
  k?: number;
  /** DBSCAN radius; suggested from the k-distance knee when not given. */
  eps?: number;
  /** DBSCAN min_samples, the point itself counted (default 5). */
  minSamples?: number;
  /** Agglomerative linkage (default "ward"). */
  linkage?: Linkage;
  /** Gaussian mixture covariance (default "full"). */
  covariance?: CovarianceType;
  /** Seed for k-means and the mixture's k-means start (default 0). */
  seed?: number;
  /** K-means restarts (default 10). */
  nInit?: number;
  /** The data's file, named in errors (the Gaussian mixture's). */
  file?: string;
}

/** Centres of the clusters found by DBSCAN or agglomerative clustering (means of their rows). */
export interface CentroidModel {
  kind: "dbscan" | "agglomerative";
  columns: string[];
  /** Mean of each cluster 0..nClusters-1 (noise excluded). */
  centroids: number[][];
  nClusters: number;
  /** Parameters used. */
  parameters: Record<string, number | string>;
}

/** The result of {@link runAlgorithm}. */
export interface AlgorithmRun {
  algorithm: AlgorithmName;
  /** Cluster per row, 0..nClusters-1; DBSCAN noise is -1. */
  labels: Int32Array;
  /** The fitted model as plain JSON. */
  model: object;
  /** One sentence: what ran, with which parameters, and what came out. */
  description: string;
  nClusters: number;
  /** Rows labelled noise (DBSCAN only; 0 otherwise). */
  nNoise: number;
}

/**
 * Run the named algorithm on the (already scaled) matrix.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../matrix.ts";
 * import { runAlgorithm } from "./run_algorithm.ts";
 * const m = matrixFromRows([[0], [0.1], [0.2], [5], [5.1], [5.2]]);
 * const run = runAlgorithm(m, { algorithm: "agglomerative", k: 2 });
 * run.nClusters; // 2
 * ```
 */
export function runAlgorithm(m: Matrix, options: RunAlgorithmOptions): AlgorithmRun {
  const algorithm = options.algorithm;
  const seed = options.seed ?? 0;
  switch (algorithm) {
    case "kmeans": {
      const k = requireK(options);
      const nInit = options.nInit ?? 10;
      const fit = fitKMeans(m, { k, seed, nInit });
      return {
        algorithm,
        labels: fit.labels,
        model: fit.model,
        nClusters: k,
        nNoise: 0,
        description: `k-means with k = ${k} (${nInit} seeded starts, seed ${seed}): ` +
          `inertia ${fmt(fit.inertia)} after ${fit.nIter} iterations`,
      };
    }
    case "dbscan": {
      const minSamples = options.minSamples ?? 5;
      let eps = options.eps, how = "given";
      if (eps === undefined) {
        const suggestion = suggestEps(m, { minSamples });
        eps = suggestion.eps;
        how = `from the ${suggestion.reason}`;
      }
      const fit = fitDBSCAN(m, { eps, minSamples });
      const share = fit.nNoise / m.rows;
      return {
        algorithm,
        labels: fit.labels,
        model: centroidModel("dbscan", m, fit.labels, fit.nClusters, { eps, minSamples }),
        nClusters: fit.nClusters,
        nNoise: fit.nNoise,
        description: `DBSCAN with eps = ${fmt(eps)} (${how}) and min samples ${minSamples}: ` +
          `${fit.nClusters} cluster${fit.nClusters === 1 ? "" : "s"}, ` +
          `${fit.nNoise} noise row${fit.nNoise === 1 ? "" : "s"} (${(100 * share).toFixed(1)}%)`,
      };
    }
    case "agglomerative": {
      const k = requireK(options);
      const linkage = options.linkage ?? "ward";
      const fit = fitAgglomerative(m, { k, linkage });
      const top = fit.merges.at(-(k - 1) || fit.merges.length);
      return {
        algorithm,
        labels: fit.labels,
        model: centroidModel("agglomerative", m, fit.labels, k, { k, linkage }),
        nClusters: k,
        nNoise: 0,
        description: `Agglomerative clustering with ${linkage} linkage cut at k = ${k}` +
          (top && k > 1
            ? ` (the next merge would join clusters at height ${fmt(top.height)})`
            : ""),
      };
    }
    case "gmm": {
      const k = requireK(options);
      const covariance = options.covariance ?? "full";
      const fit = fitGMM(m, { k, covariance, seed, file: options.file });
      return {
        algorithm,
        labels: fit.labels,
        model: fit.model,
        nClusters: new Set(fit.labels).size,
        nNoise: 0,
        description: `Gaussian mixture with k = ${k}, ${covariance} covariance (seed ${seed}): ` +
          `log-likelihood ${fmt(fit.logLikelihood)}, BIC ${fmt(fit.bic)}, ` +
          (fit.model.converged
            ? `converged after ${fit.model.nIter} iterations`
            : `not converged after ${fit.model.nIter} iterations`),
      };
    }
    default: {
      const unknown: never = algorithm;
      throw new InputError(`Unknown algorithm: "${unknown as string}"`, {
        hint: `use one of ${ALGORITHMS.join(", ")}`,
      });
    }
  }
}

function requireK(options: RunAlgorithmOptions): number {
  if (options.k === undefined) {
    throw new InputError(`${ALGORITHM_TITLES[options.algorithm]} needs k, the number of clusters`, {
      hint: "give k, or choose it first (chooseK or sweepGMM)",
    });
  }
  return options.k;
}

/** Mean of each cluster's rows (noise excluded). */
export function clusterCentroids(m: Matrix, labels: ArrayLike<number>, k: number): number[][] {
  const d = m.cols;
  const sums = new Float64Array(k * d), counts = new Float64Array(k);
  for (let i = 0; i < m.rows; i++) {
    const c = labels[i]!;
    if (c < 0 || c >= k) continue;
    counts[c]!++;
    for (let j = 0; j < d; j++) sums[c * d + j]! += m.data[i * d + j]!;
  }
  return Array.from(
    { length: k },
    (_, c) => Array.from({ length: d }, (_, j) => sums[c * d + j]! / Math.max(1, counts[c]!)),
  );
}

function centroidModel(
  kind: "dbscan" | "agglomerative",
  m: Matrix,
  labels: Int32Array,
  nClusters: number,
  parameters: Record<string, number | string>,
): CentroidModel {
  return {
    kind,
    columns: [...m.columns],
    centroids: clusterCentroids(m, labels, nClusters),
    nClusters,
    parameters,
  };
}

function fmt(x: number): string {
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString("en-US");
  return Number(x.toPrecision(3)).toString();
}
