/**
 * What each prepared feature means to a marketer — spend, purchase counts,
 * recency, tenure, age, income, demographic text, 0/1 campaign flags — read
 * from its name (one table of patterns, below) and its values (whole numbers
 * or amounts, 0/1), and the words used for it: a label a person reads
 * ("spend on wines", "web purchases", "accepted campaign 5") and phrases for
 * a segment above or below the average customer ("joined long ago", "newer
 * customers"). The segment names, recommendations and findings read these.
 *
 * @module
 */
import type { PreparedData } from "../prepare/apply_preparation.ts";
import type { PreparationStep } from "../prepare/preparation.ts";

/** What a feature means for naming segments. */
export type CustomerRole =
  | "spend"
  | "frequency"
  | "recency"
  | "tenure"
  | "age"
  | "income"
  | "demographic"
  | "campaign"
  | "other";

/** One row of {@link ROLE_PATTERNS}: a pattern on the feature's words and the role it gives. */
export interface RolePattern {
  role: CustomerRole;
  /** Tested on the name in lower-case words ("MntWines" → "mnt wines", "CUST_ID" → "cust id"). */
  pattern: RegExp;
  /** Only for these kinds of feature (default: any). */
  kinds?: readonly FeatureKind[];
  /** The values must be 0/1 (campaign flags). */
  flag?: boolean;
  /** The values must be whole numbers (counts), or must not be (amounts). */
  whole?: boolean;
  /** Higher values mean less of the role (a birth year: higher is younger). */
  inverse?: boolean;
  /** Why, for the reason shown. */
  note: string;
}

/** How a feature came out of the preparation. */
export type FeatureKind = "number" | "date" | "level";

/**
 * The patterns, first match wins. Dates are days since the date (the
 * preparation's `<date>_days`): a join date is tenure, a last-purchase
 * date recency. A name matching none keeps the role "other" (and its
 * label); a text level is "demographic".
 */
export const ROLE_PATTERNS: readonly RolePattern[] = [
  {
    role: "recency",
    pattern: /\blast\b|\blatest\b|\brecen/,
    kinds: ["date"],
    note: "days since the last purchase",
  },
  {
    role: "age",
    pattern: /birth|\bborn\b|\bdob\b/,
    kinds: ["date"],
    note: "days since birth",
  },
  {
    role: "tenure",
    pattern: /.*/,
    kinds: ["date"],
    note: "days since the customer joined (any other date column)",
  },
  {
    role: "campaign",
    pattern: /accepted|\bcmp\b|campaign|response|responded|promo|coupon|offer|\bopt in\b/,
    flag: true,
    note: "0/1 answer to a campaign",
  },
  {
    role: "other",
    pattern: /cash advance|balance|credit|payment|\blimit\b/,
    note: "credit use: named by its label",
  },
  {
    role: "tenure",
    pattern:
      /tenure|member(ship)?( (years|since|age))?$|years? (as )?(a )?member|customer since|\bjoin|signup|sign up|registr|enrol|loyalty years/,
    note: "how long the customer has been with you",
  },
  {
    role: "recency",
    pattern: /recency|days since( last)?|since last|last (purchase|order|visit|seen|activity)/,
    note: "days since the last purchase",
  },

  {
    role: "age",
    pattern: /(year|yr|date) (of )?birth|birth ?year|\byob\b|\bborn\b/,
    inverse: true,
    note: "birth year (higher is younger)",
  },
  { role: "age", pattern: /\bage\b/, note: "age" },
  { role: "income", pattern: /income|salary|earning|wage/, note: "income" },
  {
    role: "frequency",
    pattern:
      /frequency|\bfreq\b|\bnum\b|count|\bvisits?\b|orders|transactions|\btrx\b|baskets|invoices|purchases? (per|a) /,
    note: "how often they buy",
  },
  {
    role: "frequency",
    pattern: /purchases|\bbuys\b/,
    whole: true,
    note: "number of purchases (whole numbers)",
  },
  {
    role: "spend",
    pattern:
      /\bmnt\b|amount|spend|spent|monetary|revenue|sales|purchases|\bvalue\b|turnover|\bgmv\b|\bclv\b|\bltv\b/,
    note: "money spent",
  },
  {
    role: "demographic",
    pattern:
      /gender|\bsex\b|education|marital|region|country|city|state|kid|teen|child|household|family/,
    note: "who the customer is",
  },
];

/** The role of one prepared feature, with its words. */
export interface FeatureRole {
  /** The feature in the matrix (`Income`, `Dt_Customer_days`, `Education=PhD`). */
  feature: string;
  /** The column of the file it comes from. */
  column: string;
  kind: FeatureKind;
  role: CustomerRole;
  /** Higher values mean less of the role (birth year). */
  inverse: boolean;
  /** The values are 0/1 (shown as shares). */
  flag?: boolean;
  /** Words for the feature ("spend on wines", "days as a customer", "Education PhD"). */
  label: string;
  /** Why this role. */
  reason: string;
  /** For a text level: the level. */
  level?: string;
}

/**
 * A column name as words, capitals kept where the user wrote them inside a
 * word: "MntWines" → "Mnt Wines", "CASH_ADVANCE" → "CASH ADVANCE".
 */
function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "");
}

/** Abbreviations of customer files, in words. */
const WORDS: Readonly<Record<string, string>> = {
  mnt: "spend on",
  num: "",
  cmp: "campaign",
  dt: "",
  prc: "share of",
  trx: "transactions",
  qty: "quantity",
  amt: "amount",
  kidhome: "kids at home",
  teenhome: "teens at home",
  oneoff: "one-off",
  k: "(thousands)",
  yr: "year",
  avg: "average",
  pct: "share of",
};

/**
 * A feature name as a person reads it: words split at underscores and
 * capitals, abbreviations written out, lower case unless the name shows
 * an acronym the user wrote in a mixed-case name.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { featureLabel } from "./customer_roles.ts";
 * equal(featureLabel("MntWines"), "spend on wines");
 * equal(featureLabel("AcceptedCmp5"), "accepted campaign 5");
 * equal(featureLabel("NumWebPurchases"), "web purchases");
 * equal(featureLabel("CASH_ADVANCE_TRX"), "cash advance transactions");
 * equal(featureLabel("annual_income_k"), "annual income (thousands)");
 * equal(featureLabel("Year_Birth"), "birth year");
 * ```
 */
export function featureLabel(name: string): string {
  const words = splitWords(name).map((w) => {
    const lower = w.toLowerCase();
    return WORDS[lower] ?? lower;
  }).filter((w) => w !== "");
  return words.join(" ").replace(/^year birth$/, "birth year") || name;
}

/** Lower-case words of a name for the patterns. */
function patternText(name: string): string {
  return splitWords(name).map((w) => w.toLowerCase()).join(" ");
}

/** What the patterns ask of a column's values: all 0/1, all whole numbers. */
export interface ValueFacts {
  flag: boolean;
  whole: boolean;
}

/** The facts of values read with a stride (a matrix column: `start = j`, `stride = cols`). */
function valueFacts(data: ArrayLike<number>, start = 0, stride = 1): ValueFacts {
  let flag = true, whole = true;
  for (let i = start; i < data.length && (flag || whole); i += stride) {
    const v = data[i]!;
    if (v !== 0 && v !== 1) flag = false;
    if (!Number.isInteger(v)) whole = false;
  }
  return { flag, whole };
}

/**
 * The role of a feature from its column name, kind and values: the first
 * row of {@link ROLE_PATTERNS} that matches, else "other" (numbers) or
 * "demographic" (text levels).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { inferRole } from "./customer_roles.ts";
 * equal(inferRole("MntWines", "number", [5, 300.5]).role, "spend");
 * equal(inferRole("purchases", "number", [3, 12]).role, "frequency");
 * equal(inferRole("PURCHASES", "number", [841.15, 0]).role, "spend");
 * equal(inferRole("Dt_Customer", "date", [10, 400]).role, "tenure");
 * equal(inferRole("Year_Birth", "number", [1957, 1980]).inverse, true);
 * equal(inferRole("AcceptedCmp5", "number", [0, 1]).role, "campaign");
 * equal(inferRole("BALANCE", "number", [3.5, 10]).role, "other");
 * equal(inferRole("days_since_signup", "number", [3, 400]).role, "tenure");
 * equal(inferRole("days_since_last_order", "number", [3, 400]).role, "recency");
 * equal(inferRole("birth_date", "date", [9000, 12000]).role, "age");
 * ```
 */
export function inferRole(
  column: string,
  kind: FeatureKind,
  values: ArrayLike<number> | ValueFacts,
): { role: CustomerRole; inverse: boolean; reason: string } {
  const text = patternText(column);
  if (kind === "level") {
    return { role: "demographic", inverse: false, reason: "text level: who the customer is" };
  }
  let facts: ValueFacts | undefined;
  const known = () =>
    facts ??= "flag" in values ? values as ValueFacts : valueFacts(values as ArrayLike<number>);
  for (const p of ROLE_PATTERNS) {
    if (p.kinds !== undefined && !p.kinds.includes(kind)) continue;
    if (p.kinds === undefined && kind === "date") continue;
    if (!p.pattern.test(text)) continue;
    if (p.flag !== undefined && p.flag !== known().flag) continue;
    if (p.whole !== undefined && p.whole !== known().whole) continue;
    return { role: p.role, inverse: p.inverse ?? false, reason: p.note };
  }
  return { role: "other", inverse: false, reason: "no pattern matched: named by its label" };
}

function kindOf(step: PreparationStep): FeatureKind {
  return step.kind === "categorical" ? "level" : step.kind === "date" ? "date" : "number";
}

/**
 * The role of every prepared feature, in matrix order: the column name and
 * the preparation's step (a date's days, a text level) and its values.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitPreparation } from "../prepare/fit_preparation.ts";
 * import { applyPreparation } from "../prepare/apply_preparation.ts";
 * import { featureRoles } from "./customer_roles.ts";
 * const t = aq.table({ Recency: [3, 40, 80, 9], MntWines: [300, 20, 5, 150.5],
 *   Dt_Customer: ["2013-01-02", "2014-05-01", "2012-08-09", "2014-01-01"] });
 * const prepared = applyPreparation(fitPreparation(t).model, t);
 * deepEqual(featureRoles(prepared).map((r) => [r.role, r.label]),
 *   [["recency", "recency"], ["spend", "spend on wines"], ["tenure", "days as a customer"]]);
 * ```
 */
export function featureRoles(prepared: PreparedData): FeatureRole[] {
  const m = prepared.original;
  const out: FeatureRole[] = [];
  for (const { step, start, end } of prepared.blocks) {
    const kind = kindOf(step);
    for (let j = start; j < end; j++) {
      const feature = m.columns[j]!;
      const facts = valueFacts(m.data, j, m.cols);
      const inferred = inferRole(step.column, kind, facts);
      const level = step.kind === "categorical" ? step.levels[j - start] : undefined;
      const label = kind === "level"
        ? `${featureLabel(step.column)} ${level}`
        : kind === "date"
        ? inferred.role === "tenure"
          ? "days as a customer"
          : inferred.role === "recency"
          ? "days since the last purchase"
          : `days since ${featureLabel(step.column)}`
        : featureLabel(step.column);
      out.push({
        feature,
        column: step.column,
        kind,
        role: inferred.role,
        inverse: inferred.inverse,
        ...(kind === "number" && facts.flag ? { flag: true } : {}),
        label,
        reason: inferred.reason,
        ...(level !== undefined ? { level } : {}),
      });
    }
  }
  return out;
}

/** The words for a segment above (`high`) or below the average on a role. */
export const ROLE_WORDS: Readonly<Record<CustomerRole, { high: string; low: string }>> = {
  spend: { high: "high spending", low: "low spending" },
  frequency: { high: "frequent buyers", low: "infrequent buyers" },
  recency: { high: "lapsed", low: "recent" },
  tenure: { high: "joined long ago", low: "newer customers" },
  age: { high: "older", low: "young" },
  income: { high: "high income", low: "low income" },
  demographic: { high: "more", low: "fewer" },
  campaign: { high: "campaign responders", low: "ignore campaigns" },
  other: { high: "high", low: "low" },
};

/**
 * A feature's difference from the average in words, the role's phrase
 * first: "joined long ago (days as a customer 90% above average)",
 * "spend on wines 45% below average".
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { traitText } from "./customer_roles.ts";
 * const joined = { feature: "Dt_Customer_days", column: "Dt_Customer", kind: "date" as const,
 *   role: "tenure" as const, inverse: false, label: "days as a customer", reason: "" };
 * equal(traitText(joined, 1.9), "joined long ago (days as a customer 90% above average)");
 * equal(traitText({ ...joined, kind: "number", role: "spend", label: "spend on wines" }, 0.55),
 *   "spend on wines 45% below average");
 * ```
 */
export function traitText(role: FeatureRole, ratio: number): string {
  const pct = Math.round((ratio - 1) * 100);
  const diff = pct >= 0 ? `${pct}% above average` : `${-pct}% below average`;
  if (role.kind === "date") {
    const words = ROLE_WORDS[role.role === "recency" ? "recency" : "tenure"];
    return `${pct >= 0 ? words.high : words.low} (${role.label} ${diff})`;
  }
  return `${role.label} ${diff}`;
}

/**
 * One row per column the names read (text columns once): the column, its
 * role, the words used for it and why — the table notebook 04 and the app show.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { roleRows } from "./customer_roles.ts";
 * const r = { feature: "Dt_Customer_days", column: "Dt_Customer", kind: "date" as const,
 *   role: "tenure" as const, inverse: false, label: "days as a customer", reason: "days since the customer joined (any other date column)" };
 * deepEqual(roleRows([r]), [{ column: "Dt_Customer", role: "tenure", "read as": "days as a customer",
 *   why: "days since the customer joined (any other date column)" }]);
 * ```
 */
export function roleRows(
  roles: readonly FeatureRole[],
): { column: string; role: CustomerRole; "read as": string; why: string }[] {
  const seen = new Set<string>();
  const rows: { column: string; role: CustomerRole; "read as": string; why: string }[] = [];
  for (const r of roles) {
    if (seen.has(r.column)) continue;
    seen.add(r.column);
    rows.push({
      column: r.column,
      role: r.role,
      "read as": r.kind === "level" ? featureLabel(r.column) : r.label,
      why: r.reason,
    });
  }
  return rows;
}
