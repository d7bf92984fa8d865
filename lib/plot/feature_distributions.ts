/**
 * Small multiples of feature distributions: one panel per feature, one box
 * per segment (plus all customers), in original units, so a reader sees how
 * segments overlap as well as how their averages differ.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { matrixColumn, matrixFromTable } from "../matrix.ts";
import { type Chart, composeFigure, renderPlot } from "./chart.ts";
import { segmentColors } from "./palette.ts";
import { segmentLabels, segmentNameOf, type SegmentNames } from "../segment_names.ts";
import { CHART_STYLE, textWidth } from "./theme.ts";

/** Options for {@link featureDistributions}. */
export interface FeatureDistributionsOptions {
  /** Feature columns, in original units. */
  features: readonly string[];
  /** Names by cluster label. */
  segmentNames?: SegmentNames;
  /** Panel titles with units, e.g. `{ annual_income_k: "Annual income (k$)" }`. */
  featureLabels?: Readonly<Record<string, string>>;
  /** Add an "All customers" box at the top of each panel (default true). */
  overall?: boolean;
  /** Title (default "Feature distributions by segment"). */
  title?: string;
  /** Width of one panel's plotting area in pixels, beside the segment names (default 220). */
  panelWidth?: number;
  /** File name for error messages. */
  file?: string;
}

/** Five-number summary of one segment on one feature. */
export interface BoxStats {
  segment: string;
  p05: number;
  q1: number;
  median: number;
  q3: number;
  p95: number;
}

const ALL = "All customers";

/** Quantile with linear interpolation (pandas/numpy default) of sorted values. */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}

/**
 * Five-number summary (5th, 25th, 50th, 75th, 95th percentiles, linear
 * interpolation as numpy) of `values`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { boxStats } from "./feature_distributions.ts";
 * equal(boxStats("A", Float64Array.from([1, 2, 3, 4, 5])).median, 3);
 * ```
 */
export function boxStats(segment: string, values: Float64Array): BoxStats {
  const sorted = Float64Array.from(values).sort();
  return {
    segment,
    p05: quantile(sorted, 0.05),
    q1: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    q3: quantile(sorted, 0.75),
    p95: quantile(sorted, 0.95),
  };
}

/**
 * One box-plot panel per feature, one box per segment: the box spans the
 * middle half of customers, the bar inside is the median, the whiskers reach
 * the 5th and 95th percentiles (outliers are not drawn, so large tables stay
 * light). Segment colours match the other charts.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { featureDistributions } from "./feature_distributions.ts";
 * const t = aq.table({ income: [20, 30, 25, 90, 110, 95] });
 * const chart = featureDistributions(t, [0, 0, 0, 1, 1, 1], { features: ["income"] });
 * ok(chart.html.includes("All customers"));
 * ```
 */
export function featureDistributions(
  table: ColumnTable,
  labels: Int32Array | readonly number[],
  options: FeatureDistributionsOptions,
): Chart {
  const features = [...options.features];
  const m = matrixFromTable(table, features, { file: options.file });
  if (labels.length !== m.rows) {
    throw new InputError(
      `Labels do not match the table: ${labels.length} labels for ${m.rows} rows`,
      { file: options.file, hint: "pass the labels produced for this same table" },
    );
  }
  const order = segmentLabels(labels);
  const names = order.map((label) => segmentNameOf(label, options.segmentNames));
  const colors = segmentColors(names);
  const overall = options.overall ?? true;
  const domain = overall ? [ALL, ...names] : names;
  const fill = overall ? ["white", ...colors] : colors;
  const panelWidth = options.panelWidth ?? 220;
  const marginLeft = Math.max(50, ...domain.map((n) => textWidth(n) + 12));
  const rowHeight = 22;

  const panels = features.map((feature, j) => {
    const values = matrixColumn(m, j);
    const stats: BoxStats[] = order.map((label, s) => {
      let count = 0;
      for (let i = 0; i < labels.length; i++) if (labels[i] === label) count++;
      const picked = new Float64Array(count);
      for (let i = 0, at = 0; i < labels.length; i++) {
        if (labels[i] === label) picked[at++] = values[i]!;
      }
      return boxStats(names[s]!, picked);
    });
    if (overall) stats.unshift(boxStats(ALL, values));
    const label = options.featureLabels?.[feature] ?? feature;
    const chart = renderPlot({
      width: marginLeft + panelWidth + 14,
      height: 8 + domain.length * rowHeight + 42,
      marginLeft,
      marginRight: 14,
      marginTop: 8,
      marginBottom: 42,
      style: CHART_STYLE,
      x: { label, labelAnchor: "center", labelArrow: "none", nice: true, grid: true, ticks: 4 },
      y: { domain, label: null, tickSize: 0 },
      color: { type: "ordinal", domain, range: fill },
      marks: [
        Plot.ruleY(stats, { y: "segment", x1: "p05", x2: "p95", stroke: "#555" }),
        Plot.barX(stats, {
          y: "segment",
          x1: "q1",
          x2: "q3",
          fill: "segment",
          stroke: "#444",
          strokeWidth: 0.75,
          insetTop: 3,
          insetBottom: 3,
        }),
        Plot.tickX(stats, { y: "segment", x: "median", stroke: "#111", strokeWidth: 2.5 }),
      ],
    });
    return `<div style="flex:0 0 auto;">${chart.html}</div>`;
  });
  return composeFigure({
    title: options.title ?? "Feature distributions by segment",
    subtitle: "Box: middle half of customers; black bar: median; whiskers: 5th to 95th percentile.",
    body: `<div style="display:flex;flex-wrap:wrap;gap:4px 28px;align-items:flex-start;">${
      panels.join("")
    }</div>`,
  });
}
