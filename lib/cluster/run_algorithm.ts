/**
 * Run a registered clustering algorithm by name on a plain (scaled) matrix,
 * with one sentence saying what ran: the comparison notebook and the
 * stability checks call this. The algorithms themselves live in the
 * registry (`registry.ts`).
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { Matrix } from "../matrix.ts";
import type { Linkage } from "./hierarchical.ts";
import type { CovarianceType } from "./gmm.ts";
import { algorithmEntry } from "./registry.ts";
import { N_INIT, SEED } from "./shared_parameters.ts";
import { type CategoricalMatrix } from "./categorical_matrix.ts";

export { type CentroidModel, clusterCentroids } from "./centroids.ts";

/** The algorithms compared on a plain matrix. */
export type AlgorithmName = "kmeans" | "dbscan" | "agglomerative" | "gmm";

/** Every {@link AlgorithmName}, in the order they are presented. */
export const ALGORITHMS: readonly AlgorithmName[] = ["kmeans", "agglomerative", "gmm", "dbscan"];

/** Display names, from the registry. */
export const ALGORITHM_TITLES: Readonly<Record<AlgorithmName, string>> = Object.fromEntries(
  ALGORITHMS.map((name) => [name, algorithmEntry(name).title]),
) as Record<AlgorithmName, string>;

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

const NO_TEXT: CategoricalMatrix = {
  codes: new Int32Array(0),
  rows: 0,
  cols: 0,
  columns: [],
  levels: [],
};

/**
 * Run the named algorithm on the (already scaled) matrix.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { runAlgorithm } from "./run_algorithm.ts";
 * const m = matrixFromRows([[0], [0.1], [0.2], [5], [5.1], [5.2]]);
 * const run = runAlgorithm(m, { algorithm: "agglomerative", k: 2 });
 * equal(run.nClusters, 2);
 * ```
 */
export function runAlgorithm(m: Matrix, options: RunAlgorithmOptions): AlgorithmRun {
  const { algorithm, k, eps, minSamples, linkage, covariance, file } = options;
  const entry = algorithmEntry(algorithm);
  if (entry.usesK && k === undefined) {
    throw new InputError(`${entry.title} needs k, the number of clusters`, {
      hint: "give k, or choose it first (chooseK or sweepGMM)",
    });
  }
  const parameters = Object.fromEntries(
    Object.entries({ eps, minSamples, linkage, covariance }).filter(([, v]) => v !== undefined),
  );
  const fit = entry.fit({ scaled: m, numeric: m, categorical: NO_TEXT, file }, {
    k: k ?? 0,
    seed: options.seed ?? SEED.default,
    nInit: options.nInit ?? N_INIT.default,
    parameters,
  });
  return {
    algorithm,
    labels: fit.labels,
    model: fit.model as object,
    description: fit.description,
    nClusters: fit.nClusters,
    nNoise: fit.labels.reduce((n, l) => n + (l < 0 ? 1 : 0), 0),
  };
}
