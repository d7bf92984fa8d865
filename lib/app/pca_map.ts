/**
 * The app's segment map: the rows on the first two principal components of
 * the scaled features, coloured by segment like `pcaScatter`, each dot
 * carrying an SVG `<title>` with the row's id and values, so hovering a dot
 * shows who it is (in the page and in the downloaded report, without script).
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { ColumnTable } from "arquero";
import { applyPCA, fitPCA } from "../features/pca.ts";
import { labelsOfRowsUsed, type SegmentationFit } from "../segment/segmentation.ts";
import { type Chart, renderPlot } from "../plot/chart.ts";
import { segmentColorScale } from "../plot/palette.ts";
import { segmentDomain, segmentNameOf } from "../segment_names.ts";
import { CHART_STYLE } from "../plot/theme.ts";
import { isMissingCell } from "../prepare/column_values.ts";
import { formatFigure, isYearLikeName } from "../format.ts";
import { isIdLikeName } from "../features/pick_features.ts";

/** Options for {@link segmentMap}. */
export interface SegmentMapOptions {
  /** Column naming each row in the hover text (default: row number). */
  idColumn?: string;
  /** Names by cluster label (default "Cluster N"). */
  segmentNames?: readonly string[];
  /** Columns whose values the hover text lists (default: the columns used). */
  columns?: readonly string[];
  /** At most this many dots, evenly spaced through the rows (default 3000). */
  maxPoints?: number;
}

function cellText(v: unknown, column = ""): string {
  if (isMissingCell(v)) return "(blank)";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "number") {
    // Years and identifiers as written (1957, 5524), other figures grouped.
    const grouping = !isYearLikeName(column) && !isIdLikeName(column);
    return formatFigure(v, { maxDecimals: 4, grouping });
  }
  const s = String(v);
  return s.length > 60 ? s.slice(0, 57) + "…" : s;
}

/**
 * PCA map of a segmentation with hover text per dot; undefined when there
 * are fewer than two features (nothing to project).
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { fitSegmentation } from "../segment/segmentation.ts";
 * import { segmentMap } from "./pca_map.ts";
 * const t = aq.table({ id: ["a", "b", "c", "d"], x: [1, 1.1, 9, 9.2], y: [2, 2.1, 7, 7.3] });
 * const fit = fitSegmentation(t, { features: ["x", "y"], k: 2, seed: 1 });
 * segmentMap(fit, t, { idColumn: "id" })!.html.includes("<title>id a"); // true
 * ```
 */
export function segmentMap(
  fit: SegmentationFit,
  table: ColumnTable,
  options: SegmentMapOptions = {},
): Chart | undefined {
  const scaled = fit.scaled;
  if (scaled.cols < 2 || scaled.rows < 3) return undefined;
  const pca = fitPCA(scaled, { components: 2 });
  const points = applyPCA(pca, scaled);
  const rows = fit.prepared.rows;
  const labels = labelsOfRowsUsed(fit);
  const columns = options.columns ??
    fit.preparation.columns.filter((c) => c.used).map((c) => c.column);
  const arrays = columns.map((c) => [c, table.array(c) as ArrayLike<unknown>] as const);
  const ids = options.idColumn === undefined
    ? undefined
    : table.array(options.idColumn) as ArrayLike<unknown>;
  const maxPoints = options.maxPoints ?? 3000;
  const step = Math.max(1, points.rows / maxPoints);
  const data: { x: number; y: number; segment: string; tip: string }[] = [];
  for (let p = 0; p < points.rows; p += step) {
    const i = Math.floor(p);
    const row = rows[i]!;
    const segment = segmentNameOf(labels[i]!, options.segmentNames);
    const who = ids === undefined
      ? `row ${row + 1}`
      : `${options.idColumn} ${cellText(ids[row], options.idColumn)} (row ${row + 1})`;
    const lines = [who, segment, ...arrays.map(([c, v]) => `${c}: ${cellText(v[row], c)}`)];
    data.push({
      x: points.data[i * 2]!,
      y: points.data[i * 2 + 1]!,
      segment,
      tip: lines.join("\n"),
    });
  }
  const ratio = pca.explainedVarianceRatio;
  const axis = (c: number) => `PC${c + 1} (${Math.round((ratio[c] ?? 0) * 100)}% of variance)`;
  const shown = data.length < points.rows
    ? `${data.length.toLocaleString("en-US")} of ${points.rows.toLocaleString("en-US")} rows shown`
    : `${points.rows.toLocaleString("en-US")} rows`;
  const r = data.length > 2000 ? 2 : data.length > 500 ? 2.6 : 3.4;
  return renderPlot({
    title: "Segments in the first two principal components",
    subtitle: `${shown}; together the two axes carry ${
      Math.round(((ratio[0] ?? 0) + (ratio[1] ?? 0)) * 100)
    }% of the variance. Hover a dot to see the customer.`,
    width: 720,
    height: 460,
    marginLeft: 50,
    style: CHART_STYLE,
    x: { label: `${axis(0)} →`, grid: true, labelAnchor: "right" },
    y: { label: `↑ ${axis(1)}`, grid: true },
    color: { ...segmentColorScale(segmentDomain(labels, options.segmentNames)), legend: true },
    marks: [
      Plot.dot(data, { x: "x", y: "y", fill: "segment", r, fillOpacity: 0.75, title: "tip" }),
    ],
  });
}
