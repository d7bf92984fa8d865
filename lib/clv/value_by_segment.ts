/**
 * Customer lifetime value gathered by segment (`clv_segments.csv`) and the
 * win-back list of customers who were worth a lot and are slipping away:
 * past spend in the top fifth, P(alive) below one half.
 *
 * @module
 */

/** One segment's value. */
export type SegmentValueRow = {
  segment: string;
  customers: number;
  /** Sum of the customers' CLV over the horizon (null: none of them has one). */
  clv: number | null;
  /** Mean CLV per customer (null: none of them has one). */
  clv_mean: number | null;
  /** Share of all customers' CLV (null: no customer has one). */
  clv_share: number | null;
  /** Sum of expected purchases over the horizon. */
  expected_purchases: number;
  /** Mean P(alive). */
  p_alive_mean: number;
};

/** Per-customer columns the summaries read. */
export interface CustomerValueColumns {
  segments: readonly string[];
  clv: ArrayLike<number | null>;
  pAlive: ArrayLike<number>;
  expectedPurchases: ArrayLike<number>;
}

/**
 * CLV summed per segment, in `order` (segments not listed follow, sorted); a
 * missing CLV counts 0 beside others, and a segment where no customer has one
 * gets no figure (an empty cell, not a 0 that reads as "worth nothing").
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { valueBySegment } from "./value_by_segment.ts";
 * const rows = valueBySegment({
 *   segments: ["A", "B", "A"], clv: [10, 5, 30], pAlive: [1, 0.5, 0.8], expectedPurchases: [1, 1, 2],
 * }, ["B", "A"]);
 * deepEqual(rows.map((r) => [r.segment, r.customers, r.clv, r.clv_mean]), [["B", 1, 5, 5], ["A", 2, 40, 20]]);
 * const none = valueBySegment({ segments: ["A"], clv: [null], pAlive: [1], expectedPurchases: [NaN] });
 * deepEqual([none[0]!.clv, none[0]!.clv_mean, none[0]!.clv_share], [null, null, null]);
 * ```
 */
export function valueBySegment(
  columns: CustomerValueColumns,
  order: readonly string[] = [],
): SegmentValueRow[] {
  const groups = new Map<
    string,
    { n: number; valued: number; clv: number; purchases: number; alive: number }
  >();
  let total = 0, valued = 0;
  columns.segments.forEach((segment, i) => {
    const g = groups.get(segment) ?? { n: 0, valued: 0, clv: 0, purchases: 0, alive: 0 };
    const clv = columns.clv[i] ?? NaN;
    g.n++;
    if (Number.isFinite(clv)) {
      g.clv += clv;
      g.valued++;
      total += clv;
      valued++;
    }
    g.purchases += columns.expectedPurchases[i]!;
    g.alive += columns.pAlive[i]!;
    groups.set(segment, g);
  });
  const names = [
    ...order.filter((s) => groups.has(s)),
    ...[...groups.keys()].filter((s) => !order.includes(s)).sort(),
  ];
  return names.map((segment) => {
    const g = groups.get(segment)!;
    return {
      segment,
      customers: g.n,
      clv: g.valued > 0 ? g.clv : null,
      clv_mean: g.valued > 0 ? g.clv / g.n : null,
      clv_share: valued === 0 ? null : total > 0 ? g.clv / total : 0,
      expected_purchases: g.purchases,
      p_alive_mean: g.alive / g.n,
    };
  });
}

/** Options for {@link slippingCustomers}. */
export interface SlippingOptions {
  /** Past value at or above this quantile counts as high (default 0.8: the top fifth). */
  valueQuantile?: number;
  /** P(alive) below this counts as slipping (default 0.5). */
  pAliveBelow?: number;
}

/**
 * Rows of the "high value, slipping" list: high past value (`monetary`), low
 * P(alive), most valuable first.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { slippingCustomers } from "./value_by_segment.ts";
 * const columns = { monetary: [100, 500, 20, 400, 900], pAlive: [0.9, 0.2, 0.1, 0.4, 0.7] };
 * deepEqual(slippingCustomers(columns), [1]);
 * deepEqual(slippingCustomers(columns, { valueQuantile: 0.5 }), [1, 3]);
 * ```
 */
export function slippingCustomers(
  columns: { monetary: ArrayLike<number>; pAlive: ArrayLike<number> },
  options: SlippingOptions = {},
): number[] {
  const q = options.valueQuantile ?? 0.8;
  const below = options.pAliveBelow ?? 0.5;
  const values = Array.from(columns.monetary).sort((a, b) => a - b);
  // The value at quantile q (the lower of the two neighbours: ties at the edge are in).
  const threshold = values.length === 0 ? Infinity : values[Math.floor(q * (values.length - 1))]!;
  const rows: number[] = [];
  for (let i = 0; i < columns.monetary.length; i++) {
    if (columns.monetary[i]! >= threshold && columns.pAlive[i]! < below) rows.push(i);
  }
  return rows.sort((a, b) => columns.monetary[b]! - columns.monetary[a]!);
}
