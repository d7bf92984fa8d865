/**
 * The numeric matrix every algorithm works on: row-major values in a
 * Float64Array with named columns. Hot loops run over `data` directly.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "./errors.ts";
import { columnValues } from "./column_array.ts";

/** A dense row-major matrix with column names. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
  columns: string[];
}

/**
 * A zero-filled matrix.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { createMatrix } from "./matrix.ts";
 * equal(createMatrix(2, 3).data.length, 6);
 * ```
 */
export function createMatrix(rows: number, cols: number, columns?: string[]): Matrix {
  return {
    data: new Float64Array(rows * cols),
    rows,
    cols,
    columns: columns ?? Array.from({ length: cols }, (_, j) => `x${j}`),
  };
}

/**
 * A matrix from an array of rows (handy in tests and small examples).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "./matrix.ts";
 * deepEqual(Array.from(matrixFromRows([[1, 2], [3, 4]], ["a", "b"]).data), [1, 2, 3, 4]);
 * ```
 */
export function matrixFromRows(rows: ArrayLike<number>[], columns?: string[]): Matrix {
  const cols = rows[0]?.length ?? columns?.length ?? 0;
  const m = createMatrix(rows.length, cols, columns);
  rows.forEach((row, i) => {
    if (row.length !== cols) {
      throw new InputError(`Row ${i + 1} has ${row.length} values, expected ${cols}`);
    }
    for (let j = 0; j < cols; j++) m.data[i * cols + j] = row[j]!;
  });
  return m;
}

/** The matrix as an array of row arrays. */
export function matrixToRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) {
    out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  }
  return out;
}

/**
 * The given rows (0-based, in the order given) as a new matrix.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows, matrixRowsAt } from "./matrix.ts";
 * deepEqual(Array.from(matrixRowsAt(matrixFromRows([[1, 2], [3, 4], [5, 6]]), [2, 0]).data), [5, 6, 1, 2]);
 * ```
 */
export function matrixRowsAt(m: Matrix, rows: ArrayLike<number>): Matrix {
  const out = createMatrix(rows.length, m.cols, [...m.columns]);
  for (let p = 0; p < rows.length; p++) {
    const r = rows[p]!;
    out.data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), p * m.cols);
  }
  return out;
}

/** One column as a new Float64Array. */
export function matrixColumn(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j]!;
  return out;
}

/** Options for {@link matrixFromTable}. */
export interface MatrixFromTableOptions {
  /** Source name for error messages. */
  file?: string;
  /** Missing cells become NaN instead of an error (profiles of columns with blanks). */
  allowMissing?: boolean;
}

/**
 * Take numeric columns of a table into a matrix. Missing, non-numeric or
 * infinite values are an {@link InputError} naming the column and the
 * (1-based) row, and an unknown column lists the ones available.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { matrixFromTable } from "./matrix.ts";
 * const m = matrixFromTable(aq.table({ age: [30, 41], income: [40, 52] }), ["age", "income"]);
 * equal(m.rows, 2);
 * ```
 */
export function matrixFromTable(
  table: ColumnTable,
  columns: string[],
  options: MatrixFromTableOptions = {},
): Matrix {
  const available = table.columnNames();
  if (columns.length === 0) {
    throw new InputError("No features given", {
      file: options.file,
      hint: "name at least one numeric column",
    });
  }
  for (const name of columns) {
    if (!available.includes(name)) {
      throw new InputError(`Column not found: "${name}"`, {
        file: options.file,
        hint: `available columns: ${available.join(", ")}`,
      });
    }
  }
  const rows = table.numRows();
  if (rows === 0) {
    throw new InputError("No data rows", {
      file: options.file,
      hint: "the table has a header but no rows",
    });
  }
  const m = createMatrix(rows, columns.length, [...columns]);
  columns.forEach((name, j) => {
    const values = columnValues(table, name);
    for (let i = 0; i < rows; i++) {
      const v = values[i];
      let x: number;
      if (typeof v === "number") x = v;
      else if (typeof v === "bigint") x = Number(v);
      else if (typeof v === "boolean") x = v ? 1 : 0;
      else if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) {
        x = Number(v);
      } else if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) {
        if (options.allowMissing) {
          m.data[i * m.cols + j] = NaN;
          continue;
        }
        throw new InputError("Missing value", {
          file: options.file,
          column: name,
          row: i + 1,
          hint: "fill or drop missing values before clustering (or impute them)",
        });
      } else {
        throw new InputError(`Non-numeric value ${JSON.stringify(String(v))}`, {
          file: options.file,
          column: name,
          row: i + 1,
          hint: "pick numeric columns as features, or clean this column first",
        });
      }
      if (!Number.isFinite(x)) {
        if (options.allowMissing && Number.isNaN(x)) {
          m.data[i * m.cols + j] = NaN;
          continue;
        }
        throw new InputError(`Value is ${Number.isNaN(x) ? "missing (NaN)" : "infinite"}`, {
          file: options.file,
          column: name,
          row: i + 1,
          hint: "fill or drop missing values before clustering",
        });
      }
      m.data[i * m.cols + j] = x;
    }
  });
  return m;
}
