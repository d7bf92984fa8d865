/**
 * A name, a recommendation and the reason for every segment of any customer
 * file, from the roles of its features (`customer_roles.ts`) and what sets
 * each segment apart from the average customer: the standardised difference
 * of its mean (z, in standard deviations of the prepared, log-transformed
 * feature; for a text level, of its share).
 *
 * With recency and frequency (or spend) roles, the names are the RFM
 * vocabulary of the rule-based segments (`features/rfm_segments.ts`): every
 * customer gets R and F quintile scores from those roles, and a segment is
 * named by the RFM segment most of its customers fall in. Otherwise the
 * name is made of its two strongest traits ("Young, low income, high
 * spending"; "Lapsed big buyers"). Two segments never share a name: the
 * next trait that tells them apart is added. The user's own names replace
 * these ({@link parseSegmentRenames}).
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { formatFigure, labelAndFigure } from "../format.ts";
import type { PreparedData } from "../prepare/apply_preparation.ts";
import type { ColumnReport } from "../prepare/column_report.ts";
import { RFM_SEGMENT_ACTIONS, RFM_SEGMENT_RULES, rfmSegments } from "../features/rfm_segments.ts";
import { type FeatureRole, featureRoles, ROLE_WORDS } from "./customer_roles.ts";
import { CUSTOMER_ROLES, type CustomerRole } from "../prepare/role_inference.ts";

/** A trait of a segment: a role (several features averaged) or one feature, against the average. */
export interface SegmentTrait {
  /** The role, or the feature for roles named feature by feature ("other", text levels). */
  key: string;
  role: CustomerRole;
  /** Words for it ("spend", "spend on wines", "Education PhD"). */
  label: string;
  /** Standardised difference from the average customer (sign: more of the role). */
  z: number;
  /** The phrase used in names ("high spending", "recent", "mostly PhD"). */
  phrase: string;
  /** The figure in words ("spend on wines 812 vs 305 on average"). */
  figure: string;
}

/** What is said about one segment. */
export interface SegmentDescription {
  cluster: number;
  size: number;
  name: string;
  recommendation: string;
  /** Why: the standout figures (and the RFM share) the name and recommendation come from. */
  reason: string;
  /** True when the name was given by the user. */
  renamed: boolean;
  /** The name the data gave (kept when renamed). */
  suggested: string;
  /** Strongest traits first. */
  traits: SegmentTrait[];
}

/** The descriptions of every segment. */
export interface SegmentDescriptions {
  /** Name of label i at position i. */
  names: string[];
  segments: SegmentDescription[];
  /** "rfm" when the names are the RFM vocabulary, else "traits". */
  vocabulary: "rfm" | "traits";
  roles: FeatureRole[];
}

/** Options for {@link describeSegments}. */
export interface DescribeSegmentsOptions {
  /** Names given by the user, by label (from {@link parseSegmentRenames}). */
  renames?: ReadonlyMap<number, string>;
  /**
   * The preparation's column reports: the roles given or inferred when it
   * was fitted (default: inferred again from the prepared features).
   */
  columns?: readonly ColumnReport[];
  /** Smallest |z| that counts as a trait (default 0.35). */
  threshold?: number;
}

/** Roles averaged into one trait; the others are read feature by feature. */
const POOLED: readonly CustomerRole[] = CUSTOMER_ROLES.filter((role) =>
  role !== "demographic" && role !== "other"
);

/** Phrases for two traits together, as a marketer would say them. */
const PAIRS: readonly { a: [CustomerRole, 1 | -1]; b: [CustomerRole, 1 | -1]; name: string }[] = [
  { a: ["spend", 1], b: ["recency", 1], name: "Lapsed big buyers" },
  { a: ["spend", 1], b: ["recency", -1], name: "High spenders, recent" },
  { a: ["spend", 1], b: ["frequency", 1], name: "Frequent big spenders" },
  { a: ["spend", -1], b: ["frequency", -1], name: "Occasional small buyers" },
  { a: ["income", 1], b: ["spend", -1], name: "High income, low spending" },
  { a: ["frequency", 1], b: ["recency", 1], name: "Lapsed regulars" },
];

/**
 * Recommendations for the traits-named segments: each holds when all its
 * conditions (a role or a label, above or below the average) are traits of
 * the segment; the one whose conditions stand out most (mean |z|, pairs
 * counted 10% more, age alone 20% less) is taken.
 */
const ACTIONS: readonly {
  when: readonly [CustomerRole | RegExp, 1 | -1][];
  action: string;
  /** Below 1: taken only when clearly stronger than what they buy (age alone says less). */
  weight?: number;
}[] = [
  {
    when: [["spend", 1], ["recency", 1]],
    action: "win them back before they go: a personal offer on what they used to buy",
  },
  {
    when: [["spend", 1], ["income", -1]],
    action:
      "keep them with value-led perks and instalment offers: they spend beyond their income band",
  },
  {
    when: [["spend", 1], ["frequency", 1]],
    action: "your best customers: a VIP tier, early access and premium ranges to keep them",
  },
  {
    when: [["spend", 1]],
    action: "reward and retain: loyalty perks, early access and premium ranges",
  },
  {
    when: [["income", 1], ["spend", -1]],
    action: "untapped potential: premium products and personal recommendations to lift spend",
  },
  { when: [["campaign", 1]], action: "first in line for the next campaign: they answer offers" },
  { when: [["tenure", -1]], action: "onboarding journey and a second-purchase incentive" },
  {
    when: [["recency", 1]],
    action: "reactivate with a time-limited offer before they lapse for good",
  },
  {
    when: [["frequency", 1]],
    action: "upsell bundles and higher-value products to these regulars",
  },
  {
    when: [["spend", -1], ["frequency", -1]],
    action: "low-cost digital offers and value bundles; do not over-spend on them",
  },
  {
    when: [["spend", -1], ["income", -1]],
    action: "value bundles and price-led offers; do not over-spend on them",
  },
  {
    when: [["frequency", -1]],
    action: "reminders and seasonal offers to lift how often they buy",
  },
  {
    when: [["tenure", 1]],
    action: "recognise their loyalty: anniversary rewards and member-only offers",
  },
  {
    when: [["age", -1]],
    action: "mobile-first, social campaigns and trend-led ranges",
    weight: 0.8,
  },
  {
    when: [["age", 1]],
    action: "service-led offers and loyalty recognition through the channels they use",
    weight: 0.8,
  },
  {
    when: [[/cash advance/, 1]],
    action: "offer a lower-rate instalment plan or credit line in place of cash advances",
  },
  {
    when: [[/full payment/, 1]],
    action: "they pay in full: cash-back and rewards on card spend to grow usage",
  },
  {
    when: [[/credit limit|balance/, 1]],
    action: "premium card upgrade and balance-transfer offers, with a watch on credit risk",
  },
  {
    when: [[/payments?$/, -1]],
    action: "low-activity accounts: a usage incentive (first-purchase bonus) at low cost",
  },
];

/** The action whose conditions stand out most among the segment's traits, if any holds. */
function bestAction(traits: SegmentTrait[]): string | undefined {
  let best: { action: string; score: number } | undefined;
  for (const a of ACTIONS) {
    let sum = 0;
    const holds = a.when.every(([what, sign]) => {
      const t = traits.find((x) =>
        (typeof what === "string" ? x.key === what : what.test(x.label)) &&
        Math.sign(x.z) === sign
      );
      if (t !== undefined) sum += Math.abs(t.z);
      return t !== undefined;
    });
    if (!holds) continue;
    const score = (sum / a.when.length) * (a.when.length > 1 ? 1.1 : 1) * (a.weight ?? 1);
    if (best === undefined || score > best.score) best = { action: a.action, score };
  }
  return best?.action;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Quintile scores 1–5 of values by rank (ties share their average rank);
 * `higherIsBetter: false` gives 5 to the lowest values (recency).
 */
function quintileScores(values: Float64Array, higherIsBetter: boolean): Int32Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const scores = new Int32Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 0.5; // average rank, 0.5 … n - 0.5
    const q = Math.min(5, 1 + Math.floor((5 * rank) / n));
    for (let t = i; t <= j; t++) scores[order[t]!] = higherIsBetter ? q : 6 - q;
    i = j + 1;
  }
  return scores;
}

interface Stats {
  k: number;
  sizes: number[];
  /** z[c][j] on the encoded (log-transformed) features. */
  z: number[][];
  /** Means in original units, per cluster and overall. */
  means: number[][];
  overall: number[];
}

function clusterStats(prepared: PreparedData, labels: ArrayLike<number>): Stats {
  const enc = prepared.encoded;
  const org = prepared.original;
  const { rows, cols } = enc;
  let k = 0;
  for (let i = 0; i < labels.length; i++) k = Math.max(k, labels[i]! + 1);
  const sizes = new Array<number>(k).fill(0);
  const sumE = Array.from({ length: k }, () => new Float64Array(cols));
  const sumO = Array.from({ length: k }, () => new Float64Array(cols));
  const totE = new Float64Array(cols),
    totE2 = new Float64Array(cols),
    totO = new Float64Array(cols);
  let n = 0;
  for (let i = 0; i < rows; i++) {
    const c = labels[i]!;
    for (let j = 0; j < cols; j++) {
      const e = enc.data[i * cols + j]!;
      const o = org.data[i * cols + j]!;
      totE[j] = totE[j]! + e;
      totE2[j] = totE2[j]! + e * e;
      totO[j] = totO[j]! + o;
      if (c >= 0) {
        sumE[c]![j] = sumE[c]![j]! + e;
        sumO[c]![j] = sumO[c]![j]! + o;
      }
    }
    if (c >= 0) sizes[c]!++;
    n++;
  }
  const mu = Array.from(totE, (s) => s / n);
  const sd = Array.from(totE2, (s2, j) => Math.sqrt(Math.max(0, s2 / n - mu[j]! ** 2)));
  const z = sizes.map((size, c) =>
    Array.from(
      { length: cols },
      (_, j) => size === 0 || sd[j]! === 0 ? 0 : (sumE[c]![j]! / size - mu[j]!) / sd[j]!,
    )
  );
  const means = sizes.map((size, c) =>
    Array.from({ length: cols }, (_, j) => size === 0 ? NaN : sumO[c]![j]! / size)
  );
  return { k, sizes, z, means, overall: Array.from(totO, (s) => s / n) };
}

function figureOf(value: number, role: FeatureRole): string {
  if (role.kind === "level" || role.flag) return `${Math.round(value * 100)}%`;
  const size = Math.abs(value);
  return formatFigure(value, { maxDecimals: size >= 10 ? 0 : size >= 1 ? 1 : 2 });
}

/** A trait's figure: the feature's mean in segment `c` against the overall one. */
function traitFigure(stats: Stats, c: number, j: number, role: FeatureRole): string {
  return `${labelAndFigure(role.label, figureOf(stats.means[c]![j]!, role))} vs ${
    figureOf(stats.overall[j]!, role)
  } on average`;
}

/** The traits of one segment, strongest first. */
function segmentTraits(stats: Stats, roles: FeatureRole[], c: number): SegmentTrait[] {
  const traits: SegmentTrait[] = [];
  for (const role of POOLED) {
    const js = roles.flatMap((r, j) => (r.role === role && r.kind !== "level" ? [j] : []));
    if (js.length === 0) continue;
    const z = js.reduce((s, j) => s + stats.z[c]![j]! * (roles[j]!.inverse ? -1 : 1), 0) /
      js.length;
    // The figure: the feature that moves most with the role.
    const top = js.reduce((a, b) => Math.abs(stats.z[c]![b]!) > Math.abs(stats.z[c]![a]!) ? b : a);
    const r = roles[top]!;
    traits.push({
      key: role,
      role,
      label: js.length === 1 ? r.label : role,
      z,
      phrase: z >= 0 ? ROLE_WORDS[role].high : ROLE_WORDS[role].low,
      figure: traitFigure(stats, c, top, r),
    });
  }
  // Features named one by one, those whose label starts with another's together
  // ("cash advance", "cash advance transactions" → one trait "cash advance").
  const single = roles.flatMap((r, j) => POOLED.includes(r.role) && r.kind !== "level" ? [] : [j]);
  const stem = (j: number) => {
    const label = roles[j]!.label;
    if (roles[j]!.kind === "level") return label;
    const shortest = single
      .map((i) => roles[i]!.label)
      .filter((l) => l === label || label.startsWith(`${l} `))
      .sort((x, y) => x.length - y.length)[0];
    return shortest ?? label;
  };
  const groups = new Map<string, number[]>();
  for (const j of single) groups.set(stem(j), [...(groups.get(stem(j)) ?? []), j]);
  for (const [label, js] of groups) {
    const z = js.reduce((sum, j) => sum + stats.z[c]![j]!, 0) / js.length;
    const r = roles[js[0]!]!;
    if (r.kind === "level" && z < 0) continue; // a level is a trait where it is over-represented
    const top = js.reduce((a, b) => Math.abs(stats.z[c]![b]!) > Math.abs(stats.z[c]![a]!) ? b : a);
    const words = ROLE_WORDS[r.role];
    traits.push({
      key: js.length === 1 ? r.feature : label,
      role: r.role,
      label,
      z,
      phrase: r.kind === "level"
        ? `mostly ${r.level}`
        : `${z >= 0 ? words.high : words.low} ${label}`,
      figure: traitFigure(stats, c, top, roles[top]!),
    });
  }
  return traits.sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || (a.key < b.key ? -1 : 1));
}

/** Who they are before what they do, in names. */
const NAME_ORDER: readonly CustomerRole[] = [
  "age",
  "income",
  "demographic",
  "tenure",
  "spend",
  "frequency",
  "recency",
  "campaign",
  "other",
];

/** A name from traits: a pair phrase when the two strongest make one, else the phrases joined. */
function traitName(traits: SegmentTrait[], count: number): string {
  if (traits.length === 0) return "Average customers";
  const [a, b] = traits;
  if (count === 2 && a !== undefined && b !== undefined) {
    const sign = (t: SegmentTrait) => (t.z >= 0 ? 1 : -1);
    const pair = PAIRS.find((p) =>
      (p.a[0] === a.role && p.a[1] === sign(a) && p.b[0] === b.role && p.b[1] === sign(b)) ||
      (p.a[0] === b.role && p.a[1] === sign(b) && p.b[0] === a.role && p.b[1] === sign(a))
    );
    if (pair !== undefined && a.key === a.role && b.key === b.role) return pair.name;
  }
  const picked = traits.slice(0, count).sort((x, y) =>
    NAME_ORDER.indexOf(x.role) - NAME_ORDER.indexOf(y.role)
  );
  return capitalise(picked.map((t) => t.phrase).join(", "));
}

/**
 * Each customer's recency and frequency composites (mean z of the role's
 * features; frequency falls back to spend), or undefined without both roles.
 */
function rfmComposites(
  prepared: PreparedData,
  roles: FeatureRole[],
): { r: Float64Array; f: Float64Array } | undefined {
  const of = (role: CustomerRole) =>
    roles.flatMap((r, j) => (r.role === role && r.kind !== "level" ? [j] : []));
  const recency = of("recency");
  const frequency = of("frequency").length > 0 ? of("frequency") : of("spend");
  if (recency.length === 0 || frequency.length === 0) return undefined;
  const m = prepared.encoded;
  const composite = (js: number[]) => {
    const out = new Float64Array(m.rows);
    for (const j of js) {
      let s = 0, s2 = 0;
      for (let i = 0; i < m.rows; i++) {
        const v = m.data[i * m.cols + j]!;
        s += v;
        s2 += v * v;
      }
      const mu = s / m.rows;
      const sd = Math.sqrt(Math.max(0, s2 / m.rows - mu * mu)) || 1;
      const sign = roles[j]!.inverse ? -1 : 1;
      for (let i = 0; i < m.rows; i++) {
        out[i] = out[i]! + (sign * (m.data[i * m.cols + j]! - mu)) / sd / js.length;
      }
    }
    return out;
  };
  return { r: composite(recency), f: composite(frequency) };
}

/** The quintile score (1–5) of a value within sorted values (5 = highest). */
function scoreWithin(sorted: Float64Array, value: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(5, 1 + Math.floor((5 * lo) / sorted.length));
}

/**
 * The RFM segment of each cluster: its mean recency and frequency
 * composites scored as quintiles of the customers' (R 5 = most recent),
 * read off the rule-based segment map; and the share of its customers whose
 * own scores give the same segment.
 */
function clusterRFM(
  composites: { r: Float64Array; f: Float64Array },
  labels: ArrayLike<number>,
  k: number,
): { segment: string; r: number; f: number; share: number }[] {
  const { r, f } = composites;
  const sr = Float64Array.from(r).sort();
  const sf = Float64Array.from(f).sort();
  const own = rfmSegments(quintileScores(r, false), quintileScores(f, true), RFM_SEGMENT_RULES);
  return Array.from({ length: k }, (_, c) => {
    let n = 0, mr = 0, mf = 0;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] !== c) continue;
      n++;
      mr += r[i]!;
      mf += f[i]!;
    }
    const rScore = 6 - scoreWithin(sr, mr / n);
    const fScore = scoreWithin(sf, mf / n);
    const segment = rfmSegments([rScore], [fScore], RFM_SEGMENT_RULES)[0]!;
    let same = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] === c && own[i] === segment) same++;
    return { segment, r: rScore, f: fScore, share: n > 0 ? same / n : 0 };
  });
}

/**
 * Name every segment, with a recommendation and the reason, from the
 * prepared data (as `fitSegmentation` returns it) and the segment of each
 * of its rows. Names are distinct and never "Cluster N".
 *
 * @example
 * ```ts
 * import { deepEqual, ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitPreparation } from "../prepare/fit_preparation.ts";
 * import { applyPreparation } from "../prepare/apply_preparation.ts";
 * import { describeSegments } from "./segment_descriptions.ts";
 * const t = aq.table({ age: [22, 25, 24, 61, 58, 65], income: [20, 25, 22, 90, 95, 80],
 *   amount_spent: [900, 950, 870, 100, 120, 90] });
 * const prepared = applyPreparation(fitPreparation(t).model, t);
 * const d = describeSegments(prepared, [0, 0, 0, 1, 1, 1]);
 * deepEqual(d.names, ["Young, low income, high spending", "Older, high income, low spending"]);
 * ok(d.segments[0]!.recommendation.startsWith("keep them with value-led perks"));
 * ```
 */
export function describeSegments(
  prepared: PreparedData,
  labels: ArrayLike<number>,
  options: DescribeSegmentsOptions = {},
): SegmentDescriptions {
  const threshold = options.threshold ?? 0.35;
  const roles = featureRoles(prepared, options.columns);
  const stats = clusterStats(prepared, labels);
  const composites = rfmComposites(prepared, roles);
  const all = stats.sizes.map((_, c) => segmentTraits(stats, roles, c));
  const strong = all.map((t) => t.filter((x) => Math.abs(x.z) >= threshold));
  const rfmMajority = composites === undefined
    ? undefined
    : clusterRFM(composites, labels, stats.k);
  const base = stats.sizes.map((_, c) => {
    if (rfmMajority !== undefined) return rfmMajority[c]!.segment;
    const traits = strong[c]!;
    const name = traitName(traits, Math.min(3, traits.length));
    return traits.length >= 3 && name.length > 40 ? traitName(traits, 2) : name;
  });
  const names = distinctNames(base, strong, rfmMajority !== undefined, stats.sizes);
  const segments: SegmentDescription[] = stats.sizes.map((size, c) => {
    const traits = strong[c]!;
    const evidence = traits.slice(0, 3).map((t) =>
      `${t.figure} (${t.z >= 0 ? "+" : "−"}${formatFigure(Math.abs(t.z), { decimals: 1 })} SD)`
    );
    const majority = rfmMajority?.[c];
    const action = majority !== undefined
      ? RFM_SEGMENT_ACTIONS[majority.segment] ?? "test offers on what sets them apart"
      : bestAction(traits) ??
        (traits[0] !== undefined
          ? `tailor offers to what sets them apart: ${traits[0].phrase}`
          : "the average customer: keep in the regular programme and test offers");
    const rfmWords = majority === undefined
      ? ""
      : `its average customer scores R ${majority.r}, F ${majority.f} on the quintiles of ` +
        `recency and frequency: ${majority.segment} (as ${
          Math.round(majority.share * 100)
        }% of its customers do on their own scores); `;
    const reason = rfmWords +
      (evidence.length > 0
        ? `against the average customer: ${evidence.join("; ")}`
        : "no feature differs from the average customer by 0.35 SD or more");
    const figures = traits.slice(0, 2).map((t) => t.figure).join("; ");
    return {
      cluster: c,
      size,
      name: names[c]!,
      suggested: names[c]!,
      renamed: false,
      recommendation: figures === "" ? action : `${action} (${figures})`,
      reason,
      traits: all[c]!,
    };
  });
  const described: SegmentDescriptions = {
    names,
    segments,
    vocabulary: composites === undefined ? "traits" : "rfm",
    roles,
  };
  return options.renames === undefined ? described : renameSegments(described, options.renames);
}

/** Make names distinct: add the next trait that tells the clusters sharing a name apart. */
function distinctNames(
  base: string[],
  traits: SegmentTrait[][],
  rfm: boolean,
  sizes: number[],
): string[] {
  const names = [...base];
  for (let round = 0; round < 4; round++) {
    const groups = new Map<string, number[]>();
    names.forEach((n, c) =>
      groups.set(n.toLowerCase(), [...(groups.get(n.toLowerCase()) ?? []), c])
    );
    let changed = false;
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      for (const c of group) {
        const used = names[c]!.toLowerCase();
        const others = group.filter((o) => o !== c);
        // The strongest trait of c that the others do not share in the same direction.
        const next = traits[c]!.find((t) =>
          !used.includes(t.phrase.toLowerCase()) &&
          !(rfm && (t.role === "recency" || t.role === "frequency")) &&
          others.every((o) =>
            !traits[o]!.some((u) => u.key === t.key && Math.sign(u.z) === Math.sign(t.z))
          )
        ) ?? traits[c]!.find((t) => !used.includes(t.phrase.toLowerCase()));
        if (next !== undefined) {
          names[c] = `${names[c]}, ${next.phrase}`;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  // Still the same: the larger keeps the name, the others are numbered.
  const seen = new Map<string, number[]>();
  names.forEach((n, c) => seen.set(n, [...(seen.get(n) ?? []), c]));
  for (const group of seen.values()) {
    group.sort((a, b) => sizes[b]! - sizes[a]! || a - b);
    group.slice(1).forEach((c, i) => (names[c] = `${names[c]} (${i + 2})`));
  }
  return names;
}

/**
 * Segment names given as `label=name` entries (`--names "0=Loyal big
 * spenders,2=Bargain hunters"`), checked: a whole-number label, a name,
 * no label or name twice. Throws one {@link InputError} line otherwise.
 *
 * @example
 * ```ts
 * import { deepEqual, throws } from "node:assert/strict";
 * import { parseSegmentRenames } from "./segment_descriptions.ts";
 * deepEqual(parseSegmentRenames(["0=Loyal big spenders", "2 = Bargain hunters"]),
 *   new Map([[0, "Loyal big spenders"], [2, "Bargain hunters"]]));
 * throws(() => parseSegmentRenames(["x=Loyal"]), /Invalid names: "x=Loyal"/);
 * ```
 */
export function parseSegmentRenames(entries: readonly string[]): Map<number, string> {
  const out = new Map<number, string>();
  const hint =
    'give segment=name pairs separated by commas, e.g. "0=Loyal big spenders,2=Bargain hunters"';
  for (const entry of entries) {
    const match = /^\s*(\d+)\s*=\s*(.*?)\s*$/.exec(entry);
    if (match === null || match[2] === "") {
      throw new InputError(`Invalid names: "${entry}"`, { hint });
    }
    const label = Number(match[1]);
    const name = match[2]!;
    if (out.has(label)) {
      throw new InputError(`Invalid names: segment ${label} is named twice`, { hint });
    }
    if (/^cluster \d+$/i.test(name) || /^noise$/i.test(name)) {
      throw new InputError(`Invalid names: "${name}" is reserved`, { hint });
    }
    if ([...out.values()].some((n) => n.toLowerCase() === name.toLowerCase())) {
      throw new InputError(`Invalid names: "${name}" is given to two segments`, { hint });
    }
    out.set(label, name);
  }
  return out;
}

/**
 * The descriptions with the user's names: each named label must exist, and
 * the names must stay distinct from the other segments' names.
 *
 * @example
 * ```ts
 * import { deepEqual, throws } from "node:assert/strict";
 * import { renameSegments } from "./segment_descriptions.ts";
 * const seg = (cluster: number, name: string) => ({ cluster, size: 1, name, suggested: name,
 *   renamed: false, recommendation: "", reason: "", traits: [] });
 * const d = { names: ["A", "B"], segments: [seg(0, "A"), seg(1, "B")], vocabulary: "traits" as const, roles: [] };
 * deepEqual(renameSegments(d, new Map([[1, "Bargain hunters"]])).names, ["A", "Bargain hunters"]);
 * throws(() => renameSegments(d, new Map([[4, "X"]])), /segment 4 does not exist/);
 * throws(() => renameSegments(d, new Map([[1, "a"]])), /"a" is already segment 0's name/);
 * ```
 */
export function renameSegments(
  described: SegmentDescriptions,
  renames: ReadonlyMap<number, string>,
): SegmentDescriptions {
  const k = described.names.length;
  for (const label of renames.keys()) {
    if (label >= k) {
      throw new InputError(
        `Invalid names: segment ${label} does not exist (segments are 0 to ${k - 1})`,
        { hint: "name segments by the numbers of the cluster column" },
      );
    }
  }
  const names = described.names.map((n, c) => renames.get(c) ?? n);
  names.forEach((n, c) => {
    const first = names.findIndex((m) => m.toLowerCase() === n.toLowerCase());
    if (first !== c && (renames.has(c) || renames.has(first))) {
      throw new InputError(`Invalid names: "${n}" is already segment ${first}'s name`, {
        hint: "give each segment a different name",
      });
    }
  });
  return {
    ...described,
    names,
    segments: described.segments.map((s) => ({
      ...s,
      name: names[s.cluster]!,
      renamed: renames.has(s.cluster),
    })),
  };
}
