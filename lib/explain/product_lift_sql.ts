/**
 * Product lift per segment where the cleaned lines already are (DuckDB), in
 * one pass over the kept lines: the customers' segments go in as a small
 * table, and only the rows of `segment_products.csv` come back (at most
 * `top` per segment, plus ties at the edge, which the caller breaks the way
 * {@link productLift} does). The same definitions as `productLift`:
 *
 * - `share_in_segment` = the segment's customers who bought it / the segment's customers,
 * - `share_overall` = customers who bought it / all customers (those with a segment),
 * - `lift` = share_in_segment / share_overall,
 *
 * each one IEEE double division in that order, so the figures are
 * bit-identical to the TypeScript ones. A customer is in one segment, so a
 * product's buyers are the sum of its per-segment counts: one aggregation
 * over the distinct (customer, product) pairs gives both.
 *
 * Plain SQL (DISTINCT, GROUP BY, a window sum, QUALIFY rank), so it ports to
 * a warehouse like the cleaning does.
 *
 * @module
 */
import { sqlString } from "../io/duckdb.ts";

/** What {@link productLiftSQL} reads. */
export interface ProductLiftSQLOptions {
  /** The cleaned lines (`customer`, `product`, `ts`, `kept`). */
  table: string;
  /** Table of `customer` (VARCHAR, unique) and `segment` (VARCHAR). */
  segments: string;
  /** Lines dated before this day count (YYYY-MM-DD). */
  asOf: string;
  /** Smallest share of the segment (default 0.05). */
  minShare?: number;
  /** Rank kept per segment (ties at the edge included; default 10). */
  top?: number;
  /**
   * The pairs table of these lines (`productPairs`: customer, product, first_ts),
   * read instead of finding the distinct pairs over the lines again.
   */
  pairs?: string;
}

/**
 * SQL for the candidate rows of `segment_products.csv`: per segment, the
 * products bought by at least `minShare` of its customers with lift above 1,
 * ranked by lift then buyers, ranks up to `top` (ties at `top` all kept).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { productLiftSQL } from "./product_lift_sql.ts";
 * const sql = productLiftSQL({
 *   table: "rfm_1_lines", segments: "rfm_1_segments", asOf: "2024-12-01",
 * });
 * ok(sql.includes("SELECT DISTINCT"));
 * ok(sql.includes("QUALIFY rank() OVER"));
 * ```
 */
export function productLiftSQL(options: ProductLiftSQLOptions): string {
  const minShare = options.minShare ?? 0.05;
  const top = options.top ?? 10;
  // String(x) is the shortest text that reads back as the same double.
  const share = `CAST(${sqlString(String(minShare))} AS DOUBLE)`;
  return `-- Product lift per segment, over distinct buyers.
WITH
-- Who bought what: distinct (customer, product) pairs over the kept lines dated
-- before the as-of date (the lines RFM counts).
pairs AS (${
    options.pairs === undefined
      ? `
  SELECT DISTINCT customer, product
  FROM ${options.table}
  WHERE kept AND ts < DATE ${sqlString(options.asOf)} AND product IS NOT NULL`
      : `
  SELECT customer, product
  FROM ${options.pairs}
  WHERE first_ts < DATE ${sqlString(options.asOf)}`
  }
),
-- Customers per segment, and all customers (those with a segment).
sizes AS (
  SELECT segment, count(*) AS size, sum(count(*)) OVER () AS total
  FROM ${options.segments}
  GROUP BY segment
),
-- Buyers per segment and product; a customer is in one segment, so the sum
-- over segments is the product's buyers.
counts AS (
  SELECT g.segment, p.product, count(*) AS customers
  FROM pairs AS p
  JOIN ${options.segments} AS g ON g.customer = p.customer
  GROUP BY g.segment, p.product
),
lifted AS (
  SELECT c.segment, c.product, c.customers,
    CAST(c.customers AS DOUBLE) / CAST(z.size AS DOUBLE) AS share_in_segment,
    CAST(sum(c.customers) OVER (PARTITION BY c.product) AS DOUBLE) / CAST(z.total AS DOUBLE)
      AS share_overall
  FROM counts AS c
  JOIN sizes AS z ON z.segment = c.segment
)
SELECT segment, product, customers, share_in_segment, share_overall,
  share_in_segment / share_overall AS lift
FROM lifted
WHERE share_in_segment >= ${share} AND share_in_segment / share_overall > 1
-- Highest lift first, then more buyers; ties at the last rank are all kept
-- (the caller orders them by product id and keeps ${top}).
QUALIFY rank() OVER (
  PARTITION BY segment ORDER BY share_in_segment / share_overall DESC, customers DESC
) <= ${top};`;
}
