/**
 * One rule for every segment, whatever k: a shallow tree per segment, that
 * segment against the rest, and its best leaf (the one whose rows balance
 * support and precision best, F1) as a conjunction of at most `maxDepth`
 * conditions. A tree over all segments has at most 2^depth leaves, so past
 * eight segments some got no rule; one tree per segment never leaves one
 * out, and says plainly when no short rule describes it.
 *
 * @module
 */
import { type Matrix, matrixRowsAt } from "../matrix.ts";
import { sampleRows } from "../metrics/silhouette.ts";
import { applyDecisionTree, fitDecisionTree } from "./decision_tree.ts";
import {
  formatRuleShare,
  pathConditions,
  type RuleCondition,
  ruleConditionsText,
  type RuleTextOptions,
  segmentLabel,
} from "./segment_rules.ts";

/** Precision and support a rule needs to describe its segment (default 0.7 and 0.5). */
export const DESCRIBED = { precision: 0.7, support: 0.5 } as const;

/** A segment's one rule, scored on every row. */
export interface SegmentRule {
  /** The segment (cluster label; −1 for noise). */
  cluster: number;
  /** All must hold; empty when no condition helps. */
  conditions: RuleCondition[];
  /** Share of the segment's rows the rule selects (0–1). */
  support: number;
  /** Share of the rows it selects that are in the segment (0–1). */
  precision: number;
  /** Rows the rule selects. */
  rows: number;
  /** Rows of the segment. */
  size: number;
  /** True when support and precision reach {@link DESCRIBED}. */
  described: boolean;
  /** When not described: the plain statement of it. */
  note?: string;
}

/** Options for {@link segmentRulesOneEach}. */
export interface SegmentRuleOptions {
  /** Conditions per rule at most (tree depth, default 3). */
  maxDepth?: number;
  /** Fewest rows in a leaf (default 1% of the rows, at least 1). */
  minLeaf?: number;
  /** Past this many rows each tree is grown on a seeded sample (default 30,000: a shallow tree per segment needs no more); scores count every row. */
  sampleSize?: number;
  /** Seed of that sample (default 0). */
  seed?: number;
}

/**
 * One rule per segment (ascending label), each from its own
 * one-against-the-rest tree, with support and precision counted on every row.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { segmentRulesOneEach } from "./segment_rule.ts";
 * const x = matrixFromRows([[20, 1], [25, 2], [80, 1], [90, 2], [50, 9], [55, 8]], ["income", "visits"]);
 * const rules = segmentRulesOneEach(x, [0, 0, 1, 1, 2, 2]);
 * equal(rules.length, 3);
 * deepEqual(rules[2]!.conditions, [{ feature: "visits", op: ">", value: 5 }]);
 * equal(rules[2]!.precision, 1);
 * ```
 */
export function segmentRulesOneEach(
  matrix: Matrix,
  labels: ArrayLike<number>,
  options: SegmentRuleOptions = {},
): SegmentRule[] {
  const n = matrix.rows;
  const maxDepth = options.maxDepth ?? 3;
  const minLeaf = options.minLeaf ?? Math.max(1, Math.floor(n / 100));
  const clusters = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const sampleSize = options.sampleSize ?? 30_000;
  const rows = n > sampleSize ? sampleRows(n, sampleSize, options.seed ?? 0) : undefined;
  const fitOn = rows === undefined ? matrix : matrixRowsAt(matrix, rows);
  return clusters.map((cluster) => {
    const y = new Int32Array(n);
    let size = 0;
    for (let i = 0; i < n; i++) {
      if (labels[i] === cluster) {
        y[i] = 1;
        size++;
      }
    }
    const yFit = rows === undefined ? y : Int32Array.from(rows, (r) => y[r]!);
    const tree = fitDecisionTree(fitOn, yFit, { maxDepth, minLeaf });
    const leaves = applyDecisionTree(tree, matrix);
    // Rows and rows of the segment per leaf, indexed by node id.
    const selected = new Int32Array(tree.nodes.length);
    const hits = new Int32Array(tree.nodes.length);
    for (let i = 0; i < n; i++) {
      const leaf = leaves[i]!;
      selected[leaf]!++;
      hits[leaf]! += y[i]!;
    }
    let best: SegmentRule | undefined;
    let bestF1 = -1;
    for (const [id, conditions] of pathConditions(tree)) {
      const sel = selected[id]!;
      const hit = hits[id]!;
      const support = size > 0 ? hit / size : 0;
      const precision = sel > 0 ? hit / sel : 0;
      const f1 = support + precision > 0 ? (2 * support * precision) / (support + precision) : 0;
      if (
        f1 > bestF1 ||
        (f1 === bestF1 && best !== undefined && conditions.length < best.conditions.length)
      ) {
        bestF1 = f1;
        best = { cluster, conditions, support, precision, rows: sel, size, described: false };
      }
    }
    const rule = best!;
    // A single segment is all rows: no condition needed, and none possible.
    rule.described = rule.precision >= DESCRIBED.precision && rule.support >= DESCRIBED.support &&
      (rule.conditions.length > 0 || clusters.length === 1);
    if (!rule.described) {
      rule.note = rule.conditions.length === 0
        ? `no short rule describes this segment: no condition on ${maxDepth} or fewer features ` +
          `sets it apart from the rest`
        : `no short rule describes this segment: the best on ${maxDepth} or fewer features ` +
          `selects ${formatRuleShare(rule.support)} of it with ${
            formatRuleShare(rule.precision)
          } precision; read it by its profile instead`;
    }
    return rule;
  });
}

/**
 * A segment's rule as one sentence, or the plain statement that no short
 * rule describes it.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { segmentRuleSentence } from "./segment_rule.ts";
 * equal(segmentRuleSentence({ cluster: 1, conditions: [{ feature: "income", op: ">", value: 52.5 }],
 *   support: 1, precision: 0.9, rows: 10, size: 9, described: true }),
 *   "Cluster 1: income > 52.5 (covers 100% of the segment, 90% of the rows it selects are in it)");
 * ```
 */
export function segmentRuleSentence(rule: SegmentRule, options: RuleTextOptions = {}): string {
  const name = segmentLabel(rule.cluster, options);
  if (!rule.described) {
    const closest = rule.conditions.length > 0
      ? ` (closest: ${ruleConditionsText(rule, options)})`
      : "";
    return `${name}: ${rule.note}${closest}`;
  }
  return `${name}: ${ruleConditionsText(rule, options)} (covers ${
    formatRuleShare(rule.support)
  } of the segment, ${formatRuleShare(rule.precision)} of the rows it selects are in it)`;
}
