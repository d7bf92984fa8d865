/**
 * Choose clustering features from a table when the user names none: every
 * numeric column except identifier-like ones, with the reason each other
 * column was left out.
 *
 * @module
 */
import type { ColumnTable } from "arquero";

/** A column left out and why. */
export interface SkippedColumn {
  column: string;
  reason: string;
}

/** Which columns to cluster on, and which were left out. */
export interface FeaturePick {
  features: string[];
  skipped: SkippedColumn[];
}

const ID_NAME =
  /(^|[_\s.-])(id|ids|key|code|uuid|number|no|nr|num|nummer)\.?$|^(id|key|uuid)([_\s.-]|$)|identifier/i;

/** A word for who or what is numbered, fused with id/no/nr in one lower- or upper-case word. */
const FUSED_ID =
  /^(cust|customer|client|member|user|account|acct|kunden|kunde|order|invoice|person|contact)(id|no|nr|num|number|nummer)$/i;

/** Camel case: a lower-case letter, then Id, ID, No, Nr, Num, Number or Key at the end. */
const CAMEL_ID = /[a-z](Id|ID|No|Nr|Num|Number|Key)$/;

/**
 * True when a column name reads like an identifier, in any casing:
 * `customer_id`, `CUST_ID`, `CustomerID`, `custId`, `Kunden-Nr`, `ID`,
 * `member no`, `customerid`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { isIdLikeName } from "./pick_features.ts";
 * equal(isIdLikeName("CustomerID"), true);
 * equal(isIdLikeName("Kunden-Nr"), true);
 * equal(isIdLikeName("paid"), false);
 * ```
 */
export function isIdLikeName(name: string): boolean {
  const n = name.trim();
  return ID_NAME.test(n) || FUSED_ID.test(n) || CAMEL_ID.test(n);
}

/**
 * Numeric columns except id-like ones (by name, or whole numbers that are
 * all distinct and run in steps of one).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { pickNumericFeatures } from "./pick_features.ts";
 * const t = aq.table({ customer_id: [1, 2, 3], age: [30, 41, 25], city: ["a", "b", "c"] });
 * deepEqual(pickNumericFeatures(t).features, ["age"]);
 * ```
 */
export function pickNumericFeatures(table: ColumnTable): FeaturePick {
  const features: string[] = [];
  const skipped: SkippedColumn[] = [];
  for (const name of table.columnNames()) {
    const values = Array.from(table.array(name) as ArrayLike<unknown>);
    const present = values.filter((v) => v !== null && v !== undefined);
    if (present.length === 0) {
      skipped.push({ column: name, reason: "all values missing" });
    } else if (!present.every((v) => typeof v === "number")) {
      skipped.push({ column: name, reason: "not numeric" });
    } else if (isIdLikeName(name)) {
      skipped.push({ column: name, reason: "identifier-like name" });
    } else if (isSequence(present as number[])) {
      skipped.push({ column: name, reason: "distinct whole numbers, looks like an identifier" });
    } else if (new Set(present).size === 1) {
      skipped.push({ column: name, reason: "constant" });
    } else {
      features.push(name);
    }
  }
  return { features, skipped };
}

function isSequence(values: number[]): boolean {
  if (values.length < 3 || !values.every(Number.isInteger)) return false;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.every((v, i) => i === 0 || v - sorted[i - 1]! === 1);
}
