/**
 * Missing values: count them per column, and move numeric columns with gaps
 * into a matrix (gaps as NaN) and back, for imputation.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { createMatrix, type Matrix } from "../matrix.ts";

/** True for null, undefined, NaN and blank text. */
export function isMissing(value: unknown): boolean {
  return value === null || value === undefined ||
    (typeof value === "number" && Number.isNaN(value)) ||
    (typeof value === "string" && value.trim() === "");
}

/**
 * Missing values per column: column, missing, share (0–1).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { missingSummary } from "./missing.ts";
 * deepEqual(missingSummary(aq.table({ a: [1, null], b: [1, 2] })).array("missing"), [1, 0]);
 * ```
 */
export function missingSummary(table: ColumnTable, columns?: readonly string[]): ColumnTable {
  const names = columns ?? table.columnNames();
  const n = table.numRows();
  const missing = names.map((name) => {
    const values = table.array(name) as ArrayLike<unknown>;
    let count = 0;
    for (let i = 0; i < n; i++) if (isMissing(values[i])) count++;
    return count;
  });
  return aq.table({
    column: [...names],
    missing,
    share: missing.map((m) => (n === 0 ? 0 : m / n)),
  });
}

/**
 * Numeric columns as a matrix with missing values as NaN. Non-numeric text is
 * an {@link InputError} naming the column and row.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { matrixWithMissing } from "./missing.ts";
 * deepEqual(Array.from(matrixWithMissing(aq.table({ a: [1, null] }), ["a"]).data), [1, NaN]);
 * ```
 */
export function matrixWithMissing(
  table: ColumnTable,
  columns: readonly string[],
  options: { file?: string } = {},
): Matrix {
  const m = createMatrix(table.numRows(), columns.length, [...columns]);
  columns.forEach((name, j) => {
    if (!table.columnNames().includes(name)) {
      throw new InputError(`Column not found: "${name}"`, {
        file: options.file,
        hint: `available columns: ${table.columnNames().join(", ")}`,
      });
    }
    const values = table.array(name) as ArrayLike<unknown>;
    for (let i = 0; i < m.rows; i++) {
      const v = values[i];
      let x: number;
      if (isMissing(v)) x = NaN;
      else if (typeof v === "number") x = v;
      else if (typeof v === "boolean") x = v ? 1 : 0;
      else if (typeof v === "bigint") x = Number(v);
      else {
        throw new InputError(`Non-numeric value ${JSON.stringify(String(v))}`, {
          file: options.file,
          column: name,
          row: i + 1,
          hint: "convert the column to numbers before imputing",
        });
      }
      if (x === Infinity || x === -Infinity) {
        throw new InputError("Value is infinite", { file: options.file, column: name, row: i + 1 });
      }
      m.data[i * m.cols + j] = x;
    }
  });
  return m;
}

/** Replace a table's columns with the matrix's columns (NaN becomes null). */
export function assignMatrix(table: ColumnTable, m: Matrix): ColumnTable {
  const out: Record<string, (number | null)[]> = {};
  m.columns.forEach((name, j) => {
    const values = new Array<number | null>(m.rows);
    for (let i = 0; i < m.rows; i++) {
      const x = m.data[i * m.cols + j]!;
      values[i] = Number.isNaN(x) ? null : x;
    }
    out[name] = values;
  });
  return table.assign(aq.table(out));
}
