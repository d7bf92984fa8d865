/**
 * The saved segmentation model (`model.json`): the preparation, the scaler
 * and the clustering as a tagged union `{ algorithm, model }` whose model
 * the registered algorithm reads back. Version 3; models of versions 1 and
 * 2 are upgraded when read.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { PreparationModel } from "../prepare/preparation.ts";
import { preparedFeatures } from "../prepare/preparation.ts";
import { COLUMN_ROLES } from "../prepare/role_overrides.ts";
import type { ScalerModel } from "../prepare/scale.ts";
import { magnitudeLimit } from "../prepare/scale.ts";
import { algorithmEntry } from "../cluster/registry.ts";
import type { CentroidModel } from "../cluster/centroids.ts";
import type { GMMModel } from "../cluster/gmm.ts";
import type { KPrototypesModel } from "../cluster/kprototypes.ts";

/** The fitted clustering, tagged by its algorithm (a registered name). */
export type SavedClustering =
  | { algorithm: "kmeans" | "dbscan" | "agglomerative"; model: CentroidModel }
  | { algorithm: "gmm"; model: GMMModel }
  | { algorithm: "kprototypes"; model: KPrototypesModel }
  | { algorithm: string; model: unknown };

/** The saved model: everything needed to assign new rows. */
export interface SegmentationModel {
  kind: "segmentation";
  version: 3;
  /** How the file's columns become the features (fills, levels, dates, logs). */
  preparation: PreparationModel;
  /** The prepared features, in matrix order (`column=level` for text levels). */
  features: string[];
  scaler: ScalerModel;
  /** The algorithm and its fitted model, which assigns new rows. */
  clustering: SavedClustering;
  /** Number of segments (DBSCAN: clusters found, noise excluded). */
  k: number;
  /** Parameters of the algorithm as run (eps, linkage, covariance …). */
  parameters: Record<string, number | string>;
  seed: number;
  nInit: number;
  /** Centres in the features' original units (for people to read). */
  centroidsOriginal: number[][];
  /** The segments' names by label (the user's or from the data), for `segment_name` when assigning. */
  segmentNames?: string[];
}

function badModel(problem: string, file?: string): never {
  throw new InputError(`Not a usable segmentation model: ${problem}`, {
    file,
    hint: "give the model.json written by `deno task segment`, unchanged",
  });
}

const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isText = (v: unknown): v is string => typeof v === "string";
const isTextList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isText);

const FILL_HOWS = ["median", "mean", "knn", "most frequent"];
const MISSING = ["median", "mean", "knn", "drop", "refuse"];
const ORDERS = ["iso", "dmy", "mdy"];
const SCALERS = ["standard", "minmax", "robust", "none"];

/** The problem with one preparation step (`field` names it), or undefined. */
function stepProblem(step: unknown, field: string, limit: number): string | undefined {
  const s = step as Record<string, unknown> | null;
  if (s === null || typeof s !== "object") return `${field} is not a step`;
  if (!["numeric", "date", "categorical"].includes(s.kind as string)) {
    return `${field}.kind is ${JSON.stringify(s.kind)} (numeric, date or categorical)`;
  }
  if (!isText(s.column)) return `${field}.column is not a column name`;
  const text = s.kind === "categorical";
  if (s.fill !== null) {
    const f = s.fill as Record<string, unknown> | undefined;
    if (f === undefined || typeof f !== "object") return `${field}.fill is not a fill or null`;
    if (!FILL_HOWS.includes(f.how as string)) {
      return `${field}.fill.how is ${JSON.stringify(f.how)} (${FILL_HOWS.join(", ")})`;
    }
    const ok = text ? isText(f.value) : isFiniteNumber(f.value) && Math.abs(f.value) <= limit;
    if (!ok) {
      return `${field}.fill.value is ${JSON.stringify(f.value)}, not ${
        text ? "a text level" : "a finite number"
      }`;
    }
    if (!Number.isInteger(f.count) || (f.count as number) < 0) {
      return `${field}.fill.count is not a whole number from 0`;
    }
  }
  if (text) {
    if (!isTextList(s.levels) || !isTextList(s.pooled) || !isTextList(s.features)) {
      return `${field} needs lists of text levels, pooled levels and features`;
    }
    if (s.levels.length !== s.features.length) {
      return `${field} has ${s.levels.length} levels for ${s.features.length} features`;
    }
    return undefined;
  }
  if (!isText(s.feature)) return `${field}.feature is not a feature name`;
  if (typeof s.log !== "boolean") return `${field}.log is not true or false`;
  if (s.kind === "date") {
    if (!ORDERS.includes(s.order as string)) return `${field}.order is not iso, dmy or mdy`;
    if (!isText(s.asOf) || !/^\d{4}-\d{2}-\d{2}/.test(s.asOf) || Number.isNaN(Date.parse(s.asOf))) {
      return `${field}.asOf is not an ISO date`;
    }
  }
  return undefined;
}

/** A model of version 1 or 2, as those versions saved it. */
interface OldModel {
  version: 1 | 2;
  features: string[];
  algorithm?: string;
  centroids: number[][];
  k?: number;
  parameters?: Record<string, number | string>;
  gmm?: unknown;
  kprototypes?: unknown;
  preparation?: PreparationModel;
  clustering?: SavedClustering;
}

/** Upgrade a version 1 or 2 model in place to version 3 (its clustering as a tagged union). */
function upgrade(m: OldModel): void {
  if (m.version === 1) {
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
  const algorithm = m.algorithm ?? "kmeans";
  const model = algorithm === "gmm" ? m.gmm : algorithm === "kprototypes" ? m.kprototypes : {
    kind: algorithm,
    columns: [...m.features],
    centroids: m.centroids,
    nClusters: m.k,
    parameters: m.parameters ?? { k: m.k },
  };
  m.clustering = { algorithm, model };
  const old = m as Partial<OldModel> & { centroids?: unknown };
  delete old.algorithm;
  delete old.gmm;
  delete old.kprototypes;
  delete old.centroids;
  m.parameters ??= { k: m.k ?? 0 };
  (m as { version: number }).version = 3;
}

/**
 * Throw unless `value` is a whole, consistent {@link SegmentationModel}
 * (shapes, finite numbers, positive scales, k, the algorithm's own model);
 * a version 1 or 2 model is upgraded in place to version 3.
 *
 * @example
 * ```ts
 * import { equal, throws } from "node:assert/strict";
 * import { checkModel } from "./segmentation_model.ts";
 * throws(() => checkModel({ kind: "segmentation", version: 9 }, "m.json"), /Not a segmentation model \(file m\.json\)/);
 * const v1 = { kind: "segmentation", version: 1, features: ["a"], scaler: { kind: "standard", center: [0], scale: [1] },
 *   k: 1, centroids: [[0]], seed: 0, nInit: 10, centroidsOriginal: [[0]] };
 * checkModel(v1);
 * equal(v1.version, 3);
 * equal(v1.clustering.algorithm, "kmeans");
 * ```
 */
export function checkModel(value: unknown, file?: string): asserts value is SegmentationModel {
  const m = value as
    | Omit<Partial<SegmentationModel>, "version"> & { version?: number; centroids?: unknown }
    | null;
  const old = m?.version === 1 || m?.version === 2;
  if (
    m === null || typeof m !== "object" || m.kind !== "segmentation" ||
    (!old && m.version !== 3) || !Array.isArray(m.features) ||
    (old
      ? !Array.isArray(m.centroids)
      : typeof m.clustering !== "object" || m.clustering === null) ||
    typeof m.scaler !== "object" || m.scaler === null
  ) {
    throw new InputError("Not a segmentation model", {
      file,
      hint: "give the model.json written by `deno task segment`",
    });
  }
  // A version 3 model keeps its algorithm in `clustering`; another one at the top would be ignored.
  const stray = (m as { algorithm?: unknown }).algorithm;
  if (!old && stray !== undefined && stray !== m.clustering?.algorithm) {
    badModel(
      `algorithm is ${JSON.stringify(stray)} but the clustering is "${m.clustering?.algorithm}"`,
      file,
    );
  }
  if (old) upgrade(m as unknown as OldModel);
  const width = m.features.length;
  if (width === 0 || !m.features.every((f) => typeof f === "string")) badModel("no features", file);
  // Numbers a model may hold: beyond this, distances to new rows overflow (as applyScaler refuses).
  const limit = magnitudeLimit(1, width);
  const p = m.preparation;
  if (p?.kind !== "preparation" || !Array.isArray(p.steps)) badModel("no preparation", file);
  if (!MISSING.includes(p.missing)) {
    badModel(`preparation.missing is ${JSON.stringify(p.missing)}`, file);
  }
  for (const [i, step] of p.steps.entries()) {
    const problem = stepProblem(step, `preparation.steps[${i}]`, limit);
    if (problem !== undefined) badModel(problem, file);
  }
  const roles = (p as { roles?: unknown }).roles;
  if (roles !== undefined) {
    if (roles === null || typeof roles !== "object" || Array.isArray(roles)) {
      badModel("preparation.roles is not roles by column", file);
    }
    for (const [column, role] of Object.entries(roles)) {
      if (!(COLUMN_ROLES as readonly unknown[]).includes(role)) {
        badModel(
          `preparation.roles gives "${column}" the role ${JSON.stringify(role)} (${
            COLUMN_ROLES.join(", ")
          })`,
          file,
        );
      }
    }
  }
  const prepared = preparedFeatures(p);
  if (prepared.length !== width || prepared.some((f, j) => f !== m.features![j])) {
    badModel("its preparation and features disagree", file);
  }
  const { kind, center, scale } = m.scaler as Partial<ScalerModel>;
  if (!SCALERS.includes(kind as string)) {
    badModel(`scaler.kind is ${JSON.stringify(kind)} (${SCALERS.join(", ")})`, file);
  }
  if (
    !Array.isArray(center) || !Array.isArray(scale) || center.length !== width ||
    scale.length !== width || !center.every(isFiniteNumber) ||
    !scale.every((v) => isFiniteNumber(v) && v > 0)
  ) {
    badModel(`the scaler needs ${width} finite centres and positive scales`, file);
  }
  const bigCentre = center.findIndex((v) => Math.abs(v) > limit);
  if (bigCentre >= 0) {
    badModel(
      `scaler.center[${bigCentre}] is ${center[bigCentre]}, beyond ±${limit.toPrecision(2)}`,
      file,
    );
  }
  // A scale below 1/limit turns a difference of 1 into more than the limit.
  const tinyScale = scale.findIndex((v) => v < 1 / limit);
  if (tinyScale >= 0) {
    badModel(
      `scaler.scale[${tinyScale}] is ${scale[tinyScale]}, below ${(1 / limit).toPrecision(2)}`,
      file,
    );
  }
  if (!Number.isInteger(m.k) || m.k! < 1) badModel("k is not a whole number of segments", file);
  if (!Number.isInteger(m.seed)) badModel("seed is not a whole number", file);
  if (!Number.isInteger(m.nInit) || m.nInit! < 1) {
    badModel("nInit is not a whole number from 1", file);
  }
  const params = m.parameters as unknown;
  if (
    params === null || typeof params !== "object" || Array.isArray(params) ||
    !Object.values(params).every((v) => isText(v) || isFiniteNumber(v))
  ) {
    badModel("parameters are not names with numbers or text", file);
  }
  const original = m.centroidsOriginal as unknown;
  if (
    !Array.isArray(original) ||
    !original.every((c) => Array.isArray(c) && c.every((v) => v === null || isFiniteNumber(v)))
  ) {
    badModel("centroidsOriginal is not a list of centres of finite numbers", file);
  }
  const { algorithm, model } = m.clustering!;
  if (typeof algorithm !== "string") badModel("no algorithm", file);
  const numbers = modelNumbers(model);
  const bad = numbers.findIndex((v) => !(Math.abs(v) <= limit));
  if (bad >= 0) {
    badModel(`clustering.model holds ${numbers[bad]}, beyond ±${limit.toPrecision(2)}`, file);
  }
  let entry;
  try {
    entry = algorithmEntry(algorithm);
  } catch {
    badModel(`unknown algorithm "${algorithm}"`, file);
  }
  const modelKind = (model as { kind?: unknown } | null)?.kind;
  if (modelKind !== algorithm) {
    badModel(
      `clustering.model.kind is ${JSON.stringify(modelKind)} but the algorithm is "${algorithm}"`,
      file,
    );
  }
  const problem = entry.checkModel(model, { width, k: m.k! });
  if (problem !== undefined) badModel(problem, file);
  const names = (m as { segmentNames?: unknown }).segmentNames;
  if (
    names !== undefined &&
    (!Array.isArray(names) || names.length !== m.k || !names.every((n) => typeof n === "string"))
  ) {
    badModel(`segmentNames must be ${m.k} names, one per segment`, file);
  }
}

/** Every number in the fitted clustering's arrays (centres, means, weights, covariances). */
function modelNumbers(model: unknown): number[] {
  const out: number[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "number") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(model);
  return out;
}

/**
 * Read a saved model from its JSON text: parse, check, upgrade an old version.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { modelFromText } from "./segmentation_model.ts";
 * throws(() => modelFromText("{", "model.json"), /Cannot read model \(file model\.json\)/);
 * ```
 */
export function modelFromText(text: string, file?: string): SegmentationModel {
  let model: unknown;
  try {
    // A byte order mark (a model saved again by an editor) is dropped, as in CSV files.
    model = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    throw new InputError("Cannot read model", {
      file,
      hint: "give the model.json written by `deno task segment`",
    });
  }
  checkModel(model, file);
  return model;
}
