/**
 * Fit a segmentation on a table: preparation → scaler → the registered
 * algorithm (k fixed or chosen) → centres and quality figures, with the
 * saved model to assign new rows later (`assign_table.ts`).
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { type Matrix, matrixFromRows, matrixToRows } from "../matrix.ts";
import { fitPreparation, type PreparationFit } from "../prepare/fit_preparation.ts";
import { applyPreparation, type PreparedData } from "../prepare/apply_preparation.ts";
import type { PreparationModel, PreparationOptions } from "../prepare/preparation.ts";
import { roleOverridesOf } from "../prepare/role_overrides.ts";
import {
  applyScaler,
  constantColumns,
  fitScaler,
  invertScaler,
  type ScalerKind,
  type ScalerModel,
} from "../prepare/scale.ts";
import { algorithmEntry } from "../cluster/registry.ts";
import { clusterCentroids } from "../cluster/centroids.ts";
import type { ParameterValue } from "../cluster/parameter.ts";
import type { CovarianceType } from "../cluster/gmm.ts";
import {
  TEXT_ASSOCIATION_MIN,
  type TextAssociation,
  textAssociations,
} from "../prepare/text_association.ts";
import type { Linkage } from "../cluster/hierarchical.ts";
import { clusterData } from "./cluster_data.ts";
import { segmentCount, type SegmentCountChoice } from "./segment_count.ts";
import {
  inertiaAbout,
  type SegmentationMetrics,
  segmentationMetrics,
} from "./segmentation_metrics.ts";
import type { SegmentationModel } from "./segmentation_model.ts";
import { ALGORITHM, K_MAX, K_MIN, N_INIT, SCALE, SEED } from "./segmentation_parameters.ts";

export { checkModel, type SegmentationModel } from "./segmentation_model.ts";
export { assignRows, assignSegmentation } from "./assign_table.ts";
export type { SegmentationMetrics } from "./segmentation_metrics.ts";

/** A registered algorithm's name: the five built in, or one added with `registerAlgorithm`. */
export type SegmentationAlgorithm =
  | "kmeans"
  | "kprototypes"
  | "gmm"
  | "agglomerative"
  | "dbscan"
  | (string & Record<never, never>);

/** Options for {@link fitSegmentation}: the preparation's, the clustering's and the algorithm's own. */
export interface SegmentationOptions extends Omit<PreparationOptions, "features"> {
  /** Columns to cluster on (numbers, text or dates); default: chosen by the preparation. */
  features?: string[];
  /** A registered algorithm (default "kmeans"). */
  algorithm?: SegmentationAlgorithm;
  /** Number of segments, or "auto" to choose it (elbow and silhouette; BIC for gmm). DBSCAN ignores it. */
  k?: number | "auto";
  /** Feature scaling before clustering (default "standard"). */
  scale?: ScalerKind;
  /** Seed for every random step (default 0). */
  seed?: number;
  /** K-means restarts, best kept (k-means, k-prototypes and the k sweep; default 10). */
  nInit?: number;
  /** Smallest and largest k tried when k is "auto" (default 2..10). */
  kMin?: number;
  kMax?: number;
  /** kprototypes: weight of one text mismatch (default 0.5 × mean standard deviation of the scaled numeric features). */
  gamma?: number;
  /** dbscan: radius in scaled units (default: from the k-distance knee). */
  eps?: number;
  /** dbscan: min_samples, the point itself counted (default 5). */
  minSamples?: number;
  /** agglomerative: linkage (default "ward"). */
  linkage?: Linkage;
  /** gmm: covariance (default "full"). */
  covariance?: CovarianceType;
  /** Parameters of an algorithm added to the registry, by their declared names. */
  parameters?: Record<string, ParameterValue>;
  /** Segment names given by the user, `label=name` (applied to the descriptions by `segmentTable`). */
  names?: string[];
  /** Source name for error messages. */
  file?: string;
  /** Called after each k of an automatic choice. */
  onProgress?: (done: number, total: number) => void;
  /** Called once the preparation is fitted, before clustering (to show it while the fit runs). */
  onPreparation?: (preparation: PreparationFit) => void;
}

/** The result of {@link fitSegmentation}. */
export interface SegmentationFit {
  model: SegmentationModel;
  /** Segment per table row; -1 for noise and for rows left out (`prepared.dropped`). */
  labels: Int32Array;
  /** Prepared features in original units (filled, dates as days, levels as 0/1), for the rows used (`prepared.rows`). */
  matrix: Matrix;
  /** Features after log transforms, scaling and weighting, for the rows used. */
  scaled: Matrix;
  /** What the preparation did with every column. */
  preparation: PreparationFit;
  /** The prepared data: which rows were used, filled or left out, unseen levels. */
  prepared: PreparedData;
  metrics: SegmentationMetrics;
  /** The evidence for k when k was "auto": the k-means sweep, or the algorithm's own (BIC for gmm). */
  choice?: SegmentCountChoice;
  /** One sentence: what the algorithm ran and what came out. */
  description: string;
  /** Cluster sizes, index = cluster. */
  sizes: number[];
  /** Rows left as noise (DBSCAN only). */
  noise: number;
  /** How strongly each text column the preparation chose goes with the numbers (see `related`). */
  textAssociation: TextAssociation[];
}

/**
 * The segment of each row used (the rows of `fit.matrix`, `fit.scaled` and
 * `preparedTable(fit.prepared)`): `fit.labels` at `fit.prepared.rows`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitSegmentation, labelsOfRowsUsed } from "./segmentation.ts";
 * const t = aq.table({ a: [1, null, 0.9, 8, 8.1, 7.9, 1.1], b: [1, 3, 1.1, 5, 5.2, 4.9, 0.9] });
 * const fit = fitSegmentation(t, { features: ["a", "b"], k: 2, missing: "drop" });
 * deepEqual(fit.labels[1], -1);
 * deepEqual(labelsOfRowsUsed(fit).length, 6);
 * ```
 */
export function labelsOfRowsUsed(fit: Pick<SegmentationFit, "labels" | "prepared">): Int32Array {
  const { rows } = fit.prepared;
  if (rows.length === fit.labels.length) return fit.labels;
  return Int32Array.from(rows, (r) => fit.labels[r]!);
}

/**
 * Throw when a feature has one value only: it cannot separate segments.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { assertNoConstantFeatures } from "./segmentation.ts";
 * throws(() => assertNoConstantFeatures(matrixFromRows([[1, 2], [1, 3]], ["a", "b"])), /same value in every row: 1 \(column "a"\)/);
 * ```
 */
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

/** The algorithm's own parameters among the options, by their declared names. */
function ownParameters(
  names: readonly string[],
  options: SegmentationOptions,
): Record<string, ParameterValue> {
  const flat = options as Record<string, unknown>;
  const values: Record<string, ParameterValue> = {};
  for (const name of names) {
    const value = options.parameters?.[name] ?? flat[name] as ParameterValue;
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/**
 * Fit preparation → scaler → clustering (k-means by default; k fixed or
 * chosen) on a table. Without `features`, the preparation picks the columns:
 * numbers, text columns with a few levels (one-hot) and dates (days since),
 * with blanks filled by the median or the most frequent level. The
 * algorithm is any registered one (`lib/cluster/registry.ts`).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitSegmentation } from "./segmentation.ts";
 * const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
 * const fit = fitSegmentation(t, { features: ["a", "b"], k: 2, seed: 1 });
 * deepEqual(fit.sizes, [3, 3]);
 * deepEqual(fit.model.clustering.algorithm, "kmeans");
 * ```
 */
export function fitSegmentation(table: ColumnTable, options: SegmentationOptions): SegmentationFit {
  const { file } = options;
  const seed = options.seed ?? SEED.default;
  const nInit = options.nInit ?? N_INIT.default;
  const scaleKind = options.scale ?? SCALE.default;
  const entry = algorithmEntry(options.algorithm ?? ALGORITHM.default);
  const roles = roleOverridesOf(options.roles);
  let preparation = fitPreparation(table, { ...options, roles });
  const applyOptions = {
    file,
    knn: preparation.model.missing === "knn" ? { nNeighbors: options.nNeighbors } : undefined,
  };
  let prepared = applyPreparation(preparation.model, table, applyOptions);
  const textAssociation = textAssociations(prepared);
  // Left out only when the preparation chose the column itself (not named), and never all columns.
  // A column the user gave a role is kept: the user said what it is.
  const unrelated = textAssociation.filter((a) =>
    !a.related && options.features === undefined &&
    (a.kind === "flag" || (options.categorical ?? "auto") === "auto") &&
    !Object.hasOwn(roles ?? {}, a.column)
  );
  if (unrelated.length > 0 && unrelated.length < preparation.model.steps.length) {
    preparation = leaveOutText(preparation, unrelated);
    prepared = applyPreparation(preparation.model, table, applyOptions);
  }
  options.onPreparation?.(preparation);
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
  const data = clusterData(scaled, prepared, file);
  const parameters = ownParameters(entry.parameters.map((p) => p.name), options);
  const count = segmentCount(entry, data, {
    k: options.k,
    kMin: options.kMin ?? K_MIN,
    kMax: options.kMax ?? K_MAX,
    seed,
    nInit,
    parameters,
    file,
    onProgress: options.onProgress,
  });
  const run = entry.fit(data, { k: count.k, seed, nInit, parameters });
  const k = run.nClusters;
  if (k < 1) {
    throw new InputError("No clusters found: every row is noise", {
      file,
      hint: "raise --eps or lower --min-samples",
    });
  }
  const usedLabels = run.labels;
  const centroids = run.centroids ?? clusterCentroids(scaled, usedLabels, k);
  const centroidsOriginal = originalUnits(
    preparation.model,
    invertScaler(scaler, matrixFromRows(centroids, features)),
  );
  const sizes = new Array<number>(k).fill(0);
  for (const l of usedLabels) if (l >= 0) sizes[l] = (sizes[l] ?? 0) + 1;
  const metrics = segmentationMetrics(scaled, usedLabels, {
    inertia: run.inertia ?? inertiaAbout(scaled, usedLabels, centroids),
    seed,
  });
  const model: SegmentationModel = {
    kind: "segmentation",
    version: 3,
    preparation: preparation.model,
    features: [...features],
    scaler,
    clustering: { algorithm: entry.name, model: run.model },
    k,
    parameters: run.parameters,
    seed,
    nInit,
    centroidsOriginal,
  };
  const labels = new Int32Array(table.numRows()).fill(-1);
  prepared.rows.forEach((r, i) => (labels[r] = usedLabels[i]!));
  const clustered = sizes.reduce((a, b) => a + b, 0);
  return {
    model,
    labels,
    matrix,
    scaled,
    preparation,
    prepared,
    metrics,
    choice: count.choice,
    description: run.description,
    sizes,
    noise: prepared.rows.length - clustered,
    textAssociation,
  };
}

/**
 * The preparation without the text columns (and 0/1 flags) whose levels go
 * with none of the numbers: their steps removed, their reports saying why
 * (text columns stay in the profiles, which show every text column).
 */
function leaveOutText(preparation: PreparationFit, unrelated: TextAssociation[]): PreparationFit {
  const out = new Set(unrelated.map((a) => a.column));
  const pct = (v: number) => `${(Math.max(0, v) * 100).toFixed(1)}%`;
  return {
    ...preparation,
    model: {
      ...preparation.model,
      steps: preparation.model.steps.filter((s) => !out.has(s.column)),
    },
    columns: preparation.columns.map((c) => {
      const a = unrelated.find((u) => u.column === c.column);
      if (a === undefined) return c;
      return {
        ...c,
        used: false,
        features: [],
        fill: null,
        reason:
          `${a.kind === "text" ? "text" : "0/1 flag"}, not used: its ${
            a.kind === "text" ? "levels explain" : "two values explain"
          } ${pct(a.omegaSquared)} of ${a.strongest ?? "the numbers"}'s variance at most (under ${
            pct(TEXT_ASSOCIATION_MIN)
          } of every number), ` +
          `so it would split segments without following behaviour; shown in the profiles`,
      };
    }),
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
