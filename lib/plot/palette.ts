/**
 * Consistent colours for segments across every chart of a run: segment i
 * always gets colour i, noise (-1) is grey.
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

/**
 * Plot colour scale options mapping segment names to fixed colours.
 *
 * @example
 * ```ts
 * import { segmentColorScale } from "./palette.ts";
 * segmentColorScale(["A", "B"]).range; // ["#4e79a7", "#f28e2c"]
 * ```
 */
export function segmentColorScale(
  segments: readonly string[],
): { domain: string[]; range: string[]; legend: true; type: "ordinal" } {
  return {
    type: "ordinal",
    domain: [...segments],
    range: segments.map((
      s,
      i,
    ) => (/noise/i.test(s) ? NOISE_COLOR : SEGMENT_COLORS[i % SEGMENT_COLORS.length]!)),
    legend: true,
  };
}
