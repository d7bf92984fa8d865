/**
 * Exact duplicate rows: the same record exported twice, by one office or by
 * two. Compared on the canonical columns only (not on where the row came
 * from), after values have been standardised, so "Y" in one file and "1" in
 * another are the same.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";

/** Options for {@link dropDuplicates}. */
export interface DropDuplicatesOptions {
  /** Columns to compare (default: all but `ignore`). */
  columns?: readonly string[];
  /** Columns never compared (default: source_file, source_row). */
  ignore?: readonly string[];
}

/** The table without duplicates, and which rows were dropped in favour of which. */
export interface Deduplication {
  table: ColumnTable;
  /** Row indices (0-based, in the input) that were kept. */
  kept: number[];
  /** One entry per dropped row: its index and the index of the first row it repeats. */
  dropped: { index: number; duplicateOf: number }[];
}

function key(value: unknown): string {
  if (value === null || value === undefined) return "\u0000null";
  if (value instanceof Date) return `\u0000d${value.getTime()}`;
  if (typeof value === "number") return Number.isNaN(value) ? "\u0000null" : `\u0000n${value}`;
  return `\u0000s${String(value)}`;
}

/**
 * Drop exact duplicate rows, keeping the first occurrence.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { dropDuplicates } from "./duplicates.ts";
 * const t = aq.table({ source_file: ["a", "b", "a"], id: ["S1", "S1", "S2"], n: [3, 3, 4] });
 * const { table, dropped } = dropDuplicates(t);
 * deepEqual([table.numRows(), dropped[0]?.duplicateOf], [2, 0]);
 * ```
 */
export function dropDuplicates(
  table: ColumnTable,
  options: DropDuplicatesOptions = {},
): Deduplication {
  const ignore = new Set(options.ignore ?? ["source_file", "source_row"]);
  const columns = options.columns ?? table.columnNames().filter((c) => !ignore.has(c));
  for (const c of columns) {
    if (!table.columnNames().includes(c)) {
      throw new InputError(`Column not found: "${c}"`, {
        hint: `available columns: ${table.columnNames().join(", ")}`,
      });
    }
  }
  const arrays = columns.map((c) => table.array(c) as ArrayLike<unknown>);
  const first = new Map<string, number>();
  const kept: number[] = [];
  const dropped: { index: number; duplicateOf: number }[] = [];
  for (let i = 0; i < table.numRows(); i++) {
    const k = arrays.map((a) => key(a[i])).join("\u0001");
    const seen = first.get(k);
    if (seen === undefined) {
      first.set(k, i);
      kept.push(i);
    } else {
      dropped.push({ index: i, duplicateOf: seen });
    }
  }
  return { table: takeRows(table, kept), kept, dropped };
}

/** A new table with the given rows (0-based indices), in that order. */
export function takeRows(table: ColumnTable, indices: readonly number[]): ColumnTable {
  const set = new Set(indices);
  if (set.size === table.numRows() && indices.every((v, i) => v === i)) return table;
  const out: Record<string, unknown[]> = {};
  for (const name of table.columnNames()) {
    const values = table.array(name) as ArrayLike<unknown>;
    out[name] = indices.map((i) => values[i]);
  }
  return aq.table(out);
}
