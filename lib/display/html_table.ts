/**
 * Tables shown as styled HTML in notebooks (JupyterLab, VS Code) and in the
 * exported report: numbers right-aligned with thousands separators, units in
 * headers, a caption, and a row limit.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { type Chart, chartFromHTML } from "../plot/chart.ts";

/** How to show one column's values. */
export type ColumnFormat = "integer" | "number" | "percent" | "text" | ((value: unknown) => string);

/** Options for {@link htmlTable}. */
export interface HTMLTableOptions {
  /** Caption above the table. */
  caption?: string;
  /** Per-column formats; numbers default to "integer" when all are whole, else 2 decimals. */
  formats?: Record<string, ColumnFormat>;
  /** Header labels, e.g. `{ monetary: "Monetary (£)" }`. */
  labels?: Record<string, string>;
  /** Rows to show before "… and N more rows" (default 20). */
  maxRows?: number;
  /** Decimals for "number" (default 2). */
  decimals?: number;
}

const STYLE = "border-collapse:collapse;font:13px/1.4 system-ui,sans-serif;margin:0.5em 0;";
const TH = "padding:4px 10px;border-bottom:2px solid #444;text-align:left;background:#f5f5f5;";
const TD = "padding:3px 10px;border-bottom:1px solid #e0e0e0;";

function escapeHTML(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll(
    '"',
    "&quot;",
  );
}

/** Format a number with thousands separators and fixed decimals. */
export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return "–";
  return value.toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

function formatter(
  format: ColumnFormat | undefined,
  values: ArrayLike<unknown>,
  decimals: number,
): (v: unknown) => string {
  if (typeof format === "function") return format;
  const numeric = Array.from(values).every((v) =>
    v === null || v === undefined || typeof v === "number"
  );
  const kind = format ??
    (numeric
      ? (Array.from(values).every((v) => typeof v !== "number" || Number.isInteger(v))
        ? "integer"
        : "number")
      : "text");
  return (v: unknown) => {
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return "";
    if (typeof v === "number") {
      if (kind === "integer") return formatNumber(v, 0);
      if (kind === "percent") return `${formatNumber(v * 100, 1)}%`;
      if (kind === "number") return formatNumber(v, decimals);
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

/**
 * Render a table as HTML that the notebook displays as a table.
 *
 * @example
 * ```ts
 * import { htmlTable } from "./html_table.ts";
 * const t = htmlTable([{ segment: "A", customers: 1200, share: 0.4 }], { formats: { share: "percent" } });
 * t.html.includes("40.0%"); // true
 * ```
 */
export function htmlTable(data: TableLike, options: HTMLTableOptions = {}): Chart {
  const { names, columns, rows } = toColumns(data);
  const maxRows = options.maxRows ?? 20;
  const shown = Math.min(rows, maxRows);
  const formats = names.map((n, j) =>
    formatter(options.formats?.[n], columns[j]!, options.decimals ?? 2)
  );
  const numeric = columns.map((c) => Array.from(c).some((v) => typeof v === "number"));
  let html = `<table class="segmentation-table" style="${STYLE}">`;
  if (options.caption) {
    html += `<caption style="caption-side:top;text-align:left;font-weight:600;padding:4px 0;">${
      escapeHTML(options.caption)
    }</caption>`;
  }
  html += "<thead><tr>" +
    names.map((n, j) =>
      `<th style="${TH}${numeric[j] ? "text-align:right;" : ""}">${
        escapeHTML(options.labels?.[n] ?? n)
      }</th>`
    ).join("") + "</tr></thead><tbody>";
  for (let i = 0; i < shown; i++) {
    html += "<tr>" + names.map((_, j) => {
      const v = columns[j]![i];
      const align = typeof v === "number"
        ? "text-align:right;font-variant-numeric:tabular-nums;"
        : "";
      return `<td style="${TD}${align}">${escapeHTML(formats[j]!(v))}</td>`;
    }).join("") + "</tr>";
  }
  html += "</tbody></table>";
  if (rows > shown) {
    html += `<p style="font:12px system-ui;color:#666;margin:0;">… and ${
      rows - shown
    } more rows</p>`;
  }
  return chartFromHTML(html);
}
