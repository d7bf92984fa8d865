/**
 * What a segmentation run hands over: the rows with a `cluster` column (CSV
 * and XLSX), the model to assign new rows, and a summary with the figures.
 * Everything is computed before the first byte is written, and each file is
 * written atomically, so a failing run leaves no partial output.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { csvAndXLSX } from "../io/write_table.ts";
import { writeFilesAtomic } from "../io/write_files.ts";
import { NOISE_NAME } from "../segment_names.ts";
import type { SegmentationFit } from "./segmentation.ts";
import { isSweepChoice } from "./segment_count.ts";
import { preparationSummary } from "../prepare/preparation_report.ts";
import type { PreparedData } from "../prepare/apply_preparation.ts";
import type { SegmentExplanation } from "../explain/explain_segments.ts";
import type { SegmentDescriptions } from "../profile/segment_descriptions.ts";

/** Options for {@link segmentationSummary} and {@link writeSegmentationOutputs}. */
export interface SegmentationOutputOptions {
  /** Folder to write into. */
  out: string;
  /** The input file (named in the summary; never overwritten). */
  input: string;
  /** The features used, and the columns skipped with their reasons. */
  features?: { features: string[]; skipped: { column: string; reason: string }[] };
  /** Most data rows `segments.xlsx` may hold (default: Excel's 1,048,575); past it only the CSV is written. */
  xlsxMaxRows?: number;
  /** Called with a one-line note, e.g. that `segments.xlsx` was not written and why. */
  onNote?: (line: string) => void;
}

/**
 * The summary as plain JSON: k, features, scaler, algorithm, metrics, the
 * preparation of every column, and each cluster's size, share and centre in
 * original units (text levels as shares of the segment).
 */
export function segmentationSummary(
  fit: SegmentationFit,
  input: string,
  skipped: { column: string; reason: string }[] = [],
  descriptions?: SegmentDescriptions,
) {
  const { model, metrics, choice, sizes, noise } = fit;
  const rows = fit.labels.length;
  const skippedColumns = skipped.length > 0 ? skipped : fit.preparation.columns
    .filter((c) => !c.used)
    .map((c) => ({ column: c.column, reason: c.reason }));
  return {
    input,
    rows,
    features: model.features,
    skipped: skippedColumns,
    preparation: {
      ...preparationSummary(fit.preparation),
      rowsUsed: fit.prepared.rows.length,
      rowsLeftOut: fit.prepared.dropped.length,
    },
    scale: model.scaler.kind,
    algorithm: model.clustering.algorithm,
    parameters: model.parameters,
    seed: model.seed,
    nInit: model.nInit,
    k: model.k,
    noise,
    kChoice: choice === undefined ? null : {
      reason: choice.reason,
      ...(isSweepChoice(choice) ? { knee: choice.knee ?? null } : { criterion: choice.criterion }),
      range: choice.range ?? null,
      runnerUp: choice.runnerUp ?? null,
      edge: choice.edge ?? null,
      ...(isSweepChoice(choice) ? { stability: choice.stability ?? null } : {}),
      sweep: choice.sweep,
    },
    metrics,
    textColumns: fit.textAssociation.map((a) => ({
      column: a.column,
      kind: a.kind,
      used: a.related || fit.model.preparation.steps.some((s) => s.column === a.column),
      strongest: a.strongest ?? null,
      omegaSquared: a.omegaSquared,
    })),
    ...(descriptions === undefined ? {} : {
      naming: {
        vocabulary: descriptions.vocabulary,
        roles: descriptions.roles.map((r) => ({
          feature: r.feature,
          role: r.role,
          label: r.label,
          reason: r.reason,
        })),
      },
    }),
    clusters: sizes.map((size, c) => ({
      cluster: c,
      ...(descriptions === undefined ? {} : {
        name: descriptions.names[c],
        renamed: descriptions.segments[c]?.renamed ?? false,
        recommendation: descriptions.segments[c]?.recommendation ?? "",
        reason: descriptions.segments[c]?.reason ?? "",
      }),
      size,
      share: size / rows,
      centroid: Object.fromEntries(
        model.features.map((f, j) => [f, model.centroidsOriginal[c]![j]]),
      ),
    })),
  };
}

/**
 * The names of the label columns the output adds: `cluster` and
 * `cluster_note`, or, when the file already has a column of that name (in
 * any case: a segments.csv segmented again, a store code named `Cluster`),
 * `cluster_new` and `cluster_new_note` (then `cluster_new_2` …), so the
 * file's own column is kept as it is; `note` says so. The names column is
 * `segment_name`, or `segment_name_2` … when the file has that one.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { labelColumns } from "./outputs.ts";
 * deepEqual(labelColumns(["id", "spend"]), {
 *   cluster: "cluster",
 *   clusterNote: "cluster_note",
 *   segmentName: "segment_name",
 * });
 * const again = labelColumns(["id", "Cluster", "cluster_new"]);
 * equal(again.cluster, "cluster_new_2");
 * equal(labelColumns(["segment_name"]).segmentName, "segment_name_2");
 * equal(again.note, 'The file already has a column "Cluster" (kept as it is): the new segments are in "cluster_new_2"');
 * ```
 */
export function labelColumns(
  names: readonly string[],
): { cluster: string; clusterNote: string; segmentName: string; note?: string } {
  const taken = new Set(names.map((n) => n.toLowerCase()));
  let segmentName = "segment_name";
  for (let i = 2; taken.has(segmentName); i++) segmentName = `segment_name_${i}`;
  const free = (base: string) => !taken.has(base) && !taken.has(`${base}_note`);
  if (free("cluster")) return { cluster: "cluster", clusterNote: "cluster_note", segmentName };
  let cluster = "cluster_new";
  for (let i = 2; !free(cluster); i++) cluster = `cluster_new_${i}`;
  const own = names.find((n) =>
    n.toLowerCase() === "cluster" || n.toLowerCase() === "cluster_note"
  )!;
  return {
    cluster,
    clusterNote: `${cluster}_note`,
    segmentName,
    note:
      `The file already has a column "${own}" (kept as it is): the new segments are in "${cluster}"`,
  };
}

/**
 * The rows with their segment: a `cluster` column (empty for rows left out
 * for missing values), the `segment_name` beside it when names are given,
 * and, when some rows were left out, a `cluster_note` saying why; under other
 * names when the file has its own (see {@link labelColumns}).
 */
export function enrichedTable(
  table: ColumnTable,
  labels: Int32Array,
  prepared: PreparedData,
  names?: readonly string[],
): ColumnTable {
  const columns = labelColumns(table.columnNames());
  const cluster: (number | null)[] = Array.from(labels);
  for (const { row } of prepared.dropped) cluster[row] = null;
  const named: Record<string, (string | null)[]> = names === undefined ? {} : {
    [columns.segmentName]: cluster.map((c) =>
      c === null ? null : c < 0 ? NOISE_NAME : names[c] ?? null
    ),
  };
  if (prepared.dropped.length === 0) return table.assign({ [columns.cluster]: cluster, ...named });
  const note: (string | null)[] = new Array(labels.length).fill(null);
  for (const { row, columns } of prepared.dropped) {
    note[row] = `left out: missing ${columns.join(", ")}`;
  }
  return table.assign({ [columns.cluster]: cluster, ...named, [columns.clusterNote]: note });
}

/**
 * What assigning new rows did, one line each: cells filled from the model,
 * levels not seen in training, rows left out for blanks.
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { deepEqual } from "node:assert/strict";
 * import { fitSegmentation } from "./segmentation.ts";
 * import { assignRows } from "./assign_table.ts";
 * import { assignmentNotes } from "./outputs.ts";
 * const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
 * const { model } = fitSegmentation(t, { features: ["a", "b"], k: 2 });
 * deepEqual(
 *   assignmentNotes(assignRows(model, aq.table({ a: [null], b: [5] })).prepared),
 *   ["a: 1 missing filled (median, from the model)"],
 * );
 * ```
 */
export function assignmentNotes(prepared: PreparedData): string[] {
  const notes = prepared.filled.map((f) =>
    `${f.column}: ${f.count} missing filled (${f.how}, from the model)`
  );
  for (const u of prepared.unseen) {
    notes.push(
      `${u.column}: ${u.count} rows with levels not seen in training (${
        u.levels.join(", ")
      }), encoded as none of the known levels`,
    );
  }
  if (prepared.dropped.length > 0) {
    notes.push(`${prepared.dropped.length} rows left out for missing values (see cluster_note)`);
  }
  return notes;
}

/**
 * The files a segmentation hands over, built in memory: `segments.csv`,
 * `segments.xlsx`, `model.json` and `summary.json`.
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { fitSegmentation } from "./segmentation.ts";
 * import { deepEqual } from "node:assert/strict";
 * import { segmentationFiles } from "./outputs.ts";
 * const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
 * const files = segmentationFiles(fitSegmentation(t, { features: ["a", "b"], k: 2 }), t, { input: "t.csv" });
 * deepEqual(Object.keys(files), ["segments.csv", "segments.xlsx", "model.json", "summary.json"]);
 * ```
 */
export function segmentationFiles(
  fit: SegmentationFit,
  table: ColumnTable,
  options: {
    input: string;
    skipped?: { column: string; reason: string }[];
    xlsxMaxRows?: number;
    onNote?: (line: string) => void;
    /** Rules per segment, written into the summary as `explain`. */
    explanation?: SegmentExplanation;
    /** Names, recommendations and reasons: `segment_name` in the rows, per cluster in the summary. */
    descriptions?: SegmentDescriptions;
  },
): Record<string, string | Uint8Array> {
  const enriched = enrichedTable(table, fit.labels, fit.prepared, options.descriptions?.names);
  const renamed = labelColumns(table.columnNames()).note;
  if (renamed !== undefined) options.onNote?.(renamed);
  const summary = {
    ...segmentationSummary(fit, options.input, options.skipped ?? [], options.descriptions),
    ...(options.explanation !== undefined ? { explain: options.explanation } : {}),
  };
  const outputs = csvAndXLSX(enriched, "segments", { maxRows: options.xlsxMaxRows });
  if (!outputs.xlsx.written) options.onNote?.(outputs.xlsx.reason);
  return {
    ...outputs.files,
    "model.json": JSON.stringify(fit.model, null, 2) + "\n",
    "summary.json": JSON.stringify({ ...summary, xlsx: outputs.xlsx }, null, 2) + "\n",
  };
}

/**
 * Write `segments.csv`, `segments.xlsx`, `model.json` and `summary.json`.
 * Returns the paths written. Past Excel's sheet limit `segments.xlsx` is not
 * written; `onNote` gets the one line saying so and `summary.json` records it
 * under `xlsx`.
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { fitSegmentation } from "./segmentation.ts";
 * import { equal } from "node:assert/strict";
 * import { writeSegmentationOutputs } from "./outputs.ts";
 * const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
 * const fit = fitSegmentation(t, { features: ["a", "b"], k: 2 });
 * const paths = await writeSegmentationOutputs(fit, t, { out: await Deno.makeTempDir(), input: "t.csv" });
 * equal(paths.length, 4);
 * ```
 */
export async function writeSegmentationOutputs(
  fit: SegmentationFit,
  table: ColumnTable,
  options: SegmentationOutputOptions,
): Promise<string[]> {
  const files = segmentationFiles(fit, table, {
    input: options.input,
    skipped: options.features?.skipped,
    xlsxMaxRows: options.xlsxMaxRows,
    onNote: options.onNote,
  });
  return await writeFilesAtomic(options.out, files, [options.input]);
}
