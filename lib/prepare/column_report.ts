/**
 * One column as read and what the preparation does with it: the report the
 * column table, notebook 04 and the app show, and the column under decision
 * while a preparation is fitted.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { type ColumnType, columnType, isMissingCell } from "./column_values.ts";
import { columnValues } from "../column_array.ts";
import type { Fill } from "./preparation.ts";
import type { ColumnRole } from "./role_overrides.ts";

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
  /** What the column is (identifier, spend, recency …, or `ignore` when the user says so). */
  role: ColumnRole;
  /** Why that role: the evidence (`name contains "spent"`), or "your role". */
  roleReason: string;
  /** The role was given by the user (`--roles`). */
  roleGiven: boolean;
  /** Higher values mean less of the role (a birth year read as age). */
  inverse?: boolean;
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

/** A column while its step is decided: its values, type, blanks and report. */
export interface ColumnCandidate {
  column: string;
  values: ArrayLike<unknown>;
  type: ColumnType;
  missing: number;
  report: ColumnReport;
  /** The present values of a numeric or date step, computed once. */
  present?: Float64Array;
}

/**
 * A table's column as read, ready for its step to be decided: its values,
 * type and blank cells, with a report that says nothing is decided yet.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as aq from "arquero";
 * import { columnCandidate } from "./column_report.ts";
 * const c = columnCandidate(aq.table({ income: [10, null, 30] }), "income");
 * assert.equal(c.type, "number");
 * assert.equal(c.missing, 1);
 * assert.deepEqual(c.report.examples, ["10", "30"]);
 * ```
 */
export function columnCandidate(table: ColumnTable, column: string): ColumnCandidate {
  const values = columnValues(table, column);
  const type = columnType(values);
  let missing = 0;
  if (values instanceof Float64Array) {
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) missing++;
  } else {
    for (let i = 0; i < values.length; i++) if (isMissingCell(values[i])) missing++;
  }
  const report: ColumnReport = {
    column,
    type,
    missing,
    used: false,
    reason: "",
    role: "other",
    roleReason: "",
    roleGiven: false,
    features: [],
    fill: null,
    examples: examplesOf(values),
  };
  return { column, values, type, missing, report };
}

/**
 * The first few distinct values of a column as written (dates as
 * `YYYY-MM-DD`, long ones cut at 40 characters), for the column table.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { examplesOf } from "./column_report.ts";
 * assert.deepEqual(examplesOf([null, "a", "a", "b", "c", "d"]), ["a", "b", "c"]);
 * ```
 */
export function examplesOf(values: ArrayLike<unknown>): string[] {
  const out: string[] = [];
  for (let i = 0; i < values.length && out.length < 3; i++) {
    const v = values[i];
    if (isMissingCell(v)) continue;
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    if (!out.includes(s)) out.push(s.length > 40 ? s.slice(0, 39) + "…" : s);
  }
  return out;
}
