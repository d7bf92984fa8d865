/**
 * Each segment's share of customers and of value, from a table with one row
 * per customer: the figures behind "Champions are 12% of customers and 25%
 * of revenue".
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";

/** One segment's size and shares. */
export interface SegmentShare {
  segment: string;
  customers: number;
  /** Share of all customers, 0–1. */
  share: number;
  /** Sum of the value column over the segment. */
  value: number;
  /** Share of the total value, 0–1 (0 when the total is not positive). */
  valueShare: number;
}

/** Options for {@link segmentShares}. */
export interface SegmentSharesOptions {
  /** Column holding the segment name (default `"segment"`). */
  segmentColumn?: string;
  /** Column holding each customer's value, e.g. `"monetary"`. */
  valueColumn: string;
}

/**
 * Size, share of customers and share of value per segment, largest value first.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { segmentShares } from "./segment_shares.ts";
 * const t = aq.table({ segment: ["Champions", "Lost", "Lost"], monetary: [900, 50, 50] });
 * deepEqual(segmentShares(t, { valueColumn: "monetary" })[0], { segment: "Champions", customers: 1, share: 0.3333333333333333, value: 900, valueShare: 0.9 });
 * ```
 */
export function segmentShares(table: ColumnTable, options: SegmentSharesOptions): SegmentShare[] {
  const segmentColumn = options.segmentColumn ?? "segment";
  for (const column of [segmentColumn, options.valueColumn]) {
    if (!table.columnNames().includes(column)) {
      throw new InputError(`Column not found: "${column}"`, {
        column,
        hint: `use one of: ${table.columnNames().join(", ")}`,
      });
    }
  }
  const segments = table.array(segmentColumn) as ArrayLike<unknown>;
  const values = table.array(options.valueColumn) as ArrayLike<unknown>;
  const bySegment = new Map<string, { customers: number; value: number }>();
  let total = 0;
  for (let i = 0; i < segments.length; i++) {
    const value = Number(values[i] ?? 0);
    if (!Number.isFinite(value)) {
      throw new InputError(`Value is not a number: "${values[i]}"`, {
        column: options.valueColumn,
        row: i + 1,
        hint: "fill or drop rows without a numeric value",
      });
    }
    const name = String(segments[i]);
    const entry = bySegment.get(name) ?? { customers: 0, value: 0 };
    entry.customers++;
    entry.value += value;
    total += value;
    bySegment.set(name, entry);
  }
  return [...bySegment].map(([segment, { customers, value }]) => ({
    segment,
    customers,
    share: customers / segments.length,
    value,
    valueShare: total > 0 ? value / total : 0,
  })).sort((a, b) => b.value - a.value || a.segment.localeCompare(b.segment));
}
