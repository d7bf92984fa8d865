/**
 * RFM distributions before and after the log transform: one small histogram
 * per feature on its raw scale and on ln(1 + x), with the skewness of each,
 * so the reason for transforming shows at a glance.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { skewness } from "../features/transform.ts";
import { formatFigure } from "../format.ts";
import { type Chart, composeFigure, renderPlot } from "./chart.ts";
import { SEGMENT_COLORS } from "./palette.ts";
import { CHART_STYLE } from "./theme.ts";

/** Options for {@link rfmDistributionsChart}. */
export interface RFMDistributionsOptions {
  /** Features to show (default recency, frequency, monetary). */
  features?: readonly string[];
  /** Bins per histogram (default 30). */
  bins?: number;
  /** Axis labels with units, e.g. `{ monetary: "Monetary (£)" }`. */
  labels?: Readonly<Record<string, string>>;
}

const UNITS: Record<string, string> = {
  recency: "Recency (days)",
  frequency: "Frequency (purchases)",
  monetary: "Monetary (£)",
  total_quantity: "Total quantity (units)",
  avg_basket_value: "Average basket (£)",
  tenure: "Tenure (days)",
  distinct_products: "Distinct products",
};

function histogram(values: number[], label: string, color: string, bins: number): string {
  return renderPlot({
    width: 300,
    height: 170,
    marginLeft: 48,
    style: CHART_STYLE,
    x: { label: `${label} →`, labelAnchor: "right" },
    y: { label: "↑ Customers", grid: true },
    marks: [
      Plot.rectY(
        values,
        Plot.binX<Plot.RectYOptions>({ y: "count" }, {
          x: (d: number) => d,
          thresholds: bins,
          fill: color,
        }),
      ),
      Plot.ruleY([0]),
    ],
  }).html;
}

/**
 * Histograms of each feature raw (top) and after log1p (bottom).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { rfmDistributionsChart } from "./rfm_distributions.ts";
 * const t = aq.table({ recency: [1, 5, 30, 200], frequency: [1, 1, 2, 9], monetary: [10, 20, 90, 2000] });
 * ok(rfmDistributionsChart(t).html.includes("log1p"));
 * ```
 */
export function rfmDistributionsChart(
  table: ColumnTable,
  options: RFMDistributionsOptions = {},
): Chart {
  const features = options.features ?? ["recency", "frequency", "monetary"];
  const bins = options.bins ?? 30;
  const cells: string[] = [];
  const notes: string[] = [];
  const columns = features.map((name) => {
    if (!table.columnNames().includes(name)) {
      throw new InputError(`Column not found: "${name}"`, {
        hint: `available columns: ${table.columnNames().join(", ")}`,
      });
    }
    return Array.from(table.array(name) as ArrayLike<number>).filter((v) => Number.isFinite(v));
  });
  for (const [logged, row] of [[false, 0], [true, 1]] as const) {
    features.forEach((name, j) => {
      const label = options.labels?.[name] ?? UNITS[name] ?? name;
      const values = logged ? columns[j]!.map((v) => Math.log1p(Math.max(v, 0))) : columns[j]!;
      const color = SEGMENT_COLORS[row === 0 ? 0 : 1]!;
      cells.push(
        `<div>${histogram(values, logged ? `log1p(${label})` : label, color, bins)}</div>`,
      );
    });
  }
  features.forEach((name, j) => {
    const before = skewness(columns[j]!);
    const after = skewness(columns[j]!.map((v) => Math.log1p(Math.max(v, 0))));
    const f = (v: number) => formatFigure(v, { decimals: 2 });
    notes.push(`${name} ${f(before)} → ${f(after)}`);
  });
  return composeFigure({
    title: "RFM distributions before and after log1p",
    subtitle: `Raw values (top) are heavy-tailed; ln(1 + x) (bottom) evens them out. Skewness: ${
      notes.join("; ")
    }.`,
    body:
      `<div style="display:grid;grid-template-columns:repeat(${features.length},300px);gap:4px 12px;">${
        cells.join("")
      }</div>`,
  });
}
