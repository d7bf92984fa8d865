/**
 * PCA scatter: rows projected on the first two principal components,
 * coloured by segment, axes labelled with the share of variance each
 * component explains.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Matrix } from "../matrix.ts";
import { InputError } from "../errors.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { segmentColorScale } from "./palette.ts";
import { segmentDomain, segmentNameOf, type SegmentNames } from "../segment_names.ts";
import { CHART_STYLE } from "./theme.ts";

/** Options for {@link pcaScatter}. */
export interface PCAScatterOptions {
  /** Names by label (array or object; default "Cluster N", "Noise" for -1). */
  segmentNames?: SegmentNames;
  /** Explained variance ratio of PC1 and PC2 (e.g. `model.explainedVarianceRatio`), for axis labels. */
  explained?: readonly number[];
  /** Chart title (default "Segments in the first two principal components"). */
  title?: string;
  /** At most this many points are drawn, evenly spaced through the rows (default 5000). */
  maxPoints?: number;
  /** Width in pixels (default 640). */
  width?: number;
}

/**
 * Scatter of PC1 against PC2 (the first two columns of `points`) coloured by label.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { pcaScatter } from "./pca_scatter.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const points = matrixFromRows([[0, 1], [1, 0], [5, 5]], ["PC1", "PC2"]);
 * ok(pcaScatter(points, [0, 0, 1], { explained: [0.6, 0.3] }).html.includes("PC1 (60% of variance)"));
 * ```
 */
export function pcaScatter(
  points: Matrix,
  labels: ArrayLike<number>,
  options: PCAScatterOptions = {},
): Chart {
  if (points.cols < 2) {
    throw new InputError(`PCA scatter needs two components, got ${points.cols}`, {
      hint: "fit PCA with components: 2",
    });
  }
  if (labels.length !== points.rows) {
    throw new InputError(
      `Labels do not match the points: ${labels.length} labels for ${points.rows} rows`,
    );
  }
  if (points.rows === 0) throw new InputError("No points to chart");
  const maxPoints = options.maxPoints ?? 5000;
  const step = Math.max(1, points.rows / maxPoints);
  const data: { x: number; y: number; segment: string }[] = [];
  for (let p = 0; p < points.rows; p += step) {
    const i = Math.floor(p);
    data.push({
      x: points.data[i * points.cols]!,
      y: points.data[i * points.cols + 1]!,
      segment: segmentNameOf(labels[i]!, options.segmentNames),
    });
  }
  const axis = (c: number) => {
    const share = options.explained?.[c];
    const name = points.columns[c] ?? `PC${c + 1}`;
    return share === undefined ? name : `${name} (${Math.round(share * 100)}% of variance)`;
  };
  const shown = data.length < points.rows
    ? `${data.length.toLocaleString("en-US")} of ${points.rows.toLocaleString("en-US")} rows shown`
    : `${points.rows.toLocaleString("en-US")} rows`;
  const explainedTotal = options.explained && options.explained.length >= 2
    ? `; together the two axes carry ${
      Math.round((options.explained[0]! + options.explained[1]!) * 100)
    }% of the variance`
    : "";
  const r = data.length > 2000 ? 1.6 : data.length > 500 ? 2.4 : 3.2;
  return renderPlot({
    title: options.title ?? "Segments in the first two principal components",
    subtitle: `${shown}${explainedTotal}`,
    width: options.width ?? 640,
    height: 440,
    marginLeft: 50,
    style: CHART_STYLE,
    x: { label: `${axis(0)} →`, grid: true, labelAnchor: "right" },
    y: { label: `↑ ${axis(1)}`, grid: true },
    color: segmentColorScale(segmentDomain(labels, options.segmentNames)),
    marks: [
      Plot.dot(data, { x: "x", y: "y", fill: "segment", r, fillOpacity: 0.7 }),
    ],
  });
}
