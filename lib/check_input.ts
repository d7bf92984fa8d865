/**
 * Shared input checks for the numeric routines: finite values, label arrays
 * of the right length, k within range. Each failure is an {@link InputError}
 * naming the column and (1-based) row.
 *
 * @module
 */
import { InputError } from "./errors.ts";
import type { Matrix } from "./matrix.ts";

/**
 * Throw when the matrix is empty or holds a NaN or infinite value.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { assertFiniteMatrix } from "./check_input.ts";
 * import { matrixFromRows } from "./matrix.ts";
 * assertFiniteMatrix(matrixFromRows([[1, 2]]), "k-means"); // finite: no error
 * throws(() => assertFiniteMatrix(matrixFromRows([[1, NaN]]), "k-means"), { name: "InputError" });
 * ```
 */
export function assertFiniteMatrix(m: Matrix, what: string): void {
  if (m.rows === 0 || m.cols === 0) {
    throw new InputError(
      `No data for ${what}: the matrix has ${m.rows} rows and ${m.cols} columns`,
      {
        hint: "give at least one row and one numeric feature",
      },
    );
  }
  if (m.data.length !== m.rows * m.cols) {
    throw new InputError(
      `Matrix data has ${m.data.length} values, expected ${m.rows} × ${m.cols}`,
    );
  }
  const data = m.data;
  for (let p = 0; p < data.length; p++) {
    const v = data[p]!;
    if (v - v !== 0) {
      const row = Math.floor(p / m.cols);
      const col = p % m.cols;
      throw new InputError(
        `Value is ${Number.isNaN(v) ? "missing (NaN)" : "infinite"} in the data for ${what}`,
        {
          column: m.columns[col] ?? `x${col}`,
          row: row + 1,
          hint: "fill or drop missing values before clustering",
        },
      );
    }
  }
}

/** Labels as a dense encoding 0..q-1 of the distinct values, in increasing order of value. */
export interface EncodedLabels {
  codes: Int32Array;
  /** Number of distinct labels. */
  count: number;
  /** Size of each encoded cluster. */
  sizes: Float64Array;
}

/**
 * Check labels (one per row, integers) and encode them densely, like
 * scikit-learn's LabelEncoder.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { encodeLabels } from "./check_input.ts";
 * equal(encodeLabels([5, 2, 5], 3, "silhouette").count, 2);
 * ```
 */
export function encodeLabels(
  labels: ArrayLike<number>,
  rows: number,
  what: string,
): EncodedLabels {
  if (labels.length !== rows) {
    throw new InputError(
      `Labels do not match the data for ${what}: ${labels.length} labels for ${rows} rows`,
      {
        hint: "give one label per row",
      },
    );
  }
  const distinct = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v)) {
      throw new InputError(`Label is not an integer for ${what}: ${v}`, { row: i + 1 });
    }
    distinct.set(v, 0);
  }
  const values = [...distinct.keys()].sort((a, b) => a - b);
  values.forEach((v, c) => distinct.set(v, c));
  const codes = new Int32Array(rows);
  const sizes = new Float64Array(values.length);
  for (let i = 0; i < rows; i++) {
    const c = distinct.get(labels[i]!)!;
    codes[i] = c;
    sizes[c]! += 1;
  }
  return { codes, count: values.length, sizes };
}

/**
 * Throw unless 2 ≤ number of clusters ≤ rows − 1 (where the cluster
 * metrics are defined, as in scikit-learn).
 */
export function assertClusterCount(count: number, rows: number, what: string): void {
  if (count < 2) {
    throw new InputError(`${what} undefined: one cluster`, {
      hint: "a score comparing clusters needs at least two clusters",
    });
  }
  if (count > rows - 1) {
    throw new InputError(`${what} undefined: ${count} clusters for ${rows} rows`, {
      hint: "the number of clusters must be at most the number of rows minus one",
    });
  }
}
