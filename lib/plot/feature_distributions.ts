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
import { formatTick } from "../format.ts";

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
 * light). A yes/no (0/1) column gets a bar of the share with 1 instead of a
 * box. Axis ticks are round numbers spaced so their labels never touch.
 * Segment colours match the other charts.
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
    const groups: [string, Float64Array][] = order.map((label, s) => {
      let count = 0;
      for (let i = 0; i < labels.length; i++) if (labels[i] === label) count++;
      const picked = new Float64Array(count);
      for (let i = 0, at = 0; i < labels.length; i++) {
        if (labels[i] === label) picked[at++] = values[i]!;
      }
      return [names[s]!, picked];
    });
    if (overall) groups.unshift([ALL, values]);
    const label = options.featureLabels?.[feature] ?? feature;
    const chart = isFlag(values)
      ? flagPanel(groups, { label, domain, fill, marginLeft, panelWidth, rowHeight })
      : boxPanel(groups, { label, domain, fill, marginLeft, panelWidth, rowHeight });
    return `<div style="flex:0 0 auto;">${chart.html}</div>`;
  });
  const flags = features.some((_, j) => isFlag(matrixColumn(m, j)));
  return composeFigure({
    title: options.title ?? "Feature distributions by segment",
    subtitle:
      "Box: middle half of customers; black bar: median; whiskers: 5th to 95th percentile." +
      (flags ? " Yes/no (0/1) columns: bar = share of customers with 1." : ""),
    body: `<div style="display:flex;flex-wrap:wrap;gap:4px 28px;align-items:flex-start;">${
      panels.join("")
    }</div>`,
  });
}

/** True when every value is 0 or 1 (a yes/no flag): a box plot of it says nothing. */
export function isFlag(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== 0 && v !== 1) return false;
  }
  return values.length > 0;
}

/**
 * Round tick values from `lo` to `hi` (1, 2 or 5 times a power of ten apart),
 * at most `maxCount` of them, and the domain they span.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { niceTicks } from "./feature_distributions.ts";
 * deepEqual(niceTicks(3, 118_000, 4).ticks, [0, 50_000, 100_000, 150_000]);
 * ```
 */
export function niceTicks(lo: number, hi: number, maxCount: number): {
  ticks: number[];
  domain: [number, number];
} {
  if (!(hi > lo)) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return niceTicks(lo - pad, hi + pad, maxCount);
  }
  const count = Math.max(1, maxCount - 1);
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = power;
  for (const f of [1, 2, 2.5, 5, 10]) {
    step = f * power;
    if (Math.ceil(hi / step) - Math.floor(lo / step) <= count) break;
  }
  const first = Math.floor(lo / step), last = Math.ceil(hi / step);
  const ticks: number[] = [];
  for (let t = first; t <= last; t++) ticks.push(Number((t * step).toPrecision(12)));
  return { ticks, domain: [ticks[0]!, ticks.at(-1)!] };
}

interface PanelOptions {
  label: string;
  domain: string[];
  fill: string[];
  marginLeft: number;
  panelWidth: number;
  rowHeight: number;
}

/** The x axis of a panel: round ticks whose labels never touch, the last one inside the chart. */
function panelAxis(lo: number, hi: number, panelWidth: number, format: (v: number) => string) {
  // start from as many ticks as the widest plausible label allows, and shrink until they fit
  for (let count = 6; count >= 2; count--) {
    const { ticks, domain } = niceTicks(lo, hi, count);
    const widths = ticks.map((t) => textWidth(format(t), 10));
    const spacing = panelWidth / Math.max(1, ticks.length - 1);
    if (Math.max(...widths) + 10 <= spacing || count === 2) {
      return { ticks, domain, marginRight: Math.max(14, Math.ceil(widths.at(-1)! / 2) + 6) };
    }
  }
  throw new Error("unreachable");
}

function boxPanel(groups: [string, Float64Array][], o: PanelOptions): Chart {
  const stats = groups.map(([name, values]) => boxStats(name, values));
  const lo = Math.min(...stats.map((b) => b.p05)), hi = Math.max(...stats.map((b) => b.p95));
  const tick = (v: number) => formatTick(v, 0, [lo, hi]); // one unit for the whole axis
  const axis = panelAxis(lo, hi, o.panelWidth, tick);
  return renderPlot({
    width: o.marginLeft + o.panelWidth + axis.marginRight,
    height: 8 + o.domain.length * o.rowHeight + 42,
    marginLeft: o.marginLeft,
    marginRight: axis.marginRight,
    marginTop: 8,
    marginBottom: 42,
    style: CHART_STYLE,
    x: {
      label: o.label,
      labelAnchor: "center",
      labelArrow: "none",
      domain: axis.domain,
      ticks: axis.ticks,
      tickFormat: tick,
      grid: true,
    },
    y: { domain: o.domain, label: null, tickSize: 0 },
    color: { type: "ordinal", domain: o.domain, range: o.fill },
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
}

/** A 0/1 column: the share of each segment with 1, as a bar with its percentage. */
function flagPanel(groups: [string, Float64Array][], o: PanelOptions): Chart {
  const rows = groups.map(([segment, values]) => {
    let ones = 0;
    for (const v of values) ones += v;
    return { segment, share: values.length > 0 ? ones / values.length : 0 };
  });
  const percent = (v: number) => `${Math.round(v * 100)}%`;
  const marginRight = 32; // room for "100%" after a full bar
  return renderPlot({
    width: o.marginLeft + o.panelWidth + marginRight,
    height: 8 + o.domain.length * o.rowHeight + 42,
    marginLeft: o.marginLeft,
    marginRight,
    marginTop: 8,
    marginBottom: 42,
    style: CHART_STYLE,
    x: {
      label: `${o.label}: share with 1`,
      labelAnchor: "center",
      labelArrow: "none",
      domain: [0, 1],
      ticks: [0, 0.5, 1],
      tickFormat: percent,
      grid: true,
    },
    y: { domain: o.domain, label: null, tickSize: 0 },
    color: { type: "ordinal", domain: o.domain, range: o.fill },
    marks: [
      Plot.barX(rows, {
        y: "segment",
        x: "share",
        fill: "segment",
        stroke: "#444",
        strokeWidth: 0.75,
        insetTop: 3,
        insetBottom: 3,
      }),
      Plot.text(rows, {
        y: "segment",
        x: "share",
        text: (d: { share: number }) => percent(d.share),
        textAnchor: "start",
        dx: 3,
        fill: "#222",
        fontSize: 10,
      }),
    ],
  });
}
