/**
 * The analysis steps the app runs (inside a worker, see
 * `analysis_worker.ts`) on a table read by `readTable` (`read_upload.ts`):
 * show its columns, segment it. Each calls the library exactly as
 * `deno task segment` does — `fitPreparation` for the columns and
 * `segmentTable` for the segments, `assignTable` for a new file — and only
 * turns the results into HTML.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { segmentTable } from "../segment/segment_table.ts";
import { fitPreparation } from "../prepare/fit_preparation.ts";
import type { PreparationFit } from "../prepare/fit_preparation.ts";
import { appWording } from "./app_wording.ts";
import { modelFromText } from "../segment/segmentation_model.ts";
import { assignTable } from "../segment/assign_table.ts";
import { isInputError } from "../errors.ts";
import {
  type AppOptions,
  assignCommand,
  segmentationParameters,
  segmentCommand,
} from "./options.ts";
import { assignView, columnsTable, reportHTML, type ResultsView, resultsView } from "./views.ts";

/** An upload as the worker sees it: where the server stored it and the name the person gave it. */
export interface Upload {
  /** Path inside the session's private folder (chosen by the server). */
  path: string;
  /** The file's own name, as uploaded: named in messages and the summary. */
  name: string;
}

/** Callbacks while a step runs. */
export interface StepProgress {
  /** A stage starts ("reading the file", "choosing k" …), with a count when known. */
  onStage?: (stage: string, done?: number, total?: number) => void;
  /** One-line notes from the library (e.g. why segments.xlsx was not written). */
  onNote?: (line: string) => void;
}

/**
 * The one-line message a person sees for an error: the library's
 * `InputError` text as the command line prints it (`Error: …`), with the
 * server's storage path replaced by the uploaded file's name.
 *
 * @example
 * ```ts
 * import { InputError } from "../errors.ts";
 * import { errorLine } from "./analysis.ts";
 * import { equal } from "node:assert/strict";
 * equal(
 *   errorLine(new InputError("File is empty", { file: "/tmp/s/upload.csv" }), {
 *     path: "/tmp/s/upload.csv",
 *     name: "empty.csv",
 *   }),
 *   "Error: File is empty (file empty.csv)",
 * );
 * ```
 */
export function errorLine(error: unknown, upload?: Upload): string {
  if (isInputError(error)) {
    const message = upload === undefined
      ? error.message
      : error.message.replaceAll(upload.path, upload.name);
    // The page's controls, not the command line's flags.
    return `Error: ${appWording(message)}`;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return `Error: the analysis failed unexpectedly (${detail}); the app keeps running`;
}

/** What the columns step returns. */
export interface ColumnsResult {
  rows: number;
  columns: number;
  /** The columns table with check boxes. */
  html: string;
  /** Columns used by default. */
  used: string[];
  /** When no column is used by default: what to do (tick columns in the table). */
  note?: string;
}

/**
 * The columns as read and how the preparation would use them, for these
 * options (before any clustering).
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { columnsStep } from "./analysis.ts";
 * const t = aq.table({ id: ["a", "b", "c"], spend: [1, null, 3] });
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(columnsStep(t, "t.csv", {}).used, ["spend"]);
 * ```
 */
export function columnsStep(table: ColumnTable, name: string, options: AppOptions): ColumnsResult {
  const parameters = segmentationParameters(options);
  // Every column skipped: show the table anyway, with the reasons, so the user can tick some.
  const preparation = fitPreparation(table, { ...parameters, file: name, allowNoColumns: true });
  const used = preparation.columns.filter((c) => c.used).map((c) => c.column);
  return {
    rows: table.numRows(),
    columns: table.numCols(),
    html: columnsTable(preparation, { editable: true }),
    used,
    ...(used.length > 0 ? {} : {
      note: "No column is used by default (the table says why each is skipped): " +
        "tick the columns to segment on, then press Find segments.",
    }),
  };
}

/** What the segment step returns. */
export interface SegmentResult {
  /** segments.csv, segments.xlsx (when it fits), model.json, summary.json and report.html. */
  files: Record<string, string | Uint8Array>;
  view: ResultsView;
  /** The columns table after this run's preparation (check boxes as used). */
  columnsHTML: string;
  /** Columns used as features by this run (text or flags unrelated to the numbers left out). */
  columnsUsed: number;
  /** The `deno task segment` command giving the same files. */
  command: string;
  /** Notes from the library, one line each. */
  notes: string[];
}

/**
 * Segment the table with `segmentTable` (the CLI's pipeline) and build the
 * views and the report.
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { segmentStep } from "./analysis.ts";
 * const t = aq.table({ x: [1, 1.1, 1.2, 9, 9.2, 9.1], y: [2, 2.1, 2, 7, 7.3, 7.1] });
 * import { ok } from "node:assert/strict";
 * ok(Object.keys(segmentStep(t, "t.csv", { k: "2" }).files).includes("report.html"));
 * ```
 */
export function segmentStep(
  table: ColumnTable,
  name: string,
  options: AppOptions,
  progress: StepProgress = {},
): SegmentResult {
  const parameters = segmentationParameters(options);
  const notes: string[] = [];
  let preparation: PreparationFit | undefined;
  progress.onStage?.("preparing the columns");
  const { fit, files, explanation, descriptions } = segmentTable(table, {
    ...parameters,
    file: name,
    onPreparation: (p) => {
      preparation = p;
      progress.onStage?.(parameters.k === "auto" ? "choosing k" : "clustering");
    },
    onProgress: (done, total) => progress.onStage?.("choosing k", done, total),
    onNote: (line) => {
      notes.push(line);
      progress.onNote?.(line);
    },
  });
  progress.onStage?.("drawing the charts");
  const view = resultsView(fit, table, explanation, descriptions);
  const command = segmentCommand(name, options);
  const report = reportHTML({
    file: name,
    rows: table.numRows(),
    command,
    preparation: preparation ?? fit.preparation,
    view,
  });
  return {
    files: { ...files, "report.html": report },
    view,
    columnsHTML: columnsTable(fit.preparation, { editable: true }),
    columnsUsed: fit.preparation.columns.filter((c) => c.used).length,
    command,
    notes,
  };
}

/** A saved model as the assign step gets it: its text and the name to show. */
export interface ModelText {
  /** The model.json text (this session's model, or one the person uploaded). */
  text: string;
  /** Its name in messages and the equivalent command (e.g. `customers_model.json`). */
  name: string;
}

/** What the assign step returns. */
export interface AssignResult {
  /** The new file's name. */
  file: string;
  /** The model's name. */
  model: string;
  /** assigned.csv, and assigned.xlsx when it fits. */
  files: Record<string, string | Uint8Array>;
  /** The new file's rows. */
  rows: number;
  /** The model's number of segments. */
  k: number;
  /** Rows per segment, segment 0 first. */
  sizes: number[];
  /** Cells filled from the model, per column. */
  filled: { column: string; count: number; how: string }[];
  /** Text levels the model had not seen, per column (at most ten named). */
  unseen: { column: string; count: number; levels: string[] }[];
  /** Rows left out for missing values (no segment; see `cluster_note`). */
  leftOut: number;
  /** The command line's report, one line each, as `deno task segment --assign` prints it. */
  notes: string[];
  /** The `deno task segment --assign` command giving the same files. */
  command: string;
  /** Rows per segment, fills and unseen levels, as HTML. */
  html: string;
}

/**
 * Label the rows of a new file with a saved model, exactly as
 * `deno task segment --assign model.json file` does: `modelFromText` and
 * `assignTable` (the saved fills, text levels, dates and logs; `assigned.csv`
 * and `assigned.xlsx`).
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { deepEqual } from "node:assert/strict";
 * import { fitSegmentation } from "../segment/segmentation.ts";
 * import { assignStep } from "./analysis.ts";
 * const t = aq.table({ x: [1, 1.1, 1.2, 9, 9.2, 9.1], y: [2, 2.1, 2, 7, 7.3, 7.1] });
 * const fit = fitSegmentation(t, { k: 2, seed: 1 });
 * const model = { text: JSON.stringify(fit.model), name: "m.json" };
 * const result = assignStep(aq.table({ x: [1, 9, null], y: [2, 7, 2] }), "new.csv", model);
 * const first = fit.labels[0]!; // the segment of the low rows (the third row is filled with the median x)
 * deepEqual(result.sizes, first === 0 ? [2, 1] : [1, 2]);
 * ```
 */
export function assignStep(table: ColumnTable, name: string, model: ModelText): AssignResult {
  const parsed = modelFromText(model.text, model.name);
  const assigned = assignTable(parsed, table, { file: name });
  const { prepared, sizes } = assigned;
  const notes = [...assigned.notes];
  if (assigned.xlsxNote !== undefined) notes.push(assigned.xlsxNote);
  notes.push(`Assigned ${prepared.rows.length} rows to ${parsed.k} segments`);
  const parts = {
    file: name,
    model: model.name,
    rows: table.numRows(),
    sizes,
    ...(parsed.segmentNames !== undefined ? { names: parsed.segmentNames } : {}),
    filled: prepared.filled,
    unseen: prepared.unseen,
    leftOut: prepared.dropped.length,
  };
  return {
    ...parts,
    files: assigned.files,
    k: parsed.k,
    notes,
    command: assignCommand(model.name, name),
    html: assignView(parts),
  };
}
