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
import type { ColumnReport } from "../prepare/column_report.ts";
import {
  type CustomerRole,
  type FeatureKind,
  inferRole,
  nameWords,
  valueFacts,
} from "../prepare/role_inference.ts";

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
  const words = nameWords(name).map((w) => {
    const lower = w.toLowerCase();
    return WORDS[lower] ?? lower;
  }).filter((w) => w !== "");
  return words.join(" ").replace(/^year birth$/, "birth year") || name;
}

function kindOf(step: PreparationStep): FeatureKind {
  return step.kind === "categorical" ? "level" : step.kind === "date" ? "date" : "number";
}

/**
 * The role of every prepared feature, in matrix order: the column name and
 * the preparation's step (a date's days, a text level) and its values — or,
 * given the preparation's column reports, the role each column was given or
 * inferred with when the preparation was fitted (so the names read the
 * roles the preparation table shows, the user's included).
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
 * const fit = fitPreparation(t, { roles: { MntWines: "income" } });
 * deepEqual(featureRoles(applyPreparation(fit.model, t), fit.columns)[1]!.role, "income");
 * ```
 */
export function featureRoles(
  prepared: PreparedData,
  columns?: readonly ColumnReport[],
): FeatureRole[] {
  const m = prepared.original;
  const out: FeatureRole[] = [];
  const reports = new Map(columns?.map((c) => [c.column, c]));
  for (const { step, start, end } of prepared.blocks) {
    const kind = kindOf(step);
    const report = reports.get(step.column);
    for (let j = start; j < end; j++) {
      const feature = m.columns[j]!;
      const facts = valueFacts(m.data, j, m.cols);
      const inferred = report !== undefined && report.role !== "identifier" &&
          report.role !== "ignore"
        ? { role: report.role, inverse: report.inverse ?? false, reason: report.roleReason }
        : inferRole(step.column, kind, facts);
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
