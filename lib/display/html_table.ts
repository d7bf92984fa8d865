/**
 * Tables shown as styled HTML in notebooks (JupyterLab, VS Code) and in the
 * exported report: numbers right-aligned with thousands separators, units in
 * headers, a caption, a row limit, optional data bars and segment colour
 * swatches. Inline styles only, so nothing depends on the host's CSS.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { type Chart, chartFromHTML } from "../plot/chart.ts";
import { segmentColors } from "../plot/palette.ts";
import { formatFigure, isYearLikeName } from "../format.ts";
import { isIdLikeName } from "../features/pick_features.ts";

/** How to show one column's values. */
export type ColumnFormat = "integer" | "number" | "percent" | "text" | ((value: unknown) => string);

/** Options for {@link htmlTable}. */
export interface HTMLTableOptions {
  /** Caption above the table. */
  caption?: string;
  /**
   * Per-column formats; numbers default to "integer" when all are whole, else
   * "number" with decimals suited to their size (2 below 100, 1 below 1,000, else 0).
   */
  formats?: Record<string, ColumnFormat>;
  /** Header labels, e.g. `{ monetary: "Monetary" }`. */
  labels?: Record<string, string>;
  /** Units shown in headers, e.g. `{ monetary: "£" }` → "Monetary (£)". */
  units?: Record<string, string>;
  /** Rows to show before "… and N more rows" (default 20). */
  maxRows?: number;
  /** Decimals for "number" columns (default: by size, see `formats`). */
  decimals?: number;
  /** Numeric columns drawn with a bar proportional to the value (e.g. shares). */
  bars?: readonly string[];
  /** Segment names in palette order: cells of `segmentColumn` get their colour swatch. */
  segments?: readonly string[];
  /** Column holding segment names (default "segment"). */
  segmentColumn?: string;
  /** Columns right-aligned like numbers although their values are text (already formatted). */
  alignRight?: readonly string[];
  /**
   * Text cells longer than this are cut with "…", the whole text in the cell's
   * tooltip (default: never cut), so a long comment does not make rows tall.
   * In a table of more than {@link COMPACT_AFTER} columns, whose cells are
   * narrow, the cut is at most {@link COMPACT_CUT} characters: about two lines.
   */
  maxTextChars?: number;
}

const STYLE = "border-collapse:collapse;font-family:system-ui,-apple-system,'Segoe UI',Roboto," +
  "sans-serif;font-size:13px;line-height:1.4;margin:0.25em 0;color:#222;background:white;";
const TH = "padding:5px 10px;border:none;border-bottom:2px solid #444;text-align:left;" +
  "vertical-align:bottom;background:#f5f5f5;font-weight:600;white-space:normal;max-width:10em;" +
  "overflow-wrap:break-word;";
const TD = "padding:4px 10px;border:none;border-bottom:1px solid #e3e3e3;white-space:nowrap;" +
  "text-align:left;";
/**
 * Text longer than this many characters wraps inside its cell (at most about
 * 30em wide) instead of widening the table past the page.
 */
export const WRAP_TEXT_AFTER = 32;
const WRAP = "white-space:normal;min-width:12em;max-width:30em;overflow-wrap:break-word;";
const WRAP_COMPACT = "white-space:normal;min-width:7em;max-width:18em;overflow-wrap:break-word;";
const NUM = "text-align:right;font-variant-numeric:tabular-nums;";
const BAR_WIDTH = 56;
/** Tables with more columns than this are set tighter, so a profile's many columns fit the page. */
export const COMPACT_AFTER = 10;
const COMPACT = "font-size:12px;";
const COMPACT_CELL = "padding-left:4px;padding-right:4px;max-width:7em;";
/** The longest cut text (`maxTextChars`) in a compact table: two lines of a 7em cell. */
export const COMPACT_CUT = 28;

/** A header label that may break after underscores and slashes (`years_member_mean`). */
function headerHTML(text: string): string {
  return escapeHTML(text).replace(/([_/])(?=[^_/])/g, "$1<wbr>");
}

function escapeHTML(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll(
    '"',
    "&quot;",
  );
}

/**
 * Format a number with thousands separators (unless `grouping` is false) and
 * fixed decimals; "–" when not finite, never "-0.00".
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { formatNumber } from "./html_table.ts";
 * equal(formatNumber(1234.5), "1,234.50");
 * ```
 */
export function formatNumber(value: number, decimals = 2, grouping = true): string {
  return formatFigure(value, { decimals, grouping });
}

function decimalsFor(values: ArrayLike<unknown>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number" && Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  }
  return max >= 1000 ? 0 : max >= 100 ? 1 : 2;
}

function formatter(
  format: ColumnFormat | undefined,
  values: ArrayLike<unknown>,
  decimals: number | undefined,
  name = "",
): (v: unknown) => string {
  // Years and identifiers read as written: 1957, not 1,957.
  const grouping = !isYearLikeName(name) && !isIdLikeName(name);
  if (typeof format === "function") return format;
  const all = Array.from(values);
  const numeric = all.every((v) => v === null || v === undefined || typeof v === "number");
  const kind = format ??
    (numeric
      ? (all.every((v) => typeof v !== "number" || Number.isInteger(v)) ? "integer" : "number")
      : "text");
  const places = decimals ?? decimalsFor(values);
  return (v: unknown) => {
    if (v === null || v === undefined) return "";
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return "–";
      if (kind === "integer") return formatNumber(v, 0, grouping);
      if (kind === "percent") return `${formatNumber(v * 100, 1)}%`;
      if (kind === "number") return formatNumber(v, places, grouping);
    }
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    return String(v);
  };
}

/** Rows of plain objects or an arquero table. */
export type TableLike = ColumnTable | readonly Record<string, unknown>[];

function toColumns(
  data: TableLike,
): { names: string[]; columns: ArrayLike<unknown>[]; rows: number } {
  if (Array.isArray(data)) {
    const rows = data as readonly Record<string, unknown>[];
    const names = rows.length > 0 ? Object.keys(rows[0]!) : [];
    return { names, columns: names.map((n) => rows.map((r) => r[n])), rows: rows.length };
  }
  const table = data as ColumnTable;
  const names = table.columnNames();
  return {
    names,
    columns: names.map((n) => table.array(n) as ArrayLike<unknown>),
    rows: table.numRows(),
  };
}

function barHTML(value: unknown, max: number, color: string): string {
  if (typeof value !== "number" || !Number.isFinite(value) || max <= 0) return "";
  const width = Math.max(0, Math.round((value / max) * BAR_WIDTH));
  return `<span style="display:inline-block;width:${BAR_WIDTH}px;height:9px;margin-right:8px;` +
    `vertical-align:middle;background-color:#eef1f5;"><span style="display:block;width:${width}px;` +
    `height:9px;background-color:${color};"></span></span>`;
}

function swatchHTML(color: string): string {
  return `<span style="display:inline-block;width:11px;height:11px;margin-right:7px;` +
    `vertical-align:-1px;border-radius:2px;background-color:${color};"></span>`;
}

/**
 * Render a table as HTML that the notebook displays as a table.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { htmlTable } from "./html_table.ts";
 * const t = htmlTable([{ segment: "A", customers: 1200, share: 0.4 }], {
 *   formats: { share: "percent" },
 *   bars: ["share"],
 *   segments: ["A"],
 * });
 * ok(t.html.includes("40.0%"));
 * ```
 */
export function htmlTable(data: TableLike, options: HTMLTableOptions = {}): Chart {
  const { names, columns, rows } = toColumns(data);
  const maxRows = options.maxRows ?? 20;
  const shown = Math.min(rows, maxRows);
  const formats = names.map((n, j) =>
    formatter(options.formats?.[n], columns[j]!, options.decimals, n)
  );
  const bars = new Set(options.bars ?? []);
  const alignRight = new Set(options.alignRight ?? []);
  const numeric = columns.map((c, j) => {
    if (alignRight.has(names[j]!)) return true;
    for (let i = 0; i < c.length; i++) if (typeof c[i] === "number") return true;
    return false;
  });
  // A loop, not Math.max(...values): a million rows would overflow the call stack.
  const maxima = columns.map((c, j) => {
    let max = 0;
    if (!bars.has(names[j]!)) return max;
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (typeof v === "number" && Number.isFinite(v) && v > max) max = v;
    }
    return max;
  });
  const segmentColumn = options.segmentColumn ?? "segment";
  const colorOf = new Map<string, string>();
  if (options.segments) {
    const colors = segmentColors(options.segments);
    options.segments.forEach((s, i) => colorOf.set(s, colors[i]!));
  }
  const header = (n: string) => {
    const label = options.labels?.[n] ?? n;
    const unit = options.units?.[n];
    return unit ? `${label} (${unit})` : label;
  };

  const compact = names.length > COMPACT_AFTER;
  const maxText = options.maxTextChars === undefined
    ? undefined
    : compact
    ? Math.min(options.maxTextChars, COMPACT_CUT)
    : options.maxTextChars;
  let html =
    `<div class="segmentation-table-wrap" style="max-width:100%;overflow-x:auto;margin:0 0 1em 0;">` +
    `<table class="segmentation-table" style="${STYLE}${compact ? COMPACT : ""}">`;
  if (options.caption) {
    html += `<caption style="caption-side:top;text-align:left;font-weight:600;font-size:14px;` +
      `padding:4px 0 6px 0;color:#222;">${escapeHTML(options.caption)}</caption>`;
  }
  html += "<thead><tr>" +
    names.map((n, j) =>
      `<th style="${TH}${compact ? COMPACT_CELL : ""}${numeric[j] ? "text-align:right;" : ""}">${
        headerHTML(header(n))
      }</th>`
    ).join("") + "</tr></thead><tbody>";
  for (let i = 0; i < shown; i++) {
    const background = i % 2 === 1 ? "background:#fafafa;" : "";
    html += "<tr>" + names.map((n, j) => {
      const v = columns[j]![i];
      const full = formats[j]!(v);
      const cut = maxText !== undefined && typeof v !== "number" && full.length > maxText;
      // Cut by code points, so an emoji is never split in half.
      const text = escapeHTML(cut ? `${Array.from(full).slice(0, maxText - 1).join("")}…` : full);
      const title = cut ? ` title="${escapeHTML(full)}"` : "";
      const align = typeof v === "number" || alignRight.has(n)
        ? NUM
        : text.length > WRAP_TEXT_AFTER || cut
        ? (compact ? WRAP_COMPACT : WRAP)
        : "";
      let prefix = "";
      if (bars.has(n)) prefix = barHTML(v, maxima[j]!, "#8fb0d3");
      else if (n === segmentColumn && colorOf.has(String(v))) {
        prefix = swatchHTML(colorOf.get(String(v))!);
      }
      return `<td style="${TD}${
        compact ? COMPACT_CELL : ""
      }${align}${background}"${title}>${prefix}${text}</td>`;
    }).join("") + "</tr>";
  }
  html += "</tbody></table>";
  if (rows > shown) {
    html += `<p style="font-family:system-ui,sans-serif;font-size:12px;color:#666;margin:0;">` +
      `… and ${(rows - shown).toLocaleString("en-US")} more rows</p>`;
  }
  return chartFromHTML(html + "</div>");
}
