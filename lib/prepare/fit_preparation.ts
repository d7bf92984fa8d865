/**
 * Fit the preparation of a customer table: decide, column by column, what
 * is used and how (numbers, text levels, dates), how missing values are
 * filled and which columns are log-transformed — and report every decision
 * with its reason.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { isIdLikeName } from "../features/pick_features.ts";
import { skewness } from "../features/transform.ts";
import {
  type ColumnType,
  columnType,
  columnValues,
  dateValue,
  isMissingCell,
  levelText,
  readDateOrder,
} from "./column_values.ts";
import {
  type CategoricalChoice,
  type CategoricalStep,
  type DateStep,
  type Fill,
  type MissingStrategy,
  type NumericStep,
  OTHER_LEVEL,
  type PreparationModel,
  type PreparationOptions,
  type PreparationStep,
} from "./preparation.ts";

/** Text columns with more levels than this are not used automatically. */
export const MAX_AUTO_LEVELS = 20;

/** Skewness above which `log: "auto"` log-transforms a non-negative column. */
export const SKEW_LIMIT = 2;

/** One column as read and what the preparation does with it. */
export interface ColumnReport {
  column: string;
  /** The type read. */
  type: ColumnType;
  /** Missing cells in the file. */
  missing: number;
  used: boolean;
  /** Why it is used as it is, or why it is skipped. */
  reason: string;
  /** The features it becomes. */
  features: string[];
  fill: Fill | null;
  /** Text columns: levels with their row counts (most frequent first, at most 30). */
  levels?: { level: string; count: number }[];
  /** Distinct levels in all. */
  distinct?: number;
  pooled?: string[];
  /** Skewness before and after log1p, when transformed. */
  log?: { before: number; after: number };
  /** Skewness of a numeric feature left as it is. */
  skew?: number;
  /** A few values as written. */
  examples: string[];
}

/** The result of {@link fitPreparation}. */
export interface PreparationFit {
  model: PreparationModel;
  columns: ColumnReport[];
  rows: number;
}

interface Candidate {
  column: string;
  values: ArrayLike<unknown>;
  type: ColumnType;
  missing: number;
  report: ColumnReport;
  /** The present values of a numeric or date step, computed once. */
  present?: Float64Array;
}

/**
 * Decide how every column is used and fit the fill values, levels, date
 * reference and log transforms.
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { fitPreparation } from "./fit_preparation.ts";
 * const t = aq.table({ id: ["a1", "a2", "a3", "a4"], income: [10, null, 30, 50],
 *   education: ["PhD", "Master", "PhD", "Basic"] });
 * const { model } = fitPreparation(t, { rareShare: 0 });
 * model.steps.map((s) => s.column); // ["income", "education"]
 * ```
 */
export function fitPreparation(
  table: ColumnTable,
  options: PreparationOptions = {},
): PreparationFit {
  const file = options.file;
  const missing = options.missing ?? "median";
  const categorical = options.categorical ?? "auto";
  const dates = options.dates ?? "days-since";
  const logChoice = options.log ?? "auto";
  const rareShare = options.rareShare ?? 0.01;
  const names = table.columnNames();
  const rows = table.numRows();
  if (rows === 0) {
    throw new InputError("No data rows", { file, hint: "the table has a header but no rows" });
  }
  const given = options.features === undefined ? undefined : [...options.features];
  if (given !== undefined) checkNamed(given, names, "features", file);
  if (Array.isArray(categorical)) checkNamed(categorical, names, "categorical", file);
  if (Array.isArray(logChoice)) checkNamed(logChoice, names, "log", file);

  const steps: PreparationStep[] = [];
  const reports: ColumnReport[] = [];
  for (const column of names) {
    const values = columnValues(table, column);
    const type = columnType(values);
    let count = 0;
    if (values instanceof Float64Array) {
      for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) count++;
    } else {
      for (let i = 0; i < values.length; i++) if (isMissingCell(values[i])) count++;
    }
    const report: ColumnReport = {
      column,
      type,
      missing: count,
      used: false,
      reason: "",
      features: [],
      fill: null,
      examples: examplesOf(values),
    };
    reports.push(report);
    const c: Candidate = { column, values, type, missing: count, report };
    const step = decide(c, { given, categorical, dates, rareShare, options, rows, file });
    if (step === null) continue;
    if (missing === "refuse" && count > 0) {
      throw new InputError("Missing value", {
        file,
        column,
        row: firstMissing(values) + 1,
        hint:
          "fill or drop missing values, or choose how to fill them (--missing median|mean|knn|drop)",
      });
    }
    if (step.kind !== "categorical") {
      // Fill values are kept even when nothing is missing, for new rows that have blanks.
      step.fill = missing === "drop" || missing === "refuse"
        ? null
        : numericFill(c, step, missing, file);
      const wantsLog = logChoice === "auto" ? step.kind === "numeric" : logChoice.includes(column);
      if (wantsLog) applyLogChoice(c, step, logChoice === "auto", file);
    }
    report.used = true;
    report.features = step.kind === "categorical" ? step.features : [step.feature];
    report.fill = step.fill;
    steps.push(step);
  }
  if (steps.length === 0) {
    const skipped = reports.map((r) => `${r.column} (${r.reason})`).join(", ");
    throw new InputError("No columns to cluster on", {
      file,
      hint: `every column was skipped: ${skipped}. Name the features with --features a,b,c`,
    });
  }
  return { model: { kind: "preparation", version: 1, missing, steps }, columns: reports, rows };
}

interface DecideContext {
  given: string[] | undefined;
  categorical: CategoricalChoice;
  dates: "days-since" | "none";
  rareShare: number;
  options: PreparationOptions;
  rows: number;
  file?: string;
}

function decide(c: Candidate, ctx: DecideContext): PreparationStep | null {
  const { column, type, report } = c;
  const named = ctx.given?.includes(column) ?? false;
  const namedText = Array.isArray(ctx.categorical) && ctx.categorical.includes(column);
  const skip = (reason: string): null => {
    report.reason = reason;
    return null;
  };
  if (type === "empty") {
    if (named) {
      throw new InputError("Every value is missing", {
        file: ctx.file,
        column,
        hint: "drop this column from the features",
      });
    }
    return skip("all values missing");
  }
  if (ctx.given !== undefined && !named && !namedText) return skip("not among the features given");
  if (type === "text" && !namedText) {
    const bad = mostlyNumbers(c.values);
    if (bad !== undefined) {
      if (named) {
        throw new InputError(`Non-numeric value ${JSON.stringify(bad.value)}`, {
          file: ctx.file,
          column,
          row: bad.row + 1,
          hint: "the column must hold numbers; correct the value or leave the cell empty",
        });
      }
      return skip(`numbers mixed with text (row ${bad.row + 1}: ${JSON.stringify(bad.value)})`);
    }
  }
  if (namedText || type === "text") {
    if (!named && !namedText) {
      if (ctx.categorical === "none") {
        return skip("text (text columns not used: --categorical none)");
      }
      if (Array.isArray(ctx.categorical)) return skip("text, not named in --categorical");
      if (isIdLikeName(column)) return skip("identifier-like name");
    }
    return categoricalStep(c, ctx, named || namedText);
  }
  if (type === "date") {
    if (!named && ctx.dates === "none") return skip("date (dates not used: --dates none)");
    const reading = readDateOrder(c.values, ctx.options.dateOrder);
    if (!reading.ok) {
      if (named) {
        throw new InputError(`Ambiguous dates: ${reading.reason}`, {
          file: ctx.file,
          column,
          hint: "give --date-format dd-mm-yyyy or mm-dd-yyyy",
        });
      }
      return skip(`date, but ${reading.reason}; give --date-format dd-mm-yyyy or mm-dd-yyyy`);
    }
    return dateStep(c, reading.order, ctx);
  }
  // Numbers.
  const step: NumericStep = { kind: "numeric", column, feature: column, fill: null, log: false };
  const present = presentNumbers(c, step, ctx.file);
  if (!named) {
    if (isIdLikeName(column)) return skip("identifier-like name");
    if (isSequence(present)) return skip("distinct whole numbers, looks like an identifier");
  }
  if (isConstant(present)) {
    if (named) {
      throw new InputError(`Feature has the same value in every row: ${present[0]}`, {
        file: ctx.file,
        column,
        hint: "drop this column from the features; it cannot separate segments",
      });
    }
    return skip("constant");
  }
  report.reason = "number";
  return step;
}

function categoricalStep(c: Candidate, ctx: DecideContext, named: boolean): CategoricalStep | null {
  const { column, values, report } = c;
  const counts = new Map<string, number>();
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissingCell(v)) continue;
    const level = levelText(v instanceof Date ? v.toISOString().slice(0, 10) : v);
    counts.set(level, (counts.get(level) ?? 0) + 1);
    present++;
  }
  const ordered = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  report.distinct = ordered.length;
  report.levels = ordered.slice(0, 30).map(([level, count]) => ({ level, count }));
  const skip = (reason: string): null => {
    report.reason = reason;
    return null;
  };
  if (!named && ordered.length > MAX_AUTO_LEVELS) {
    return skip(
      ordered.length > present / 2
        ? `free text or identifier (${ordered.length} distinct values)`
        : `text with ${ordered.length} levels (more than ${MAX_AUTO_LEVELS}); name it with --categorical to use it`,
    );
  }
  const threshold = ctx.rareShare * present;
  const kept = ordered.filter(([, n]) => n >= threshold).map(([l]) => l);
  const pooled = ordered.filter(([, n]) => n < threshold).map(([l]) => l);
  const levels = [...kept.filter((l) => l !== OTHER_LEVEL)];
  if (pooled.length > 0 || kept.includes(OTHER_LEVEL)) levels.push(OTHER_LEVEL);
  if (levels.length < 2) {
    if (named) {
      throw new InputError(`Text column has one level only: ${JSON.stringify(levels[0])}`, {
        file: ctx.file,
        column,
        hint: "drop this column from the features; it cannot separate segments",
      });
    }
    return skip("one level only");
  }
  if (levels.length > 100) {
    throw new InputError(`Too many levels for a text feature: ${levels.length}`, {
      file: ctx.file,
      column,
      hint: "use a text column with at most 100 levels, or group its values first",
    });
  }
  report.pooled = pooled;
  report.reason = `text, ${levels.length} levels, one-hot encoded`;
  const top = levels.find((l) => l !== OTHER_LEVEL) ?? levels[0]!;
  const step: CategoricalStep = {
    kind: "categorical",
    column,
    levels,
    pooled,
    features: levels.map((l) => `${column}=${l}`),
    fill: ctx.options.missing === "drop" || ctx.options.missing === "refuse"
      ? null
      : { how: "most frequent", value: mostFrequent(ordered, top), count: c.missing },
  };
  return step;
}

function dateStep(c: Candidate, order: DateStep["order"], ctx: DecideContext): DateStep {
  const { column, values } = c;
  const times = new Float64Array(values.length);
  let latest = -Infinity, present = 0;
  for (let i = 0; i < values.length; i++) {
    const t = dateValue(values[i], order, { file: ctx.file, column, row: i + 1 });
    times[i] = t;
    if (t > latest) latest = t;
    if (!Number.isNaN(t)) present++;
  }
  let asOf = new Date(latest).toISOString().slice(0, 10);
  if (ctx.options.asOf !== undefined) {
    const t = dateValue(ctx.options.asOf, "iso", { file: ctx.file });
    asOf = new Date(t).toISOString().slice(0, 10);
  }
  // The days the fill and log steps need, from the dates read once (as stepNumbers computes them).
  const reference = Date.parse(`${asOf}T00:00:00Z`);
  c.present = new Float64Array(present);
  for (let i = 0, p = 0; i < times.length; i++) {
    if (!Number.isNaN(times[i]!)) c.present[p++] = (reference - times[i]!) / 86_400_000;
  }
  const written = c.type === "date" && order === "iso"
    ? ""
    : order === "iso"
    ? " (YYYY-MM-DD)"
    : order === "dmy"
    ? " (dd-mm-yyyy)"
    : " (mm-dd-yyyy)";
  c.report.reason = `date${written}, as days before ${asOf}`;
  return {
    kind: "date",
    column,
    feature: `${column}_days`,
    order,
    asOf,
    fill: null,
    log: false,
  };
}

/** Values of a numeric or date step as numbers (days for dates), NaN where missing. */
export function stepNumbers(
  step: NumericStep | DateStep,
  values: ArrayLike<unknown>,
  file?: string,
): Float64Array {
  const out = new Float64Array(values.length);
  if (step.kind === "date") {
    const asOf = Date.parse(`${step.asOf}T00:00:00Z`);
    for (let i = 0; i < values.length; i++) {
      const t = dateValue(values[i], step.order, { file, column: step.column, row: i + 1 });
      out[i] = (asOf - t) / 86_400_000;
    }
    return out;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissingCell(v)) {
      out[i] = NaN;
      continue;
    }
    const x = typeof v === "boolean"
      ? (v ? 1 : 0)
      : typeof v === "string"
      ? Number(v.trim())
      : Number(v);
    if (!Number.isFinite(x)) {
      throw new InputError(
        typeof v === "number"
          ? `Infinite value ${v}`
          : `Non-numeric value ${JSON.stringify(String(v))}`,
        {
          file,
          column: step.column,
          row: i + 1,
          hint: "the column must hold numbers; correct the value or leave the cell empty",
        },
      );
    }
    out[i] = x;
  }
  return out;
}

function numericFill(
  c: Candidate,
  step: NumericStep | DateStep,
  missing: MissingStrategy,
  file?: string,
): Fill {
  const present = presentNumbers(c, step, file);
  const value = missing === "mean" ? mean(present) : median(present);
  return {
    how: missing === "mean" ? "mean" : missing === "knn" ? "knn" : "median",
    value,
    count: c.missing,
  };
}

function applyLogChoice(
  c: Candidate,
  step: NumericStep | DateStep,
  auto: boolean,
  file?: string,
): void {
  const x = presentNumbers(c, step, file);
  const before = skewness(x);
  let min = Infinity;
  for (const v of x) if (v < min) min = v;
  if (auto) {
    let max = -Infinity;
    for (const v of x) if (v > max) max = v;
    // Only skewed counts and amounts: not 0/1 flags, not shares in [0, 1], and only when it helps.
    const after = skewness(log1pOf(x));
    if (
      !(min >= 0 && before > SKEW_LIMIT) || max <= 1 || fewValues(x, 2) ||
      !(Math.abs(after) < Math.abs(before))
    ) {
      c.report.skew = before;
      return;
    }
  } else if (min <= -1) {
    throw new InputError(`Cannot log-transform values of ${min} or below -1`, {
      file,
      column: step.column,
      hint: "log1p needs values above -1; leave this column out of --log",
    });
  }
  step.log = true;
  c.report.log = { before, after: skewness(log1pOf(x)) };
}

/** True when `x` holds at most `n` distinct values (a 0/1 flag is not log-transformed). */
function fewValues(x: Float64Array, n: number): boolean {
  const seen = new Set<number>();
  for (const v of x) {
    seen.add(v);
    if (seen.size > n) return false;
  }
  return true;
}

function checkNamed(list: string[], names: string[], option: string, file?: string): void {
  const seen = new Set<string>();
  for (const name of list) {
    if (!names.includes(name)) {
      throw new InputError(`Column not found: "${name}"`, {
        file,
        hint: `available columns: ${names.join(", ")} (named in --${option})`,
      });
    }
    if (seen.has(name)) {
      throw new InputError(`Column named twice in --${option}: "${name}"`, {
        file,
        hint: "name each column once",
      });
    }
    seen.add(name);
  }
}

function mostFrequent(ordered: [string, number][], fallback: string): string {
  return ordered[0]?.[0] ?? fallback;
}

/** The first text cell of a column whose other cells are mostly numbers, if it is one. */
function mostlyNumbers(values: ArrayLike<unknown>): { row: number; value: string } | undefined {
  let numbers = 0, texts = 0;
  let first: { row: number; value: string } | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissingCell(v)) continue;
    if (typeof v === "number" || (typeof v === "string" && Number.isFinite(Number(v.trim())))) {
      numbers++;
    } else {
      texts++;
      first ??= { row: i, value: String(v) };
    }
  }
  return numbers > texts ? first : undefined;
}

function firstMissing(values: ArrayLike<unknown>): number {
  for (let i = 0; i < values.length; i++) if (isMissingCell(values[i])) return i;
  return -1;
}

/** The present (non-missing) values of a numeric or date step, computed once per column. */
function presentNumbers(c: Candidate, step: NumericStep | DateStep, file?: string): Float64Array {
  if (c.present !== undefined) return c.present;
  const x = stepNumbers(step, c.values, file);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) x[n++] = x[i]!;
  c.present = n === x.length ? x : x.slice(0, n);
  return c.present;
}

function log1pOf(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.log1p(x[i]!);
  return out;
}

function isConstant(x: Float64Array): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

/** Distinct whole numbers in steps of one (1, 2, 3 … in any order): a running number. */
function isSequence(values: Float64Array): boolean {
  if (values.length < 3) return false;
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v)) return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max - min !== values.length - 1) return false;
  const sorted = Float64Array.from(values).sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! !== 1) return false;
  return true;
}

function examplesOf(values: ArrayLike<unknown>): string[] {
  const out: string[] = [];
  for (let i = 0; i < values.length && out.length < 3; i++) {
    const v = values[i];
    if (isMissingCell(v)) continue;
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    if (!out.includes(s)) out.push(s.length > 40 ? s.slice(0, 39) + "…" : s);
  }
  return out;
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Median as numpy's (mean of the two middle values for an even count), by selection in O(n). */
function median(x: Float64Array): number {
  const a = Float64Array.from(x);
  const n = a.length;
  const hi = select(a, n >> 1);
  if (n % 2 === 1) return hi;
  // The lower middle is the largest value left of the upper one after selection.
  let lo = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i]! > lo) lo = a[i]!;
  return (lo + hi) / 2;
}

/** The k-th smallest value (0-based); rearranges `a` so that smaller values come first (Hoare's selection). */
function select(a: Float64Array, k: number): number {
  let left = 0, right = a.length - 1;
  while (right > left) {
    const pivot = a[(left + right) >> 1]!;
    let i = left, j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k]!;
  }
  return a[k]!;
}
