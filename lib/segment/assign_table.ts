/**
 * Assign the rows of a table to a saved model's segments: the model's own
 * preparation (the same fills, levels, dates and logs as in training), its
 * scaler, then its algorithm's `assign` from the registry. `assignTable`
 * is the one function `deno task segment --assign`, the app's "assign a new
 * file" and notebook 04 call.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { applyPreparation, type PreparedData } from "../prepare/apply_preparation.ts";
import { applyScaler } from "../prepare/scale.ts";
import { algorithmEntry } from "../cluster/registry.ts";
import { csvAndXLSX } from "../io/write_table.ts";
import { checkModel, type SegmentationModel } from "./segmentation_model.ts";
import { clusterData } from "./cluster_data.ts";
import { assignmentNotes, enrichedTable, labelColumns } from "./outputs.ts";

/** The result of {@link assignRows}: a segment per row and what the preparation did. */
export interface SegmentAssignment {
  /** Segment per table row; -1 for rows left out (missing values, a model fitted with "drop"). */
  labels: Int32Array;
  prepared: PreparedData;
}

/**
 * Assign rows of a table to a saved model's segments: the most probable
 * component for a Gaussian mixture, the nearest prototype for k-prototypes,
 * otherwise the nearest centre (Euclidean distance in the model's scaled
 * units; ties go to the lower number). DBSCAN models assign by nearest
 * centre too, so new rows are never labelled noise.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitSegmentation } from "./segmentation.ts";
 * import { assignRows } from "./assign_table.ts";
 * const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
 * const { model, labels } = fitSegmentation(t, { features: ["a", "b"], k: 2, seed: 1 });
 * equal(assignRows(model, aq.table({ a: [8], b: [5] })).labels[0], labels[3]);
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
  const { algorithm, model: fitted } = model.clustering;
  const used = algorithmEntry(algorithm).assign(
    fitted,
    clusterData(scaled, prepared, options.file),
  );
  const labels = new Int32Array(table.numRows()).fill(-1);
  prepared.rows.forEach((r, i) => (labels[r] = used[i]!));
  return { labels, prepared };
}

/**
 * {@link assignRows}' labels alone.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitSegmentation } from "./segmentation.ts";
 * import { assignSegmentation } from "./assign_table.ts";
 * const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
 * const { model, labels } = fitSegmentation(t, { features: ["a", "b"], k: 2, seed: 1 });
 * equal(assignSegmentation(model, aq.table({ a: [8], b: [5] }))[0], labels[3]);
 * ```
 */
export function assignSegmentation(
  model: SegmentationModel,
  table: ColumnTable,
  options: { file?: string } = {},
): Int32Array {
  return assignRows(model, table, options).labels;
}

/** What {@link assignTable} gives: the segments, the files to hand over and what happened. */
export interface AssignedTable extends SegmentAssignment {
  /** The table with a `cluster` column, `segment_name` when the model names segments (and `cluster_note` for rows left out). */
  enriched: ColumnTable;
  /** `assigned.csv`, and `assigned.xlsx` when it fits. */
  files: Record<string, string | Uint8Array>;
  /** Cells filled from the model, levels not seen in training, rows left out: one line each. */
  notes: string[];
  /** Why `assigned.xlsx` was not written, when it was not. */
  xlsxNote?: string;
  /** Rows per segment, segment 0 first. */
  sizes: number[];
}

/**
 * Assign a table with a saved model and build `assigned.csv` /
 * `assigned.xlsx` (nothing is written): what `deno task segment --assign`,
 * the app and notebook 04 do with a model.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitSegmentation } from "./segmentation.ts";
 * import { assignTable } from "./assign_table.ts";
 * const t = aq.table({ x: [1, 1.1, 1.2, 9, 9.2, 9.1], y: [2, 2.1, 2, 7, 7.3, 7.1] });
 * const { model, labels } = fitSegmentation(t, { k: 2, seed: 1 });
 * const assigned = assignTable(model, aq.table({ x: [1, 9, null], y: [2, 7, 2] }), { file: "new.csv" });
 * deepEqual(Array.from(assigned.labels), [labels[0], labels[3], labels[0]]);
 * deepEqual(assigned.notes, ["x: 1 missing filled (median, from the model)"]);
 * deepEqual(Object.keys(assigned.files), ["assigned.csv", "assigned.xlsx"]);
 * ```
 */
export function assignTable(
  model: SegmentationModel,
  table: ColumnTable,
  options: { file?: string } = {},
): AssignedTable {
  const { labels, prepared } = assignRows(model, table, options);
  const enriched = enrichedTable(table, labels, prepared, model.segmentNames);
  const outputs = csvAndXLSX(enriched, "assigned");
  const sizes = new Array<number>(model.k).fill(0);
  for (const l of labels) if (l >= 0 && l < sizes.length) sizes[l]!++;
  return {
    labels,
    prepared,
    enriched,
    files: outputs.files,
    notes: [
      ...assignmentNotes(prepared),
      ...[labelColumns(table.columnNames()).note].filter((n) => n !== undefined),
    ],
    ...(outputs.xlsx.written ? {} : { xlsxNote: outputs.xlsx.reason }),
    sizes,
  };
}
