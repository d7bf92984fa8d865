/**
 * Feature scaling with scikit-learn's semantics: standard (mean and
 * population standard deviation), min-max (to [0, 1]), robust (median and
 * the 25th–75th percentile range, numpy's linear interpolation) or none.
 * A constant column gets scale 1 as in scikit-learn; callers that must refuse
 * constant features find them with {@link constantColumns}.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { assertFiniteMatrix } from "../check_input.ts";
import { createMatrix, type Matrix } from "../matrix.ts";

/** How to scale each feature. */
export type ScalerKind = "standard" | "minmax" | "robust" | "none";

/** The kinds accepted by {@link fitScaler}, for option parsing. */
export const SCALER_KINDS: readonly ScalerKind[] = ["standard", "minmax", "robust", "none"];

/** A fitted scaler: `scaled = (x - center) / scale`, per column. Plain JSON. */
export interface ScalerModel {
  kind: ScalerKind;
  columns: string[];
  center: number[];
  scale: number[];
}

/** Options for {@link fitScaler}. */
export interface ScalerOptions {
  kind: ScalerKind;
  /** The data's file, named in errors. */
  file?: string;
}

const EPS = 2.220446049250313e-16;

/**
 * Learn per-column centre and scale.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { fitScaler, applyScaler } from "./scale.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const m = matrixFromRows([[1, 10], [3, 30]], ["a", "b"]);
 * const model = fitScaler(m, { kind: "standard" });
 * deepEqual(model.center, [2, 20]);
 * deepEqual(Array.from(applyScaler(model, m).data), [-1, -1, 1, 1]);
 * ```
 */
export function fitScaler(m: Matrix, options: ScalerOptions): ScalerModel {
  const kind = options.kind;
  assertFiniteMatrix(m, "scaling");
  checkMagnitude(m, options.file);
  const center: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < m.cols; j++) {
    const col = column(m, j);
    switch (kind) {
      case "standard": {
        let sum = 0;
        for (let i = 0; i < col.length; i++) sum += col[i]!;
        const mean = sum / col.length;
        let ss = 0;
        for (let i = 0; i < col.length; i++) {
          const d = col[i]! - mean;
          ss += d * d;
        }
        const variance = ss / col.length;
        // scikit-learn's _is_constant_feature: variance within rounding of zero.
        const n = col.length;
        const bound = n * EPS * variance + (n * mean * EPS) ** 2;
        center.push(mean);
        scale.push(variance <= bound ? 1 : Math.sqrt(variance));
        break;
      }
      case "minmax": {
        let lo = Infinity, hi = -Infinity;
        for (let i = 0; i < col.length; i++) {
          const v = col[i]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        center.push(lo);
        scale.push(nonZeroScale(hi - lo));
        break;
      }
      case "robust": {
        const sorted = col.slice().sort();
        const q25 = percentileSorted(sorted, 25);
        const q75 = percentileSorted(sorted, 75);
        center.push(medianSorted(sorted));
        scale.push(nonZeroScale(q75 - q25));
        break;
      }
      case "none":
        center.push(0);
        scale.push(1);
        break;
      default:
        throw new InputError(`Unknown scaler: "${kind as string}"`, {
          hint: `use one of ${SCALER_KINDS.join(", ")}`,
        });
    }
  }
  for (let j = 0; j < m.cols; j++) {
    if (!Number.isFinite(center[j]!) || !(scale[j]! > 0) || !Number.isFinite(scale[j]!)) {
      throw tooLarge(m, j, options.file);
    }
  }
  return { kind, columns: [...m.columns], center, scale };
}

/**
 * The largest magnitude a column may hold: its squares summed over every row
 * and column (a variance, an inertia, a squared distance) must stay finite.
 * With 6 rows and 2 columns that is about 2.7e153; with a million rows and
 * 10 columns about 6.7e150.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { magnitudeLimit } from "./scale.ts";
 * ok(magnitudeLimit(6, 2) > 1e153);
 * ```
 */
export function magnitudeLimit(rows: number, cols: number): number {
  return Math.sqrt(Number.MAX_VALUE / (4 * Math.max(rows, 1) * Math.max(cols, 1)));
}

/** Refuse a column with a value beyond {@link magnitudeLimit}, before its sums overflow. */
function checkMagnitude(m: Matrix, file: string | undefined): void {
  const limit = magnitudeLimit(m.rows, m.cols);
  for (let j = 0; j < m.cols; j++) {
    for (let i = 0; i < m.rows; i++) {
      if (!(Math.abs(m.data[i * m.cols + j]!) <= limit)) throw tooLarge(m, j, file, limit);
    }
  }
}

/** 1.7e308, not 1.7e+308. */
function brief(v: number): string {
  return v.toPrecision(2).replace("e+", "e");
}

function tooLarge(m: Matrix, j: number, file: string | undefined, limit?: number): InputError {
  let max = 0;
  for (let i = 0; i < m.rows; i++) {
    const v = m.data[i * m.cols + j]!;
    if (Math.abs(v) > Math.abs(max)) max = v;
  }
  const name = m.columns[j] ?? `x${j}`;
  const within = limit === undefined ? "" : `keep values within ±${brief(limit)}: `;
  return new InputError(
    `Values too large to scale: column "${name}", up to ${brief(max)}`,
    {
      file,
      hint:
        `${within}rescale the column (divide it by a power of ten) or remove the rows with such values`,
    },
  );
}

/**
 * Scale a matrix with a fitted model (a new matrix; the input is unchanged).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { fitScaler, applyScaler } from "./scale.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const m = matrixFromRows([[0], [5], [10]]);
 * deepEqual(Array.from(applyScaler(fitScaler(m, { kind: "minmax" }), m).data), [0, 0.5, 1]);
 * ```
 */
export function applyScaler(
  model: ScalerModel,
  m: Matrix,
  options: { file?: string } = {},
): Matrix {
  checkColumns(model, m);
  const out = createMatrix(m.rows, m.cols, [...m.columns]);
  const { data } = m;
  const o = out.data;
  const cols = m.cols;
  const center = Float64Array.from(model.center);
  const scale = Float64Array.from(model.scale);
  for (let i = 0; i < m.rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) o[base + j] = (data[base + j]! - center[j]!) / scale[j]!;
  }
  // New rows far outside the fitted range would overflow every distance (and land in cluster 0).
  const limit = magnitudeLimit(1, cols);
  for (let i = 0; i < o.length; i++) {
    if (!(Math.abs(o[i]!) <= limit) && Number.isFinite(data[i]!)) {
      const j = i % cols;
      throw new InputError(
        `Values too large to scale: column "${m.columns[j] ?? `x${j}`}", ${
          brief(data[i]!)
        } is far outside the fitted range`,
        {
          file: options.file,
          row: Math.floor(i / cols) + 1,
          hint: "check the value (a unit or a typing mistake?), or fit the segmentation again",
        },
      );
    }
  }
  return out;
}

/**
 * Undo {@link applyScaler}: back to original units.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { fitScaler, applyScaler, invertScaler } from "./scale.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const m = matrixFromRows([[1], [2], [4]]);
 * const model = fitScaler(m, { kind: "robust" });
 * deepEqual(Array.from(invertScaler(model, applyScaler(model, m)).data), [1, 2, 4]);
 * ```
 */
export function invertScaler(model: ScalerModel, m: Matrix): Matrix {
  checkColumns(model, m);
  const out = createMatrix(m.rows, m.cols, [...m.columns]);
  const { data } = m;
  const o = out.data;
  const cols = m.cols;
  for (let i = 0; i < m.rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      o[base + j] = data[base + j]! * model.scale[j]! + model.center[j]!;
    }
  }
  return out;
}

/**
 * Names of the columns whose values are all equal (they carry no
 * information for clustering; scaling leaves them with scale 1).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { constantColumns } from "./scale.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * deepEqual(constantColumns(matrixFromRows([[1, 7], [2, 7]], ["a", "b"])), ["b"]);
 * ```
 */
export function constantColumns(m: Matrix): string[] {
  const out: string[] = [];
  for (let j = 0; j < m.cols; j++) {
    const first = m.data[j];
    let constant = m.rows > 0;
    for (let i = 1; i < m.rows && constant; i++) {
      if (m.data[i * m.cols + j] !== first) constant = false;
    }
    if (constant) out.push(m.columns[j] ?? `x${j}`);
  }
  return out;
}

/**
 * A percentile of sorted values with numpy's default ("linear")
 * interpolation.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { percentileSorted } from "./scale.ts";
 * equal(percentileSorted(Float64Array.from([1, 2, 3, 4]), 25), 1.75);
 * ```
 */
export function percentileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const t = pos - lo;
  const a = sorted[lo]!, b = sorted[hi]!;
  const diff = b - a;
  // numpy's _lerp: computed from the nearer end for accuracy.
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

function medianSorted(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function nonZeroScale(s: number): number {
  return s < 10 * EPS ? 1 : s;
}

function column(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j]!;
  return out;
}

function checkColumns(model: ScalerModel, m: Matrix): void {
  if (m.cols !== model.columns.length) {
    throw new InputError(
      `Scaler expects ${model.columns.length} columns, got ${m.cols}`,
      { hint: `give the columns ${model.columns.join(", ")}` },
    );
  }
}
