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

/** Name used for DBSCAN noise (label -1) when no name is given. */
export const NOISE_NAME = "Noise";

/**
 * Names for cluster labels: an array indexed by label, or an object keyed by
 * label (use the object form to name noise: `{ "-1": "Unassigned" }`).
 */
export type SegmentNames = readonly string[] | Readonly<Record<number, string>>;

/**
 * The display name of a cluster label: the given name, else "Cluster N" (the
 * same N as the `cluster` column of exported data), or "Noise" for -1.
 *
 * @example
 * ```ts
 * import { segmentNameOf } from "./palette.ts";
 * segmentNameOf(2); // "Cluster 2"
 * segmentNameOf(0, ["Budget", "Premium"]); // "Budget"
 * segmentNameOf(-1); // "Noise"
 * ```
 */
export function segmentNameOf(label: number, names?: SegmentNames): string {
  const given = names === undefined
    ? undefined
    : Array.isArray(names)
    ? (names as readonly string[])[label]
    : (names as Readonly<Record<number, string>>)[label];
  if (given !== undefined && given !== "") return given;
  return label === -1 ? NOISE_NAME : `Cluster ${label}`;
}

/**
 * Distinct labels in display order: clusters ascending, noise (-1) last.
 *
 * @example
 * ```ts
 * import { segmentLabels } from "./palette.ts";
 * segmentLabels([2, -1, 0, 2, 1]); // [0, 1, 2, -1]
 * ```
 */
export function segmentLabels(labels: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < labels.length; i++) seen.add(labels[i]!);
  return [...seen].sort((a, b) => (a < 0 ? Infinity : a) - (b < 0 ? Infinity : b));
}

/**
 * Segment names in display order for the labels present; pass the result to
 * {@link segmentColorScale} so every chart of the run agrees on colours.
 *
 * @example
 * ```ts
 * import { segmentDomain } from "./palette.ts";
 * segmentDomain([1, 0, -1], ["Budget", "Premium"]); // ["Budget", "Premium", "Noise"]
 * ```
 */
export function segmentDomain(labels: ArrayLike<number>, names?: SegmentNames): string[] {
  return segmentLabels(labels).map((label) => segmentNameOf(label, names));
}

function isNoise(name: string): boolean {
  return /noise|unassigned/i.test(name);
}

/**
 * Colour of each segment name, in the order given: noise-like names are grey
 * and do not use up a colour.
 *
 * @example
 * ```ts
 * import { segmentColors } from "./palette.ts";
 * segmentColors(["Noise", "A", "B"]); // ["#9e9e9e", "#4e79a7", "#f28e2c"]
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
    range: segmentColors(segments),
    legend: true,
  };
}
