/**
 * Does a text column go with the numbers? For each text column, the share of
 * each numeric feature's variance its levels explain (ω², the one-way
 * analysis of variance's effect size, corrected for chance). A column whose
 * levels explain next to nothing of any number (a gender column drawn
 * independently of behaviour) carries no segment structure the numbers can
 * confirm: clustering on it would only split every segment in twins.
 *
 * @module
 */
import type { PreparedData } from "./apply_preparation.ts";

/**
 * ω² below which a text column is taken as unrelated to every numeric
 * feature: its levels explain less than 2% of the variance of each. Cohen's
 * "small" effect is 1%, "medium" 6%; the planted text levels of
 * `customers_messy.tsv` explain 30% and more, an independent column about 0.
 */
export const TEXT_ASSOCIATION_MIN = 0.02;

/** How strongly one text column (or 0/1 flag) goes with the numeric features. */
export interface TextAssociation {
  column: string;
  /** A text column, or a numeric column of two values (a 0/1 flag), weighed against the others. */
  kind: "text" | "flag";
  /** The numeric feature its levels explain best (undefined without numeric features). */
  strongest?: string;
  /** ω² for that feature (0 when there is none; can be slightly negative by chance). */
  omegaSquared: number;
  /** ω² of every numeric feature, in matrix order. */
  byFeature: { feature: string; omegaSquared: number }[];
  /** True when `omegaSquared` reaches {@link TEXT_ASSOCIATION_MIN}. */
  related: boolean;
}

/**
 * ω² (omega squared) of a one-way analysis of variance: groups given as a
 * code per row (−1: left out), values one per row.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { omegaSquared } from "./text_association.ts";
 * ok(omegaSquared(Float64Array.of(1, 1.1, 0.9, 5, 5.1, 4.9), Int32Array.of(0, 0, 0, 1, 1, 1)) > 0.9);
 * ```
 */
export function omegaSquared(values: ArrayLike<number>, groups: ArrayLike<number>): number {
  let groupCount = 0;
  for (let i = 0; i < groups.length; i++) {
    if (groups[i]! + 1 > groupCount) groupCount = groups[i]! + 1;
  }
  const sums = new Float64Array(groupCount);
  const counts = new Float64Array(groupCount);
  let n = 0, total = 0;
  for (let i = 0; i < values.length; i++) {
    const g = groups[i]!;
    const v = values[i]!;
    if (g < 0 || !Number.isFinite(v)) continue;
    sums[g] = sums[g]! + v;
    counts[g] = counts[g]! + 1;
    total += v;
    n++;
  }
  const present = counts.filter((c) => c > 0).length;
  if (present < 2 || n <= present) return 0;
  const mean = total / n;
  let ssTotal = 0;
  for (let i = 0; i < values.length; i++) {
    const g = groups[i]!;
    const v = values[i]!;
    if (g < 0 || !Number.isFinite(v)) continue;
    ssTotal += (v - mean) ** 2;
  }
  if (ssTotal === 0) return 0;
  let ssBetween = 0;
  for (let g = 0; g < groupCount; g++) {
    if (counts[g]! > 0) ssBetween += counts[g]! * (sums[g]! / counts[g]! - mean) ** 2;
  }
  const msWithin = (ssTotal - ssBetween) / (n - present);
  return (ssBetween - (present - 1) * msWithin) / (ssTotal + msWithin);
}

/**
 * ω² of every text column of prepared data against each of its numeric and
 * date features, and whether the column is related to any of them; 0/1
 * flags (numeric columns of two values) likewise, against the numbers that
 * are not flags: a rare flag unrelated to behaviour (a complaint) would
 * otherwise make a segment of its own.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitPreparation } from "./fit_preparation.ts";
 * import { applyPreparation } from "./apply_preparation.ts";
 * import { textAssociations } from "./text_association.ts";
 * const t = aq.table({ spend: [1, 2, 1, 9, 8, 9, 1, 9], tier: ["a", "a", "a", "b", "b", "b", "a", "b"] });
 * const prepared = applyPreparation(fitPreparation(t, { rareShare: 0, log: "none" }).model, t);
 * equal(textAssociations(prepared)[0]!.related, true);
 * ```
 */
export function textAssociations(prepared: PreparedData): TextAssociation[] {
  const m = prepared.encoded;
  const numeric = prepared.blocks.filter((b) => b.step.kind !== "categorical");
  // Two-valued numeric columns (0/1 flags) are weighed like text levels, against the other numbers.
  const flags = new Map<number, Int32Array>();
  for (const { start } of numeric) {
    const groups = twoValues(m.data, m.rows, m.cols, start);
    if (groups !== undefined) flags.set(start, groups);
  }
  const behaviour = numeric.filter((b) => !flags.has(b.start));
  const out: TextAssociation[] = [];
  for (const block of prepared.blocks) {
    let groups: Int32Array;
    if (block.step.kind === "categorical") {
      groups = new Int32Array(m.rows).fill(-1);
      for (let i = 0; i < m.rows; i++) {
        for (let j = block.start; j < block.end; j++) {
          if (m.data[i * m.cols + j] === 1) {
            groups[i] = j - block.start;
            break;
          }
        }
      }
    } else {
      const flag = flags.get(block.start);
      if (flag === undefined) continue;
      groups = flag;
    }
    const byFeature = behaviour.map(({ start }) => {
      const values = new Float64Array(m.rows);
      for (let i = 0; i < m.rows; i++) values[i] = m.data[i * m.cols + start]!;
      return { feature: m.columns[start]!, omegaSquared: omegaSquared(values, groups) };
    });
    let best: { feature: string; omegaSquared: number } | undefined;
    for (const f of byFeature) {
      if (best === undefined || f.omegaSquared > best.omegaSquared) best = f;
    }
    out.push({
      column: block.step.column,
      kind: block.step.kind === "categorical" ? "text" : "flag",
      strongest: best?.feature,
      omegaSquared: best?.omegaSquared ?? 0,
      byFeature,
      related: behaviour.length === 0 || (best?.omegaSquared ?? 0) >= TEXT_ASSOCIATION_MIN,
    });
  }
  return out;
}

/** Group 0 or 1 per row when column `j` holds exactly two distinct values, else undefined. */
function twoValues(
  data: Float64Array,
  rows: number,
  cols: number,
  j: number,
): Int32Array | undefined {
  let a = NaN, b = NaN;
  for (let i = 0; i < rows; i++) {
    const v = data[i * cols + j]!;
    if (v === a || v === b) continue;
    if (Number.isNaN(a)) a = v;
    else if (Number.isNaN(b)) b = v;
    else return undefined;
  }
  if (Number.isNaN(b)) return undefined;
  const low = Math.min(a, b);
  return Int32Array.from({ length: rows }, (_, i) => (data[i * cols + j] === low ? 0 : 1));
}
