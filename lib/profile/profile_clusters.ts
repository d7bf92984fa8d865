/**
 * Segment profiles: how big each segment is, what share of customers (and of
 * value, such as revenue) it holds, and the mean and median of every feature
 * in original units — the table a marketing reader reads first.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { matrixColumn, matrixFromTable } from "../matrix.ts";
import { segmentLabels, segmentNameOf, type SegmentNames } from "../segment_names.ts";

/** Options for {@link profileClusters}. */
export interface ProfileOptions {
  /** Feature columns to describe, in original units (before scaling). */
  features: readonly string[];
  /** Names by cluster label; default "Cluster N" and "Noise" for -1. */
  segmentNames?: SegmentNames;
  /** A value column such as revenue: adds `value_share` (segment total / grand total). */
  valueColumn?: string;
  /**
   * Feature columns that may have blanks (columns left out of the clustering
   * but profiled): their means and medians are over the present values, as
   * pandas skips NaN.
   */
  withBlanks?: readonly string[];
  /** File name for error messages. */
  file?: string;
}

/** Cluster labels, one per table row (`-1` = noise). */
export type Labels = Int32Array | readonly number[];

interface Groups {
  order: number[];
  members: Map<number, Int32Array>;
}

function groupRows(labels: Labels, rows: number, file?: string): Groups {
  if (labels.length !== rows) {
    throw new InputError(
      `Labels do not match the table: ${labels.length} labels for ${rows} rows`,
      {
        file,
        hint: "pass the labels produced for this same table",
      },
    );
  }
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < -1) {
      throw new InputError(`Invalid cluster label: ${label}`, {
        file,
        row: i + 1,
        hint: "labels are whole numbers from 0, or -1 for noise",
      });
    }
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const members = new Map<number, Int32Array>();
  const filled = new Map<number, number>();
  for (const [label, count] of counts) {
    members.set(label, new Int32Array(count));
    filled.set(label, 0);
  }
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const at = filled.get(label)!;
    members.get(label)![at] = i;
    filled.set(label, at + 1);
  }
  return { order: segmentLabels(labels), members };
}

function meanOf(values: Float64Array, rows: Int32Array): number {
  let sum = 0, n = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]!]!;
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return n === 0 ? NaN : sum / n;
}

function medianOf(values: Float64Array, rows: Int32Array): number {
  const all = new Float64Array(rows.length);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]!]!;
    if (!Number.isNaN(v)) all[n++] = v;
  }
  if (n === 0) return NaN;
  const picked = n === all.length ? all : all.subarray(0, n);
  picked.sort();
  const mid = picked.length >> 1;
  return picked.length % 2 === 1 ? picked[mid]! : (picked[mid - 1]! + picked[mid]!) / 2;
}

/** The features' matrix, blanks refused in `features` and kept as NaN in `blanks`. */
function withMissing(
  table: ColumnTable,
  features: string[],
  blanks: readonly string[],
  file?: string,
) {
  const strict = features.filter((f) => !blanks.includes(f));
  if (strict.length > 0) matrixFromTable(table, strict, { file });
  return matrixFromTable(table, features, { file, allowMissing: true });
}

/**
 * Profile each segment: `segment` (name), `cluster` (label), `size`, `share`
 * of customers (0–1), then `<feature>_mean` and `<feature>_median` for every
 * feature in original units, and `value_share` (0–1) when `valueColumn` is
 * given. Rows are ordered by label, noise last. Means and medians follow
 * pandas' `groupby().mean()` / `.median()`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { profileClusters } from "./profile_clusters.ts";
 * const customers = aq.table({ income: [20, 30, 90, 110], spend: [5, 15, 80, 100] });
 * const profile = profileClusters(customers, [0, 0, 1, 1], {
 *   features: ["income"],
 *   segmentNames: ["Budget", "Premium"],
 *   valueColumn: "spend",
 * });
 * deepEqual(profile.array("income_mean"), [25, 100]);
 * deepEqual(profile.array("value_share"), [0.1, 0.9]);
 * // A column with blanks (left out of the clustering, profiled): over its present values.
 * const blank = aq.table({ income: [20, null, 90, 110] });
 * deepEqual(profileClusters(blank, [0, 0, 1, 1], { features: [], withBlanks: ["income"] })
 *   .array("income_mean"), [20, 100]);
 * ```
 */
export function profileClusters(
  table: ColumnTable,
  labels: Labels,
  options: ProfileOptions,
): ColumnTable {
  const features = [...options.features, ...(options.withBlanks ?? [])];
  const blanks = options.withBlanks ?? [];
  const m = blanks.length === 0
    ? matrixFromTable(table, features, { file: options.file })
    : withMissing(table, features, blanks, options.file);
  const { order, members } = groupRows(labels, m.rows, options.file);
  const columns: Record<string, unknown[]> = {
    segment: order.map((label) => segmentNameOf(label, options.segmentNames)),
    cluster: order,
    size: order.map((label) => members.get(label)!.length),
    share: order.map((label) => members.get(label)!.length / m.rows),
  };
  features.forEach((name, j) => {
    const values = matrixColumn(m, j);
    columns[`${name}_mean`] = order.map((label) => meanOf(values, members.get(label)!));
    columns[`${name}_median`] = order.map((label) => medianOf(values, members.get(label)!));
  });
  if (options.valueColumn !== undefined) {
    const value = matrixColumn(
      matrixFromTable(table, [options.valueColumn], { file: options.file }),
      0,
    );
    let total = 0;
    for (let i = 0; i < value.length; i++) total += value[i]!;
    if (!(total > 0)) {
      throw new InputError("Value column does not sum to a positive total", {
        file: options.file,
        column: options.valueColumn,
        hint: "pick a value column such as revenue or monetary whose total is above zero",
      });
    }
    columns.value_share = order.map((label) => {
      const rows = members.get(label)!;
      let sum = 0;
      for (let i = 0; i < rows.length; i++) sum += value[rows[i]!]!;
      return sum / total;
    });
  }
  return aq.table(columns);
}

/** How {@link profileIndex} compares a segment with everyone. */
export type IndexMethod = "ratio" | "zscore" | "auto";

/** Options for {@link profileIndex}. */
export interface ProfileIndexOptions {
  /** Feature columns, in original units. */
  features: readonly string[];
  /** Names by cluster label. */
  segmentNames?: SegmentNames;
  /**
   * "ratio": segment mean / overall mean × 100 (100 = average customer);
   * "zscore": (segment mean − overall mean) / overall standard deviation
   * (sample, as pandas' `std()`); "auto" (default): ratio when every feature's
   * overall mean is above zero, else zscore.
   */
  method?: IndexMethod;
  /** Optional display labels for features, e.g. `{ income: "Income (k$)" }`. */
  featureLabels?: Readonly<Record<string, string>>;
  /** File name for error messages. */
  file?: string;
}

/** One segment × feature cell of a {@link ProfileIndex}. */
export interface ProfileIndexCell {
  segment: string;
  cluster: number;
  feature: string;
  /** Ratio index (100 = average) or z-score (0 = average). */
  index: number;
  /** Segment mean in original units. */
  mean: number;
  /** Mean over all rows in original units. */
  overall: number;
}

/** Segment means set against the overall mean, ready for {@link profileHeatmap}. */
export interface ProfileIndex {
  method: "ratio" | "zscore";
  /** Segment names in display order. */
  segments: string[];
  /** Feature display names in the order given. */
  features: string[];
  cells: ProfileIndexCell[];
}

/**
 * Index every segment's feature means against the overall mean, for the
 * profile heatmap: 130 means "30% above the average customer" (ratio), or
 * +1.2 means "1.2 standard deviations above" (z-score).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { profileIndex } from "./profile_clusters.ts";
 * const customers = aq.table({ income: [20, 30, 90, 110] });
 * const index = profileIndex(customers, [0, 0, 1, 1], { features: ["income"] });
 * deepEqual(index.cells.map((c) => c.index), [40, 160]);
 * ```
 */
export function profileIndex(
  table: ColumnTable,
  labels: Labels,
  options: ProfileIndexOptions,
): ProfileIndex {
  const features = [...options.features];
  const m = matrixFromTable(table, features, { file: options.file });
  const { order, members } = groupRows(labels, m.rows, options.file);
  const stats = features.map((_, j) => {
    const values = matrixColumn(m, j);
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i]!;
    const mean = sum / values.length;
    let ss = 0;
    for (let i = 0; i < values.length; i++) ss += (values[i]! - mean) ** 2;
    const sd = values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0;
    return { values, mean, sd };
  });
  const requested = options.method ?? "auto";
  const method = requested === "auto"
    ? (stats.every((s) => s.mean > 0) ? "ratio" : "zscore")
    : requested;
  if (method === "ratio") {
    const bad = stats.findIndex((s) => !(s.mean > 0));
    if (bad >= 0) {
      throw new InputError("Ratio index needs a positive overall mean", {
        file: options.file,
        column: features[bad],
        hint: 'use method "zscore" (or "auto") for features that can be zero or negative',
      });
    }
  }
  const featureName = (f: string) => options.featureLabels?.[f] ?? f;
  const cells: ProfileIndexCell[] = [];
  for (const label of order) {
    const segment = segmentNameOf(label, options.segmentNames);
    features.forEach((feature, j) => {
      const { values, mean: overall, sd } = stats[j]!;
      const mean = meanOf(values, members.get(label)!);
      const index = method === "ratio"
        ? (mean / overall) * 100
        : sd > 0
        ? (mean - overall) / sd
        : 0;
      cells.push({ segment, cluster: label, feature: featureName(feature), index, mean, overall });
    });
  }
  return {
    method,
    segments: order.map((label) => segmentNameOf(label, options.segmentNames)),
    features: features.map(featureName),
    cells,
  };
}
