/**
 * Rule-based RFM segments: customers and value per segment, and the R×F grid
 * coloured by segment with the number of customers in each cell.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { RFM_SEGMENT_RULES, type RFMSegmentRule, segmentOrder } from "../features/rfm_segments.ts";
import { segmentShares } from "../profile/segment_shares.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { SEGMENT_COLORS, textColorOn } from "./palette.ts";
import { CHART_STYLE, textWidth } from "./theme.ts";
import { formatShare } from "../format.ts";

const EXTRA_COLORS = ["#4b4b8f", "#c2a83e", "#2f6f5e", "#8c564b"];

/**
 * Colour scale for RFM segment names: a fixed colour per segment in rule order
 * (the palette has 10 colours; the 11th segment and beyond get extra ones).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { rfmSegmentColorScale } from "./rfm_segments_chart.ts";
 * equal(rfmSegmentColorScale().domain[0], "Champions");
 * ```
 */
export function rfmSegmentColorScale(
  rules: readonly RFMSegmentRule[] = RFM_SEGMENT_RULES,
): { type: "ordinal"; domain: string[]; range: string[]; legend: true } {
  const domain = [...segmentOrder(rules), "Unclassified"];
  const range = domain.map((_, i) =>
    i < SEGMENT_COLORS.length
      ? SEGMENT_COLORS[i]!
      : EXTRA_COLORS[(i - SEGMENT_COLORS.length) % EXTRA_COLORS.length]!
  );
  return { type: "ordinal", domain, range, legend: true };
}

function requireColumns(table: ColumnTable, names: string[]): void {
  for (const name of names) {
    if (!table.columnNames().includes(name)) {
      throw new InputError(`Column not found: "${name}"`, {
        hint: "chart a table from scoreRFM and assignSegments",
      });
    }
  }
}

/** Options for the RFM segment charts. */
export interface RFMSegmentsChartOptions {
  rules?: readonly RFMSegmentRule[];
  title?: string;
  width?: number;
}

/**
 * Bars of customers per segment, labelled with their share of customers and
 * of monetary value.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { rfmSegmentsChart } from "./rfm_segments_chart.ts";
 * const t = aq.table({ segment: ["Champions", "Lost", "Lost"], monetary: [900, 50, 50] });
 * ok(rfmSegmentsChart(t).html.includes("90% of value"));
 * ```
 */
export function rfmSegmentsChart(
  table: ColumnTable,
  options: RFMSegmentsChartOptions = {},
): Chart {
  requireColumns(table, ["segment", "monetary"]);
  const shares = new Map(
    segmentShares(table, { valueColumn: "monetary" }).map((s) => [s.segment, s]),
  );
  const scale = rfmSegmentColorScale(options.rules);
  const domain = scale.domain.filter((s) => shares.has(s));
  const rows = domain.map((segment) => {
    const s = shares.get(segment)!;
    return {
      segment,
      customers: s.customers,
      text: `${s.customers.toLocaleString("en-US")} (${formatShare(s.share)}) · ${
        formatShare(s.valueShare)
      } of value`,
    };
  });
  return renderPlot({
    title: options.title ?? "RFM segments",
    subtitle: `${table.numRows().toLocaleString("en-US")} customers by the R/F segment map`,
    width: options.width ?? 720,
    height: 40 + rows.length * 28,
    marginLeft: Math.max(...domain.map((s) => textWidth(s))) + 14,
    marginRight: Math.max(...rows.map((r) => textWidth(r.text))) + 14,
    style: CHART_STYLE,
    x: { label: "Customers →", grid: true, labelAnchor: "right" },
    y: { label: null, domain },
    color: { ...scale, legend: false },
    marks: [
      Plot.barX(rows, { x: "customers", y: "segment", fill: "segment" }),
      Plot.text(rows, { x: "customers", y: "segment", text: "text", textAnchor: "start", dx: 4 }),
      Plot.ruleX([0]),
    ],
  });
}

/**
 * The 5×5 grid of R score (rows) by F score (columns), each cell coloured by
 * its segment and labelled with its number of customers.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { rfmGridChart } from "./rfm_segments_chart.ts";
 * const t = aq.table({ r_score: [5, 1], f_score: [5, 1], segment: ["Champions", "Lost"] });
 * ok(rfmGridChart(t).html.includes("Champions"));
 * ```
 */
export function rfmGridChart(table: ColumnTable, options: RFMSegmentsChartOptions = {}): Chart {
  requireColumns(table, ["r_score", "f_score", "segment"]);
  const r = table.array("r_score") as ArrayLike<number>;
  const f = table.array("f_score") as ArrayLike<number>;
  const s = table.array("segment") as string[];
  const cells = new Map<string, { r: number; f: number; segment: string; customers: number }>();
  for (let i = 0; i < r.length; i++) {
    const key = `${r[i]}${f[i]}`;
    const cell = cells.get(key) ?? { r: r[i]!, f: f[i]!, segment: s[i]!, customers: 0 };
    cell.customers++;
    cells.set(key, cell);
  }
  const data = [...cells.values()].map((c) => ({
    ...c,
    label: `${c.segment}\n${c.customers.toLocaleString("en-US")}`,
  }));
  // The legend lists the segments on the map, in the same colours as every other RFM chart.
  const scale = rfmSegmentColorScale(options.rules);
  const present = new Set(s);
  const shown = scale.domain.flatMap((d, i) => present.has(d) ? [[d, scale.range[i]!]] : []);
  const colorOf = new Map(shown.map(([d, c]) => [d!, c!]));
  return renderPlot({
    title: options.title ?? "Segment map: R score × F score",
    subtitle: "Each cell: its segment and number of customers",
    width: options.width ?? 720,
    height: 420,
    marginLeft: 50,
    style: CHART_STYLE,
    x: { label: "F score (frequency) →", domain: [1, 2, 3, 4, 5], labelAnchor: "right" },
    y: { label: "↑ R score (recency)", domain: [1, 2, 3, 4, 5], reverse: true },
    color: {
      type: "ordinal",
      domain: shown.map(([d]) => d),
      range: shown.map(([, c]) => c),
      legend: true,
    },
    marks: [
      Plot.cell(data, { x: "f", y: "r", fill: "segment", inset: 1, fillOpacity: 0.85 }),
      Plot.text(data, {
        x: "f",
        y: "r",
        text: "label",
        // white on dark cells, dark on light ones (pink, grey, yellow)
        fill: (d: { segment: string }) => textColorOn(colorOf.get(d.segment) ?? "#888888", 0.85),
        fontSize: 10,
        lineWidth: 9,
      }),
    ],
  });
}
