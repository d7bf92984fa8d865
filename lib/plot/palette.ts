/**
 * Consistent names and colours for segments across every chart and table of a
 * run: clusters are ordered by label, the i-th cluster always gets colour i,
 * and noise (DBSCAN label -1, or any name containing "noise") is grey and
 * listed last without shifting the others' colours.
 *
 * @module
 */

/** Tableau 10, colour-blind friendlier ordering than d3's category10. */
export const SEGMENT_COLORS: readonly string[] = [
  "#4e79a7",
  "#f28e2c",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc949",
  "#af7aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ab",
];

/** Colour used for DBSCAN noise and "unassigned". */
export const NOISE_COLOR = "#9e9e9e";

function isNoise(name: string): boolean {
  return /noise|unassigned/i.test(name);
}

/**
 * Colour of each segment name, in the order given: noise-like names are grey
 * and do not use up a colour.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { segmentColors } from "./palette.ts";
 * deepEqual(segmentColors(["Noise", "A", "B"]), ["#9e9e9e", "#4e79a7", "#f28e2c"]);
 * ```
 */
export function segmentColors(segments: readonly string[]): string[] {
  let next = 0;
  return segments.map((s) =>
    isNoise(s) ? NOISE_COLOR : SEGMENT_COLORS[next++ % SEGMENT_COLORS.length]!
  );
}

/**
 * Plot colour scale options mapping segment names to fixed colours.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { segmentColorScale } from "./palette.ts";
 * deepEqual(segmentColorScale(["A", "B"]).range, ["#4e79a7", "#f28e2c"]);
 * ```
 */
export function segmentColorScale(
  segments: readonly string[],
): { domain: string[]; range: string[]; legend: true; type: "ordinal" } {
  return {
    type: "ordinal",
    domain: [...segments],
    range: segmentColors(segments),
    legend: true,
  };
}

/** Relative luminance (WCAG) of a `#rrggbb` colour drawn at `opacity` over white. */
function luminance(color: string, opacity: number): number {
  const hex = /^#?([0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (hex === undefined) return 0;
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    const over = c * opacity + (1 - opacity); // blended over a white background
    return over <= 0.03928 ? over / 12.92 : ((over + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** Dark text used on light backgrounds. */
export const DARK_TEXT = "#222222";

/**
 * The label colour for text on a background (drawn at `opacity` over white):
 * dark when its relative luminance is above 0.4 (light pink, grey, yellow,
 * teal, orange), white otherwise (blue, red, green, purple, brown), where
 * bold white labels read better than the plain WCAG ratio suggests.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { textColorOn } from "./palette.ts";
 * equal(textColorOn("#4e79a7"), "white"); // blue
 * equal(textColorOn("#ff9da7"), "#222222"); // light pink
 * equal(textColorOn("#edc949", 0.85), "#222222"); // yellow
 * ```
 */
export function textColorOn(background: string, opacity = 1): string {
  return luminance(background, opacity) > 0.4 ? DARK_TEXT : "white";
}
