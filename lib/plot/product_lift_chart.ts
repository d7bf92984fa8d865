/**
 * What each segment buys more than everyone: the top products by lift per
 * segment as horizontal bars, one panel per segment, with the share of the
 * segment that bought each product as the label. Lift 1 (as common as among
 * all customers) is marked.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { InputError } from "../errors.ts";
import type { ProductLiftRow } from "../explain/product_lift.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { segmentColors } from "./palette.ts";
import { CHART_STYLE, textWidth } from "./theme.ts";

/** Options for {@link productLiftChart}. */
export interface ProductLiftChartOptions {
  /** Products per segment (default 5). */
  perSegment?: number;
  title?: string;
  width?: number;
  /** Segment names in palette order (for colours). */
  segments?: readonly string[];
}

/**
 * Bars of lift per product, a panel per segment.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { productLiftChart } from "./product_lift_chart.ts";
 * const chart = productLiftChart([{
 *   segment: "Champions", product: "22423", description: "REGENCY CAKESTAND", customers: 40,
 *   share_in_segment: 0.4, share_overall: 0.125, lift: 3.2,
 * }]);
 * ok(chart.html.includes("REGENCY CAKESTAND"));
 * ```
 */
export function productLiftChart(
  rows: readonly ProductLiftRow[],
  options: ProductLiftChartOptions = {},
): Chart {
  if (rows.length === 0) {
    throw new InputError("No product lifts to chart", {
      hint: "no product is bought by 5% of a segment more often than overall; lower minShare",
    });
  }
  const per = options.perSegment ?? 5;
  const count = new Map<string, number>();
  const data = rows.filter((r) => {
    const n = count.get(r.segment) ?? 0;
    count.set(r.segment, n + 1);
    return n < per;
  }).map((r) => ({
    ...r,
    name: `${r.description || r.product}`.slice(0, 32),
    key: `${r.segment}\u0000${r.product}`,
    label: `${Math.round(r.share_in_segment * 100)}% of segment`,
  }));
  const segments = [...new Set(data.map((d) => d.segment))];
  const palette = options.segments ?? segments;
  const colors = segmentColors(palette);
  const colorOf = new Map(palette.map((s, i) => [s, colors[i]!]));
  const marginLeft = Math.max(...data.map((d) => textWidth(d.name, 12))) + 16;
  const maxLift = Math.max(...data.map((d) => d.lift));
  return renderPlot({
    title: options.title ?? "What each segment buys more than all customers",
    subtitle: `Top ${per} products per segment by lift (share of the segment's customers who ` +
      `bought it ÷ share of all customers), among products bought by at least 5% of the segment. ` +
      `Dashed line: as common as among all customers.`,
    width: options.width ?? 760,
    height: 70 + data.length * 18,
    marginLeft,
    marginRight: 100,
    style: CHART_STYLE,
    y: {
      label: null,
      domain: data.map((d) => d.key),
      tickFormat: (k: string) => data.find((d) => d.key === k)!.name,
    },
    x: {
      label: "Lift (× as common as among all customers) →",
      domain: [0, maxLift * 1.05],
      grid: true,
    },
    color: {
      domain: segments,
      range: segments.map((s) => colorOf.get(s) ?? "#8fb0d3"),
      legend: true,
    },
    marks: [
      Plot.barX(data, { x: "lift", y: "key", fill: "segment" }),
      Plot.text(data, {
        x: "lift",
        y: "key",
        text: "label",
        textAnchor: "start",
        dx: 4,
        fill: "#444",
      }),
      Plot.ruleX([1], { stroke: "#444", strokeDasharray: "3,3" }),
    ],
  });
}
