/**
 * Pairwise scatter of features coloured by cluster (the lower triangle of a
 * scatter-plot matrix). Each feature is drawn on its own min–max range, so
 * features in different units share the grid.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { InputError } from "../errors.ts";
import type { Matrix } from "../matrix.ts";
import { createRandom } from "../random.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { segmentColorScale } from "./palette.ts";
import { segmentDomain, segmentNameOf, type SegmentNames } from "../segment_names.ts";
import { CHART_STYLE, textWidth } from "./theme.ts";

/** Options for {@link pairScatter}. */
export interface PairScatterOptions {
  /** Features to pair (default: the first four columns). */
  features?: string[];
  segmentNames?: SegmentNames;
  /** Most rows drawn, a seeded sample beyond (default 1500). */
  maxPoints?: number;
  seed?: number;
  title?: string;
}

/**
 * Scatter-plot matrix (below the diagonal) of `features`, coloured by label.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { pairScatter } from "./pair_scatter.ts";
 * const m = matrixFromRows([[1, 2, 3], [2, 1, 0], [5, 5, 5]], ["a", "b", "c"]);
 * ok(pairScatter(m, [0, 0, 1]).html.includes("Cluster 1"));
 * ```
 */
export function pairScatter(
  m: Matrix,
  labels: ArrayLike<number>,
  options: PairScatterOptions = {},
): Chart {
  if (labels.length !== m.rows) {
    throw new InputError(`Pair scatter: ${labels.length} labels for ${m.rows} rows`);
  }
  const features = options.features ?? m.columns.slice(0, 4);
  const index = features.map((f) => {
    const j = m.columns.indexOf(f);
    if (j < 0) {
      throw new InputError(`Column not found: "${f}"`, {
        hint: `available: ${m.columns.join(", ")}`,
      });
    }
    return j;
  });
  if (features.length < 2) throw new InputError("Pair scatter needs at least two features");
  const lo = index.map(() => Infinity), hi = index.map(() => -Infinity);
  for (let i = 0; i < m.rows; i++) {
    index.forEach((j, p) => {
      const v = m.data[i * m.cols + j]!;
      if (v < lo[p]!) lo[p] = v;
      if (v > hi[p]!) hi[p] = v;
    });
  }
  const unit = (v: number, p: number) => (hi[p]! > lo[p]! ? (v - lo[p]!) / (hi[p]! - lo[p]!) : 0.5);
  // a seeded sample of rows, drawn in row order
  const max = options.maxPoints ?? 1500;
  let rows = Array.from({ length: m.rows }, (_, i) => i);
  if (m.rows > max) {
    const random = createRandom(options.seed ?? 0);
    for (let i = 0; i < max; i++) {
      const j = i + random.int(m.rows - i);
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    rows = rows.slice(0, max).sort((a, b) => a - b);
  }
  const points: { fx: string; fy: string; x: number; y: number; segment: string }[] = [];
  for (let a = 0; a < features.length; a++) {
    for (let b = a + 1; b < features.length; b++) {
      for (const i of rows) {
        points.push({
          fx: features[a]!,
          fy: features[b]!,
          x: unit(m.data[i * m.cols + index[a]!]!, a),
          y: unit(m.data[i * m.cols + index[b]!]!, b),
          segment: segmentNameOf(labels[i]!, options.segmentNames),
        });
      }
    }
  }
  const size = 150;
  // the row names sit right of the panels: room for the longest, so none is cut off
  const marginRight = Math.max(60, ...features.slice(1).map((f) => textWidth(f, 13) + 16));
  return renderPlot({
    title: options.title ?? "Features two at a time, coloured by cluster",
    subtitle:
      `Each panel: column feature across, row feature up, each on its own range (min to max)` +
      (m.rows > max ? `; a sample of ${max} of ${m.rows} customers.` : "."),
    width: 20 + marginRight + (features.length - 1) * (size - 20),
    height: 60 + (features.length - 1) * size,
    marginLeft: 20,
    marginRight,
    marginTop: 30,
    style: CHART_STYLE,
    x: { axis: null, domain: [0, 1], inset: 4 },
    y: { axis: null, domain: [0, 1], inset: 4 },
    fx: { domain: features.slice(0, -1), label: null, axis: "top" },
    fy: { domain: features.slice(1), label: null, axis: "right" },
    color: segmentColorScale(segmentDomain(labels, options.segmentNames)),
    marks: [
      Plot.frame({ stroke: "#ddd" }),
      Plot.dot(points, {
        fx: "fx",
        fy: "fy",
        x: "x",
        y: "y",
        fill: "segment",
        r: 1.6,
        fillOpacity: 0.7,
      }),
    ],
  });
}
