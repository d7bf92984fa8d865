/**
 * A whole fitted segmentation as one plain JSON model: the features, the
 * scaler and the cluster centres. Fit it on a table, save it, and later
 * assign new rows to the nearest existing segment.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { type Matrix, matrixFromTable } from "./matrix.ts";
import {
  applyScaler,
  constantColumns,
  fitScaler,
  invertScaler,
  type ScalerKind,
  type ScalerModel,
} from "./scale.ts";
import { fitKMeans } from "./kmeans.ts";
import { type AlgorithmName, clusterCentroids, runAlgorithm } from "./run_algorithm.ts";
import { assignGMM, type CovarianceType, type GMMModel, sweepGMM } from "./gmm.ts";
import type { Linkage } from "./hierarchical.ts";
import { chooseK, type KChoice } from "./choose_k.ts";
import { silhouetteScore } from "./silhouette.ts";
import { daviesBouldinScore } from "./davies_bouldin.ts";
import { calinskiHarabaszScore } from "./calinski_harabasz.ts";

/** Options for {@link fitSegmentation}. */
export interface SegmentationOptions {
  /** Numeric columns to cluster on. */
  features: string[];
  /** Clustering algorithm (default "kmeans"). */
  algorithm?: AlgorithmName;
  /** Number of segments, or "auto" to choose it (elbow and silhouette; BIC for gmm). DBSCAN ignores it. */
  k?: number | "auto";
  /** DBSCAN radius in scaled units (default: from the k-distance knee). */
  eps?: number;
  /** DBSCAN min_samples, the point itself counted (default 5). */
  minSamples?: number;
  /** Agglomerative linkage (default "ward"). */
  linkage?: Linkage;
  /** Gaussian mixture covariance (default "full"). */
  covariance?: CovarianceType;
  /** Feature scaling before clustering (default "standard"). */
  scale?: ScalerKind;
  /** Seed for every random step (default 0). */
  seed?: number;
  /** K-means restarts, best inertia kept (default 10). */
  nInit?: number;
  /** Smallest and largest k tried when k is "auto" (default 2..10). */
  kMin?: number;
  kMax?: number;
  /** Source name for error messages. */
  file?: string;
  /** Called after each k of an automatic choice. */
  onProgress?: (done: number, total: number) => void;
}

/** The saved model: everything needed to assign new rows. */
export interface SegmentationModel {
  kind: "segmentation";
  version: 1;
  features: string[];
  scaler: ScalerModel;
  algorithm: AlgorithmName;
  /** Number of segments (DBSCAN: clusters found, noise excluded). */
  k: number;
  /** Parameters of the algorithm as run (eps, linkage, covariance …). */
  parameters: Record<string, number | string>;
  /** The fitted mixture, for gmm: new rows are assigned by its probabilities. */
  gmm?: GMMModel;
  seed: number;
  nInit: number;
  /** Centres in scaled units (what assignment compares against, except for gmm). */
  centroids: number[][];
  /** Centres in the features' original units (for people to read). */
  centroidsOriginal: number[][];
}

/** Quality figures of a segmentation on its training data. */
export interface SegmentationMetrics {
  inertia: number;
  /** Null when undefined (one cluster). Noise rows are left out. */
  silhouette: number | null;
  daviesBouldin: number | null;
  calinskiHarabasz: number | null;
  /** Why the metrics are null, when they are (e.g. "one cluster"). */
  undefinedReason?: string;
}

/** The result of {@link fitSegmentation}. */
export interface SegmentationFit {
  model: SegmentationModel;
  labels: Int32Array;
  /** Features in original units. */
  matrix: Matrix;
  /** Features after scaling. */
  scaled: Matrix;
  metrics: SegmentationMetrics;
  /** The evidence for k when k was "auto". */
  choice?: KChoice;
  /** Cluster sizes, index = cluster. */
  sizes: number[];
  /** Rows left as noise (DBSCAN only). */
  noise: number;
}

/** Throw when a feature has one value only: it cannot separate segments. */
export function assertNoConstantFeatures(m: Matrix, file?: string): void {
  const [column] = constantColumns(m);
  if (column !== undefined) {
    throw new InputError(
      `Feature has the same value in every row: ${m.data[m.columns.indexOf(column)]}`,
      {
        file,
        column,
        hint: "drop this column from the features; it cannot separate segments",
      },
    );
  }
}

function distinctRows(m: Matrix, limit: number): number {
  const seen = new Set<string>();
  for (let i = 0; i < m.rows && seen.size < limit; i++) {
    seen.add(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)).join(","));
  }
  return seen.size;
}

/**
 * Fit features → scaler → clustering (k-means by default; k fixed or chosen) on a table.
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { fitSegmentation } from "./segmentation.ts";
 * const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
 * const fit = fitSegmentation(t, { features: ["a", "b"], k: 2, seed: 1 });
 * fit.sizes; // [3, 3]
 * ```
 */
export function fitSegmentation(table: ColumnTable, options: SegmentationOptions): SegmentationFit {
  const { features, file } = options;
  const seed = options.seed ?? 0;
  const nInit = options.nInit ?? 10;
  const scaleKind = options.scale ?? "standard";
  const matrix = matrixFromTable(table, features, { file });
  assertNoConstantFeatures(matrix, file);
  const scaler = fitScaler(matrix, { kind: scaleKind });
  const scaled = applyScaler(scaler, matrix);
  const algorithm = options.algorithm ?? "kmeans";
  let k = 0;
  let choice: KChoice | undefined;
  if (algorithm !== "dbscan") {
    if (options.k === undefined || options.k === "auto") {
      const kMax = Math.min(options.kMax ?? 10, matrix.rows - 1);
      const kMin = options.kMin ?? 2;
      if (kMax < kMin) {
        throw new InputError(`Too few rows to choose k: ${matrix.rows}`, {
          file,
          hint: "give at least 3 rows, or a fixed k (`--k N` on the command line)",
        });
      }
      choice = chooseK(scaled, { kMin, kMax, seed, nInit, onProgress: options.onProgress });
      k = choice.k;
      if (algorithm === "gmm") {
        const bic = sweepGMM(scaled, { kMin, kMax, seed, covariance: options.covariance });
        const best = bic.sweep.find((p) => p.k === bic.bestK)!;
        choice = {
          ...choice,
          k: bic.bestK,
          reason: `k = ${bic.bestK}: lowest BIC of the mixtures tried (${best.bic.toFixed(1)})`,
        };
        k = bic.bestK;
      }
    } else {
      k = options.k;
      if (!Number.isInteger(k) || k < 1) {
        throw new InputError(`Invalid k: ${k}`, {
          hint: "give a whole number of segments, 2 or more, or auto",
        });
      }
      if (k > matrix.rows) {
        throw new InputError(`Fewer rows (${matrix.rows}) than segments (k = ${k})`, {
          file,
          hint: "lower k or add rows",
        });
      }
    }
    const distinct = distinctRows(scaled, k);
    if (distinct < k) {
      throw new InputError(`Only ${distinct} distinct rows for k = ${k}`, {
        file,
        hint: "lower k; identical rows cannot form separate segments",
      });
    }
  }
  const run = algorithm === "kmeans" ? undefined : runAlgorithm(scaled, {
    algorithm,
    k,
    seed,
    nInit,
    eps: options.eps,
    minSamples: options.minSamples,
    linkage: options.linkage,
    covariance: options.covariance,
  });
  const fit = run === undefined ? fitKMeans(scaled, { k, seed, nInit }) : undefined;
  const labels = fit?.labels ?? run!.labels;
  if (run !== undefined) k = run.nClusters;
  if (k < 1) {
    throw new InputError("No clusters found: every row is noise", {
      file,
      hint: "raise --eps or lower --min-samples",
    });
  }
  const centroids = fit?.model.centroids.map((c) => [...c]) ?? clusterCentroids(scaled, labels, k);
  const centroidsOriginal = matrixRows(invertScaler(scaler, matrixOf(centroids, features)));
  const sizes = new Array<number>(k).fill(0);
  for (const l of labels) if (l >= 0) sizes[l] = (sizes[l] ?? 0) + 1;
  const metrics = segmentationMetrics(
    scaled,
    labels,
    fit?.inertia ?? inertiaOf(scaled, labels, centroids),
    seed,
  );
  const parameters = run === undefined ? { k } : parametersOf(run.model, algorithm, k);
  const model: SegmentationModel = {
    kind: "segmentation",
    version: 1,
    features: [...features],
    scaler,
    algorithm,
    k,
    parameters,
    seed,
    nInit,
    centroids,
    centroidsOriginal,
    ...(algorithm === "gmm" ? { gmm: run!.model as GMMModel } : {}),
  };
  return {
    model,
    labels,
    matrix,
    scaled,
    metrics,
    choice,
    sizes,
    noise: labels.length - sizes.reduce((a, b) => a + b, 0),
  };
}

function parametersOf(
  model: object,
  algorithm: AlgorithmName,
  k: number,
): Record<string, number | string> {
  if (algorithm === "gmm") return { k, covariance: (model as GMMModel).covariance };
  return (model as { parameters?: Record<string, number | string> }).parameters ?? { k };
}

function inertiaOf(m: Matrix, labels: Int32Array, centroids: number[][]): number {
  let total = 0;
  for (let i = 0; i < m.rows; i++) {
    const c = centroids[labels[i]!];
    if (c === undefined) continue;
    for (let j = 0; j < m.cols; j++) total += (m.data[i * m.cols + j]! - c[j]!) ** 2;
  }
  return total;
}

/**
 * Silhouette, Davies–Bouldin and Calinski–Harabasz of clustered rows (noise
 * rows left out); each is null when undefined (fewer than two clusters).
 */
function segmentationMetrics(
  m: Matrix,
  labels: Int32Array,
  inertia: number,
  seed: number,
): SegmentationMetrics {
  const keep: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i]! >= 0) keep.push(i);
  const clusters = new Set(keep.map((i) => labels[i]!)).size;
  if (clusters < 2 || keep.length <= clusters) {
    const undefinedReason = clusters === 0
      ? "every row is noise"
      : clusters === 1
      ? "one cluster"
      : "every clustered row is alone in its cluster";
    return {
      inertia,
      silhouette: null,
      daviesBouldin: null,
      calinskiHarabasz: null,
      undefinedReason:
        `silhouette, Davies–Bouldin and Calinski–Harabasz are undefined: ${undefinedReason}`,
    };
  }
  const sub: Matrix = {
    data: new Float64Array(keep.length * m.cols),
    rows: keep.length,
    cols: m.cols,
    columns: m.columns,
  };
  keep.forEach((i, r) => sub.data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), r * m.cols));
  const subLabels = Int32Array.from(keep, (i) => labels[i]!);
  return {
    inertia,
    silhouette: silhouetteScore(sub, subLabels, {
      sampleSize: sub.rows > 5000 ? 5000 : undefined,
      seed,
    }),
    daviesBouldin: daviesBouldinScore(sub, subLabels),
    calinskiHarabasz: calinskiHarabaszScore(sub, subLabels),
  };
}

function matrixOf(rows: number[][], columns: string[]): Matrix {
  const m: Matrix = {
    data: new Float64Array(rows.length * columns.length),
    rows: rows.length,
    cols: columns.length,
    columns: [...columns],
  };
  rows.forEach((r, i) => r.forEach((v, j) => (m.data[i * columns.length + j] = v)));
  return m;
}

function matrixRows(m: Matrix): number[][] {
  return Array.from(
    { length: m.rows },
    (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)),
  );
}

/**
 * Assign rows of a table to a saved model's segments: the most probable
 * component for a Gaussian mixture, otherwise the nearest centre (Euclidean
 * distance in the model's scaled units; ties go to the lower number). DBSCAN
 * models assign by nearest centre too, so new rows are never labelled noise.
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { assignSegmentation, fitSegmentation } from "./segmentation.ts";
 * const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
 * const { model, labels } = fitSegmentation(t, { features: ["a", "b"], k: 2, seed: 1 });
 * assignSegmentation(model, aq.table({ a: [8], b: [5] }))[0] === labels[3]; // true
 * ```
 */
export function assignSegmentation(
  model: SegmentationModel,
  table: ColumnTable,
  options: { file?: string } = {},
): Int32Array {
  checkModel(model);
  const scaled = applyScaler(model.scaler, matrixFromTable(table, model.features, options));
  if (model.gmm !== undefined) return assignGMM(model.gmm, scaled).labels;
  const { data, rows, cols } = scaled;
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestDistance = Infinity;
    model.centroids.forEach((c, l) => {
      let d = 0;
      for (let j = 0; j < cols; j++) {
        const diff = data[i * cols + j]! - c[j]!;
        d += diff * diff;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = l;
      }
    });
    labels[i] = best;
  }
  return labels;
}

/** Throw unless `value` looks like a {@link SegmentationModel}. */
export function checkModel(value: unknown, file?: string): asserts value is SegmentationModel {
  const m = value as Partial<SegmentationModel> | null;
  if (
    m === null || typeof m !== "object" || m.kind !== "segmentation" || m.version !== 1 ||
    !Array.isArray(m.features) || !Array.isArray(m.centroids) || typeof m.scaler !== "object"
  ) {
    throw new InputError("Not a segmentation model", {
      file,
      hint: "give the model.json written by `deno task segment`",
    });
  }
}
