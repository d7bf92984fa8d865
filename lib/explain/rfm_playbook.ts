/**
 * What to do with each rule-based RFM segment (the usual RFM playbook), and
 * each segment's exact definition in R and F scores, read off the segment
 * map — the words `segments_index.csv` and the notebooks use.
 *
 * @module
 */
import {
  RFM_SEGMENT_ACTIONS,
  RFM_SEGMENT_RULES,
  type RFMSegmentRule,
  rfmSegments,
  segmentOrder,
  UNCLASSIFIED,
} from "../features/rfm_segments.ts";
import type { SegmentExplanation } from "./explain_segments.ts";
import { indexFromRules, type SegmentIndexEntry } from "./crm_export.ts";
import { liftRecommendations, type ProductLiftRow } from "./product_lift.ts";

function span(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const runs: string[] = [];
  let start = sorted[0]!;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[i - 1]! + 1) continue;
    const end = sorted[i - 1]!;
    runs.push(start === end ? `${start}` : `${start}–${end}`);
    start = sorted[i]!;
  }
  return runs.join(", ");
}

/**
 * Each segment's R and F score cells in words ("R score 5, F score 4–5"), one
 * "or" per rectangle of the map.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { rfmSegmentDefinitions } from "./rfm_playbook.ts";
 * equal(rfmSegmentDefinitions().get("Champions"), "R score 5, F score 4–5");
 * equal(rfmSegmentDefinitions().get("At Risk"), "R score 1–2, F score 3–4");
 * ```
 */
export function rfmSegmentDefinitions(
  rules: readonly RFMSegmentRule[] = RFM_SEGMENT_RULES,
): Map<string, string> {
  const cells = new Map<string, Map<number, number[]>>(); // segment → F → Rs
  for (let r = 5; r >= 1; r--) {
    const names = rfmSegments([r, r, r, r, r], [1, 2, 3, 4, 5], rules);
    names.forEach((name, j) => {
      const byF = cells.get(name) ?? new Map<number, number[]>();
      byF.set(j + 1, [...(byF.get(j + 1) ?? []), r]);
      cells.set(name, byF);
    });
  }
  const out = new Map<string, string>();
  for (const name of [...segmentOrder(rules), ...cells.keys()]) {
    const byF = cells.get(name);
    if (byF === undefined || out.has(name)) continue;
    // Group F scores sharing the same set of R scores.
    const groups = new Map<string, number[]>();
    for (const [f, rs] of byF) groups.set(span(rs), [...(groups.get(span(rs)) ?? []), f]);
    out.set(
      name,
      [...groups].map(([rs, fs]) => `R score ${rs}, F score ${span(fs)}`).join(" or "),
    );
  }
  return out;
}

/**
 * Segment names as numeric labels for {@link explainSegments}: label i is
 * `names[i]`, the map's order followed by "Unclassified".
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { rfmSegmentLabels } from "./rfm_playbook.ts";
 * deepEqual(Array.from(rfmSegmentLabels(["Lost", "Champions"]).labels), [10, 0]);
 * ```
 */
export function rfmSegmentLabels(
  segments: readonly string[],
  rules: readonly RFMSegmentRule[] = RFM_SEGMENT_RULES,
): { labels: Int32Array; names: string[] } {
  const names = [...segmentOrder(rules), UNCLASSIFIED];
  const at = new Map(names.map((s, i) => [s, i]));
  return { labels: Int32Array.from(segments, (s) => at.get(s) ?? names.length - 1), names };
}

/**
 * The CRM index of rule-based segments: each segment's rules in original
 * units (from `explained`, fitted on {@link rfmSegmentLabels}), its exact
 * definition in R and F scores, and a recommendation — the playbook action,
 * then the product with the highest lift when there is one.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { explainSegments } from "./explain_segments.ts";
 * import { rfmSegmentIndex, rfmSegmentLabels } from "./rfm_playbook.ts";
 * const { labels } = rfmSegmentLabels(["Champions", "Lost"]);
 * const explained = explainSegments(matrixFromRows([[3], [300]], ["recency"]), labels);
 * equal(rfmSegmentIndex(explained, [])[0]!.definition, "R score 5, F score 4–5");
 * ```
 */
export function rfmSegmentIndex(
  explained: SegmentExplanation,
  products: readonly ProductLiftRow[],
  rules: readonly RFMSegmentRule[] = RFM_SEGMENT_RULES,
): SegmentIndexEntry[] {
  const names = [...segmentOrder(rules), UNCLASSIFIED];
  const offers = new Map(liftRecommendations(products).map((r) => [r.segment, r.text]));
  const recommendations = new Map(names.map((segment) => {
    const action = RFM_SEGMENT_ACTIONS[segment];
    const first = action ? `${action.charAt(0).toUpperCase()}${action.slice(1)}.` : undefined;
    return [segment, [first, offers.get(segment)].filter(Boolean).join(" ")];
  }));
  const definitions = rfmSegmentDefinitions(rules);
  definitions.set(UNCLASSIFIED, "no cell of the segment map");
  return indexFromRules(explained, { segmentNames: names, recommendations, definitions });
}
