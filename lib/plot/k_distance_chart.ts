/**
 * The sorted k-distance curve with its knee and the suggested eps: the
 * evidence behind DBSCAN's radius.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { EpsSuggestion } from "../cluster/k_distance.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { CHART_STYLE } from "./theme.ts";

/** Options for {@link kDistanceChart}. */
export interface KDistanceChartOptions {
  title?: string;
  /** Most points drawn (the curve is thinned evenly; default 800). */
  maxPoints?: number;
  width?: number;
}

/**
 * Line chart of the sorted k-distances with the knee and eps marked.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { kDistanceChart } from "./k_distance_chart.ts";
 * const distances = Float64Array.from({ length: 50 }, (_, i) => (i < 45 ? 0.1 + i * 0.001 : i - 44));
 * const chart = kDistanceChart({ eps: 0.144, kneeIndex: 44, distances, minSamples: 4, reason: "knee" });
 * ok(chart.html.includes("eps"));
 * ```
 */
export function kDistanceChart(
  suggestion: EpsSuggestion,
  options: KDistanceChartOptions = {},
): Chart {
  const { distances, kneeIndex, eps, minSamples } = suggestion;
  const n = distances.length;
  const step = Math.max(1, Math.ceil(n / (options.maxPoints ?? 800)));
  const points: { rank: number; distance: number }[] = [];
  for (let i = 0; i < n; i += step) points.push({ rank: i + 1, distance: distances[i]! });
  if (points.at(-1)?.rank !== n) points.push({ rank: n, distance: distances[n - 1]! });
  const marks: Plot.Markish[] = [
    Plot.line(points, { x: "rank", y: "distance", stroke: "#4e79a7", strokeWidth: 2 }),
    Plot.ruleY([eps], { stroke: "#e15759", strokeDasharray: "4,3" }),
    Plot.text([{ rank: 1, distance: eps }], {
      x: "rank",
      y: "distance",
      text: () => `eps = ${Number(eps.toPrecision(3))}`,
      textAnchor: "start",
      dy: -8,
      fill: "#e15759",
      fontWeight: 600,
    }),
  ];
  if (kneeIndex !== undefined) {
    marks.push(
      Plot.dot([{ rank: kneeIndex + 1, distance: distances[kneeIndex]! }], {
        x: "rank",
        y: "distance",
        r: 6,
        stroke: "#e15759",
        strokeWidth: 2.5,
      }),
      Plot.text([{ rank: kneeIndex + 1, distance: distances[kneeIndex]! }], {
        x: "rank",
        y: "distance",
        text: () => "knee",
        textAnchor: "end",
        dx: -10,
        fill: "#e15759",
      }),
    );
  }
  return renderPlot({
    title: options.title ?? `Choosing DBSCAN's eps: sorted ${minSamples}-distance curve`,
    subtitle: suggestion.reason.charAt(0).toUpperCase() + suggestion.reason.slice(1) + ".",
    width: options.width ?? 640,
    height: 320,
    marginLeft: 60,
    style: CHART_STYLE,
    x: { label: "Rows sorted by k-distance →", labelAnchor: "right" },
    y: { label: `↑ Distance to ${minSamples}th nearest row (scaled units)`, grid: true },
    marks,
  });
}
