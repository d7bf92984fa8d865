/**
 * A saved segmentation as one SQL `SELECT`: the model's preparation (fills,
 * dates as days, log transforms, one-hot levels with the pooled rare ones),
 * its scaler and its clustering (nearest centre, nearest prototype or most
 * probable mixture component) written out for an engine, so that every row
 * of a table is labelled where the data lives. The query reads the table
 * (columns as in the training file) and returns every column plus `cluster`
 * and `segment_name`.
 *
 * The arithmetic is the in-memory code's, operation for operation (the
 * same sums in the same order, constants computed here once in float64), so
 * labels differ only where the engine's logarithm or exponential differs
 * from JavaScript's in the last bit *and* a row lies that close to a tie.
 * Ties go to the lower segment number, as in memory.
 *
 * Where the in-memory code refuses a row (text in a number column, a date
 * that is not a calendar date), SQL cannot stop the query portably:
 * `Infinity` and `NaN` count as missing (filled as a blank), as does other
 * text in a number column in DuckDB and Spark (`TRY_CAST`; PostgreSQL stops
 * with its cast error), and an impossible date is the engine's error. Rows the model leaves
 * out (`--missing drop`, or a blank where the model has no fill) get a NULL
 * `cluster`.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { segmentNameOf } from "../segment_names.ts";
import { finiteOrNull, type SqlDialect } from "../sql/dialect.ts";
import { OTHER_LEVEL, type PreparationStep } from "../prepare/preparation.ts";
import type { CentroidModel } from "../cluster/centroids.ts";
import type { KPrototypesModel } from "../cluster/kprototypes.ts";
import { type GMMModel, mixtureState } from "../cluster/gmm.ts";
import { LOG_2PI, packedSize } from "../cluster/gmm_em.ts";
import { checkModel, type SegmentationModel } from "./segmentation_model.ts";
import { labelColumns } from "./outputs.ts";

/** How a column is stored in the engine: numbers, or anything else (read from its text). */
export type ColumnStorage = "number" | "text";

/** Options for {@link assignSQL}. */
export interface AssignSQLOptions {
  /** The engine's dialect. */
  dialect: SqlDialect;
  /** The table read (default `customers`; `schema.table` is quoted part by part). */
  table?: string;
  /**
   * How the model's columns are stored, when known (a database's own types):
   * number columns are cast directly, others are read from their text
   * (trimmed; blank is missing). Default: read every column from its text,
   * which works whatever the types.
   */
  columns?: Readonly<Record<string, ColumnStorage>>;
  /** The table's column names, when known: `cluster` and `segment_name` then avoid the table's own. */
  tableColumns?: readonly string[];
}

/** Algorithms assigned by the nearest centre (as `nearestCentre` in memory). */
const CENTROID_ALGORITHMS = new Set(["kmeans", "dbscan", "agglomerative"]);

const ISO_DATE =
  "^([0-9]{4})-([0-9]{2})-([0-9]{2})([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?Z?)?$";
const DMY_DATE =
  "^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?$";

/** Helper columns of the query; a prefix no customer file uses. */
const H = "__seg_";

/**
 * The SQL that labels every row of a table with a saved model.
 *
 * @example
 * ```ts
 * import { equal, ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitSegmentation } from "./segmentation.ts";
 * import { assignSQL } from "./model_sql.ts";
 * import { DUCKDB } from "../sql/duckdb_dialect.ts";
 * import { queryColumns } from "../io/duckdb.ts";
 * const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
 * const { model, labels } = fitSegmentation(t, { features: ["a", "b"], k: 2, seed: 1 });
 * const sql = assignSQL(model, { dialect: DUCKDB, table: "t" });
 * ok(sql.includes('FROM "t"'));
 * const rows = "(1, 1), (1.2, 0.8), (0.9, 1.1), (8, 5), (8.1, 5.2), (7.9, 4.9)";
 * const result = await queryColumns(`WITH t(a, b) AS (VALUES ${rows}) ${sql}`);
 * equal(result.cluster!.join(), Array.from(labels).join());
 * ```
 */
export function assignSQL(model: SegmentationModel, options: AssignSQLOptions): string {
  checkModel(model);
  const d = options.dialect;
  const table = options.table ?? "customers";
  const { algorithm } = model.clustering;
  const steps = model.preparation.steps;
  const n = (v: number) => d.number(v);
  const id = (name: string) => d.identifier(name);

  // Level 1: the scaled features (and k-prototypes' level codes) from the table's columns.
  const features: string[] = []; // scaled feature expressions, matrix order
  const fromCodes = new Set<number>(); // features computed from a level code (one-hot)
  const codes: string[] = []; // level code per categorical step (k-prototypes)
  const missing: string[] = []; // a condition per step that leaves the row out
  let j = 0;
  for (const step of steps) {
    if (step.kind === "categorical") {
      const code = levelCode(d, step, model.preparation.missing);
      const c = `${H}c${codes.length}`;
      codes.push(code);
      step.levels.forEach((_, level) => {
        const center = model.scaler.center[j]!, scale = model.scaler.scale[j]!;
        fromCodes.add(features.length);
        features.push(
          `CASE WHEN ${id(c)} = ${level} THEN ${n((1 - center) / scale)} WHEN ${
            id(c)
          } <> ${level} THEN ${n((0 - center) / scale)} END`,
        );
        j++;
      });
      missing.push(`${id(c)} IS NULL`);
      continue;
    }
    let v = step.kind === "date"
      ? dateDays(d, step.column, step.order, step.asOf)
      : numberOf(d, step.column, options.columns);
    if (step.fill !== null && model.preparation.missing !== "drop") {
      v = `COALESCE(${v}, ${n(step.fill.value as number)})`;
    }
    if (step.log) v = d.log1p(v);
    features.push(`(${v} - ${n(model.scaler.center[j]!)}) / ${n(model.scaler.scale[j]!)}`);
    j++;
  }
  const x = features.map((_, i) => id(`${H}x${i}`));
  // The first level reads the table's columns: level codes and number features. One-hot
  // features come from the codes one level up (a select list cannot use an alias it defines,
  // and in PostgreSQL and Spark only the first level sees the table's columns by name).
  const items = features.map((f, i) => `${f} AS ${x[i]}`);
  const firstItems = [
    ...codes.map((code, i) => `${code} AS ${id(`${H}c${i}`)}`),
    ...items.filter((_, i) => !fromCodes.has(i)),
  ];
  const oneHotItems = items.filter((_, i) => fromCodes.has(i));

  // Levels 2 and on: the clustering's scores and the label of the best.
  let levels: string[][];
  let best: string;
  if (CENTROID_ALGORITHMS.has(algorithm)) {
    const { centroids } = model.clustering.model as CentroidModel;
    levels = [centroids.map((c, l) => `${squaredDistance(x, c, n)} AS ${id(`${H}d${l}`)}`)];
    best = lowestFirst(centroids.map((_, l) => id(`${H}d${l}`)), "<=");
  } else if (algorithm === "kprototypes") {
    const m = model.clustering.model as KPrototypesModel;
    const numericX = steps.flatMap((s, i) =>
      s.kind === "categorical" ? [] : [x[stepStart(steps, i)]!]
    );
    const catSteps = steps.filter((s) => s.kind === "categorical");
    const distances = m.centroidsNumeric.map((centre, l) => {
      const num = numericX.length === 0 ? n(0) : squaredDistance(numericX, centre, n);
      if (catSteps.length === 0) return num;
      const mismatches = m.centroidsCategorical[l]!.map((code, c) => {
        // The prototype's level, as a code of the preparation's levels (-1: never matches).
        const level = m.levels[c]?.[code];
        const at = level === undefined ? -1 : catSteps[c]!.levels.indexOf(level);
        if (at < 0) return "1";
        return `CASE WHEN ${id(`${H}c${c}`)} = ${at} THEN 0 ELSE 1 END`;
      });
      return `${num} + ${n(m.gamma)} * ${d.toDouble(`(${mismatches.join(" + ")})`)}`;
    });
    levels = [distances.map((dist, l) => `${dist} AS ${id(`${H}d${l}`)}`)];
    best = lowestFirst(distances.map((_, l) => id(`${H}d${l}`)), "<=");
  } else if (algorithm === "gmm") {
    levels = mixtureLevels(d, model.clustering.model as GMMModel, x);
    best = lowestFirst(
      Array.from({ length: (model.clustering.model as GMMModel).k }, (_, c) => id(`${H}p${c}`)),
      ">=",
    );
  } else {
    throw new InputError(`The ${algorithm} model cannot be written as SQL`, {
      hint: "fit with k-means, k-prototypes or the Gaussian mixture to label rows in a database",
    });
  }

  const label = labelColumns(options.tableColumns ?? []);
  const names = Array.from({ length: model.k }, (_, c) => segmentNameOf(c, model.segmentNames));
  const left = missing.length > 0
    ? `CASE WHEN ${missing.join(" OR ")} THEN NULL ELSE ${best} END`
    : best;
  const nameCase = `CASE ${id(`${H}label`)} ${
    names.map((name, c) => `WHEN ${c} THEN ${d.string(name)}`).join(" ")
  } END`;
  const carry = d.carryRow("src");
  if (oneHotItems.length > 0) levels.unshift(oneHotItems);
  let sql = `SELECT ${carry},\n  ${firstItems.join(",\n  ")}\nFROM ${d.tableName(table)} src`;
  levels.forEach((items, i) => {
    sql = `SELECT *,\n  ${items.join(",\n  ")}\nFROM (\n${indent(d.fence(sql))}\n) ${H}q${i}`;
  });
  sql = `SELECT *, ${left} AS ${id(`${H}label`)}\nFROM (\n${
    indent(d.fence(sql))
  }\n) ${H}q${levels.length}`;
  const helpers = [
    ...firstItems,
    ...levels.flat(),
    ` AS ${id(`${H}label`)}`,
  ].map((item) => item.slice(item.lastIndexOf(" AS ") + 4));
  const header = [
    `-- Segments of ${
      d.tableName(table)
    } by a ${algorithm} model (k = ${model.k}), for ${d.title}.`,
    `-- Written by \`deno task segment --sql ${d.name}\`: every column of the table, plus`,
    `-- ${label.cluster} (0 to ${
      model.k - 1
    }; NULL for a row the model leaves out) and ${label.segmentName}.`,
    `-- Features: ${model.features.join(", ")}.`,
  ];
  return `${header.join("\n")}\nSELECT ${d.restoreRow(helpers, `${H}out`)},\n  ${
    id(`${H}label`)
  } AS ${id(label.cluster)},\n  ${nameCase} AS ${id(label.segmentName)}\nFROM (\n${
    indent(d.fence(sql))
  }\n) ${H}out`;
}

function indent(sql: string): string {
  return sql.split("\n").map((l) => `  ${l}`).join("\n");
}

/** The matrix column of step `i`'s first feature. */
function stepStart(steps: readonly PreparationStep[], i: number): number {
  let j = 0;
  for (let s = 0; s < i; s++) {
    const step = steps[s]!;
    j += step.kind === "categorical" ? step.levels.length : 1;
  }
  return j;
}

/** Σ (x_j − c_j)², summed left to right as `nearestCentre` sums it. */
function squaredDistance(
  x: readonly string[],
  centre: readonly number[],
  n: (v: number) => string,
): string {
  return x.map((xj, i) => {
    const diff = `(${xj} - ${n(centre[i]!)})`;
    return `${diff} * ${diff}`;
  }).join(" + ");
}

/**
 * The index of the best score, the lowest index on ties: the first `i`
 * whose score beats-or-equals every later one (`<=` for distances, `>=` for
 * probabilities) is the first best, as the in-memory loops keep the first.
 */
function lowestFirst(scores: readonly string[], op: "<=" | ">="): string {
  if (scores.length === 1) return "0";
  const arms = scores.slice(0, -1).map((s, i) =>
    `WHEN ${scores.slice(i + 1).map((t) => `${s} ${op} ${t}`).join(" AND ")} THEN ${i}`
  );
  return `CASE WHEN ${scores[0]} IS NULL THEN NULL ${arms.join(" ")} ELSE ${scores.length - 1} END`;
}

/** A number from a column: cast when stored as numbers, else read from its text; NaN and ±Infinity are missing. */
function numberOf(
  d: SqlDialect,
  column: string,
  storage: Readonly<Record<string, ColumnStorage>> | undefined,
): string {
  const c = d.identifier(column);
  const value = storage?.[column] === "number" ? d.toDouble(c) : d.parseDouble(d.trim(d.toText(c)));
  return finiteOrNull(d, value);
}

/** Days from a date column (ISO, or day/month first as the model read it) to the as-of date. */
function dateDays(
  d: SqlDialect,
  column: string,
  order: "iso" | "dmy" | "mdy",
  asOf: string,
): string {
  const s = d.trim(d.toText(d.identifier(column)));
  const g = (pattern: string, i: number) => d.regexpGroup(s, pattern, i);
  const iso = d.makeDate(g(ISO_DATE, 1), g(ISO_DATE, 2), g(ISO_DATE, 3));
  const arms = [`WHEN ${d.matches(s, ISO_DATE)} THEN ${iso}`];
  if (order !== "iso") {
    const [day, month] = order === "dmy" ? [1, 2] : [2, 1];
    arms.push(
      `WHEN ${d.matches(s, DMY_DATE)} THEN ${
        d.makeDate(g(DMY_DATE, 3), g(DMY_DATE, month), g(DMY_DATE, day))
      }`,
    );
  }
  const date = `CASE ${arms.join(" ")} END`;
  return d.toDouble(d.daysBetween(date, d.dateLiteral(asOf.slice(0, 10))));
}

/**
 * A text column's level code (the index in the step's levels; pooled levels
 * are "Other"; a level never seen is -1), a blank filled with the model's
 * most frequent level, NULL when the row is left out.
 */
function levelCode(
  d: SqlDialect,
  step: Extract<PreparationStep, { kind: "categorical" }>,
  missing: string,
): string {
  const text = d.trim(d.toText(d.identifier(step.column)));
  const index = new Map(step.levels.map((l, i) => [l, i]));
  const other = index.get(OTHER_LEVEL);
  const codeOf = (level: string) =>
    index.get(level) ?? (step.pooled.includes(level) ? other : undefined);
  const arms = step.levels.map((level, i) => `WHEN ${d.string(level)} THEN ${i}`);
  if (other !== undefined) {
    for (const level of step.pooled) {
      if (!index.has(level)) arms.push(`WHEN ${d.string(level)} THEN ${other}`);
    }
  }
  const fill = step.fill === null || missing === "drop"
    ? undefined
    : codeOf(String(step.fill.value));
  const blank = fill === undefined ? "NULL" : String(fill);
  return `CASE WHEN ${text} IS NULL OR ${text} = '' THEN ${blank} ELSE CASE ${text} ${
    arms.join(" ")
  } ELSE -1 END END`;
}

/**
 * The mixture's levels: y = L⁻¹(x − μ) per component (the Cholesky factor
 * of the precision, computed here exactly as in memory), the log density
 * plus log weight, then the probabilities normalised as the E-step does
 * (exp of the difference to the largest, over their sum), so that near-ties
 * resolve as in memory.
 */
function mixtureLevels(d: SqlDialect, m: GMMModel, x: readonly string[]): string[][] {
  const k = m.k, dim = x.length, full = m.covariance === "full";
  const state = mixtureState(m);
  const n = (v: number) => d.number(v);
  const id = (name: string) => d.identifier(name);
  const tri = packedSize(dim);
  const ys: string[] = [], scores: string[] = [];
  for (let c = 0; c < k; c++) {
    const offset = -0.5 * dim * LOG_2PI + state.logDet[c]! + Math.log(state.weights[c]!);
    const mean = m.means[c]!;
    const terms: string[] = [];
    for (let j = 0, p = c * tri; j < dim; j++) {
      const y = id(`${H}y${c}_${j}`);
      if (full) {
        const sum: string[] = [];
        for (let t = 0; t <= j; t++) {
          sum.push(`${n(state.precChol[p++]!)} * (${x[t]} - ${n(mean[t]!)})`);
        }
        ys.push(`${sum.join(" + ")} AS ${y}`);
      } else {
        ys.push(`(${x[j]} - ${n(mean[j]!)}) * ${n(state.precChol[c * dim + j]!)} AS ${y}`);
      }
      terms.push(`${y} * ${y}`);
    }
    scores.push(`${n(offset)} - ${n(0.5)} * (${terms.join(" + ")}) AS ${id(`${H}s${c}`)}`);
  }
  const s = Array.from({ length: k }, (_, c) => id(`${H}s${c}`));
  const top = id(`${H}top`);
  const e = Array.from({ length: k }, (_, c) => id(`${H}e${c}`));
  return [
    ys,
    scores,
    [`${d.greatest(s)} AS ${top}`],
    s.map((sc, c) => `${d.exp(`${sc} - ${top}`)} AS ${e[c]}`),
    e.map((ec, c) => `${ec} / (${e.join(" + ")}) AS ${id(`${H}p${c}`)}`),
  ];
}
