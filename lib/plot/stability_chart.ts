/**
 * Stability of each cluster across reruns: mean Jaccard overlap with its
 * best match (bar), the range over runs (line from lowest to highest), Hennig's thresholds marked.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { StabilityResult } from "../select/stability.ts";
import { InputError } from "../errors.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { segmentColorScale, textColorOn } from "./palette.ts";
import { segmentNameOf, type SegmentNames } from "../segment_names.ts";
import { CHART_STYLE } from "./theme.ts";

/** Options for {@link stabilityChart}. */
export interface StabilityChartOptions {
  segmentNames?: SegmentNames;
  title?: string;
  width?: number;
}

/**
 * Per-cluster Jaccard stability from {@link StabilityResult}, the verdict as
 * subtitle.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { stabilityChart } from "./stability_chart.ts";
 * const chart = stabilityChart({
 *   algorithm: "kmeans", mode: "bootstrap", runs: 2, reference: Int32Array.of(0, 1), threshold: 0.75,
 *   ari: { values: [0.9, 1], mean: 0.95, median: 0.95, min: 0.9, max: 1 }, stable: true, verdict: "Stable.",
 *   clusters: [{ cluster: 0, size: 1, meanJaccard: 0.9, minJaccard: 0.8, maxJaccard: 1, dissolved: 0, rating: "highly stable" }],
 * });
 * ok(chart.html.includes("Stable."));
 * ```
 */
export function stabilityChart(
  result: StabilityResult,
  options: StabilityChartOptions = {},
): Chart {
  if (result.clusters.length === 0) throw new InputError("Stability chart: no clusters to show");
  const rows = result.clusters.map((c) => ({
    ...c,
    segment: segmentNameOf(c.cluster, options.segmentNames),
  }));
  const domain = rows.map((r) => r.segment);
  const scale = segmentColorScale(domain);
  const colorOf = new Map(scale.domain.map((d, i) => [d, scale.range[i]!]));
  return renderPlot({
    title: options.title ??
      `Cluster stability over ${result.runs} ${
        result.mode === "bootstrap" ? "bootstrap resamples" : "reseeded runs"
      }`,
    subtitle: result.verdict,
    width: options.width ?? 640,
    height: 70 + 34 * rows.length,
    marginLeft: 100,
    marginRight: 40,
    style: CHART_STYLE,
    x: {
      domain: [0, 1],
      label: "Jaccard overlap with the best-matching cluster of each run →",
      grid: true,
    },
    y: { domain, label: null },
    color: { ...scale, legend: false },
    marks: [
      Plot.barX(rows, { x: "meanJaccard", y: "segment", fill: "segment", fillOpacity: 0.85 }),
      Plot.ruleY(rows, {
        x1: "minJaccard",
        x2: "maxJaccard",
        y: "segment",
        stroke: "#333",
        strokeWidth: 1.5,
      }),
      Plot.tickX(rows, { x: "minJaccard", y: "segment", stroke: "#333" }),
      Plot.tickX(rows, { x: "maxJaccard", y: "segment", stroke: "#333" }),
      Plot.ruleX([0.75], { stroke: "#59a14f", strokeDasharray: "4,3" }),
      Plot.ruleX([0.5], { stroke: "#e15759", strokeDasharray: "4,3" }),
      Plot.text(rows, {
        x: "meanJaccard",
        y: "segment",
        text: (d: { meanJaccard: number; rating: string }) =>
          `${d.meanJaccard.toFixed(2)} ${d.rating}`,
        textAnchor: "end",
        dx: -4,
        fill: (d: { segment: string }) => textColorOn(colorOf.get(d.segment)!, 0.85),
        fontWeight: 600,
      }),
    ],
  });
}
