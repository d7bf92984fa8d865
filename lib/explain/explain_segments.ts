/**
 * Why each row is in its segment, in terms a CRM filter can use: a shallow
 * CART tree on the features in original units, one rule per leaf with its
 * support and precision, the tree's accuracy, and each segment's most
 * distinguishing features. The result is plain JSON (it is what
 * `summary.json` holds under `explain`).
 *
 * @module
 */
import { type Matrix, matrixRowsAt } from "../matrix.ts";
import { sampleRows } from "../metrics/silhouette.ts";
import { type DecisionTreeOptions, fitDecisionTree } from "./decision_tree.ts";
import { type LeafRule, ruleAccuracy, segmentRules } from "./segment_rules.ts";
import { type SegmentTopFeatures, topFeatures } from "./top_features.ts";
import { type SegmentRule, segmentRulesOneEach } from "./segment_rule.ts";

/** Options for {@link explainSegments}. */
export interface ExplainSegmentsOptions extends DecisionTreeOptions {
  /** Distinguishing features kept per segment (default 3). */
  top?: number;
  /**
   * Past this many rows the tree is grown on a seeded sample of this many
   * (default 100,000); support, precision and accuracy are still counted on every row.
   */
  sampleSize?: number;
  /** Seed of that sample (default 0). */
  seed?: number;
}

/** Rules, their accuracy and the top features: plain JSON. */
export interface SegmentExplanation {
  /** One rule per leaf; every row is selected by exactly one rule. */
  rules: LeafRule[];
  /** Share of rows whose rule names their own segment. */
  accuracy: number;
  /** Per segment (ascending label), the features that differ most from the rest. */
  topFeatures: SegmentTopFeatures[];
  /**
   * One rule for every segment (ascending label), from its own
   * one-against-the-rest tree, saying so when no short rule describes it.
   */
  perSegment: SegmentRule[];
}

/**
 * Explain segment labels by rules on the original features (CART, gini,
 * depth ≤ `maxDepth`, default 3; leaves of at least `minLeaf` rows, default
 * 1), by standardised mean differences, and by one rule for every segment
 * from its own one-against-the-rest tree (`perSegment`). Labels may include −1 (noise),
 * which is explained like any other segment.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { explainSegments } from "./explain_segments.ts";
 * const x = matrixFromRows([[20, 30], [25, 35], [80, 70], [90, 75]], ["income", "score"]);
 * const explained = explainSegments(x, Int32Array.from([0, 0, 1, 1]));
 * equal(explained.accuracy, 1);
 * deepEqual(explained.rules[1]!.conditions, [{ feature: "income", op: ">", value: 52.5 }]);
 * ```
 */
export function explainSegments(
  matrix: Matrix,
  labels: ArrayLike<number>,
  options: ExplainSegmentsOptions = {},
): SegmentExplanation {
  const sampleSize = options.sampleSize ?? 100_000;
  let tree;
  if (matrix.rows > sampleSize) {
    const rows = sampleRows(matrix.rows, sampleSize, options.seed ?? 0);
    const sub = matrixRowsAt(matrix, rows);
    tree = fitDecisionTree(sub, Int32Array.from(rows, (r) => labels[r]!), options);
  } else {
    tree = fitDecisionTree(matrix, labels, options);
  }
  const rules = segmentRules(tree, matrix, labels);
  return {
    rules,
    accuracy: ruleAccuracy(rules),
    topFeatures: topFeatures(matrix, labels, { top: options.top }),
    perSegment: segmentRulesOneEach(matrix, labels, {
      maxDepth: options.maxDepth,
      sampleSize,
      seed: options.seed,
      ...(options.minLeaf !== undefined ? { minLeaf: options.minLeaf } : {}),
    }),
  };
}
