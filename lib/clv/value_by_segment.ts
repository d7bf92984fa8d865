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
  /** Sum of the customers' CLV over the horizon. */
  clv: number;
  /** Mean CLV per customer. */
  clv_mean: number;
  /** Share of all customers' CLV. */
  clv_share: number;
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
 * CLV summed per segment, in `order` (segments not listed follow, sorted); a missing CLV counts 0.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { valueBySegment } from "./value_by_segment.ts";
 * const rows = valueBySegment({
 *   segments: ["A", "B", "A"], clv: [10, 5, 30], pAlive: [1, 0.5, 0.8], expectedPurchases: [1, 1, 2],
 * }, ["B", "A"]);
 * deepEqual(rows.map((r) => [r.segment, r.customers, r.clv, r.clv_mean]), [["B", 1, 5, 5], ["A", 2, 40, 20]]);
 * ```
 */
export function valueBySegment(
  columns: CustomerValueColumns,
  order: readonly string[] = [],
): SegmentValueRow[] {
  const groups = new Map<string, { n: number; clv: number; purchases: number; alive: number }>();
  let total = 0;
  columns.segments.forEach((segment, i) => {
    const g = groups.get(segment) ?? { n: 0, clv: 0, purchases: 0, alive: 0 };
    const clv = columns.clv[i] ?? 0;
    g.n++;
    g.clv += Number.isFinite(clv) ? clv : 0;
    g.purchases += columns.expectedPurchases[i]!;
    g.alive += columns.pAlive[i]!;
    total += Number.isFinite(clv) ? clv : 0;
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
      clv: g.clv,
      clv_mean: g.clv / g.n,
      clv_share: total > 0 ? g.clv / total : 0,
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
