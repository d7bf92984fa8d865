/**
 * Sentences and long text as notebook output: a cell that ends with a plain
 * string shows it quoted (`"Wrote …"`) as code output, and a long SQL dump
 * printed with `console.log` stays in a `--no-code` report. {@link sentence}
 * shows a sentence as text (HTML, with a markdown and a plain-text form), and
 * {@link foldedText} shows long text folded behind a one-line summary.
 *
 * @module
 */
import { type Chart, chartFromHTML } from "../plot/chart.ts";

function escapeHTML(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** Inline markdown a sentence may use: `code`, **bold** and _emphasis_. */
function inlineHTML(text: string): string {
  return escapeHTML(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(])_([^_]+)_(?=$|[\s.,;:)])/g, "$1<em>$2</em>");
}

const SENTENCE_STYLE = "margin:0.25em 0;font-family:system-ui,-apple-system,'Segoe UI',Roboto," +
  "sans-serif;font-size:14px;line-height:1.5;color:#222;";

/** A displayable output: HTML for notebooks and reports, markdown and plain text beside it. */
export interface TextOutput extends Chart {
  /** The text as given (markdown). */
  readonly text: string;
}

/**
 * A sentence (or a few, one paragraph each line) shown as text, not as a
 * quoted string; `code`, **bold** and _emphasis_ are rendered.
 *
 * @example
 * ```ts
 * import { equal, ok } from "node:assert/strict";
 * import { sentence } from "./sentence.ts";
 * const out = sentence("Wrote `out/a.csv` (1,510 rows) & more.");
 * ok(out.html.includes("<code>out/a.csv</code>") && out.html.includes("&amp;"));
 * equal(out.text, "Wrote `out/a.csv` (1,510 rows) & more."); // the text/plain and markdown form
 * ```
 */
export function sentence(text: string): TextOutput {
  const paragraphs = text.split(/\n+/).filter((line) => line.trim() !== "");
  const html = `<div class="segmentation-sentence">${
    paragraphs.map((p) => `<p style="${SENTENCE_STYLE}">${inlineHTML(p)}</p>`).join("")
  }</div>`;
  return withText(chartFromHTML(html), text);
}

/** Options for {@link foldedText}. */
export interface FoldedTextOptions {
  /** Show at most this many lines (default: all), ending with "…" when cut. */
  maxLines?: number;
}

/**
 * Long text (SQL, a log) folded behind a summary line that says what it is
 * and how long: one click shows it, and it takes one line in a report.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { foldedText } from "./sentence.ts";
 * const out = foldedText("The rule step's SQL", "SELECT *\nFROM t\nWHERE a < 1");
 * ok(out.html.startsWith("<details") && out.html.includes("3 lines") && out.html.includes("a &lt; 1"));
 * ```
 */
export function foldedText(
  summary: string,
  text: string,
  options: FoldedTextOptions = {},
): TextOutput {
  let lines = text.replace(/\n+$/, "").split("\n");
  const total = lines.length;
  if (options.maxLines !== undefined && lines.length > options.maxLines) {
    lines = [...lines.slice(0, options.maxLines), "…"];
  }
  const count = `${total.toLocaleString("en-US")} line${total === 1 ? "" : "s"}`;
  const html = `<details class="segmentation-folded"><summary style="cursor:pointer;` +
    `font-family:system-ui,sans-serif;font-size:13px;color:#444;">${inlineHTML(summary)} ` +
    `(${count}, click to show)</summary><pre style="font-size:12px;line-height:1.4;` +
    `margin:0.4em 0;padding:6px 8px;background:#f7f7f7;white-space:pre-wrap;` +
    `overflow-wrap:anywhere;">${escapeHTML(lines.join("\n"))}</pre></details>`;
  return withText(chartFromHTML(html), `${summary} (${count})`);
}

function withText(chart: Chart, text: string): TextOutput {
  const html = chart.html;
  return {
    html,
    outerHTML: html,
    text,
    [Symbol.for("Jupyter.display")]() {
      return { "text/html": html, "text/markdown": text, "text/plain": text };
    },
    toString() {
      return text;
    },
  } as TextOutput;
}
