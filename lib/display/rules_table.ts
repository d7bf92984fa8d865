/**
 * The segments' rules as a short table: one row per segment (its own
 * one-against-the-rest rule, or a plain "no short rule"), the rows it
 * selects, how much of the segment it covers, how pure it is, and the
 * features that set the segment apart.
 *
 * @module
 */
import type { Chart } from "../plot/chart.ts";
import type { SegmentExplanation } from "../explain/explain_segments.ts";
import {
  ruleConditionsText,
  type RuleTextOptions,
  segmentLabel,
} from "../explain/segment_rules.ts";
import { htmlTable } from "./html_table.ts";
import { DESCRIBED } from "../explain/segment_rule.ts";

/** Options for {@link rulesTable}. */
export interface RulesTableOptions extends RuleTextOptions {
  /** Caption (default: the tree's accuracy). */
  caption?: string;
  /** Segment names in palette order, for colour swatches. */
  segments?: readonly string[];
  /** Rows shown (default 20). */
  maxRows?: number;
}

/** How many segments a short rule describes, as the table's caption. */
export function rulesCaption(explained: SegmentExplanation): string {
  const all = explained.perSegment.length;
  const described = explained.perSegment.filter((r) => r.described).length;
  return `One rule per segment (its own shallow tree, the segment against the rest): ` +
    `${described === all ? `all ${all}` : `${described} of ${all}`} segments described by a rule ` +
    `covering at least ${DESCRIBED.support * 100}% of the segment with ${
      DESCRIBED.precision * 100
    }% precision`;
}

/** The rows of {@link rulesTable}, one per segment, for a CSV or another view. */
export function rulesRows(
  explained: SegmentExplanation,
  options: RuleTextOptions = {},
): {
  segment: string;
  rule: string;
  customers: number;
  covers: number;
  precision: number;
  stands_out_by: string;
}[] {
  const label = (f: string) => options.featureLabels?.[f] ?? f.replaceAll("_", " ");
  const top = new Map(explained.topFeatures.map((t) => [
    t.cluster,
    t.features.map((f) =>
      `${label(f.feature)} ${f.smd >= 0 ? "↑" : "↓"} ${Math.abs(f.smd).toFixed(1)} sd`
    )
      .join(", "),
  ]));
  return explained.perSegment.map((r) => ({
    segment: segmentLabel(r.cluster, options),
    rule: r.described
      ? ruleConditionsText(r, options)
      : r.conditions.length > 0
      ? `no short rule (closest: ${ruleConditionsText(r, options)})`
      : "no short rule: read it by its profile",
    customers: r.rows,
    covers: r.support,
    precision: r.precision,
    stands_out_by: top.get(r.cluster) ?? "",
  }));
}

/**
 * Rules per segment as an HTML table for the notebook.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { explainSegments } from "../explain/explain_segments.ts";
 * import { rulesTable } from "./rules_table.ts";
 * const x = matrixFromRows([[20], [25], [80], [90]], ["income"]);
 * const table = rulesTable(explainSegments(x, [0, 0, 1, 1]), { segmentNames: ["Budget", "Premium"] });
 * ok(table.html.includes("income &gt; 52.5"));
 * ```
 */
export function rulesTable(explained: SegmentExplanation, options: RulesTableOptions = {}): Chart {
  return htmlTable(rulesRows(explained, options), {
    caption: options.caption ?? rulesCaption(explained),
    formats: { covers: "percent", precision: "percent" },
    labels: {
      customers: "rows selected",
      covers: "covers (of segment)",
      precision: "precision (in segment)",
      stands_out_by: "stands out by (vs the rest)",
    },
    segments: options.segments,
    maxRows: options.maxRows,
  });
}
