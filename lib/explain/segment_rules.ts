/**
 * A fitted tree turned into one readable rule per leaf: the conditions on the
 * path to the leaf (the tightest bound per feature and direction), the
 * segment the leaf predicts, and how good the rule is as a campaign filter —
 * **support**, the share of the segment's rows the rule selects, and
 * **precision**, the share of the rows it selects that belong to the segment.
 * The leaves partition the rows, so every row is covered by exactly one rule.
 *
 * @module
 */
import type { Matrix } from "../matrix.ts";
import { applyDecisionTree, type DecisionTreeModel } from "./decision_tree.ts";

/** One condition of a rule, in the feature's original units. */
export interface RuleCondition {
  feature: string;
  op: "<=" | ">";
  value: number;
}

/** One leaf of the tree as a rule. */
export interface LeafRule {
  /** The segment (cluster label) the rule selects for. */
  cluster: number;
  /** All must hold; empty when the tree is a single leaf. */
  conditions: RuleCondition[];
  /** Share of the segment's rows the rule selects (0–1). */
  support: number;
  /** Share of the selected rows that are in the segment (0–1). */
  precision: number;
  /** Rows the rule selects. */
  rows: number;
}

/** The conditions on the path to every leaf of `model` (tightest bound per feature and direction), by leaf id. */
export function pathConditions(model: DecisionTreeModel): Map<number, RuleCondition[]> {
  const out = new Map<number, RuleCondition[]>();
  const walk = (id: number, path: RuleCondition[]) => {
    const node = model.nodes[id]!;
    if (node.feature < 0) {
      out.set(id, simplify(path));
      return;
    }
    const feature = model.features[node.feature]!;
    walk(node.left, [...path, { feature, op: "<=", value: node.threshold }]);
    walk(node.right, [...path, { feature, op: ">", value: node.threshold }]);
  };
  walk(0, []);
  return out;
}

/** Keep the tightest bound per feature and direction, in order of first use. */
function simplify(path: RuleCondition[]): RuleCondition[] {
  const kept: RuleCondition[] = [];
  for (const c of path) {
    const same = kept.find((k) => k.feature === c.feature && k.op === c.op);
    if (same === undefined) kept.push({ ...c });
    else if (c.op === "<=") same.value = Math.min(same.value, c.value);
    else same.value = Math.max(same.value, c.value);
  }
  return kept;
}

/**
 * One rule per leaf of `model`, scored against `labels` on `matrix` (the
 * rows the tree was fitted on, or new ones), sorted by segment and then by
 * support, largest first.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { fitDecisionTree } from "./decision_tree.ts";
 * import { segmentRules } from "./segment_rules.ts";
 * const x = matrixFromRows([[1], [2], [8], [9]], ["income"]);
 * const labels = Int32Array.from([0, 0, 1, 1]);
 * deepEqual(segmentRules(fitDecisionTree(x, labels), x, labels)[1], { cluster: 1, conditions: [{ feature: "income", op: ">", value: 5 }], support: 1, precision: 1, rows: 2 });
 * ```
 */
export function segmentRules(
  model: DecisionTreeModel,
  matrix: Matrix,
  labels: ArrayLike<number>,
): LeafRule[] {
  const leaves = applyDecisionTree(model, matrix);
  const segmentSize = new Map<number, number>();
  // Rows and correctly labelled rows per leaf, indexed by node id.
  const selected = new Int32Array(model.nodes.length);
  const hits = new Int32Array(model.nodes.length);
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i]!;
    const label = labels[i]!;
    selected[leaf]!++;
    if (model.nodes[leaf]!.label === label) hits[leaf]!++;
  }
  for (let i = 0; i < labels.length; i++) {
    segmentSize.set(labels[i]!, (segmentSize.get(labels[i]!) ?? 0) + 1);
  }
  const rules: LeafRule[] = [];
  for (const [id, conditions] of pathConditions(model)) {
    const cluster = model.nodes[id]!.label;
    const rows = selected[id]!;
    const hit = hits[id]!;
    const size = segmentSize.get(cluster) ?? 0;
    rules.push({
      cluster,
      conditions,
      support: size > 0 ? hit / size : 0,
      precision: rows > 0 ? hit / rows : 0,
      rows,
    });
  }
  return rules.sort((a, b) => a.cluster - b.cluster || b.support - a.support);
}

/**
 * Share of rows whose rule's segment is their own segment (the tree's
 * accuracy on those rows).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { ruleAccuracy } from "./segment_rules.ts";
 * equal(ruleAccuracy([{ cluster: 0, conditions: [], support: 1, precision: 0.75, rows: 4 }]), 0.75);
 * ```
 */
export function ruleAccuracy(rules: readonly LeafRule[]): number {
  let rows = 0;
  let hits = 0;
  for (const r of rules) {
    rows += r.rows;
    hits += Math.round(r.precision * r.rows);
  }
  return rows > 0 ? hits / rows : 0;
}

/** Options for {@link ruleSentence} and {@link ruleConditionsText}. */
export interface RuleTextOptions {
  /** Name per segment label, e.g. `{ 2: "High-Value" }` or an array by label. */
  segmentNames?: Readonly<Record<number, string>> | readonly string[];
  /** Label per feature, e.g. `{ annual_income_k: "annual income (k£)" }`; default: underscores as spaces. */
  featureLabels?: Readonly<Record<string, string>>;
}

/** A threshold as people write it: up to two decimals, three significant digits below 1. */
export function formatThreshold(value: number): string {
  const abs = Math.abs(value);
  const text = abs !== 0 && abs < 1 ? value.toPrecision(3) : value.toFixed(2);
  return String(Number(text));
}

/** The segment's display name: from `segmentNames`, else "Cluster N" ("Noise" for −1), as in the charts. */
export function segmentLabel(cluster: number, options: RuleTextOptions = {}): string {
  const names = options.segmentNames as Record<number, string> | undefined;
  const name = names?.[cluster];
  if (name !== undefined) return name;
  return cluster === -1 ? "Noise" : `Cluster ${cluster}`;
}

/**
 * The conditions of a rule as text ("annual income k > 70.5 and spending score > 60.5";
 * two bounds on one feature read "35.5 < spending score <= 65.5"; "all rows" when there are
 * none).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { ruleConditionsText } from "./segment_rules.ts";
 * equal(ruleConditionsText({ cluster: 2, conditions: [{ feature: "age", op: "<=", value: 40.5 }], support: 1, precision: 1, rows: 3 }), "age <= 40.5");
 * ```
 */
export function ruleConditionsText(rule: LeafRule, options: RuleTextOptions = {}): string {
  if (rule.conditions.length === 0) return "all rows";
  const label = (f: string) => options.featureLabels?.[f] ?? f.replaceAll("_", " ");
  const parts: string[] = [];
  const done = new Set<string>();
  for (const c of rule.conditions) {
    if (done.has(c.feature)) continue;
    done.add(c.feature);
    // A one-hot text level (`Education=PhD`, values 0 or 1) reads as "is" / "is not".
    const level = /^(.+?)=(.+)$/.exec(c.feature);
    if (level !== null && c.value > 0 && c.value < 1) {
      parts.push(`${label(level[1]!)} ${c.op === ">" ? "is" : "is not"} ${level[2]}`);
      continue;
    }
    const low = rule.conditions.find((d) => d.feature === c.feature && d.op === ">");
    const high = rule.conditions.find((d) => d.feature === c.feature && d.op === "<=");
    parts.push(
      low && high
        ? `${formatThreshold(low.value)} < ${label(c.feature)} <= ${formatThreshold(high.value)}`
        : `${label(c.feature)} ${c.op} ${formatThreshold(c.value)}`,
    );
  }
  return parts.join(" and ");
}

/** A share as a whole percentage, never rounding a part to 0% or 100%. */
export function formatRuleShare(x: number): string {
  if (x > 0 && x < 0.005) return "<1%";
  if (x < 1 && x >= 0.995) return ">99%";
  return `${Math.round(x * 100)}%`;
}

/**
 * A rule as one sentence a marketer can read.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { ruleSentence } from "./segment_rules.ts";
 * const sentence = ruleSentence({
 *   cluster: 2, support: 0.91, precision: 0.94, rows: 40,
 *   conditions: [
 *     { feature: "annual_income", op: ">", value: 70.5 },
 *     { feature: "spending_score", op: ">", value: 60.5 },
 *   ],
 * });
 * equal(sentence, "annual income > 70.5 and spending score > 60.5 → Cluster 2 (covers 91% of the segment, 94% of the rows it selects are in it)");
 * ```
 */
export function ruleSentence(rule: LeafRule, options: RuleTextOptions = {}): string {
  const pct = formatRuleShare;
  return `${ruleConditionsText(rule, options)} → ${segmentLabel(rule.cluster, options)} (covers ${
    pct(rule.support)
  } of the segment, ${pct(rule.precision)} of the rows it selects are in it)`;
}
