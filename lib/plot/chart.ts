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

/**
 * A minimal stand-in for `<canvas>` (linkedom has none). Plot draws continuous
 * colour legends on a 256×1 canvas with `fillRect` and embeds `toDataURL()`;
 * the stand-in records the rectangles and returns them as an SVG data URL, so
 * ramp legends render server-side. Other canvas uses (raster marks) are not
 * supported and fail with a clear error.
 */
function createCanvasStandIn(): unknown {
  const fills: { x: number; color: string }[] = [];
  const canvas = { width: 300, height: 150 };
  const context = {
    fillStyle: "#000",
    fillRect(x: number, y: number, w: number, h: number) {
      if (y !== 0 || w !== 1 || h !== 1) throw new Error("Canvas drawing not supported in charts");
      fills.push({ x, color: context.fillStyle });
    },
  };
  return Object.assign(canvas, {
    getContext(kind: string) {
      if (kind !== "2d") throw new Error(`Canvas context not supported in charts: ${kind}`);
      return context;
    },
    toDataURL() {
      // A horizontal gradient through every 8th pixel is indistinguishable from 256 rects.
      const last = Math.max(1, canvas.width - 1);
      const stops = fills.filter((_, i) => i % 8 === 0 || i === fills.length - 1)
        .map((f) => `<stop offset="${(f.x / last).toFixed(4)}" stop-color="${f.color}"/>`);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${canvas.width}" height="1" ` +
        `preserveAspectRatio="none"><linearGradient id="g">${stops.join("")}</linearGradient>` +
        `<rect width="100%" height="100%" fill="url(#g)"/></svg>`;
      return `data:image/svg+xml;base64,${btoa(svg)}`;
    },
  });
}

const createElement = document.createElement.bind(document);
(document as { createElement: (name: string, options?: unknown) => unknown }).createElement = (
  name: string,
  options?: unknown,
) =>
  name.toLowerCase() === "canvas"
    ? createCanvasStandIn()
    : createElement(name, options as ElementCreationOptions);

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
 * import { ok } from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { renderPlot } from "./chart.ts";
 * const chart = renderPlot({ title: "Demo", marks: [Plot.dot([{ x: 1, y: 2 }], { x: "x", y: "y" })] });
 * ok(chart.html.startsWith("<figure"));
 * ```
 */
export function renderPlot(options: Plot.PlotOptions): Chart {
  const node = Plot.plot(
    {
      ...roomForXLabel(options),
      ...options,
      ...roomForRampLegend(options),
      document,
    } as Plot.PlotOptions,
  ) as unknown as Element;
  let html = node.outerHTML;
  if (!html.startsWith("<figure")) html = `<figure>${html}</figure>`;
  return chartFromHTML(styleFigure(html));
}

/**
 * A continuous colour legend (a ramp) puts its first and last tick labels
 * on the ramp's ends, half outside its box by default: "0" is clipped. Give
 * the ramp room on both sides unless the caller set its margins.
 */
function roomForRampLegend(options: Plot.PlotOptions): Partial<Plot.PlotOptions> {
  const color = options.color as Record<string, unknown> | undefined;
  if (!color?.legend || ["ordinal", "categorical", "identity"].includes(String(color.type))) {
    return {};
  }
  if (Array.isArray(color.domain) && color.domain.some((d) => typeof d === "string")) return {};
  return {
    color: {
      marginLeft: 12,
      marginRight: 16,
      width: 268,
      ...color,
    } as Plot.ScaleOptions,
  };
}

/**
 * A bottom margin tall enough that an x-axis label set at the right end sits
 * below the tick labels instead of running into the last one.
 */
function roomForXLabel(options: Plot.PlotOptions): Partial<Plot.PlotOptions> {
  const x = options.x as { label?: unknown; axis?: unknown } | undefined;
  if (options.marginBottom !== undefined || x?.axis === null || x?.axis === "top") return {};
  return typeof x?.label === "string" && x.label !== "" ? { marginBottom: 42 } : {};
}

const FIGURE_STYLE = "margin:0 0 1.2em 0;padding:0;background:white;color:#222;" +
  "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:100%;overflow-x:auto;";
const TITLE_STYLE = "font-size:16px;font-weight:600;line-height:1.3;margin:0 0 2px 0;padding:0;" +
  "color:#222;border:none;";
const SUBTITLE_STYLE = "font-size:13px;font-weight:400;line-height:1.4;margin:0 0 8px 0;" +
  "padding:0;color:#555;border:none;";
const CAPTION_STYLE = "font-size:12px;color:#666;margin-top:4px;";

/**
 * Give a Plot figure inline styles (titles, subtitle, caption, background) so
 * it looks the same in JupyterLab, VS Code and an exported report, whatever
 * their heading styles.
 */
function styleFigure(html: string): string {
  return html
    .replace(/^<figure[^>]*>/, (tag) => {
      const plotClass = /class="([^"]*)"/.exec(tag)?.[1];
      const classes = plotClass ? `segmentation-chart ${plotClass}` : "segmentation-chart";
      return `<figure class="${classes}" style="${FIGURE_STYLE}">`;
    })
    .replaceAll("<h2>", `<h2 style="${TITLE_STYLE}">`)
    .replaceAll("<h3>", `<h3 style="${SUBTITLE_STYLE}">`)
    .replaceAll("<figcaption>", `<figcaption style="${CAPTION_STYLE}">`);
}

/** Parts of a {@link composeFigure} figure. */
export interface FigureParts {
  /** Title, shown like a chart title. */
  title?: string;
  /** Subtitle under the title. */
  subtitle?: string;
  /** Small print under the figure. */
  caption?: string;
  /** HTML body: charts, tables, or a grid of small charts. */
  body: string;
}

function escapeText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * Compose several charts (or any HTML) into one figure styled like a chart,
 * e.g. small multiples in a wrapping grid.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { composeFigure } from "./chart.ts";
 * const chart = composeFigure({ title: "Two panels", body: "<div>a</div><div>b</div>" });
 * ok(chart.html.includes("Two panels"));
 * ```
 */
export function composeFigure(parts: FigureParts): Chart {
  let html = `<figure class="segmentation-chart" style="${FIGURE_STYLE}">`;
  if (parts.title) html += `<h2 style="${TITLE_STYLE}">${escapeText(parts.title)}</h2>`;
  if (parts.subtitle) html += `<h3 style="${SUBTITLE_STYLE}">${escapeText(parts.subtitle)}</h3>`;
  html += parts.body;
  if (parts.caption) {
    html += `<figcaption style="${CAPTION_STYLE}">${escapeText(parts.caption)}</figcaption>`;
  }
  return chartFromHTML(html + "</figure>");
}

/** The server-side document used for rendering (for marks needing one). */
export { document as chartDocument };
