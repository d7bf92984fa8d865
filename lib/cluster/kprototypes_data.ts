/**
 * The rows as k-prototypes sees them, and its dissimilarity: squared
 * Euclidean distance on the numeric columns plus `gamma` × the number of text
 * columns that differ from the prototype.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { assertFiniteMatrix } from "../check_input.ts";
import type { Matrix } from "../matrix.ts";
import { type CategoricalMatrix, checkCategorical } from "./categorical_matrix.ts";

/** The rows as the algorithm sees them. */
export interface Data {
  n: number;
  /** Numeric and categorical column counts. */
  p: number;
  m: number;
  x: Float64Array;
  codes: Int32Array;
  gamma: number;
  /** Levels per categorical column, where each column's counts start, and their total. */
  levelCounts: Int32Array;
  offsets: Int32Array;
  totalLevels: number;
}

/** Check both parts of the rows and hold them as the algorithm reads them. */
export function checkData(numeric: Matrix, categorical: CategoricalMatrix, what: string): Data {
  const p = numeric.cols, m = categorical.cols;
  if (p === 0 && m === 0) {
    throw new InputError(`No columns for ${what}`, {
      hint: "give at least one numeric or categorical column",
    });
  }
  const n = p > 0 ? numeric.rows : categorical.rows;
  if (p > 0 && m > 0 && numeric.rows !== categorical.rows) {
    throw new InputError(
      `Numeric and categorical parts differ in rows for ${what}: ${numeric.rows} and ${categorical.rows}`,
      { hint: "give both parts for the same rows, in the same order" },
    );
  }
  if (n === 0) throw new InputError(`No data rows for ${what}`);
  if (p > 0) assertFiniteMatrix(numeric, what);
  if (m > 0) checkCategorical(categorical, what);
  const levelCounts = new Int32Array(m), offsets = new Int32Array(m);
  let totalLevels = 0;
  for (let j = 0; j < m; j++) {
    offsets[j] = totalLevels;
    levelCounts[j] = categorical.levels[j]!.length;
    totalLevels += levelCounts[j]!;
  }
  return {
    n,
    p,
    m,
    x: p > 0 ? numeric.data : new Float64Array(0),
    codes: m > 0 ? categorical.codes : new Int32Array(0),
    gamma: 0,
    levelCounts,
    offsets,
    totalLevels,
  };
}
/** Column means and population standard deviations of the numeric part. */
export function columnMeanStd(data: Data): { mean: Float64Array; std: Float64Array } {
  const { n, p, x } = data;
  const mean = new Float64Array(p), std = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j]! += x[i * p + j]!;
  for (let j = 0; j < p; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const v = x[i * p + j]! - mean[j]!;
      std[j]! += v * v;
    }
  }
  for (let j = 0; j < p; j++) std[j] = Math.sqrt(std[j]! / n);
  return { mean, std };
}

/** kmodes' default: half the mean standard deviation of the numeric columns. */
export function defaultGamma(std: Float64Array, p: number): number {
  if (p === 0) return 1;
  let s = 0;
  for (let j = 0; j < p; j++) s += std[j]!;
  return 0.5 * (s / p);
}

/**
 * The number of distinct rows as the dissimilarity sees them (categorical
 * values only count when gamma > 0), counting no further than `limit`.
 */
export function countDistinct(data: Data, limit: number): number {
  const seen = new Set<string>();
  for (let i = 0; i < data.n && seen.size <= limit; i++) seen.add(rowKey(data, i));
  return seen.size;
}

export function rowKey(data: Data, i: number): string {
  const { p, m } = data;
  const num = Array.from(data.x.subarray(i * p, (i + 1) * p)).join(",");
  return data.gamma > 0 ? `${num}|${Array.from(data.codes.subarray(i * m, (i + 1) * m))}` : num;
}

/** Dissimilarity of row `i` to prototype `c`. */
export function dissimilarity(
  data: Data,
  centNum: Float64Array,
  centCat: Int32Array,
  c: number,
  i: number,
): number {
  const { p, m, x, codes } = data;
  let num = 0;
  for (let j = 0; j < p; j++) {
    const v = x[i * p + j]! - centNum[c * p + j]!;
    num += v * v;
  }
  let mismatches = 0;
  for (let j = 0; j < m; j++) mismatches += +(codes[i * m + j] !== centCat[c * m + j]);
  return num + data.gamma * mismatches;
}

/** The nearest prototype of row `i` (first on ties); its dissimilarity goes to `out[0]`. */
export function nearest(
  data: Data,
  centNum: Float64Array,
  centCat: Int32Array,
  k: number,
  i: number,
  out: Float64Array,
): number {
  const { p, m, x, codes, gamma } = data;
  const row = i * p, crow = i * m;
  let best = 0, bestD = Infinity;
  for (let c = 0; c < k; c++) {
    let num = 0;
    const off = c * p;
    for (let j = 0; j < p; j++) {
      const v = x[row + j]! - centNum[off + j]!;
      num += v * v;
    }
    let mismatches = 0;
    const coff = c * m;
    for (let j = 0; j < m; j++) mismatches += +(codes[crow + j] !== centCat[coff + j]);
    const d = num + gamma * mismatches;
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  out[0] = bestD;
  return best;
}
