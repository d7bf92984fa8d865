/**
 * The per-row silhouette ("knife") chart: every row's silhouette, sorted
 * within its cluster, clusters stacked, the average marked. Thin or
 * negative blades show clusters that overlap.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { InputError } from "../errors.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { segmentColorScale } from "./palette.ts";
import {
  segmentDomain,
  segmentLabels,
  segmentNameOf,
  type SegmentNames,
} from "../segment_names.ts";
import { CHART_STYLE } from "./theme.ts";

/** Options for {@link silhouetteKnifeChart}. */
export interface SilhouetteKnifeOptions {
  segmentNames?: SegmentNames;
  title?: string;
  width?: number;
}

/**
 * Knife chart from per-row silhouettes (`silhouetteSamples`) and labels
 * (noise rows, label -1, are skipped).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { silhouetteKnifeChart } from "./silhouette_knife_chart.ts";
 * const chart = silhouetteKnifeChart(Float64Array.of(0.8, 0.7, 0.6, 0.5), [0, 0, 1, 1]);
 * ok(chart.html.includes("Cluster 1"));
 * ```
 */
export function silhouetteKnifeChart(
  samples: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: SilhouetteKnifeOptions = {},
): Chart {
  if (samples.length !== labels.length) {
    throw new InputError(`Knife chart: ${samples.length} silhouettes for ${labels.length} labels`);
  }
  const clusters = segmentLabels(labels).filter((c) => c >= 0);
  if (clusters.length === 0) throw new InputError("Knife chart: no clustered rows");
  const domain = segmentDomain(labels, options.segmentNames).filter((_, i) =>
    segmentLabels(labels)[i]! >= 0
  );
  const gap = Math.max(4, Math.round(samples.length * 0.02));
  const points: { segment: string; position: number; value: number }[] = [];
  const names: { segment: string; position: number }[] = [];
  let position = 0, total = 0, count = 0;
  for (const c of clusters) {
    const values: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === c) values.push(samples[i]!);
    values.sort((a, b) => b - a);
    const segment = segmentNameOf(c, options.segmentNames);
    names.push({ segment, position: position + values.length / 2 });
    values.forEach((value) => {
      points.push({ segment, position: position++, value });
      total += value;
      count++;
    });
    position += gap;
  }
  const average = total / count;
  const lo = Math.min(0, ...points.map((p) => p.value));
  return renderPlot({
    title: options.title ?? "Silhouette of every customer, by cluster",
    subtitle: `Average silhouette ${average.toFixed(3)} (dashed). Wide blades reaching right are ` +
      "well-separated clusters; values below 0 are customers closer to another cluster.",
    width: options.width ?? 640,
    height: Math.min(600, Math.max(260, 40 * clusters.length + 80)),
    marginLeft: 100,
    style: CHART_STYLE,
    x: { domain: [lo, 1], label: "Silhouette →", labelAnchor: "right", grid: true },
    y: { axis: null, reverse: true },
    color: { ...segmentColorScale(domain), legend: false },
    marks: [
      Plot.areaX(points, {
        x1: 0,
        x2: "value",
        y: "position",
        fill: "segment",
        z: "segment",
        curve: "step",
      }),
      Plot.ruleX([0], { stroke: "#444" }),
      Plot.ruleX([average], { stroke: "#e15759", strokeDasharray: "4,3", strokeWidth: 1.5 }),
      Plot.text(names, {
        x: lo,
        y: "position",
        text: "segment",
        textAnchor: "end",
        dx: -6,
        fill: "#222",
      }),
    ],
  });
}
