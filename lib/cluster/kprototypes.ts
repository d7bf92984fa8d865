/**
 * K-prototypes clustering (Huang 1997) for mixed numeric and categorical
 * data, with the semantics of the Python `kmodes` package's `KPrototypes`:
 * the dissimilarity of a row to a prototype is the squared Euclidean distance
 * on the numeric columns plus `gamma` × the number of categorical columns
 * that differ; a prototype is the mean of its rows' numeric values and the
 * mode of each categorical column, kept up to date as kmodes keeps it (a row
 * joining a cluster changes the mode only when its level now outnumbers the
 * mode; a mode that loses a row is recounted, ties to the lowest level code).
 *
 * As in kmodes, each run starts from categorical prototypes chosen by Cao's
 * density method (deterministic) or Huang's frequency sampling, with numeric
 * prototypes drawn as column mean + standard deviation × a normal draw;
 * a start that leaves a cluster empty is drawn again (after 20 tries, k
 * distinct rows are taken, which fills every cluster; kmodes draws random
 * rows instead). Iterations move rows one at a time to
 * their nearest prototype, updating the two prototypes concerned at once;
 * a cluster left empty takes a random row of the largest cluster (and, unlike
 * kmodes, which leaves its numeric prototype at 0 until the next move, takes
 * that row's values as its prototype at once). A run stops
 * when no row moves, when the cost stops falling, or after `maxIter` passes;
 * the run with the lowest cost of `nInit` is kept, with each row labelled by
 * its nearest prototype. The random draws are our own seeded ones, so results
 * match kmodes in cost, not draw for draw.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { createRandom } from "../random.ts";
import type { Matrix } from "../matrix.ts";
import { type CategoricalMatrix } from "./categorical_matrix.ts";
import {
  checkData,
  columnMeanStd,
  countDistinct,
  type Data,
  defaultGamma,
  dissimilarity,
  nearest,
} from "./kprototypes_data.ts";
import { initCao } from "./kprototypes_init.ts";
import { runOnce, type RunResult } from "./kprototypes_run.ts";

export { categoricalFromRows, type CategoricalMatrix } from "./categorical_matrix.ts";

/** Options for {@link fitKPrototypes}. */
export interface KPrototypesOptions {
  /** Number of clusters (1 ≤ k ≤ number of distinct rows). */
  k: number;
  /**
   * Weight of one categorical mismatch against squared numeric distance
   * (default, as kmodes: 0.5 × the mean population standard deviation of the
   * numeric columns; 1 when there are no numeric columns).
   */
  gamma?: number;
  /** How the categorical prototypes start (default "cao"). */
  init?: "cao" | "huang";
  /** Number of runs; the one with the lowest cost is kept (default 10). */
  nInit?: number;
  /** Maximum passes over the rows per run (default 100). */
  maxIter?: number;
  /** Seed for the random draws (default 0). */
  seed?: number;
}

/** A fitted k-prototypes model, plain JSON: numeric prototypes in the units of the fitted matrix. */
export interface KPrototypesModel {
  kind: "kprototypes";
  k: number;
  gamma: number;
  init: "cao" | "huang";
  numericColumns: string[];
  categoricalColumns: string[];
  /** Levels of each categorical column; prototype codes index these. */
  levels: string[][];
  centroidsNumeric: number[][];
  /** Level codes per cluster, one per categorical column. */
  centroidsCategorical: number[][];
}

/** The result of {@link fitKPrototypes}. */
export interface KPrototypesFit {
  model: KPrototypesModel;
  /** Nearest prototype of each row (ties to the lower cluster number). */
  labels: Int32Array;
  /** Sum over rows of the dissimilarity to their prototype. */
  cost: number;
  /** Passes over the rows in the kept run. */
  iterations: number;
  /** Number of runs made. */
  nInit: number;
}

/**
 * Fit k-prototypes on numeric and categorical columns of the same rows.
 * Either part may have no columns (k-means-like or k-modes-like clustering).
 *
 * @example
 * ```ts
 * import { equal, ok } from "node:assert/strict";
 * import { categoricalFromRows, fitKPrototypes } from "./kprototypes.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const numeric = matrixFromRows([[0], [1], [10], [11]], ["spend"]);
 * const categorical = categoricalFromRows([["a"], ["a"], ["b"], ["b"]], ["region"]);
 * const fit = fitKPrototypes(numeric, categorical, { k: 2, seed: 1 });
 * equal(fit.cost, 1);
 * ok(fit.labels[0] === fit.labels[1] && fit.labels[1] !== fit.labels[2]);
 * ```
 */
export function fitKPrototypes(
  numeric: Matrix,
  categorical: CategoricalMatrix,
  options: KPrototypesOptions,
): KPrototypesFit {
  const { k } = options;
  const init = options.init ?? "cao";
  const nInit = options.nInit ?? 10;
  const maxIter = options.maxIter ?? 100;
  const seed = options.seed ?? 0;
  const data = checkData(numeric, categorical, "k-prototypes");
  const { n, p } = data;
  const numericStats = columnMeanStd(data);
  const gamma = options.gamma ?? defaultGamma(numericStats.std, p);
  checkOptions(n, { k, gamma, init, nInit, maxIter, seed });
  data.gamma = gamma;
  const distinct = countDistinct(data, k);
  if (distinct < k) {
    throw new InputError(
      `k is larger than the number of distinct rows: k = ${k}, ${distinct} distinct`,
      {
        hint: gamma === 0 && data.m > 0
          ? `choose k ≤ ${distinct}; with gamma 0 only the numeric columns tell rows apart`
          : `choose k ≤ ${distinct}`,
      },
    );
  }

  const master = createRandom(seed);
  const cao = init === "cao" ? initCao(data, k) : undefined;
  let best: RunResult | undefined;
  for (let run = 0; run < nInit; run++) {
    const random = createRandom(master.int(2147483647));
    const result = runOnce(data, { k, maxIter, cao, stats: numericStats, random, distinct });
    if (best === undefined || result.cost < best.cost) best = result;
  }
  const result = best!;
  const { m } = data;
  const centroidsNumeric: number[][] = [];
  const centroidsCategorical: number[][] = [];
  for (let c = 0; c < k; c++) {
    centroidsNumeric.push(Array.from(result.centNum.subarray(c * p, (c + 1) * p)));
    centroidsCategorical.push(Array.from(result.centCat.subarray(c * m, (c + 1) * m)));
  }
  return {
    model: {
      kind: "kprototypes",
      k,
      gamma,
      init,
      numericColumns: [...numeric.columns.slice(0, p)],
      categoricalColumns: [...categorical.columns.slice(0, m)],
      levels: categorical.levels.slice(0, m).map((l) => [...l]),
      centroidsNumeric,
      centroidsCategorical,
    },
    labels: result.labels,
    cost: result.cost,
    iterations: result.iterations,
    nInit,
  };
}

/**
 * Label each row with its nearest prototype (the lower cluster number on
 * ties). Categorical values are matched to the model's levels by name; a
 * level the model never saw differs from every prototype.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { assignKPrototypes, categoricalFromRows, fitKPrototypes } from "./kprototypes.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const fit = fitKPrototypes(
 *   matrixFromRows([[0], [1], [10], [11]]),
 *   categoricalFromRows([["a"], ["a"], ["b"], ["b"]]),
 *   { k: 2 },
 * );
 * const labels = assignKPrototypes(fit.model, matrixFromRows([[10.5]]), categoricalFromRows([["b"]]));
 * ok(labels[0] === fit.labels[2]);
 * ```
 */
export function assignKPrototypes(
  model: KPrototypesModel,
  numeric: Matrix,
  categorical: CategoricalMatrix,
): Int32Array {
  const { data, centNum, centCat } = prepareForModel(model, numeric, categorical);
  const labels = new Int32Array(data.n);
  const out = new Float64Array(1);
  for (let i = 0; i < data.n; i++) labels[i] = nearest(data, centNum, centCat, model.k, i, out);
  return labels;
}

/**
 * The k-prototypes cost of rows under a model: the sum of each row's
 * dissimilarity to its prototype, given by `labels` or else the nearest.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { categoricalFromRows, fitKPrototypes, kPrototypesCost } from "./kprototypes.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const numeric = matrixFromRows([[0], [1], [10], [11]]);
 * const categorical = categoricalFromRows([["a"], ["a"], ["b"], ["b"]]);
 * const fit = fitKPrototypes(numeric, categorical, { k: 2 });
 * ok(kPrototypesCost(fit.model, numeric, categorical) === fit.cost);
 * ```
 */
export function kPrototypesCost(
  model: KPrototypesModel,
  numeric: Matrix,
  categorical: CategoricalMatrix,
  labels?: ArrayLike<number>,
): number {
  const { data, centNum, centCat } = prepareForModel(model, numeric, categorical);
  const { n, k } = { n: data.n, k: model.k };
  if (labels !== undefined && labels.length !== n) {
    throw new InputError(`Labels do not match the data: ${labels.length} labels for ${n} rows`, {
      hint: "give one label per row",
    });
  }
  const out = new Float64Array(1);
  let cost = 0;
  for (let i = 0; i < n; i++) {
    if (labels === undefined) {
      nearest(data, centNum, centCat, k, i, out);
      cost += out[0]!;
    } else {
      const c = labels[i]!;
      if (!Number.isInteger(c) || c < 0 || c >= k) {
        throw new InputError(`Label out of range: ${c}`, {
          row: i + 1,
          hint: `labels are cluster numbers 0 to ${k - 1}`,
        });
      }
      cost += dissimilarity(data, centNum, centCat, c, i);
    }
  }
  return cost;
}

function checkOptions(
  n: number,
  o: { k: number; gamma: number; init: string; nInit: number; maxIter: number; seed: number },
): void {
  if (!Number.isInteger(o.k) || o.k < 1) {
    throw new InputError(`Number of clusters must be a whole number of at least 1: k = ${o.k}`);
  }
  if (o.k > n) {
    throw new InputError(`Fewer rows than clusters: ${n} rows for k = ${o.k}`, {
      hint: `choose k ≤ ${n} or give more rows`,
    });
  }
  if (!Number.isFinite(o.gamma) || o.gamma < 0) {
    throw new InputError(`Gamma must be a finite number ≥ 0: gamma = ${o.gamma}`);
  }
  if (o.init !== "cao" && o.init !== "huang") {
    throw new InputError(`Unknown initialisation: "${o.init}"`, { hint: 'use "cao" or "huang"' });
  }
  if (!Number.isInteger(o.nInit) || o.nInit < 1) {
    throw new InputError(
      `Number of initialisations must be a whole number of at least 1: nInit = ${o.nInit}`,
    );
  }
  if (!Number.isInteger(o.maxIter) || o.maxIter < 1) {
    throw new InputError(
      `Maximum iterations must be a whole number of at least 1: maxIter = ${o.maxIter}`,
    );
  }
  if (!Number.isInteger(o.seed)) {
    throw new InputError(`Seed must be a whole number: seed = ${o.seed}`);
  }
}

/** The model's prototypes as typed arrays and the rows checked against the model's columns. */
function prepareForModel(
  model: KPrototypesModel,
  numeric: Matrix,
  categorical: CategoricalMatrix,
): { data: Data; centNum: Float64Array; centCat: Int32Array } {
  const p = model.numericColumns.length, m = model.categoricalColumns.length, k = model.k;
  if (numeric.cols !== p || categorical.cols !== m) {
    throw new InputError(
      `K-prototypes model expects ${p} numeric and ${m} categorical columns, got ${numeric.cols} and ${categorical.cols}`,
      {
        hint: `give the columns ${
          [...model.numericColumns, ...model.categoricalColumns].join(", ")
        }`,
      },
    );
  }
  const data = checkData(numeric, categorical, "assigning segments");
  data.gamma = model.gamma;
  // Codes of the new rows in the model's levels (-1 for a level the model never saw).
  if (m > 0) {
    const remaps = categorical.levels.map((levels, j) => {
      const index = new Map(model.levels[j]!.map((v, c) => [v, c]));
      return Int32Array.from(levels, (v) => index.get(v) ?? -1);
    });
    if (remaps.some((r, j) => r.length !== model.levels[j]!.length || r.some((v, c) => v !== c))) {
      const codes = new Int32Array(data.codes.length);
      for (let i = 0; i < data.n; i++) {
        for (let j = 0; j < m; j++) codes[i * m + j] = remaps[j]![data.codes[i * m + j]!]!;
      }
      data.codes = codes;
    }
  }
  const centNum = new Float64Array(k * p), centCat = new Int32Array(k * m);
  for (let c = 0; c < k; c++) {
    centNum.set(model.centroidsNumeric[c]!, c * p);
    centCat.set(model.centroidsCategorical[c]!, c * m);
  }
  return { data, centNum, centCat };
}
