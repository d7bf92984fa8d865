/**
 * Rule-based checks for values that cannot all be true at once (purchases
 * but no spend, a birth date after the data was extracted, joining before
 * being born). Each rule states in code what it flags and how it is repaired;
 * checking returns one violations table per rule, and repairing applies the
 * stated action (usually: set the suspect value to missing so it can be
 * imputed from similar members).
 *
 * Every rule sees the data as received, so the counts describe the input;
 * rules are written so that one fault is attributed to one rule.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { takeRows } from "./duplicates.ts";

/** What the rules may need to know besides the row itself. */
export interface RuleContext {
  /** The year the data describes (ages and "future" are relative to it). */
  asOfYear: number;
}

/** How a violation is repaired. */
export type RuleRepair =
  | { kind: "set-missing"; columns: readonly string[] }
  | { kind: "drop" }
  | { kind: "report" };

/** One consistency rule. */
export interface ConsistencyRule {
  /** Short snake_case id. */
  id: string;
  /** What the rule flags, in words (shown in the notebook). */
  description: string;
  /** Columns shown in the violations table (and required in the data). */
  columns: readonly string[];
  repair: RuleRepair;
  /** True when the row breaks the rule; `get` reads a column of that row. */
  violates(get: (column: string) => unknown, context: RuleContext): boolean;
}

/** A number, or null for blanks and non-numbers. */
export function asNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The year of a date (UTC) or a year number; null otherwise. */
export function yearOf(value: unknown): number | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getUTCFullYear();
  return asNumber(value);
}

function gt(a: number | null, b: number): boolean {
  return a !== null && a > b;
}

/** The rules for member data (canonical column names of `MEMBER_ALIASES`). */
export const MEMBER_RULES: readonly ConsistencyRule[] = [
  {
    id: "purchases_without_spend",
    description: "purchases > 0 but amount spent = 0",
    columns: ["purchases", "amount_spent"],
    repair: { kind: "set-missing", columns: ["amount_spent"] },
    violates: (get) => gt(asNumber(get("purchases")), 0) && asNumber(get("amount_spent")) === 0,
  },
  {
    id: "spend_without_purchases",
    description: "amount spent > 0 but purchases = 0",
    columns: ["purchases", "amount_spent"],
    repair: { kind: "set-missing", columns: ["purchases"] },
    violates: (get) => gt(asNumber(get("amount_spent")), 0) && asNumber(get("purchases")) === 0,
  },
  {
    id: "negative_purchases",
    description: "purchases < 0",
    columns: ["purchases"],
    repair: { kind: "set-missing", columns: ["purchases"] },
    violates: (get) => (asNumber(get("purchases")) ?? 0) < 0,
  },
  {
    id: "negative_spend",
    description: "amount spent < 0",
    columns: ["amount_spent"],
    repair: { kind: "set-missing", columns: ["amount_spent"] },
    violates: (get) => (asNumber(get("amount_spent")) ?? 0) < 0,
  },
  {
    id: "negative_income",
    description: "annual income < 0",
    columns: ["annual_income"],
    repair: { kind: "set-missing", columns: ["annual_income"] },
    violates: (get) => (asNumber(get("annual_income")) ?? 0) < 0,
  },
  {
    id: "birth_date_in_future",
    description: "birth date after the as-of year",
    columns: ["birth_date"],
    repair: { kind: "set-missing", columns: ["birth_date"] },
    violates: (get, { asOfYear }) => gt(yearOf(get("birth_date")), asOfYear),
  },
  {
    id: "implausible_age",
    description: "older than 110 in the as-of year",
    columns: ["birth_date"],
    repair: { kind: "set-missing", columns: ["birth_date"] },
    violates: (get, { asOfYear }) => {
      const year = yearOf(get("birth_date"));
      return year !== null && asOfYear - year > 110;
    },
  },
  {
    id: "joined_before_birth",
    description: "year joined before the birth year (birth year not in the future)",
    columns: ["birth_date", "year_joined"],
    repair: { kind: "set-missing", columns: ["year_joined"] },
    violates: (get, { asOfYear }) => {
      const born = yearOf(get("birth_date"));
      const joined = asNumber(get("year_joined"));
      return born !== null && joined !== null && born <= asOfYear && joined < born;
    },
  },
  {
    id: "joined_in_future",
    description: "year joined after the as-of year",
    columns: ["year_joined"],
    repair: { kind: "set-missing", columns: ["year_joined"] },
    violates: (get, { asOfYear }) => gt(asNumber(get("year_joined")), asOfYear),
  },
];

/** The outcome of one rule. */
export interface RuleResult {
  rule: string;
  description: string;
  /** The repair in words, e.g. "set amount_spent missing". */
  action: string;
  repair: RuleRepair;
  count: number;
  /** 0-based indices of the violating rows in the checked table. */
  rows: number[];
  /** Violating rows: where they came from (when known) and the rule's columns. */
  violations: ColumnTable;
}

/** Describe a repair in words. */
export function describeRepair(repair: RuleRepair): string {
  switch (repair.kind) {
    case "set-missing":
      return `set ${repair.columns.join(", ")} missing, then impute`;
    case "drop":
      return "drop the row";
    case "report":
      return "report only";
  }
}

/**
 * Check every rule and return a violations table per rule.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { checkConsistency, MEMBER_RULES } from "./consistency_rules.ts";
 * const t = aq.table({
 *   purchases: [3, 0], amount_spent: [0, 10], annual_income: [1, 1],
 *   birth_date: [null, null], year_joined: [2020, 2020],
 * });
 * const results = checkConsistency(t, MEMBER_RULES, { asOfYear: 2024 });
 * equal(results.find((r) => r.rule === "purchases_without_spend")?.count, 1);
 * ```
 */
export function checkConsistency(
  table: ColumnTable,
  rules: readonly ConsistencyRule[],
  context: RuleContext,
): RuleResult[] {
  if (!Number.isFinite(context.asOfYear)) {
    throw new InputError(`As-of year is not a number: ${context.asOfYear}`, {
      hint: "give a year such as 2024",
    });
  }
  const names = table.columnNames();
  const arrays = new Map<string, ArrayLike<unknown>>();
  for (const name of names) arrays.set(name, table.array(name) as ArrayLike<unknown>);
  const where = ["source_file", "source_row"].filter((c) => names.includes(c));
  return rules.map((rule) => {
    for (const c of rule.columns) {
      if (!arrays.has(c)) {
        throw new InputError(`Column not found: "${c}" (needed by rule ${rule.id})`, {
          hint: `available columns: ${names.join(", ")}`,
        });
      }
    }
    const rows: number[] = [];
    let i = 0;
    const get = (column: string) => {
      const values = arrays.get(column);
      if (values === undefined) {
        throw new InputError(`Column not found: "${column}" (needed by rule ${rule.id})`);
      }
      return values[i];
    };
    for (; i < table.numRows(); i++) if (rule.violates(get, context)) rows.push(i);
    const violations = takeRows(table.select([...where, ...rule.columns]), rows);
    return {
      rule: rule.id,
      description: rule.description,
      action: describeRepair(rule.repair),
      repair: rule.repair,
      count: rows.length,
      rows,
      violations,
    };
  });
}

/** The table after repairs, and how much each repair changed. */
export interface Repaired {
  table: ColumnTable;
  /** Cells set to missing, per column. */
  setMissing: Record<string, number>;
  /** 0-based indices (in the checked table) of rows dropped. */
  dropped: number[];
}

/**
 * Apply each rule's repair to the rows it flagged: set the named cells to
 * missing (null) or drop the rows.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { applyRepairs, checkConsistency, MEMBER_RULES } from "./consistency_rules.ts";
 * const t = aq.table({
 *   purchases: [3], amount_spent: [0], annual_income: [-5], birth_date: [null], year_joined: [2020],
 * });
 * const { table } = applyRepairs(t, checkConsistency(t, MEMBER_RULES, { asOfYear: 2024 }));
 * deepEqual([table.get("amount_spent", 0), table.get("annual_income", 0)], [null, null]);
 * ```
 */
export function applyRepairs(table: ColumnTable, results: readonly RuleResult[]): Repaired {
  const changed = new Map<string, unknown[]>();
  const setMissing: Record<string, number> = {};
  const drop = new Set<number>();
  for (const result of results) {
    const repair = result.repair;
    if (repair.kind === "drop") result.rows.forEach((i) => drop.add(i));
    if (repair.kind !== "set-missing") continue;
    for (const column of repair.columns) {
      if (!changed.has(column)) {
        changed.set(column, Array.from(table.array(column) as ArrayLike<unknown>));
      }
      const values = changed.get(column)!;
      for (const i of result.rows) {
        if (values[i] !== null) {
          values[i] = null;
          setMissing[column] = (setMissing[column] ?? 0) + 1;
        }
      }
    }
  }
  let out = changed.size > 0 ? table.assign(aq.table(Object.fromEntries(changed))) : table;
  const dropped = [...drop].sort((a, b) => a - b);
  if (dropped.length > 0) {
    const keep = Array.from({ length: out.numRows() }, (_, i) => i).filter((i) => !drop.has(i));
    out = takeRows(out, keep);
  }
  return { table: out, setMissing, dropped };
}

/** One row per rule: rule, description, violations, action (for the report). */
export function ruleSummary(results: readonly RuleResult[]): ColumnTable {
  return aq.table({
    rule: results.map((r) => r.rule),
    description: results.map((r) => r.description),
    violations: results.map((r) => r.count),
    action: results.map((r) => r.action),
  });
}
