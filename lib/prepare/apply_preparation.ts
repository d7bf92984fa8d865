/**
 * Apply a fitted preparation to a table: the same fills, levels, dates and
 * log transforms as on the training file, giving the matrix clustering runs
 * on. Used when fitting and, identically, when assigning new rows.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { createMatrix, type Matrix, matrixRowsAt } from "../matrix.ts";
import { imputeKNN } from "../clean/impute_knn.ts";
import { isMissingCell, levelText } from "./column_values.ts";
import { columnValues } from "../column_array.ts";
import { stepNumbers } from "./step_numbers.ts";
import { releaseArray } from "../release_memory.ts";
import {
  OTHER_LEVEL,
  type PreparationModel,
  type PreparationStep,
  preparedFeatures,
} from "./preparation.ts";

/** Text features as level codes (row-major), for k-prototypes. Code -1: a level not seen in training. */
export interface CategoricalCodes {
  codes: Int32Array;
  rows: number;
  cols: number;
  columns: string[];
  levels: string[][];
}

/** The result of {@link applyPreparation}. */
export interface PreparedData {
  /** Features in original units after filling: numbers, dates as days, one-hot as 0/1. */
  original: Matrix;
  /** The same with log1p applied where the model says: what is scaled and clustered. */
  encoded: Matrix;
  /** For each step, its columns in the matrices `[start, end)`. */
  blocks: { step: PreparationStep; start: number; end: number }[];
  /** Text features as level codes. */
  categorical: CategoricalCodes;
  /** Indexes (0-based) of the table rows in the matrices: all, unless missing is "drop". */
  rows: Int32Array;
  /** Rows left out (missing is "drop"): 0-based row and the columns it misses. */
  dropped: { row: number; columns: string[] }[];
  /** Cells filled, per column. */
  filled: { column: string; count: number; how: string }[];
  /** Levels not seen in training (encoded as all zeros), per column. */
  unseen: { column: string; count: number; levels: string[] }[];
}

/** Options for {@link applyPreparation}. */
export interface ApplyPreparationOptions {
  /** Source name for messages. */
  file?: string;
  /**
   * Fill `knn` columns from the nearest rows of this table (when fitting).
   * Without it, `knn` columns are filled with the training median (assigning new rows).
   */
  knn?: { nNeighbors?: number };
}

/**
 * Apply a preparation to a table.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitPreparation } from "./fit_preparation.ts";
 * import { applyPreparation } from "./apply_preparation.ts";
 * const t = aq.table({ income: [10, null, 30, 50], education: ["PhD", "Master", "PhD", "Basic"] });
 * const { model } = fitPreparation(t, { rareShare: 0, log: "none" });
 * const p = applyPreparation(model, t);
 * // Levels run from the most frequent, ties in alphabetical order.
 * deepEqual(p.encoded.columns, ["income", "education=PhD", "education=Basic", "education=Master"]);
 * equal(p.encoded.data[4], 30); // row 2's blank income, filled with the median
 * ```
 */
export function applyPreparation(
  model: PreparationModel,
  table: ColumnTable,
  options: ApplyPreparationOptions = {},
): PreparedData {
  const { file } = options;
  const names = table.columnNames();
  for (const step of model.steps) {
    if (!names.includes(step.column)) {
      throw new InputError(`Column not found: "${step.column}"`, {
        file,
        hint: `the model was fitted with it; available columns: ${names.join(", ")}`,
      });
    }
  }
  const n = table.numRows();
  if (n === 0) {
    throw new InputError("No data rows", { file, hint: "the table has a header but no rows" });
  }
  const features = preparedFeatures(model);
  const cols = features.length;
  const full = createMatrix(n, cols, features);
  const missingMask = new Uint8Array(n * model.steps.length);
  const blocks: PreparedData["blocks"] = [];
  const catSteps = model.steps.filter((s) => s.kind === "categorical");
  const codes = new Int32Array(n * catSteps.length);
  const unseen: PreparedData["unseen"] = [];
  const filled: PreparedData["filled"] = [];
  const knnColumns: number[] = [];
  let start = 0;
  let cat = 0;
  model.steps.forEach((step, s) => {
    const values = columnValues(table, step.column);
    if (step.kind === "categorical") {
      const width = step.levels.length;
      const index = new Map(step.levels.map((l, i) => [l, i]));
      const pooled = new Set(step.pooled);
      const other = index.get(OTHER_LEVEL);
      const fillText = step.fill === null ? undefined : String(step.fill.value);
      const fillCode = fillText === undefined
        ? undefined
        : index.get(fillText) ?? (pooled.has(fillText) ? other : undefined);
      const unseenLevels = new Set<string>();
      let unseenCount = 0, fills = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        let code: number | undefined;
        if (isMissingCell(v)) {
          if (model.missing === "drop" || fillCode === undefined) {
            if (model.missing !== "drop") missingError(step.column, i, file);
            missingMask[i * model.steps.length + s] = 1;
            code = -1;
          } else {
            code = fillCode;
            fills++;
          }
        } else {
          const level = levelText(v instanceof Date ? v.toISOString().slice(0, 10) : v);
          code = index.get(level) ?? (pooled.has(level) ? other : undefined);
          if (code === undefined) {
            code = -1;
            unseenCount++;
            if (unseenLevels.size < 10) unseenLevels.add(level);
          }
        }
        codes[i * catSteps.length + cat] = code;
        if (code >= 0) full.data[i * cols + start + code] = 1;
      }
      if (unseenCount > 0) {
        unseen.push({ column: step.column, count: unseenCount, levels: [...unseenLevels] });
      }
      if (fills > 0) filled.push({ column: step.column, count: fills, how: "most frequent" });
      blocks.push({ step, start, end: start + width });
      start += width;
      cat++;
      return;
    }
    const x = stepNumbers(step, values, file);
    let fills = 0;
    const fill = step.fill;
    for (let i = 0; i < n; i++) {
      let v = x[i]!;
      if (Number.isNaN(v)) {
        if (model.missing === "drop") {
          missingMask[i * model.steps.length + s] = 1;
        } else if (fill === null) {
          missingError(step.column, i, file);
        } else if (fill.how !== "knn" || options.knn === undefined) {
          v = fill.value as number;
        }
        fills++;
      }
      full.data[i * cols + start] = v;
    }
    // Copied into the matrix: its memory goes now, not at some later collection.
    releaseArray(x);
    if (fills > 0 && model.missing !== "drop") {
      const how = fill?.how === "knn" && options.knn === undefined ? "median" : fill?.how ?? "";
      filled.push({ column: step.column, count: fills, how });
    }
    if (fill?.how === "knn" && options.knn !== undefined) knnColumns.push(start);
    blocks.push({ step, start, end: start + 1 });
    start += 1;
  });

  if (knnColumns.length > 0) fillKNN(full, blocks, options.knn?.nNeighbors ?? 5);

  // Rows kept (missing "drop" leaves out rows with any missing feature).
  const dropped: PreparedData["dropped"] = [];
  let rowsKept: Int32Array;
  if (model.missing === "drop") {
    const keep: number[] = [];
    const ns = model.steps.length;
    for (let i = 0; i < n; i++) {
      const columns: string[] = [];
      for (let s = 0; s < ns; s++) {
        if (missingMask[i * ns + s]) columns.push(model.steps[s]!.column);
      }
      if (columns.length === 0) keep.push(i);
      else dropped.push({ row: i, columns });
    }
    rowsKept = Int32Array.from(keep);
  } else {
    rowsKept = Int32Array.from({ length: n }, (_, i) => i);
  }
  const original = rowsKept.length === n ? full : matrixRowsAt(full, rowsKept);
  // Without a log step the encoded features are the original ones: one array
  // serves both (neither is written to after this).
  const logged = blocks.some(({ step }) => step.kind !== "categorical" && step.log);
  const encoded = logged ? createMatrix(original.rows, cols, features) : { ...original };
  if (logged) encoded.data.set(original.data);
  for (const { step, start } of blocks) {
    if (step.kind === "categorical" || !step.log) continue;
    for (let i = 0; i < encoded.rows; i++) {
      const k = i * cols + start;
      encoded.data[k] = Math.log1p(encoded.data[k]!);
    }
  }
  const catCols = catSteps.length;
  const catCodes = rowsKept.length === n ? codes : new Int32Array(rowsKept.length * catCols);
  if (catCodes !== codes) {
    rowsKept.forEach((r, i) =>
      catCodes.set(codes.subarray(r * catCols, (r + 1) * catCols), i * catCols)
    );
  }
  return {
    original,
    encoded,
    blocks,
    categorical: {
      codes: catCodes,
      rows: rowsKept.length,
      cols: catCols,
      columns: catSteps.map((s) => s.column),
      levels: catSteps.map((s) => (s as { levels: string[] }).levels),
    },
    rows: rowsKept,
    dropped,
    filled,
    unseen,
  };
}

/** KNN imputation of the numeric and date columns (as scikit-learn's `KNNImputer` on them). */
function fillKNN(
  full: Matrix,
  blocks: PreparedData["blocks"],
  nNeighbors: number,
): void {
  const numeric = blocks.filter((b) => b.step.kind !== "categorical");
  const sub = createMatrix(full.rows, numeric.length, numeric.map((b) => full.columns[b.start]!));
  for (let i = 0; i < full.rows; i++) {
    numeric.forEach((
      b,
      j,
    ) => (sub.data[i * numeric.length + j] = full.data[i * full.cols + b.start]!));
  }
  const imputed = imputeKNN(sub, { nNeighbors });
  numeric.forEach((b, j) => {
    const median = b.step.kind !== "categorical" && b.step.fill !== null
      ? b.step.fill.value as number
      : NaN;
    for (let i = 0; i < full.rows; i++) {
      const k = i * full.cols + b.start;
      if (!Number.isNaN(full.data[k]!)) continue;
      const v = imputed.data[i * numeric.length + j]!;
      // A row missing every numeric feature has no neighbours: the median fills it.
      full.data[k] = Number.isNaN(v) ? median : v;
    }
  });
}

function missingError(column: string, row: number, file?: string): never {
  throw new InputError("Missing value", {
    file,
    column,
    row: row + 1,
    hint:
      "the model was fitted on a file without blanks here; fill the value, or fit with --missing median|mean|knn|drop",
  });
}
