/**
 * Named RFM segments from the R and F scores by an editable rule table: each
 * rule is a regular expression on the two-character code "RF" (e.g. "54"),
 * the usual segment map of RFM analysis. The first matching rule wins.
 *
 * The default table covers all 25 R×F cells:
 *
 * | R \ F | 1 | 2 | 3 | 4 | 5 |
 * |---|---|---|---|---|---|
 * | 5 | New Customers | Potential Loyalist | Potential Loyalist | Champions | Champions |
 * | 4 | Promising | Potential Loyalist | Potential Loyalist | Loyal Customers | Loyal Customers |
 * | 3 | About To Sleep | About To Sleep | Need Attention | Loyal Customers | Loyal Customers |
 * | 2 | Hibernating | Hibernating | At Risk | At Risk | Can't Lose Them |
 * | 1 | Lost | Lost | At Risk | At Risk | Can't Lose Them |
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { columnValues } from "../column_array.ts";

/** One row of the segment map: a regular expression on "RF" and the segment it names. */
export interface RFMSegmentRule {
  segment: string;
  /** Regular expression matched against the whole "RF" code, e.g. "[1-2][3-4]". */
  pattern: string;
}

/** The default segment map (copy and edit it to change the segments). */
export const RFM_SEGMENT_RULES: readonly RFMSegmentRule[] = [
  { segment: "Champions", pattern: "5[4-5]" },
  { segment: "Loyal Customers", pattern: "[3-4][4-5]" },
  { segment: "Potential Loyalist", pattern: "[4-5][2-3]" },
  { segment: "New Customers", pattern: "51" },
  { segment: "Promising", pattern: "41" },
  { segment: "Need Attention", pattern: "33" },
  { segment: "About To Sleep", pattern: "3[1-2]" },
  { segment: "At Risk", pattern: "[1-2][3-4]" },
  { segment: "Can't Lose Them", pattern: "[1-2]5" },
  { segment: "Hibernating", pattern: "2[1-2]" },
  { segment: "Lost", pattern: "1[1-2]" },
];

/** The default action per RFM segment of {@link RFM_SEGMENT_RULES}. */
export const RFM_SEGMENT_ACTIONS: Readonly<Record<string, string>> = {
  "Champions": "reward them: early access, loyalty perks, ask for reviews",
  "Loyal Customers": "upsell higher-value products and keep them in the loyalty programme",
  "Potential Loyalist": "offer membership or a loyalty programme to make them regulars",
  "New Customers": "onboarding journey and a second-purchase incentive",
  "Promising": "build the habit: recommendations and a time-limited offer",
  "Need Attention": "limited-time offers based on past purchases",
  "About To Sleep": "reactivate with popular products and a discount before they lapse",
  "At Risk": "personalised win-back e-mails and offers on what they used to buy",
  "Can't Lose Them": "win them back with renewals or new products; reach out personally",
  "Hibernating": "relevant offers at low cost; do not over-spend",
  "Lost": "one reactivation campaign, then leave them out of paid campaigns",
};

/** Name given to a code no rule matches. */
export const UNCLASSIFIED = "Unclassified";

/** Segment names in the order of the rules (the order charts use). */
export function segmentOrder(rules: readonly RFMSegmentRule[] = RFM_SEGMENT_RULES): string[] {
  return [...new Set(rules.map((r) => r.segment))];
}

function compile(rules: readonly RFMSegmentRule[]): { segment: string; re: RegExp }[] {
  return rules.map((rule, i) => {
    try {
      return { segment: rule.segment, re: new RegExp(`^(?:${rule.pattern})$`) };
    } catch {
      throw new InputError(`Invalid segment rule pattern: "${rule.pattern}"`, {
        row: i + 1,
        hint: 'write a regular expression on the two-digit R/F code, e.g. "[1-2][3-4]"',
      });
    }
  });
}

/**
 * Segment for each pair of R and F scores.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { rfmSegments } from "./rfm_segments.ts";
 * deepEqual(rfmSegments([5, 1, 3], [5, 1, 3]), ["Champions", "Lost", "Need Attention"]);
 * ```
 */
export function rfmSegments(
  r: ArrayLike<number>,
  f: ArrayLike<number>,
  rules: readonly RFMSegmentRule[] = RFM_SEGMENT_RULES,
): string[] {
  const compiled = compile(rules);
  const cache = new Map<string, string>();
  const out: string[] = [];
  for (let i = 0; i < r.length; i++) {
    const code = `${r[i]}${f[i]}`;
    let name = cache.get(code);
    if (name === undefined) {
      name = compiled.find((c) => c.re.test(code))?.segment ?? UNCLASSIFIED;
      cache.set(code, name);
    }
    out.push(name);
  }
  return out;
}

/**
 * Add a `segment` column to a table with `r_score` and `f_score`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { assignSegments } from "./rfm_segments.ts";
 * deepEqual(assignSegments(aq.table({ r_score: [5], f_score: [1] })).array("segment"), ["New Customers"]);
 * ```
 */
export function assignSegments(
  table: ColumnTable,
  rules: readonly RFMSegmentRule[] = RFM_SEGMENT_RULES,
): ColumnTable {
  for (const name of ["r_score", "f_score"]) {
    if (!table.columnNames().includes(name)) {
      throw new InputError(`Column not found: "${name}"`, { hint: "run scoreRFM first" });
    }
  }
  const segment = rfmSegments(
    columnValues(table, "r_score") as ArrayLike<number>,
    columnValues(table, "f_score") as ArrayLike<number>,
    rules,
  );
  return table.assign({ segment });
}

/**
 * The segment map as a 5×5 grid (rows R 5→1, columns F 1→5), to show or check
 * a rule table.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { segmentGrid } from "./rfm_segments.ts";
 * deepEqual(segmentGrid()[0], { r_score: 5, f1: "New Customers", f2: "Potential Loyalist", f3: "Potential Loyalist", f4: "Champions", f5: "Champions" });
 * ```
 */
export function segmentGrid(
  rules: readonly RFMSegmentRule[] = RFM_SEGMENT_RULES,
): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  for (let r = 5; r >= 1; r--) {
    const row: Record<string, string | number> = { r_score: r };
    const names = rfmSegments([r, r, r, r, r], [1, 2, 3, 4, 5], rules);
    names.forEach((name, j) => (row[`f${j + 1}`] = name));
    rows.push(row);
  }
  return rows;
}
