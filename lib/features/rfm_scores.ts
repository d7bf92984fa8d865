/**
 * RFM scores: quintiles 1–5 per dimension, as the common pandas practice
 * computes them, so a score here is the score an analyst gets there:
 *
 * ```python
 * R = pd.qcut(rfm.recency, 5, labels=[5, 4, 3, 2, 1])          # recent = 5
 * F = pd.qcut(rfm.frequency.rank(method="first"), 5, labels=[1, 2, 3, 4, 5])
 * M = pd.qcut(rfm.monetary, 5, labels=[1, 2, 3, 4, 5])
 * ```
 *
 * Bin edges are the 0, 0.2, …, 1 quantiles (linear interpolation, as numpy);
 * a value goes to the first bin whose upper edge it does not exceed. Frequency
 * has many ties (most customers buy once or twice), so it is ranked first,
 * ties broken by row order (customers sorted by id): equal frequencies can
 * get neighbouring scores. When recency or monetary has so many ties that
 * two quintile edges coincide (pandas raises "Bin edges must be unique"),
 * that dimension is ranked first the same way.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { columnValues } from "../column_array.ts";

/** How values become quintiles: by value, or by rank with ties broken by order. */
export type QuintileMethod = "value" | "rank-first";

/** Options for {@link quantileScores}. */
export interface QuantileScoresOptions {
  /** Number of bins, default 5. */
  bins?: number;
  /** "value" (default; falls back to "rank-first" when edges repeat) or "rank-first". */
  method?: QuintileMethod;
  /** Score the lowest values highest (recency: recent = best). */
  reverse?: boolean;
}

/** numpy's linear interpolation between two values (its `_lerp`). */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * The q-quantile of sorted values, as `numpy.percentile(x, 100 * q)` with the
 * default linear method.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { sortedQuantile } from "./rfm_scores.ts";
 * equal(sortedQuantile(Float64Array.from([1, 2, 3, 4]), 0.5), 2.5);
 * ```
 */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  return quantileOf(sorted.length, (k) => sorted[k]!, q);
}

/** The q-quantile of n sorted values, the k-th (from 0) given by `at`: {@link sortedQuantile}'s arithmetic. */
function quantileOf(n: number, at: (k: number) => number, q: number): number {
  if (n === 0) return NaN;
  // pandas hands numpy percentiles (q * 100), which numpy divides back by 100.
  const virtual = (n - 1) * ((q * 100) / 100);
  if (virtual >= n - 1) return at(n - 1);
  if (virtual <= 0) return at(0);
  const lo = Math.floor(virtual);
  return lerp(at(lo), at(lo + 1), virtual - lo);
}

/** Ranks 1..n by value, ties broken by position (pandas `rank(method="first")`). */
export function rankFirst(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  // A value's rank is 1 + the values below it + the equal values before it:
  // the first position of its value in the sorted copy, plus how many equal
  // values came earlier (no sort of indices with a comparator).
  const sorted = Float64Array.from(values).sort();
  const earlier = new Int32Array(n);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let lo = 0, hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = lo + earlier[lo]!++ + 1;
  }
  return ranks;
}

/**
 * Quantile edges as pandas qcut computes them (`np.linspace(0, 1, bins + 1)`)
 * of n sorted values, the k-th (from 0) given by `at`.
 */
function edgesOf(n: number, at: (k: number) => number, bins: number): number[] {
  const step = 1 / bins;
  return Array.from({ length: bins + 1 }, (_, i) => quantileOf(n, at, i === bins ? 1 : i * step));
}

/** Quantile edges of values (sorted on a copy). */
function valueEdges(values: ArrayLike<number>, bins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  return edgesOf(sorted.length, (k) => sorted[k]!, bins);
}

/** Quantile edges of ranks 1..n in any order: sorted, the k-th is k + 1, so no sort is needed. */
function rankEdges(n: number, bins: number): number[] {
  return edgesOf(n, (k) => k + 1, bins);
}

/**
 * Scores 1..bins by quantile bins (pandas `qcut`), optionally reversed.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { quantileScores } from "./rfm_scores.ts";
 * deepEqual(Array.from(quantileScores([10, 20, 30, 40, 50], {})), [1, 2, 3, 4, 5]);
 * deepEqual(Array.from(quantileScores([10, 20, 30, 40, 50], { reverse: true })), [5, 4, 3, 2, 1]);
 * ```
 */
export function quantileScores(
  values: ArrayLike<number>,
  options: QuantileScoresOptions = {},
): Int32Array {
  const bins = options.bins ?? 5;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw new InputError(`Cannot score a missing or infinite value`, { row: i + 1 });
    }
  }
  if (n === 0) return new Int32Array(0);
  let x: ArrayLike<number>, edges: number[];
  if (options.method === "rank-first") {
    x = rankFirst(values);
    edges = rankEdges(n, bins);
  } else {
    x = values;
    edges = valueEdges(values, bins);
    if (new Set(edges).size < edges.length) {
      // Repeated edges: rank first, as frequency always is.
      x = rankFirst(values);
      edges = rankEdges(n, bins);
    }
  }
  const scores = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    // First edge (1..bins) the value does not exceed; the lowest edge belongs to bin 1.
    let b = 1;
    while (b < bins && v > edges[b]!) b++;
    scores[i] = options.reverse ? bins + 1 - b : b;
  }
  return scores;
}

/** Options for {@link scoreRFM}. */
export interface ScoreRFMOptions {
  /** Method per dimension (defaults: recency and monetary "value", frequency "rank-first"). */
  methods?: { recency?: QuintileMethod; frequency?: QuintileMethod; monetary?: QuintileMethod };
}

/**
 * Add `r_score`, `f_score`, `m_score` (1–5) and `rfm_score` ("551") to a
 * table with recency, frequency and monetary columns.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { scoreRFM } from "./rfm_scores.ts";
 * const t = scoreRFM(aq.table({ recency: [1, 50, 300, 20, 90], frequency: [9, 2, 1, 4, 1], monetary: [900, 50, 10, 300, 40] }));
 * equal(t.array("rfm_score")[0], "555");
 * ```
 */
export function scoreRFM(table: ColumnTable, options: ScoreRFMOptions = {}): ColumnTable {
  for (const name of ["recency", "frequency", "monetary"]) {
    if (!table.columnNames().includes(name)) {
      throw new InputError(`Column not found: "${name}"`, {
        hint: "score a table made by aggregateRFM or transactionsToRFM",
      });
    }
  }
  const col = (name: string) => Float64Array.from(columnValues(table, name) as ArrayLike<number>);
  const m = options.methods ?? {};
  const r = quantileScores(col("recency"), { method: m.recency ?? "value", reverse: true });
  const f = quantileScores(col("frequency"), { method: m.frequency ?? "rank-first" });
  const mo = quantileScores(col("monetary"), { method: m.monetary ?? "value" });
  // Each code ("551") is made once and shared by the customers who have it.
  const made = new Map<number, string>();
  const code = Array.from(r, (v, i) => {
    const key = (v * 64 + f[i]!) * 64 + mo[i]!;
    let text = made.get(key);
    if (text === undefined) made.set(key, text = `${v}${f[i]}${mo[i]}`);
    return text;
  });
  return table.assign({ r_score: r, f_score: f, m_score: mo, rfm_score: code });
}
