/**
 * Text columns as level codes, the form k-prototypes clusters them in: a
 * row-major code per cell indexing its column's levels.
 *
 * @module
 */
import { InputError } from "../errors.ts";

/**
 * Categorical columns as level codes: row-major `codes`, where a code indexes
 * `levels[column]`. Missing values (code −1) are not allowed: impute first.
 */
export interface CategoricalMatrix {
  codes: Int32Array;
  rows: number;
  cols: number;
  columns: string[];
  levels: string[][];
}

/**
 * A categorical matrix from rows of strings; each column's levels are its
 * distinct values in sorted order (as kmodes encodes them).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { categoricalFromRows } from "./categorical_matrix.ts";
 * const c = categoricalFromRows([["b", "x"], ["a", "x"]], ["letter", "mark"]);
 * deepEqual(c.levels[0], ["a", "b"]);
 * deepEqual(Array.from(c.codes), [1, 0, 0, 0]);
 * ```
 */
export function categoricalFromRows(rows: string[][], columns?: string[]): CategoricalMatrix {
  const cols = rows[0]?.length ?? columns?.length ?? 0;
  const names = columns ?? Array.from({ length: cols }, (_, j) => `c${j}`);
  if (names.length !== cols) {
    throw new InputError(`Categorical rows have ${cols} values but ${names.length} column names`);
  }
  rows.forEach((row, i) => {
    if (row.length !== cols) {
      throw new InputError(`Row ${i + 1} has ${row.length} values, expected ${cols}`);
    }
  });
  const levels: string[][] = [];
  const codes = new Int32Array(rows.length * cols);
  for (let j = 0; j < cols; j++) {
    const distinct = [...new Set(rows.map((row) => row[j]!))].sort();
    const index = new Map(distinct.map((v, c) => [v, c]));
    rows.forEach((row, i) => codes[i * cols + j] = index.get(row[j]!)!);
    levels.push(distinct);
  }
  return { codes, rows: rows.length, cols, columns: [...names], levels };
}

/** Throw unless the codes fit the shape and index their columns' levels (no missing values). */
export function checkCategorical(c: CategoricalMatrix, what: string): void {
  if (c.codes.length !== c.rows * c.cols) {
    throw new InputError(
      `Categorical codes have ${c.codes.length} values, expected ${c.rows} × ${c.cols}`,
    );
  }
  if (c.columns.length !== c.cols || c.levels.length !== c.cols) {
    throw new InputError(
      `Categorical matrix has ${c.cols} columns but ${c.columns.length} names and ${c.levels.length} level lists`,
      { hint: "give one name and one list of levels per column" },
    );
  }
  for (let i = 0; i < c.rows; i++) {
    for (let j = 0; j < c.cols; j++) {
      const v = c.codes[i * c.cols + j]!;
      if (v < 0 || v >= c.levels[j]!.length) {
        throw new InputError(
          v === -1
            ? `Missing categorical value in the data for ${what}`
            : `Level code out of range in the data for ${what}: ${v}`,
          {
            column: c.columns[j],
            row: i + 1,
            hint: v === -1
              ? "fill missing values before clustering (e.g. with the most frequent level)"
              : `codes index the column's ${c.levels[j]!.length} levels`,
          },
        );
      }
    }
  }
}
