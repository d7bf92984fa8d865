/**
 * The segmentation pipeline every front end runs — `deno task segment`,
 * notebook 04 and the app: a table and options in, the fit and the files to
 * hand over out. Front ends choose options and show results; none of them
 * re-implements a step.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import type { Matrix } from "../matrix.ts";
import {
  fitSegmentation,
  labelsOfRowsUsed,
  type SegmentationFit,
  type SegmentationOptions,
} from "./segmentation.ts";
import { segmentationFiles } from "./outputs.ts";
import { explainSegments, type SegmentExplanation } from "../explain/explain_segments.ts";
import {
  describeSegments,
  parseSegmentRenames,
  type SegmentDescriptions,
} from "../profile/segment_descriptions.ts";

/** Options for {@link segmentTable}: the segmentation's, with the source file named. */
export type SegmentRunOptions = SegmentationOptions & {
  /** The input file: named in messages and the summary, never overwritten. */
  file: string;
  /** Most data rows `segments.xlsx` may hold (default: Excel's 1,048,575). */
  xlsxMaxRows?: number;
  /** Called with one-line notes (e.g. that `segments.xlsx` was not written and why). */
  onNote?: (line: string) => void;
  /**
   * Let go of the feature matrices (`fit.matrix`, `fit.scaled` and the
   * prepared ones) once the rules and names are made, before the files are
   * built: they come back with no rows. For a caller that does not use them
   * afterwards (the command line); at millions of rows they are a large share
   * of the memory beside the files' bytes.
   */
  releaseMatrices?: boolean;
};

/** What {@link segmentTable} returns: the fit and the files to write or serve. */
export interface SegmentRun {
  fit: SegmentationFit;
  /**
   * Readable rules per segment (a depth-3 decision tree on the prepared
   * features in their own units; text levels as `column=level` 0/1) and the
   * features that set each segment apart.
   */
  explanation: SegmentExplanation;
  /**
   * Every segment's name (the user's, else from the data), recommendation
   * and reason; `descriptions.names[c]` names label c everywhere.
   */
  descriptions: SegmentDescriptions;
  /** File name → content: segments.csv, segments.xlsx (when it fits), model.json, summary.json. */
  files: Record<string, string | Uint8Array>;
}

/**
 * Prepare, scale, cluster and measure a table, and build the output files
 * (nothing is written: the caller writes or serves `files`).
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { deepEqual } from "node:assert/strict";
 * import { segmentTable } from "./segment_table.ts";
 * const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
 * const run = segmentTable(t, { k: 2, seed: 1, file: "t.csv" });
 * deepEqual(Object.keys(run.files), ["segments.csv", "segments.xlsx", "model.json", "summary.json"]);
 * ```
 */
export function segmentTable(table: ColumnTable, options: SegmentRunOptions): SegmentRun {
  const fit = fitSegmentation(table, options);
  const used = labelsOfRowsUsed(fit);
  const explanation = explainSegments(fit.matrix, used, { seed: fit.model.seed });
  const descriptions = describeSegments(fit.prepared, used, {
    columns: fit.preparation.columns,
    renames: options.names === undefined ? undefined : parseSegmentRenames(options.names),
  });
  fit.model.segmentNames = descriptions.names;
  if (options.releaseMatrices) releaseMatrices(fit);
  const files = segmentationFiles(fit, table, {
    input: options.file,
    explanation,
    descriptions,
    xlsxMaxRows: options.xlsxMaxRows,
    onNote: options.onNote,
  });
  return { fit, explanation, descriptions, files };
}

/** Empty the fit's feature matrices (same columns, no rows) so their memory can be collected. */
function releaseMatrices(fit: SegmentationFit): void {
  const empty = (m: Matrix): Matrix => ({ ...m, data: new Float64Array(0), rows: 0 });
  fit.matrix = empty(fit.matrix);
  fit.scaled = empty(fit.scaled);
  fit.prepared = {
    ...fit.prepared,
    original: empty(fit.prepared.original),
    encoded: empty(fit.prepared.encoded),
  };
}
