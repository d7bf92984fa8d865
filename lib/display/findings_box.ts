/**
 * A summary box for the top of a notebook or report: the headline finding in
 * bold and a few bullet points, styled inline so it looks the same in
 * JupyterLab, VS Code and exported HTML.
 *
 * @module
 */
import { type Chart, chartFromHTML } from "../plot/chart.ts";

/** Text of a findings box: a headline and bullet points. */
export interface FindingsText {
  headline: string;
  points: readonly string[];
}

/** Options for {@link findingsBox}. */
export interface FindingsBoxOptions {
  /** Small heading above the headline (default "Key findings"). */
  title?: string;
}

function escapeHTML(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

const BOX = "box-sizing:border-box;max-width:860px;margin:0.5em 0 1em 0;padding:12px 16px;" +
  "background:#f3f6fa;border:1px solid #d5dde8;border-left:5px solid #4e79a7;border-radius:4px;" +
  "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#222;";
const TITLE = "font-size:11px;font-weight:600;letter-spacing:0.06em;text-transform:uppercase;" +
  "color:#4e79a7;margin:0 0 4px 0;";
const HEADLINE = "font-size:16px;font-weight:600;line-height:1.35;margin:0 0 6px 0;";
const LIST = "margin:0;padding-left:1.2em;font-size:13.5px;line-height:1.5;";

/**
 * Render findings (or plain text: first line is the headline, other lines
 * points) as a styled summary box.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { findingsBox } from "./findings_box.ts";
 * const box = findingsBox({ headline: "3 segments", points: ["High-Value is 12% of customers"] });
 * ok(box.html.includes("<li"));
 * ```
 */
export function findingsBox(
  findings: FindingsText | string,
  options: FindingsBoxOptions = {},
): Chart {
  const { headline, points } = typeof findings === "string" ? splitText(findings) : findings;
  let html = `<div class="segmentation-findings" style="${BOX}">`;
  html += `<div style="${TITLE}">${escapeHTML(options.title ?? "Key findings")}</div>`;
  html += `<p style="${HEADLINE}">${escapeHTML(headline)}</p>`;
  if (points.length > 0) {
    html += `<ul style="${LIST}">` +
      points.map((p) => `<li style="margin:2px 0;">${escapeHTML(p)}</li>`).join("") + "</ul>";
  }
  return chartFromHTML(html + "</div>");
}

function splitText(text: string): FindingsText {
  const lines = text.split("\n").map((l) => l.replace(/^\s*[-•*]\s*/, "").trim()).filter((l) =>
    l !== ""
  );
  return { headline: lines[0] ?? "", points: lines.slice(1) };
}
