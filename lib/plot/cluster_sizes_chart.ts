/**
 * Cluster sizes: one bar per segment with its count and share of rows.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { InputError } from "../errors.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { segmentColorScale } from "./palette.ts";
import { segmentLabels, segmentNameOf, type SegmentNames } from "../segment_names.ts";
import { CHART_STYLE, textWidth } from "./theme.ts";
import { formatShare } from "../format.ts";

/** Options for {@link clusterSizesChart}. */
export interface ClusterSizesOptions {
  /** Names by label (array or object; default "Cluster N", "Noise" for -1). */
  segmentNames?: SegmentNames;
  /** Chart title (default "Cluster sizes"). */
  title?: string;
  /** Width in pixels (default 640). */
  width?: number;
}

/**
 * Horizontal bars of rows per cluster, labelled with count and share.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { clusterSizesChart } from "./cluster_sizes_chart.ts";
 * ok(clusterSizesChart([0, 0, 1, 2, 2, 2]).html.includes("50%"));
 * ```
 */
export function clusterSizesChart(
  labels: ArrayLike<number>,
  options: ClusterSizesOptions = {},
): Chart {
  if (labels.length === 0) throw new InputError("No labels to chart cluster sizes");
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
  const order = segmentLabels(labels);
  const rows = order.map((label) => {
    const count = counts.get(label)!;
    return {
      segment: segmentNameOf(label, options.segmentNames),
      count,
      text: `${count.toLocaleString("en-US")} (${formatShare(count / labels.length)})`,
    };
  });
  const domain = rows.map((r) => r.segment);
  const maxCount = Math.max(...rows.map((r) => r.count));
  const labelWidth = Math.max(...domain.map((s) => textWidth(s)));
  const valueWidth = Math.max(...rows.map((r) => textWidth(r.text)));
  return renderPlot({
    title: options.title ?? "Cluster sizes",
    subtitle: `${labels.length.toLocaleString("en-US")} rows in ${rows.length} segments`,
    width: options.width ?? 640,
    height: 40 + rows.length * 30,
    marginLeft: labelWidth + 14,
    marginRight: valueWidth + 14,
    style: CHART_STYLE,
    x: { label: "Rows →", grid: true, domain: [0, maxCount], labelAnchor: "right" },
    y: { label: null, domain },
    color: { ...segmentColorScale(domain), legend: false },
    marks: [
      Plot.barX(rows, { x: "count", y: "segment", fill: "segment" }),
      Plot.text(rows, { x: "count", y: "segment", text: "text", textAnchor: "start", dx: 4 }),
      Plot.ruleX([0]),
    ],
  });
}
