/**
 * Profile heatmap: how each segment differs from the average customer on
 * every feature, as a grid of cells coloured on a diverging scale centred on
 * "average" (index 100, or z-score 0), with the value printed in each cell.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { InputError } from "../errors.ts";
import type { ProfileIndex, ProfileIndexCell } from "../profile/profile_clusters.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { CHART_STYLE, textWidth } from "./theme.ts";

/** Options for {@link profileHeatmap}. */
export interface ProfileHeatmapOptions {
  /** Chart title (default "How segments differ from the average customer"). */
  title?: string;
  /** Subtitle (default explains the index). */
  subtitle?: string;
}

function formatIndex(method: ProfileIndex["method"], value: number): string {
  if (method === "ratio") return String(Math.round(value));
  const rounded = Math.round(value * 10) / 10;
  return `${rounded > 0 ? "+" : rounded < 0 ? "−" : ""}${Math.abs(rounded).toFixed(1)}`;
}

/**
 * Heatmap of a {@link ProfileIndex}: features down the side, segments across
 * the top, blue above average and red below, the index printed in each cell.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { profileIndex } from "../profile/profile_clusters.ts";
 * import { profileHeatmap } from "./profile_heatmap.ts";
 * const t = aq.table({ income: [20, 30, 90, 110], age: [30, 40, 50, 60] });
 * const chart = profileHeatmap(profileIndex(t, [0, 0, 1, 1], { features: ["income", "age"] }));
 * ok(chart.html.includes("160"));
 * ```
 */
export function profileHeatmap(index: ProfileIndex, options: ProfileHeatmapOptions = {}): Chart {
  if (index.cells.length === 0) throw new InputError("Profile index is empty: nothing to draw");
  const ratio = index.method === "ratio";
  const pivot = ratio ? 100 : 0;
  const spread = Math.max(...index.cells.map((c) => Math.abs(c.index - pivot)));
  // Scale reach: at least ±20 (ratio) or ±0.5 sd so small gaps stay pale, at most ±100 / ±2.5.
  const reach = ratio
    ? Math.min(100, Math.max(20, Math.ceil(spread / 10) * 10))
    : Math.min(2.5, Math.max(0.5, Math.ceil(spread * 2) / 2));
  const strong = (c: ProfileIndexCell) => Math.abs(c.index - pivot) > reach * 0.6;

  const cellWidth = Math.max(72, ...index.segments.map((s) => textWidth(s) + 14));
  const cellHeight = 30;
  const marginLeft = Math.max(60, ...index.features.map((f) => textWidth(f) + 14));
  const marginTop = 34;
  const width = Math.max(360, marginLeft + index.segments.length * cellWidth + 16);
  const label = (c: ProfileIndexCell) => formatIndex(index.method, c.index);
  const text = {
    x: "segment",
    y: "feature",
    text: label,
    fontSize: 12,
    fontVariant: "tabular-nums",
  } as const;
  return renderPlot({
    title: options.title ?? "How segments differ from the average customer",
    subtitle: options.subtitle ??
      (ratio
        ? "Index = segment mean ÷ mean of all customers × 100: 100 is average, 150 is 50% above."
        : "Z-score = (segment mean − mean of all customers) ÷ standard deviation: 0 is average."),
    width,
    height: marginTop + index.features.length * cellHeight + 8,
    marginLeft,
    marginTop,
    marginRight: 16,
    marginBottom: 8,
    style: CHART_STYLE,
    x: { domain: index.segments, axis: "top", label: null, tickSize: 0 },
    y: { domain: index.features, label: null, tickSize: 0 },
    // Legend size and margins ride along with the scale options (Plot reads them at run time).
    color: {
      type: "diverging",
      scheme: "rdbu",
      pivot,
      domain: [pivot - reach, pivot + reach],
      clamp: true,
      legend: true,
      label: ratio ? "Index (100 = average)" : "Z-score (0 = average)",
      tickFormat: (d: number) => formatIndex(index.method, d),
      width: 300,
      marginLeft: 16,
      marginRight: 16,
    } as Plot.ScaleOptions,
    marks: [
      Plot.cell(index.cells, { x: "segment", y: "feature", fill: "index", inset: 1 }),
      Plot.text(index.cells.filter((c) => !strong(c)), { ...text, fill: "#222" }),
      Plot.text(index.cells.filter(strong), { ...text, fill: "white", fontWeight: 600 }),
    ],
  });
}
