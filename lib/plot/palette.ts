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
