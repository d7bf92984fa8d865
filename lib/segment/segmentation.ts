/**
 * A whole fitted segmentation as one plain JSON model: the features, the
 * scaler and the cluster centres. Fit it on a table, save it, and later
 * assign new rows to the nearest existing segment.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { type Matrix, matrixFromRows, matrixRowsAt, matrixToRows } from "../matrix.ts";
import { countDistinctRows } from "../cluster/algorithm_input.ts";
import { fitPreparation, type PreparationFit } from "../prepare/fit_preparation.ts";
import { applyPreparation, type PreparedData } from "../prepare/apply_preparation.ts";
import {
  type PreparationModel,
  type PreparationOptions,
  preparedFeatures,
} from "../prepare/preparation.ts";
import {
  applyScaler,
  constantColumns,
  fitScaler,
  invertScaler,
  type ScalerKind,
  type ScalerModel,
} from "../prepare/scale.ts";
import { fitKMeans } from "../cluster/kmeans.ts";
import { type AlgorithmName, clusterCentroids, runAlgorithm } from "../cluster/run_algorithm.ts";
import {
  assignKPrototypes,
  fitKPrototypes,
  type KPrototypesFit,
  type KPrototypesModel,
} from "../cluster/kprototypes.ts";

/** The algorithms a segmentation can run: every clustering algorithm, and k-prototypes for mixed data. */
export type SegmentationAlgorithm = AlgorithmName | "kprototypes";

/** Every {@link SegmentationAlgorithm}, for option parsing. */
export const SEGMENTATION_ALGORITHMS: readonly SegmentationAlgorithm[] = [
  "kmeans",
  "kprototypes",
  "agglomerative",
  "gmm",
  "dbscan",
];
import { assignGMM, type CovarianceType, type GMMModel, sweepGMM } from "../cluster/gmm.ts";
import type { Linkage } from "../cluster/hierarchical.ts";
import { chooseK, type KChoice } from "../select/choose_k.ts";
import { silhouetteScore } from "../metrics/silhouette.ts";
import { daviesBouldinScore } from "../metrics/davies_bouldin.ts";
import { calinskiHarabaszScore } from "../metrics/calinski_harabasz.ts";

/** Options for {@link fitSegmentation}: the preparation's and the clustering's. */
export interface SegmentationOptions extends Omit<PreparationOptions, "features"> {
  /** Columns to cluster on (numbers, text or dates); default: chosen by the preparation. */
  features?: string[];
  /** Clustering algorithm (default "kmeans"). */
  algorithm?: SegmentationAlgorithm;
  /** k-prototypes: weight of one text mismatch (default 0.5 × mean standard deviation of the scaled numeric features). */
  gamma?: number;
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
  /** Called once the preparation is fitted, before clustering (to show it while the fit runs). */
  onPreparation?: (preparation: PreparationFit) => void;
}

/** The saved model: everything needed to assign new rows. */
export interface SegmentationModel {
  kind: "segmentation";
  version: 2;
  /** How the file's columns become the features (fills, levels, dates, logs). */
  preparation: PreparationModel;
  /** The prepared features, in matrix order (`column=level` for text levels). */
  features: string[];
  scaler: ScalerModel;
  algorithm: SegmentationAlgorithm;
  /** The fitted k-prototypes model, for kprototypes: new rows are assigned by its dissimilarity. */
  kprototypes?: KPrototypesModel;
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
  /** Segment per table row; -1 for noise and for rows left out (see `dropped`). */
  labels: Int32Array;
  /** Segment per matrix row (the rows used: all unless missing values were dropped). */
  matrixLabels: Int32Array;
  /** Prepared features in original units (filled, dates as days, levels as 0/1), rows used. */
  matrix: Matrix;
  /** Features after log transforms, scaling and weighting, rows used. */
  scaled: Matrix;
  /** What the preparation did with every column. */
  preparation: PreparationFit;
  /** The prepared data: which rows were used, filled or left out, unseen levels. */
  prepared: PreparedData;
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

/**
 * Fit preparation → scaler → clustering (k-means by default; k fixed or
 * chosen) on a table. Without `features`, the preparation picks the columns:
 * numbers, text columns with a few levels (one-hot) and dates (days since),
 * with blanks filled by the median or the most frequent level.
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
  const { file } = options;
  const seed = options.seed ?? 0;
  const nInit = options.nInit ?? 10;
  const scaleKind = options.scale ?? "standard";
  const preparation = fitPreparation(table, options);
  options.onPreparation?.(preparation);
  const prepared = applyPreparation(preparation.model, table, {
    file,
    knn: preparation.model.missing === "knn" ? { nNeighbors: options.nNeighbors } : undefined,
  });
  if (prepared.rows.length === 0) {
    throw new InputError("Every row has a missing value in the features", {
      file,
      hint: "fill them instead of dropping rows (--missing median), or choose other features",
    });
  }
  const matrix = prepared.original;
  const encoded = prepared.encoded;
  const features = encoded.columns;
  assertNoConstantFeatures(encoded, file);
  const scaler = weightLevels(fitScaler(encoded, { kind: scaleKind, file }), encoded, prepared);
  const scaled = applyScaler(scaler, encoded);
  const algorithm = options.algorithm ?? "kmeans";
  let k = 0;
  let choice: KChoice | undefined;
  if (algorithm !== "dbscan") {
    if (options.k === undefined || options.k === "auto") {
      // No k above the number of distinct rows: identical rows cannot form separate segments.
      const distinct = countDistinctRows(scaled, (options.kMax ?? 10) + 1);
      const kMax = Math.min(options.kMax ?? 10, scaled.rows - 1, distinct);
      const kMin = options.kMin ?? 2;
      if (kMax < kMin && distinct < kMin && scaled.rows > distinct) {
        throw new InputError(`Only ${distinct} distinct rows to choose k from`, {
          file,
          hint:
            "identical rows cannot form separate segments; add varied rows or choose other features",
        });
      }
      if (kMax < kMin) {
        throw new InputError(`Too few rows to choose k: ${scaled.rows}`, {
          file,
          hint: "give at least 3 rows, or a fixed k (`--k N` on the command line)",
        });
      }
      choice = chooseK(scaled, { kMin, kMax, seed, nInit, onProgress: options.onProgress });
      k = choice.k;
      if (algorithm === "gmm") {
        const bic = sweepGMM(scaled, { kMin, kMax, seed, covariance: options.covariance, file });
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
      if (k > scaled.rows) {
        throw new InputError(`Fewer rows (${scaled.rows}) than segments (k = ${k})`, {
          file,
          hint: "lower k or add rows",
        });
      }
    }
    const distinct = countDistinctRows(scaled, k);
    if (distinct < k) {
      throw new InputError(`Only ${distinct} distinct rows for k = ${k}`, {
        file,
        hint: "lower k; identical rows cannot form separate segments",
      });
    }
  }
  let proto: KPrototypesFit | undefined;
  if (algorithm === "kprototypes") {
    proto = fitKPrototypes(numericPart(scaled, prepared), prepared.categorical, {
      k,
      seed,
      nInit,
      gamma: options.gamma,
      init: "cao",
    });
  }
  const run = algorithm === "kmeans" || proto !== undefined ? undefined : runAlgorithm(scaled, {
    algorithm: algorithm as AlgorithmName,
    k,
    seed,
    nInit,
    eps: options.eps,
    minSamples: options.minSamples,
    linkage: options.linkage,
    covariance: options.covariance,
    file,
  });
  const fit = run === undefined && proto === undefined
    ? fitKMeans(scaled, { k, seed, nInit })
    : undefined;
  const matrixLabels = fit?.labels ?? proto?.labels ?? run!.labels;
  if (run !== undefined) k = run.nClusters;
  if (k < 1) {
    throw new InputError("No clusters found: every row is noise", {
      file,
      hint: "raise --eps or lower --min-samples",
    });
  }
  const centroids = fit?.model.centroids.map((c) => [...c]) ??
    clusterCentroids(scaled, matrixLabels, k);
  const centroidsOriginal = originalUnits(
    preparation.model,
    invertScaler(scaler, matrixFromRows(centroids, features)),
  );
  const sizes = new Array<number>(k).fill(0);
  for (const l of matrixLabels) if (l >= 0) sizes[l] = (sizes[l] ?? 0) + 1;
  const metrics = segmentationMetrics(
    scaled,
    matrixLabels,
    fit?.inertia ?? proto?.cost ?? inertiaOf(scaled, matrixLabels, centroids),
    seed,
  );
  const parameters = proto !== undefined
    ? { k, gamma: proto.model.gamma, init: proto.model.init }
    : run === undefined
    ? { k }
    : parametersOf(run.model, algorithm as AlgorithmName, k);
  const model: SegmentationModel = {
    kind: "segmentation",
    version: 2,
    preparation: preparation.model,
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
    ...(proto !== undefined ? { kprototypes: proto.model } : {}),
  };
  const labels = new Int32Array(table.numRows()).fill(-1);
  prepared.rows.forEach((r, i) => (labels[r] = matrixLabels[i]!));
  const clustered = sizes.reduce((a, b) => a + b, 0);
  return {
    model,
    labels,
    matrixLabels,
    matrix,
    scaled,
    preparation,
    prepared,
    metrics,
    choice,
    sizes,
    noise: prepared.rows.length - clustered,
  };
}

/**
 * Give each text column's one-hot block the weight of one numeric column:
 * its columns are centred on the level shares and divided by
 * √(Σ p(1−p)) / s, so together they carry the variance s² of an average
 * scaled numeric column (1 with standard scaling). Unscaled runs keep 0/1.
 */
function weightLevels(scaler: ScalerModel, m: Matrix, prepared: PreparedData): ScalerModel {
  if (scaler.kind === "none") return scaler;
  const center = [...scaler.center];
  const scale = [...scaler.scale];
  const numericBlocks = prepared.blocks.filter((b) => b.step.kind !== "categorical");
  let variance = 0;
  for (const { start } of numericBlocks) {
    let s1 = 0, s2 = 0;
    for (let i = 0; i < m.rows; i++) {
      const z = (m.data[i * m.cols + start]! - center[start]!) / scale[start]!;
      s1 += z;
      s2 += z * z;
    }
    variance += s2 / m.rows - (s1 / m.rows) ** 2;
  }
  const target = numericBlocks.length > 0 ? Math.sqrt(variance / numericBlocks.length) : 1;
  for (const { step, start, end } of prepared.blocks) {
    if (step.kind !== "categorical") continue;
    let spread = 0;
    const shares: number[] = [];
    for (let j = start; j < end; j++) {
      let ones = 0;
      for (let i = 0; i < m.rows; i++) ones += m.data[i * m.cols + j]!;
      const p = ones / m.rows;
      shares.push(p);
      spread += p * (1 - p);
    }
    const blockScale = spread > 0 ? Math.sqrt(spread) / (target > 0 ? target : 1) : 1;
    shares.forEach((p, o) => {
      center[start + o] = p;
      scale[start + o] = blockScale;
    });
  }
  return { ...scaler, center, scale };
}

/** Centres back in the file's units: log1p undone where the preparation applied it. */
function originalUnits(preparation: PreparationModel, m: Matrix): number[][] {
  const logged = new Set(
    preparation.steps.filter((s) => s.kind !== "categorical" && s.log).map((s) =>
      (s as { feature: string }).feature
    ),
  );
  const rows = matrixToRows(m);
  const cols = m.columns.map((c) => logged.has(c));
  return rows.map((r) => r.map((v, j) => (cols[j] ? Math.expm1(v) : v)));
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
  // Without noise rows the matrix and labels are used as they are (no copy).
  const all = keep.length === m.rows;
  const sub = all ? m : matrixRowsAt(m, keep);
  const subLabels = all ? labels : Int32Array.from(keep, (i) => labels[i]!);
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

/** The result of {@link assignRows}: a segment per row and what the preparation did. */
export interface SegmentAssignment {
  /** Segment per table row; -1 for rows left out (missing values, a model fitted with "drop"). */
  labels: Int32Array;
  prepared: PreparedData;
}

/**
 * Assign rows of a table to a saved model's segments, after the model's own
 * preparation (the same fills, levels, dates and logs as in training): the
 * most probable component for a Gaussian mixture, otherwise the nearest
 * centre (Euclidean distance in the model's scaled units; ties go to the
 * lower number). DBSCAN models assign by nearest centre too, so new rows are
 * never labelled noise.
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { assignRows, fitSegmentation } from "./segmentation.ts";
 * const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
 * const { model, labels } = fitSegmentation(t, { features: ["a", "b"], k: 2, seed: 1 });
 * assignRows(model, aq.table({ a: [8], b: [5] })).labels[0] === labels[3]; // true
 * ```
 */
export function assignRows(
  model: SegmentationModel,
  table: ColumnTable,
  options: { file?: string } = {},
): SegmentAssignment {
  checkModel(model);
  const prepared = applyPreparation(model.preparation, table, options);
  const scaled = applyScaler(model.scaler, prepared.encoded, { file: options.file });
  const matrixLabels = model.gmm !== undefined
    ? assignGMM(model.gmm, scaled).labels
    : model.kprototypes !== undefined
    ? assignKPrototypes(model.kprototypes, numericPart(scaled, prepared), prepared.categorical)
    : nearestCentre(model.centroids, scaled);
  const labels = new Int32Array(table.numRows()).fill(-1);
  prepared.rows.forEach((r, i) => (labels[r] = matrixLabels[i]!));
  return { labels, prepared };
}

/**
 * Assign rows of a table to a saved model's segments: {@link assignRows}'
 * labels alone.
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
  return assignRows(model, table, options).labels;
}

/** The scaled numeric and date columns (k-prototypes' numeric part). */
function numericPart(scaled: Matrix, prepared: PreparedData): Matrix {
  const cols = prepared.blocks.filter((b) => b.step.kind !== "categorical").map((b) => b.start);
  const out: Matrix = {
    data: new Float64Array(scaled.rows * cols.length),
    rows: scaled.rows,
    cols: cols.length,
    columns: cols.map((j) => scaled.columns[j]!),
  };
  for (let i = 0; i < scaled.rows; i++) {
    for (let c = 0; c < cols.length; c++) {
      out.data[i * cols.length + c] = scaled.data[i * scaled.cols + cols[c]!]!;
    }
  }
  return out;
}

function nearestCentre(centroids: number[][], scaled: Matrix): Int32Array {
  const { data, rows, cols } = scaled;
  const labels = new Int32Array(rows);
  const k = centroids.length;
  const flat = Float64Array.from(centroids.flat());
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestDistance = Infinity;
    const base = i * cols;
    for (let l = 0; l < k; l++) {
      let d = 0;
      const cb = l * cols;
      for (let j = 0; j < cols; j++) {
        const diff = data[base + j]! - flat[cb + j]!;
        d += diff * diff;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = l;
      }
    }
    labels[i] = best;
  }
  return labels;
}

function badModel(problem: string, file?: string): never {
  throw new InputError(`Not a usable segmentation model: ${problem}`, {
    file,
    hint: "give the model.json written by `deno task segment`, unchanged",
  });
}

const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Throw unless `value` is a whole, consistent {@link SegmentationModel}
 * (shapes, finite numbers, positive scales, k); a version 1 model (numeric
 * features only) is upgraded in place.
 */
export function checkModel(value: unknown, file?: string): asserts value is SegmentationModel {
  const m = value as Omit<Partial<SegmentationModel>, "version"> & { version?: number } | null;
  if (
    m === null || typeof m !== "object" || m.kind !== "segmentation" ||
    (m.version !== 1 && m.version !== 2) || !Array.isArray(m.features) ||
    !Array.isArray(m.centroids) || typeof m.scaler !== "object" || m.scaler === null
  ) {
    throw new InputError("Not a segmentation model", {
      file,
      hint: "give the model.json written by `deno task segment`",
    });
  }
  if (m.version === 1) {
    (m as { version: number }).version = 2;
    m.preparation = {
      kind: "preparation",
      version: 1,
      missing: "refuse",
      steps: m.features.map((f) => ({
        kind: "numeric" as const,
        column: String(f),
        feature: String(f),
        fill: null,
        log: false,
      })),
    };
  }
  const width = m.features.length;
  if (width === 0 || !m.features.every((f) => typeof f === "string")) badModel("no features", file);
  const p = m.preparation;
  if (p?.kind !== "preparation" || !Array.isArray(p.steps)) badModel("no preparation", file);
  const prepared = preparedFeatures(p);
  if (prepared.length !== width || prepared.some((f, j) => f !== m.features![j])) {
    badModel("its preparation and features disagree", file);
  }
  const { center, scale } = m.scaler as Partial<ScalerModel>;
  if (
    !Array.isArray(center) || !Array.isArray(scale) || center.length !== width ||
    scale.length !== width || !center.every(isFiniteNumber) ||
    !scale.every((v) => isFiniteNumber(v) && v > 0)
  ) {
    badModel(`the scaler needs ${width} finite centres and positive scales`, file);
  }
  if (!Number.isInteger(m.k) || m.k! < 1) badModel("k is not a whole number of segments", file);
  if (m.gmm === undefined) {
    if (m.centroids.length !== m.k) {
      badModel(`${m.centroids.length} centres for k = ${m.k}`, file);
    }
    m.centroids.forEach((c, l) => {
      if (!Array.isArray(c) || c.length !== width || !c.every(isFiniteNumber)) {
        badModel(`centre ${l} needs ${width} finite numbers`, file);
      }
    });
  }
}
