/**
 * Customer lifetime value by segment: each segment's total CLV over the
 * horizon (bars) with its share of the whole and the mean per customer.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { InputError } from "../errors.ts";
import type { SegmentValueRow } from "../clv/value_by_segment.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { segmentColorScale } from "./palette.ts";
import { CHART_STYLE, textWidth } from "./theme.ts";

/** Options for {@link clvSegmentsChart}. */
export interface CLVSegmentsChartOptions {
  /** Horizon in days, for the subtitle. */
  horizonDays?: number;
  /** Currency symbol for labels (default none). */
  currency?: string;
  title?: string;
  width?: number;
}

/**
 * Bars of CLV per segment, in the rows' order.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { clvSegmentsChart } from "./clv_segments_chart.ts";
 * const chart = clvSegmentsChart([
 *   { segment: "Champions", customers: 10, clv: 5000, clv_mean: 500, clv_share: 0.8, expected_purchases: 40, p_alive_mean: 0.9 },
 *   { segment: "Lost", customers: 20, clv: 1250, clv_mean: 62.5, clv_share: 0.2, expected_purchases: 5, p_alive_mean: 0.2 },
 * ]);
 * ok(chart.html.includes("Champions"));
 * ```
 */
export function clvSegmentsChart(
  rows: readonly SegmentValueRow[],
  options: CLVSegmentsChartOptions = {},
): Chart {
  if (rows.length === 0) throw new InputError("No segments to chart CLV for");
  const currency = options.currency ?? "";
  const money = (v: number) =>
    `${currency}${Math.round(v).toLocaleString("en-US", { maximumFractionDigits: 0 })}`;
  const data = rows.map((r) => ({
    ...r,
    label: r.clv === null || r.clv_mean === null
      ? "not computed"
      : `${Math.round((r.clv_share ?? 0) * 100)}% · ${money(r.clv_mean)} each`,
  }));
  const segments = rows.map((r) => r.segment);
  const marginLeft = Math.max(...segments.map((s) => textWidth(s))) + 14;
  const max = Math.max(...rows.map((r) => r.clv ?? 0)) || 1;
  return renderPlot({
    title: options.title ?? "Customer lifetime value by segment",
    subtitle: `Expected value of each segment's purchases${
      options.horizonDays === undefined ? "" : ` over the next ${options.horizonDays} days`
    }, discounted; labels: share of the total and mean per customer.`,
    width: options.width ?? 760,
    height: 70 + rows.length * 28,
    marginLeft,
    marginRight: 150,
    style: CHART_STYLE,
    y: { label: null, domain: segments },
    x: { label: `CLV${currency ? ` (${currency})` : ""} →`, grid: true, domain: [0, max] },
    // The bars are labelled on the y axis: no colour legend.
    color: { ...segmentColorScale(segments), legend: false },
    marks: [
      Plot.barX(data, { x: "clv", y: "segment", fill: "segment" }),
      Plot.text(data, {
        x: (r: { clv: number | null }) => r.clv ?? 0,
        y: "segment",
        text: "label",
        textAnchor: "start",
        dx: 4,
      }),
      Plot.ruleX([0]),
    ],
  });
}
