/**
 * What a column means to a marketer — spend, purchase counts, recency,
 * tenure, age, income, demographic text, 0/1 campaign flags — read from its
 * name (one table of patterns, below) and its values (whole numbers or
 * amounts, 0/1), with the evidence: "name contains \"spent\"", "0/1 values".
 * The preparation reports it for every column; the segment names and
 * recommendations (`profile/customer_roles.ts`) read it.
 *
 * @module
 */

/** Every {@link CustomerRole}, in the order tables and messages list them. */
export const CUSTOMER_ROLES = [
  "spend",
  "frequency",
  "recency",
  "tenure",
  "age",
  "income",
  "demographic",
  "campaign",
  "other",
] as const;

/** What a feature means for naming segments. */
export type CustomerRole = typeof CUSTOMER_ROLES[number];

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

/**
 * A column name as words, capitals kept where the user wrote them inside a
 * word: "MntWines" → "Mnt Wines", "CASH_ADVANCE" → "CASH ADVANCE".
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { nameWords } from "./role_inference.ts";
 * deepEqual(nameWords("MntWines"), ["Mnt", "Wines"]);
 * deepEqual(nameWords("CASH_ADVANCE_TRX"), ["CASH", "ADVANCE", "TRX"]);
 * ```
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "");
}

/** Lower-case words of a name for the patterns. */
function patternText(name: string): string {
  return nameWords(name).map((w) => w.toLowerCase()).join(" ");
}

/** What the patterns ask of a column's values: all 0/1, all whole numbers. */
export interface ValueFacts {
  flag: boolean;
  whole: boolean;
}

/**
 * The facts of values read with a stride (a matrix column: `start = j`,
 * `stride = cols`); NaN (a blank) is skipped; no value at all is neither a
 * flag nor whole.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { valueFacts } from "./role_inference.ts";
 * deepEqual(valueFacts([0, 1, NaN, 1]), { flag: true, whole: true });
 * deepEqual(valueFacts([3, 12]), { flag: false, whole: true });
 * deepEqual(valueFacts([]), { flag: false, whole: false });
 * ```
 */
export function valueFacts(data: ArrayLike<number>, start = 0, stride = 1): ValueFacts {
  let flag = true, whole = true, any = false;
  for (let i = start; i < data.length && (flag || whole); i += stride) {
    const v = data[i]!;
    if (Number.isNaN(v)) continue;
    any = true;
    if (v !== 0 && v !== 1) flag = false;
    if (!Number.isInteger(v)) whole = false;
  }
  return any ? { flag, whole } : { flag: false, whole: false };
}

/** A role as inferred: the role, whether higher values mean less of it, and the evidence. */
export interface InferredRole {
  role: CustomerRole;
  /** Higher values mean less of the role (a birth year: higher is younger). */
  inverse: boolean;
  /** The evidence and what it means: `name contains "spent": money spent`. */
  reason: string;
}

/**
 * The role of a column (or a prepared feature) from its name, kind and
 * values: the first row of {@link ROLE_PATTERNS} that matches, else "other"
 * (numbers) or "demographic" (text levels). The reason names the evidence.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { inferRole } from "./role_inference.ts";
 * equal(inferRole("MntWines", "number", [5, 300.5]).role, "spend");
 * equal(inferRole("amount_spent", "number", [5, 300.5]).reason, 'name contains "amount": money spent');
 * equal(inferRole("purchases", "number", [3, 12]).role, "frequency");
 * equal(inferRole("PURCHASES", "number", [841.15, 0]).role, "spend");
 * equal(inferRole("Dt_Customer", "date", [10, 400]).role, "tenure");
 * equal(inferRole("Year_Birth", "number", [1957, 1980]).inverse, true);
 * equal(inferRole("AcceptedCmp5", "number", [0, 1]).reason,
 *   'name contains "accepted", 0/1 values: 0/1 answer to a campaign');
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
): InferredRole {
  const text = patternText(column);
  if (kind === "level") {
    return { role: "demographic", inverse: false, reason: "text levels: who the customer is" };
  }
  let facts: ValueFacts | undefined;
  const known = () =>
    facts ??= "flag" in values ? values as ValueFacts : valueFacts(values as ArrayLike<number>);
  for (const p of ROLE_PATTERNS) {
    if (p.kinds !== undefined && !p.kinds.includes(kind)) continue;
    if (p.kinds === undefined && kind === "date") continue;
    const match = p.pattern.exec(text);
    if (match === null) continue;
    if (p.flag !== undefined && p.flag !== known().flag) continue;
    if (p.whole !== undefined && p.whole !== known().whole) continue;
    const evidence = [
      p.pattern.source === ".*" ? "a date" : `name contains "${match[0].trim()}"`,
      ...(p.flag === true ? ["0/1 values"] : []),
      ...(p.whole === true ? ["whole numbers"] : []),
    ];
    return {
      role: p.role,
      inverse: p.inverse ?? false,
      reason: `${evidence.join(", ")}: ${p.note}`,
    };
  }
  return { role: "other", inverse: false, reason: "no pattern matched: named by its label" };
}
