/**
 * Heatmap of cluster centres: one row per cluster, one column per feature,
 * coloured on a diverging scale around 0 (for standardised features, 0 is
 * the average customer), the value printed in each cell.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { InputError } from "../errors.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { segmentNameOf, type SegmentNames } from "../segment_names.ts";
import { CHART_STYLE, textWidth } from "./theme.ts";

/** Options for {@link centreHeatmap}. */
export interface CentreHeatmapOptions {
  segmentNames?: SegmentNames;
  title?: string;
  subtitle?: string;
}

/**
 * Cluster centres (`centroids[c][j]`) as a heatmap.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { centreHeatmap } from "./centre_heatmap.ts";
 * ok(centreHeatmap([[1.2, -0.4], [-0.8, 0.9]], ["income", "age"]).html.includes("income"));
 * ```
 */
export function centreHeatmap(
  centroids: readonly (readonly number[])[],
  columns: readonly string[],
  options: CentreHeatmapOptions = {},
): Chart {
  if (centroids.length === 0) throw new InputError("Centre heatmap: no clusters");
  const cells = centroids.flatMap((row, c) =>
    columns.map((feature, j) => ({
      segment: segmentNameOf(c, options.segmentNames),
      feature,
      value: row[j]!,
    }))
  );
  if (cells.some((cell) => !Number.isFinite(cell.value))) {
    throw new InputError("Centre heatmap: a centre has a missing value");
  }
  const segments = centroids.map((_, c) => segmentNameOf(c, options.segmentNames));
  const reach = Math.max(0.5, ...cells.map((cell) => Math.abs(cell.value)));
  const cellWidth = Math.max(64, ...columns.map((f) => textWidth(f) + 12));
  const marginLeft = Math.max(70, ...segments.map((s) => textWidth(s) + 14));
  return renderPlot({
    title: options.title ?? "Cluster centres",
    subtitle: options.subtitle ??
      "Centre of each cluster on the scaled features: 0 is the average customer, ±1 one standard deviation.",
    width: Math.max(360, marginLeft + columns.length * cellWidth + 16),
    height: 40 + segments.length * 30,
    marginLeft,
    marginTop: 34,
    marginBottom: 6,
    style: CHART_STYLE,
    x: { domain: columns, axis: "top", label: null, tickSize: 0 },
    y: { domain: segments, label: null, tickSize: 0 },
    color: { type: "linear", scheme: "RdBu", domain: [-reach, reach], reverse: false },
    marks: [
      Plot.cell(cells, { x: "feature", y: "segment", fill: "value", inset: 1 }),
      Plot.text(cells, {
        x: "feature",
        y: "segment",
        text: (d: { value: number }) => (d.value >= 0 ? "+" : "−") + Math.abs(d.value).toFixed(2),
        fill: (d: { value: number }) => (Math.abs(d.value) > reach * 0.6 ? "white" : "#222"),
        fontVariant: "tabular-nums",
      }),
    ],
  });
}
