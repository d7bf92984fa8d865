/**
 * What each column of the file is, for the preparation table: the role the
 * user gave it, or the one inferred — an identifier (by its name, a running
 * number, a different code on every row), else the role its name and values
 * suggest (`role_inference.ts`) — with the reason.
 *
 * @module
 */
import type { ColumnCandidate } from "./column_report.ts";
import type { PreparationStep } from "./preparation.ts";
import { type FeatureKind, inferRole, valueFacts } from "./role_inference.ts";
import { givenRole, type RoleOverrides } from "./role_overrides.ts";
import { MAX_AUTO_LEVELS } from "./text_levels.ts";

/** Reasons a column is skipped as an identifier, and the role reason each gives. */
const IDENTIFIER_REASONS: readonly [RegExp, string][] = [
  [/^identifier-like name/, "name reads as an identifier"],
  [/^distinct whole numbers/, "distinct whole numbers in steps of one: a running number"],
  [/^identifier: a different code on every row/, "unique codes in every row"],
];

/** A birth year or date: higher values are younger customers. */
const BIRTH = /birth|born|\byob\b/i;

function kindOf(c: ColumnCandidate, step: PreparationStep | null): FeatureKind {
  if (step !== null) {
    return step.kind === "categorical" ? "level" : step.kind === "date" ? "date" : "number";
  }
  return c.type === "date" ? "date" : c.type === "text" ? "level" : "number";
}

/**
 * Write the column's role, its reason and whether the user gave it into its
 * report, once its step is decided (null: skipped).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitPreparation } from "./fit_preparation.ts";
 * const t = aq.table({ CustomerID: [17, 3, 9, 12], amount_spent: [5, 300.5, 20, 7],
 *   Kidhome: [0, 1, 2, 0] });
 * const roles = fitPreparation(t).columns.map((c) => `${c.column}: ${c.role} (${c.roleReason})`);
 * equal(roles[0], "CustomerID: identifier (name reads as an identifier)");
 * equal(roles[1], 'amount_spent: spend (name contains "amount": money spent)');
 * const given = fitPreparation(t, { roles: { Kidhome: "ignore" } }).columns[2]!;
 * equal(`${given.role} (${given.roleReason}), used: ${given.used}`, "ignore (your role), used: false");
 * ```
 */
export function reportRole(
  c: ColumnCandidate,
  step: PreparationStep | null,
  roles?: RoleOverrides,
): void {
  const report = c.report;
  const kind = kindOf(c, step);
  const facts = c.present !== undefined && kind !== "level"
    ? valueFacts(c.present)
    : { flag: false, whole: false };
  const given = givenRole(roles, c.column);
  if (given !== undefined) {
    report.role = given;
    report.roleReason = "your role";
    report.roleGiven = true;
    if (given === "age" && kind !== "level" && BIRTH.test(c.column)) report.inverse = true;
    return;
  }
  report.roleGiven = false;
  if (step === null) {
    const id = IDENTIFIER_REASONS.find(([pattern]) => pattern.test(report.reason));
    if (id !== undefined) {
      report.role = "identifier";
      report.roleReason = id[1];
      return;
    }
    if (kind === "level" && (report.distinct ?? 0) > MAX_AUTO_LEVELS) {
      report.role = "other";
      report.roleReason = `text with ${report.distinct} different values: read by its label`;
      return;
    }
  }
  const inferred = inferRole(c.column, kind, facts);
  report.role = inferred.role;
  report.roleReason = inferred.reason;
  if (inferred.inverse) report.inverse = true;
}
