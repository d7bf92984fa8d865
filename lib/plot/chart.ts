/**
 * The base of every chart: Observable Plot rendered server-side on a linkedom
 * document, always wrapped in an HTML `<figure>` so notebooks show it as
 * `text/html` (JupyterLab refuses SVG from untrusted notebooks) and the
 * exported report embeds it inline as SVG.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>");

/** A rendered chart: its HTML, shown as rich output by the Deno kernel. */
export interface Chart {
  /** The `<figure>…</figure>` markup, SVG inline. */
  readonly html: string;
  /** Same as `html`; lets the kernel and DOM-minded code read it. */
  readonly outerHTML: string;
}

/** Wrap HTML markup as a {@link Chart} that the Deno kernel displays as HTML. */
export function chartFromHTML(html: string): Chart {
  return {
    html,
    outerHTML: html,
    [Symbol.for("Jupyter.display")]() {
      return { "text/html": html };
    },
    toString() {
      return html;
    },
  } as Chart;
}

/**
 * Render Plot options into a {@link Chart}. The figure has a white
 * background, the system font, and the title and subtitle given.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { renderPlot } from "./chart.ts";
 * const chart = renderPlot({ title: "Demo", marks: [Plot.dot([{ x: 1, y: 2 }], { x: "x", y: "y" })] });
 * chart.html.startsWith("<figure"); // true
 * ```
 */
export function renderPlot(options: Plot.PlotOptions): Chart {
  const node = Plot.plot({ ...options, document } as Plot.PlotOptions) as unknown as Element;
  let html = node.outerHTML;
  if (!html.startsWith("<figure")) html = `<figure class="segmentation-chart">${html}</figure>`;
  return chartFromHTML(html);
}

/** The server-side document used for rendering (for marks needing one). */
export { document as chartDocument };
