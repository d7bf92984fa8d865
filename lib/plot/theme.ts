/**
 * Shared look of the charts: font, text sizes, number formats and a rough
 * text-width estimate used to size margins so labels are never cut.
 *
 * @module
 */

/** Font stack of every chart and table. */
export const CHART_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** Plot `style` option shared by the charts: readable size, white background. */
export const CHART_STYLE = {
  fontSize: "12px",
  fontFamily: CHART_FONT,
  background: "white",
  color: "#222",
  overflow: "visible",
} as const;

/**
 * Approximate rendered width in pixels of `text` at `fontSize` (system-ui):
 * enough to size margins and avoid label collisions without a browser.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { textWidth } from "./theme.ts";
 * ok(textWidth("Spending score", 12) > 70);
 * ```
 */
export function textWidth(text: string, fontSize = 12): number {
  let units = 0;
  for (const ch of text) {
    if ("il.,:;|!'() ".includes(ch)) units += 0.3;
    else if ("mwMW@%".includes(ch)) units += 0.85;
    else if (ch >= "A" && ch <= "Z") units += 0.65;
    else units += 0.55;
  }
  return Math.ceil(units * fontSize);
}
