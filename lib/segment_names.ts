/**
 * Names of segments, the same in every chart, table and file of a run: the name given, else
 * "Cluster N" (N as in the `cluster` column), "Noise" for DBSCAN's -1.
 *
 * @module
 */

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
 * import { equal } from "node:assert/strict";
 * import { segmentNameOf } from "./segment_names.ts";
 * equal(segmentNameOf(2), "Cluster 2");
 * equal(segmentNameOf(0, ["Budget", "Premium"]), "Budget");
 * equal(segmentNameOf(-1), "Noise");
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
 * import { deepEqual } from "node:assert/strict";
 * import { segmentLabels } from "./segment_names.ts";
 * deepEqual(segmentLabels([2, -1, 0, 2, 1]), [0, 1, 2, -1]);
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
 * import { deepEqual } from "node:assert/strict";
 * import { segmentDomain } from "./segment_names.ts";
 * deepEqual(segmentDomain([1, 0, -1], ["Budget", "Premium"]), ["Budget", "Premium", "Noise"]);
 * ```
 */
export function segmentDomain(labels: ArrayLike<number>, names?: SegmentNames): string[] {
  return segmentLabels(labels).map((label) => segmentNameOf(label, names));
}
