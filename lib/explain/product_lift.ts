/**
 * What each segment buys more than everyone else: for every segment and
 * product, over distinct buyers,
 *
 * - `share_in_segment` = the segment's customers who bought it / the segment's customers,
 * - `share_overall` = customers who bought it / all customers,
 * - `lift` = share_in_segment / share_overall (2 = twice as common in the segment).
 *
 * Products bought by fewer than `minShare` (default 5%) of the segment, or
 * with lift ≤ 1, are left out; the `top` (default 10) highest lifts per
 * segment are kept, ties broken by more buyers, then by product id. Each row
 * reads as a recommendation: offer the product to the segment.
 *
 * @module
 */
import { InputError } from "../errors.ts";

/** Who bought what: one entry per (customer, product) purchase; repeats are counted once. */
export interface CustomerProducts {
  customer: readonly string[];
  product: readonly string[];
}

/** Each customer's segment. Customers listed here are "all customers". */
export interface CustomerSegments {
  customer: readonly string[];
  segment: readonly string[];
}

/** One row of `segment_products.csv`. */
export type ProductLiftRow = {
  segment: string;
  product: string;
  /** The product's description, "" when unknown. */
  description: string;
  /** Customers of the segment who bought the product. */
  customers: number;
  share_in_segment: number;
  share_overall: number;
  lift: number;
};

/** The columns of `segment_products.csv`, in order. */
export const SEGMENT_PRODUCT_COLUMNS: readonly (keyof ProductLiftRow)[] = [
  "segment",
  "product",
  "description",
  "customers",
  "share_in_segment",
  "share_overall",
  "lift",
];

/** Options for {@link productLift}. */
export interface ProductLiftOptions {
  /** Smallest share of the segment that must have bought a product (default 0.05). */
  minShare?: number;
  /** Products kept per segment (default 10). */
  top?: number;
  /** Description per product id. */
  descriptions?: ReadonlyMap<string, string>;
  /** Segment order of the output (segments not listed follow, sorted). */
  order?: readonly string[];
}

/**
 * Products over-represented among each segment's buyers, highest lift first.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { productLift } from "./product_lift.ts";
 * const rows = productLift(
 *   { customer: ["a", "b", "c", "c"], product: ["mug", "mug", "tin", "mug"] },
 *   { customer: ["a", "b", "c", "d"], segment: ["Champions", "Champions", "Lost", "Lost"] },
 * );
 * deepEqual(rows[0], { segment: "Champions", product: "mug", description: "", customers: 2, share_in_segment: 1, share_overall: 0.75, lift: 1.3333333333333333 });
 * ```
 */
export function productLift(
  bought: CustomerProducts,
  segments: CustomerSegments,
  options: ProductLiftOptions = {},
): ProductLiftRow[] {
  const { minShare } = checkProductLiftOptions(options);
  if (bought.customer.length !== bought.product.length) {
    throw new InputError("Customer and product lists differ in length");
  }
  const { segmentOf, size } = segmentSizes(segments);
  const total = segmentOf.size;
  const seen = new Set<string>();
  const buyers = new Map<string, number>();
  const inSegment = new Map<string, Map<string, number>>();
  for (let i = 0; i < bought.customer.length; i++) {
    const id = bought.customer[i]!;
    const product = bought.product[i]!;
    const s = segmentOf.get(id);
    if (s === undefined) continue;
    const key = `${id}\u0000${product}`;
    if (seen.has(key)) continue;
    seen.add(key);
    buyers.set(product, (buyers.get(product) ?? 0) + 1);
    let bySegment = inSegment.get(s);
    if (bySegment === undefined) inSegment.set(s, bySegment = new Map());
    bySegment.set(product, (bySegment.get(product) ?? 0) + 1);
  }
  const candidates: ProductLiftRow[] = [];
  for (const [segment, bySegment] of inSegment) {
    const n = size.get(segment)!;
    for (const [product, customers] of bySegment) {
      const share_in_segment = customers / n;
      const share_overall = buyers.get(product)! / total;
      const lift = share_in_segment / share_overall;
      if (share_in_segment < minShare || !(lift > 1)) continue;
      candidates.push({
        segment,
        product,
        description: options.descriptions?.get(product) ?? "",
        customers,
        share_in_segment,
        share_overall,
        lift,
      });
    }
  }
  return rankProductLift(candidates, [...size.keys()], options);
}

/**
 * Check the options of {@link productLift} and fill in their defaults.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { checkProductLiftOptions } from "./product_lift.ts";
 * deepEqual(checkProductLiftOptions({}), { minShare: 0.05, top: 10 });
 * ```
 */
export function checkProductLiftOptions(
  options: ProductLiftOptions,
): { minShare: number; top: number } {
  const minShare = options.minShare ?? 0.05;
  const top = options.top ?? 10;
  if (!(minShare >= 0 && minShare <= 1)) {
    throw new InputError(`Invalid minimum share: ${minShare}`, {
      hint: "give a share of the segment between 0 and 1, e.g. 0.05",
    });
  }
  if (!Number.isInteger(top) || top < 1) {
    throw new InputError(`Invalid number of products per segment: ${top}`, {
      hint: "give a whole number, 1 or more",
    });
  }
  return { minShare, top };
}

/**
 * Each customer's segment and the number of customers per segment (in order
 * of first appearance); a customer listed twice is an error.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { segmentSizes } from "./product_lift.ts";
 * const { size } = segmentSizes({ customer: ["a", "b", "c"], segment: ["Lost", "Champions", "Lost"] });
 * deepEqual([...size], [["Lost", 2], ["Champions", 1]]);
 * ```
 */
export function segmentSizes(
  segments: CustomerSegments,
): { segmentOf: Map<string, string>; size: Map<string, number> } {
  if (segments.customer.length !== segments.segment.length) {
    throw new InputError("Customer and segment lists differ in length");
  }
  const segmentOf = new Map<string, string>();
  const size = new Map<string, number>();
  segments.customer.forEach((id, i) => {
    const s = segments.segment[i]!;
    if (segmentOf.has(id)) {
      throw new InputError(`Customer listed twice: "${id}"`, {
        row: i + 1,
        hint: "give one segment per customer",
      });
    }
    segmentOf.set(id, s);
    size.set(s, (size.get(s) ?? 0) + 1);
  });
  return { segmentOf, size };
}

/**
 * The rows of `segment_products.csv` from candidate rows (each already past
 * the share and lift filters): segments in `options.order`, the others
 * after it sorted; within a segment the highest lift first, ties broken by
 * more buyers, then by product id; `options.top` rows per segment.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { rankProductLift } from "./product_lift.ts";
 * const row = (segment: string, product: string, lift: number) => ({
 *   segment, product, description: "", customers: 1, share_in_segment: 0.5, share_overall: 0.5 / lift, lift,
 * });
 * const rows = rankProductLift(
 *   [row("Lost", "b", 2), row("Lost", "a", 2), row("Champions", "c", 3), row("Lost", "d", 1.5)],
 *   ["Lost", "Champions"],
 *   { top: 2, order: ["Champions"] },
 * );
 * deepEqual(rows.map((r) => `${r.segment} ${r.product}`), ["Champions c", "Lost a", "Lost b"]);
 * ```
 */
export function rankProductLift(
  candidates: readonly ProductLiftRow[],
  segmentNames: readonly string[],
  options: Pick<ProductLiftOptions, "top" | "order"> = {},
): ProductLiftRow[] {
  const top = options.top ?? 10;
  const order = options.order ?? [];
  const known = new Set(segmentNames);
  const names = [
    ...order.filter((s) => known.has(s)),
    ...segmentNames.filter((s) => !order.includes(s)).sort(),
  ];
  const bySegment = new Map<string, ProductLiftRow[]>();
  for (const row of candidates) {
    const list = bySegment.get(row.segment);
    if (list === undefined) bySegment.set(row.segment, [row]);
    else list.push(row);
  }
  const rows: ProductLiftRow[] = [];
  for (const segment of names) {
    const list = bySegment.get(segment) ?? [];
    list.sort((a, b) =>
      b.lift - a.lift || b.customers - a.customers ||
      (a.product < b.product ? -1 : a.product > b.product ? 1 : 0)
    );
    rows.push(...list.slice(0, top));
  }
  return rows;
}

/** Options for {@link liftRecommendations}. */
export interface LiftRecommendationOptions {
  /** Products named per segment (default 1). */
  perSegment?: number;
}

/** A recommendation for one segment, worded from its lifts. */
export interface LiftRecommendation {
  segment: string;
  text: string;
}

function productName(row: ProductLiftRow): string {
  return row.description !== "" ? `${row.description} (${row.product})` : row.product;
}

/**
 * One sentence per segment naming what to offer, from the rows of
 * {@link productLift} (in their order).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { liftRecommendations } from "./product_lift.ts";
 * const [first] = liftRecommendations([{
 *   segment: "Champions", product: "22423", description: "REGENCY CAKESTAND", customers: 40,
 *   share_in_segment: 0.4, share_overall: 0.125, lift: 3.2,
 * }]);
 * equal(first!.text, "Offer REGENCY CAKESTAND (22423) to Champions: bought by 3.2× more of them than of all customers (40% against 13%).");
 * ```
 */
export function liftRecommendations(
  rows: readonly ProductLiftRow[],
  options: LiftRecommendationOptions = {},
): LiftRecommendation[] {
  const per = options.perSegment ?? 1;
  const bySegment = new Map<string, ProductLiftRow[]>();
  for (const row of rows) {
    const list = bySegment.get(row.segment) ?? [];
    if (list.length < per) list.push(row);
    bySegment.set(row.segment, list);
  }
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return [...bySegment].map(([segment, list]) => {
    const offers = list.map((r) =>
      `${productName(r)}: bought by ${r.lift.toFixed(1)}× more of them than of all customers (${
        pct(r.share_in_segment)
      } against ${pct(r.share_overall)})`
    );
    const text = offers.length === 1
      ? `Offer ${offers[0]!.replace(":", ` to ${segment}:`)}.`
      : `Offer to ${segment}: ${offers.join("; ")}.`;
    return { segment, text };
  });
}
