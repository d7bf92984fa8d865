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
import { chooseK, type KChoice } from "./choose_k.ts";
import { silhouetteScore } from "./silhouette.ts";
import { daviesBouldinScore } from "./davies_bouldin.ts";
import { calinskiHarabaszScore } from "./calinski_harabasz.ts";

/** Options for {@link fitSegmentation}. */
export interface SegmentationOptions {
  /** Numeric columns to cluster on. */
  features: string[];
  /** Number of segments, or "auto" to choose it from the elbow and silhouette. */
  k?: number | "auto";
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
  algorithm: "kmeans";
  k: number;
  seed: number;
  nInit: number;
  /** Centres in scaled units (what assignment compares against). */
  centroids: number[][];
  /** Centres in the features' original units (for people to read). */
  centroidsOriginal: number[][];
}

/** Quality figures of a segmentation on its training data. */
export interface SegmentationMetrics {
  inertia: number;
  silhouette: number;
  daviesBouldin: number;
  calinskiHarabasz: number;
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
 * Fit features → scaler → k-means (k fixed or chosen) on a table.
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
  let k: number;
  let choice: KChoice | undefined;
  if (options.k === undefined || options.k === "auto") {
    const kMax = Math.min(options.kMax ?? 10, matrix.rows - 1);
    const kMin = options.kMin ?? 2;
    if (kMax < kMin) {
      throw new InputError(`Too few rows to choose k: ${matrix.rows}`, {
        file,
        hint: "give at least 3 rows, or a fixed --k",
      });
    }
    choice = chooseK(scaled, { kMin, kMax, seed, nInit, onProgress: options.onProgress });
    k = choice.k;
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
  const fit = fitKMeans(scaled, { k, seed, nInit });
  const centroids = fit.model.centroids.map((c) => [...c]);
  const centroidsOriginal = matrixRows(invertScaler(scaler, matrixOf(centroids, features)));
  const sizes = new Array<number>(k).fill(0);
  for (const l of fit.labels) sizes[l] = (sizes[l] ?? 0) + 1;
  const metrics: SegmentationMetrics = {
    inertia: fit.inertia,
    silhouette: k > 1
      ? silhouetteScore(scaled, fit.labels, {
        sampleSize: scaled.rows > 5000 ? 5000 : undefined,
        seed,
      })
      : NaN,
    daviesBouldin: k > 1 ? daviesBouldinScore(scaled, fit.labels) : NaN,
    calinskiHarabasz: k > 1 ? calinskiHarabaszScore(scaled, fit.labels) : NaN,
  };
  const model: SegmentationModel = {
    kind: "segmentation",
    version: 1,
    features: [...features],
    scaler,
    algorithm: "kmeans",
    k,
    seed,
    nInit,
    centroids,
    centroidsOriginal,
  };
  return { model, labels: fit.labels, matrix, scaled, metrics, choice, sizes };
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
 * Assign rows of a table to the nearest segment of a saved model (Euclidean
 * distance in the model's scaled units; ties go to the lower segment number).
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { assignSegments, fitSegmentation } from "./segmentation.ts";
 * const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
 * const { model, labels } = fitSegmentation(t, { features: ["a", "b"], k: 2, seed: 1 });
 * assignSegments(model, aq.table({ a: [8], b: [5] }))[0] === labels[3]; // true
 * ```
 */
export function assignSegments(
  model: SegmentationModel,
  table: ColumnTable,
  options: { file?: string } = {},
): Int32Array {
  checkModel(model);
  const scaled = applyScaler(model.scaler, matrixFromTable(table, model.features, options));
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
