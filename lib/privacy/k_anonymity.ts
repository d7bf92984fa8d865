/**
 * k-anonymity of a table on its quasi-identifiers: every combination of
 * quasi-identifier values should be shared by at least k rows, so no one
 * stands out by, say, birth year, region and gender together. The report
 * gives the smallest group and every group below k (with sizes only, never
 * identifiers).
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";

/** Options for {@link kAnonymity}. */
export interface KAnonymityOptions {
  /** Columns that could single someone out in combination. */
  quasiIdentifiers: readonly string[];
  /** Required group size (default 5). */
  k?: number;
}

/** The k-anonymity report. */
export interface KAnonymityReport {
  k: number;
  quasiIdentifiers: string[];
  rows: number;
  groups: number;
  /** Size of the smallest group: the table is k-anonymous for every k up to this. */
  smallestGroup: number;
  /** True when every group has at least k rows. */
  satisfied: boolean;
  /** Rows that sit in groups smaller than k. */
  rowsUnderK: number;
  /** The groups smaller than k: quasi-identifier values and `size`, smallest first. */
  groupsUnderK: ColumnTable;
}

/**
 * Measure k-anonymity. Missing values count as a value of their own ("(missing)").
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { kAnonymity } from "./k_anonymity.ts";
 * const t = aq.table({ year: [1980, 1980, 1991], region: ["N", "N", "S"] });
 * const r = kAnonymity(t, { quasiIdentifiers: ["year", "region"], k: 2 });
 * deepEqual([r.smallestGroup, r.groupsUnderK.numRows()], [1, 1]);
 * ```
 */
export function kAnonymity(table: ColumnTable, options: KAnonymityOptions): KAnonymityReport {
  const k = options.k ?? 5;
  if (!Number.isInteger(k) || k < 1) throw new InputError(`k must be a whole number ≥ 1, got ${k}`);
  const qi = [...options.quasiIdentifiers];
  if (qi.length === 0) {
    throw new InputError("No quasi-identifiers given", { hint: "name at least one column" });
  }
  for (const c of qi) {
    if (!table.columnNames().includes(c)) {
      throw new InputError(`Column not found: "${c}"`, {
        hint: `available columns: ${table.columnNames().join(", ")}`,
      });
    }
  }
  const arrays = qi.map((c) => table.array(c) as ArrayLike<unknown>);
  const groups = new Map<string, { values: unknown[]; size: number }>();
  for (let i = 0; i < table.numRows(); i++) {
    const values = arrays.map((a) => {
      const v = a[i];
      return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))
        ? "(missing)"
        : v;
    });
    const key = JSON.stringify(values);
    const g = groups.get(key);
    if (g) g.size++;
    else groups.set(key, { values, size: 1 });
  }
  const all = [...groups.values()];
  const under = all.filter((g) => g.size < k).sort((a, b) =>
    a.size - b.size || JSON.stringify(a.values).localeCompare(JSON.stringify(b.values))
  );
  const columns: Record<string, unknown[]> = {};
  qi.forEach((c, j) => (columns[c] = under.map((g) => g.values[j])));
  columns.size = under.map((g) => g.size);
  return {
    k,
    quasiIdentifiers: qi,
    rows: table.numRows(),
    groups: all.length,
    smallestGroup: all.length === 0 ? 0 : Math.min(...all.map((g) => g.size)),
    satisfied: under.length === 0,
    rowsUnderK: under.reduce((s, g) => s + g.size, 0),
    groupsUnderK: aq.table(columns),
  };
}
