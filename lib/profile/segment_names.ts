/**
 * Segment names and recommendations from the profile, by rules written here
 * rather than typed by hand after each run. Each cluster's feature means are
 * indexed against the overall mean (100 = the average member, 130 = 30%
 * above); the first rule whose condition holds names the cluster. The rules
 * are data, so the notebook prints them beside the result.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { type Labels, profileIndex } from "./profile_clusters.ts";

/** Feature → ratio index (segment mean / overall mean × 100). */
export type FeatureIndex = Readonly<Record<string, number>>;

/** A naming rule. */
export interface SegmentRule {
  name: string;
  /** The condition in words (printed in the notebook). */
  when: string;
  recommendation: string;
  /** Features the condition reads (shown as evidence). */
  features: readonly string[];
  matches(index: FeatureIndex): boolean;
}

const at = (index: FeatureIndex, feature: string) => index[feature] ?? 100;

/**
 * The member rules, in priority order; the last always matches. Features:
 * purchases, amount_spent, annual_income, age, years_member.
 */
export const MEMBER_SEGMENT_RULES: readonly SegmentRule[] = [
  {
    name: "High-Value",
    when: "purchases ≥ 130 and amount spent ≥ 130",
    recommendation: "high purchase frequency and spend — loyalty programme and exclusive perks",
    features: ["purchases", "amount_spent"],
    matches: (i) => at(i, "purchases") >= 130 && at(i, "amount_spent") >= 130,
  },
  {
    name: "At-Risk",
    when: "purchases ≤ 60 and annual income ≥ 110",
    recommendation:
      "low engagement despite above-average income — re-engagement campaign with a personal offer",
    features: ["purchases", "annual_income"],
    matches: (i) => at(i, "purchases") <= 60 && at(i, "annual_income") >= 110,
  },
  {
    name: "New & Young",
    when: "age ≤ 75 and years as member ≤ 50",
    recommendation: "young, recently joined — onboarding journey and first-year rewards",
    features: ["age", "years_member"],
    matches: (i) => at(i, "age") <= 75 && at(i, "years_member") <= 50,
  },
  {
    name: "Loyal Budget",
    when: "years as member ≥ 130 and annual income ≤ 90",
    recommendation: "long-standing, price-aware — value bundles and member-price days",
    features: ["years_member", "annual_income"],
    matches: (i) => at(i, "years_member") >= 130 && at(i, "annual_income") <= 90,
  },
  {
    name: "Occasional",
    when: "purchases ≤ 70",
    recommendation: "buys rarely — reminders and seasonal offers to lift frequency",
    features: ["purchases"],
    matches: (i) => at(i, "purchases") <= 70,
  },
  {
    name: "Core",
    when: "no other rule holds",
    recommendation: "steady, average profile — keep in the regular programme; test offers",
    features: [],
    matches: () => true,
  },
];

/** The name given to one cluster and why. */
export interface SegmentNaming {
  cluster: number;
  size: number;
  name: string;
  recommendation: string;
  /** The rule's condition. */
  rule: string;
  /** The indices the rule read, e.g. "purchases 182 · amount_spent 190". */
  evidence: string;
}

/** Options for {@link nameSegments}. */
export interface NameSegmentsOptions {
  /** Rules in priority order (default {@link MEMBER_SEGMENT_RULES}); the last should always match. */
  rules?: readonly SegmentRule[];
  /** Features to index (default: every feature the rules read). */
  features?: readonly string[];
}

/** Names by cluster label and the naming of each cluster. */
export interface SegmentNamesResult {
  /** Name of cluster label i at position i. */
  names: string[];
  segments: SegmentNaming[];
}

/**
 * Name clusters by the first rule their profile satisfies. When two
 * clusters earn the same name, the larger keeps it and the others get
 * "(2)", "(3)".
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { nameSegments } from "./segment_names.ts";
 * const t = aq.table({
 *   purchases: [40, 42, 5, 6], amount_spent: [4000, 4200, 300, 320],
 *   annual_income: [80, 80, 120, 120], age: [40, 40, 50, 50], years_member: [8, 8, 6, 6],
 * });
 * deepEqual(nameSegments(t, [0, 0, 1, 1]).names, ["High-Value", "At-Risk"]);
 * ```
 */
export function nameSegments(
  table: ColumnTable,
  labels: Labels,
  options: NameSegmentsOptions = {},
): SegmentNamesResult {
  const rules = options.rules ?? MEMBER_SEGMENT_RULES;
  if (rules.length === 0) throw new InputError("No segment rules given");
  const features = options.features ?? [...new Set(rules.flatMap((r) => r.features))];
  const index = profileIndex(table, labels, { features, method: "ratio" });
  const byCluster = new Map<number, Record<string, number>>();
  for (const cell of index.cells) {
    const entry = byCluster.get(cell.cluster) ?? {};
    entry[cell.feature] = cell.index;
    byCluster.set(cell.cluster, entry);
  }
  const sizes = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) sizes.set(labels[i]!, (sizes.get(labels[i]!) ?? 0) + 1);
  const segments: SegmentNaming[] = [...byCluster.keys()].sort((a, b) => a - b).map((cluster) => {
    const idx = byCluster.get(cluster)!;
    const rule = rules.find((r) => r.matches(idx)) ?? rules[rules.length - 1]!;
    return {
      cluster,
      size: sizes.get(cluster) ?? 0,
      name: rule.name,
      recommendation: rule.recommendation,
      rule: rule.when,
      evidence: rule.features.map((f) => `${f} ${Math.round(at(idx, f))}`).join(" · "),
    };
  });
  // Same name twice: the larger cluster keeps it.
  const byName = new Map<string, SegmentNaming[]>();
  for (const s of segments) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => b.size - a.size || a.cluster - b.cluster);
    group.slice(1).forEach((s, n) => (s.name = `${s.name} (${n + 2})`));
  }
  const maxLabel = Math.max(...segments.map((s) => s.cluster));
  const names = Array.from(
    { length: maxLabel + 1 },
    (_, c) => segments.find((s) => s.cluster === c)?.name ?? `Cluster ${c}`,
  );
  return { names, segments };
}

/** The rules as a table (name, when, recommendation) for display. */
export function segmentRulesTable(
  rules: readonly SegmentRule[] = MEMBER_SEGMENT_RULES,
): ColumnTable {
  return aq.table({
    segment: rules.map((r) => r.name),
    when: rules.map((r) => r.when),
    recommendation: rules.map((r) => r.recommendation),
  });
}

/** The naming as a table (cluster, segment, members, rule, evidence, recommendation). */
export function segmentNamesTable(result: SegmentNamesResult): ColumnTable {
  const s = result.segments;
  return aq.table({
    cluster: s.map((x) => x.cluster),
    segment: s.map((x) => x.name),
    members: s.map((x) => x.size),
    rule: s.map((x) => x.rule),
    evidence: s.map((x) => x.evidence),
    recommendation: s.map((x) => x.recommendation),
  });
}
