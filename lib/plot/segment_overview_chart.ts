/**
 * Segment overview: each segment's share of customers against its share of
 * value (e.g. revenue), one labelled dot per segment, with the "fair share"
 * diagonal — segments above it are worth more than their size.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { segmentColorScale } from "./palette.ts";
import { CHART_STYLE, textWidth } from "./theme.ts";
import { formatShare } from "../format.ts";

/** Options for {@link segmentOverviewChart}. */
export interface SegmentOverviewOptions {
  /** What the value is, for labels: "revenue" (default "value"). */
  valueLabel?: string;
  /** Chart title (default "Segments: size and value", or "Segment sizes" without value). */
  title?: string;
  /** Subtitle under the title. */
  subtitle?: string;
  /** Width in pixels (default 640). */
  width?: number;
}

/** A profile from `profileClusters`, or its rows. */
export type ProfileLike = ColumnTable | readonly Record<string, unknown>[];

interface Point {
  segment: string;
  share: number;
  value?: number;
}

/** Rows of a profile with `segment`, `share` and (optionally) `value_share`. */
export function profileRows(profile: ProfileLike): Record<string, unknown>[] {
  const rows = Array.isArray(profile)
    ? [...profile as readonly Record<string, unknown>[]]
    : (profile as ColumnTable).objects() as Record<string, unknown>[];
  if (rows.length === 0) throw new InputError("Profile is empty: no segments to show");
  for (const column of ["segment", "share"]) {
    if (!(column in rows[0]!)) {
      throw new InputError(`Profile column not found: "${column}"`, {
        hint: "pass the table returned by profileClusters",
      });
    }
  }
  return rows;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

interface Placement {
  dx: number;
  dy: number;
  textAnchor: "start" | "end" | "middle";
}

/** Greedy label placement: right, left, above, below — the first that collides with nothing. */
function placeLabels(
  points: { px: number; py: number; lines: string[] }[],
  frame: Box,
): Placement[] {
  const r = 8;
  const placed: Box[] = points.map((p) => ({ x: p.px - r, y: p.py - r, w: 2 * r, h: 2 * r }));
  return points.map((p) => {
    const w = Math.max(...p.lines.map((l) => textWidth(l, 12))) + 4;
    const h = 15 * p.lines.length;
    const candidates: (Placement & { box: Box })[] = [
      { dx: r + 4, dy: 0, textAnchor: "start", box: { x: p.px + r + 4, y: p.py - h / 2, w, h } },
      { dx: -r - 4, dy: 0, textAnchor: "end", box: { x: p.px - r - 4 - w, y: p.py - h / 2, w, h } },
      {
        dx: 0,
        dy: -r - 2 - h / 2,
        textAnchor: "middle",
        box: { x: p.px - w / 2, y: p.py - r - 2 - h, w, h },
      },
      {
        dx: 0,
        dy: r + 2 + h / 2,
        textAnchor: "middle",
        box: { x: p.px - w / 2, y: p.py + r + 2, w, h },
      },
    ];
    const inside = (b: Box) =>
      b.x >= frame.x && b.y >= frame.y && b.x + b.w <= frame.x + frame.w &&
      b.y + b.h <= frame.y + frame.h;
    const best = candidates.find((c) => inside(c.box) && !placed.some((b) => overlaps(b, c.box))) ??
      candidates.find((c) => inside(c.box)) ?? candidates[0]!;
    placed.push(best.box);
    return { dx: best.dx, dy: best.dy, textAnchor: best.textAnchor };
  });
}

/**
 * Share of customers against share of value per segment (or segment sizes
 * as bars when the profile has no `value_share`). Colours follow the
 * segment palette so they match every other chart of the run.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { segmentOverviewChart } from "./segment_overview_chart.ts";
 * const chart = segmentOverviewChart([
 *   { segment: "Budget", share: 0.7, value_share: 0.3 },
 *   { segment: "Premium", share: 0.3, value_share: 0.7 },
 * ], { valueLabel: "revenue" });
 * ok(chart.html.includes("Share of revenue"));
 * ```
 */
export function segmentOverviewChart(
  profile: ProfileLike,
  options: SegmentOverviewOptions = {},
): Chart {
  const rows = profileRows(profile);
  const points: Point[] = rows.map((r) => ({
    segment: String(r.segment),
    share: Number(r.share),
    value: r.value_share === undefined ? undefined : Number(r.value_share),
  }));
  const color = segmentColorScale(points.map((p) => p.segment));
  const width = options.width ?? 640;
  if (points.some((p) => p.value === undefined)) return sizeBars(points, color, options, width);

  const valueLabel = options.valueLabel ?? "value";
  const max = Math.max(...points.flatMap((p) => [p.share, p.value!])) * 100;
  const top = Math.min(100, Math.ceil((max * 1.15) / 5) * 5);
  const margin = { left: 56, right: 24, top: 24, bottom: 48 };
  const height = Math.round(Math.min(width, 560) * 0.78);
  const frame = {
    x: margin.left,
    y: margin.top,
    w: width - margin.left - margin.right,
    h: height - margin.top - margin.bottom,
  };
  const data = points.map((p) => ({
    ...p,
    x: p.share * 100,
    y: p.value! * 100,
    lines: [p.segment, `${formatShare(p.share)} → ${formatShare(p.value!)}`],
  }));
  const placements = placeLabels(
    data.map((d) => ({
      px: frame.x + (d.x / top) * frame.w,
      py: frame.y + frame.h - (d.y / top) * frame.h,
      lines: d.lines,
    })),
    frame,
  );
  return renderPlot({
    title: options.title ?? "Segments: size and value",
    subtitle: options.subtitle ??
      `Each dot is a segment; labels read "share of customers → share of ${valueLabel}". ` +
        `Above the dashed line, a segment brings more ${valueLabel} than its size.`,
    width,
    height,
    marginLeft: margin.left,
    marginRight: margin.right,
    marginTop: margin.top,
    marginBottom: margin.bottom,
    style: CHART_STYLE,
    x: { domain: [0, top], label: "Share of customers (%) →", grid: true, labelAnchor: "right" },
    y: { domain: [0, top], label: `↑ Share of ${valueLabel} (%)`, grid: true },
    color,
    marks: [
      Plot.line([[0, 0], [top, top]], { stroke: "#888", strokeDasharray: "4,4" }),
      Plot.text([[top * 0.97, top * 0.97]], {
        text: ["fair share"],
        textAnchor: "end",
        dy: -8,
        fill: "#777",
        rotate: -Math.atan(frame.h / frame.w) * (180 / Math.PI),
      }),
      Plot.ruleX([0]),
      Plot.ruleY([0]),
      Plot.dot(data, { x: "x", y: "y", fill: "segment", r: 8, stroke: "white", strokeWidth: 1.5 }),
      ...data.map((d, i) =>
        Plot.text([d], {
          x: "x",
          y: "y",
          text: (p: typeof d) => p.lines.join("\n"),
          ...placements[i]!,
          lineAnchor: "middle",
          fontSize: 12,
          fill: "#222",
          stroke: "white",
          strokeWidth: 3,
          paintOrder: "stroke",
        })
      ),
    ],
  });
}

function sizeBars(
  points: Point[],
  color: ReturnType<typeof segmentColorScale>,
  options: SegmentOverviewOptions,
  width: number,
): Chart {
  const marginLeft = Math.max(60, ...points.map((p) => textWidth(p.segment) + 16));
  return renderPlot({
    title: options.title ?? "Segment sizes",
    subtitle: options.subtitle ?? "Share of customers in each segment.",
    width,
    height: 24 + points.length * 32 + 44,
    marginLeft,
    marginBottom: 44,
    marginRight: 48,
    style: CHART_STYLE,
    x: {
      label: "Share of customers (%) →",
      grid: true,
      domain: [0, Math.max(...points.map((p) => p.share)) * 100 * 1.1],
    },
    y: { label: null, domain: points.map((p) => p.segment) },
    color: { ...color, legend: false } as unknown as Plot.ScaleOptions,
    marks: [
      Plot.barX(points, { y: "segment", x: (p: Point) => p.share * 100, fill: "segment" }),
      Plot.text(points, {
        y: "segment",
        x: (p: Point) => p.share * 100,
        text: (p: Point) => formatShare(p.share),
        textAnchor: "start",
        dx: 4,
        fill: "#222",
      }),
      Plot.ruleX([0]),
    ],
  });
}
