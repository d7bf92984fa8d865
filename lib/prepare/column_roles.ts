/**
 * The role of one column in the preparation: used as a number, a date or
 * text levels, or skipped with the reason (all blank, not among the features
 * given, text or dates turned off, an identifier, a running number, constant,
 * numbers mixed with text, ambiguous dates). A column the user named is
 * refused with a one-line error where an unnamed one would be skipped. A
 * role the user gave (`--roles`) decides first: `identifier` and `ignore`
 * skip the column, `demographic` makes text levels of it (numbers too), any
 * other role uses it as if named (unless `--features` chose other columns).
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { isIdLikeName } from "../features/pick_features.ts";
import type { ColumnCandidate } from "./column_report.ts";
import { isMissingCell, readDateOrder } from "./column_values.ts";
import { dateStep } from "./date_step.ts";
import type {
  CategoricalChoice,
  DateChoice,
  NumericStep,
  PreparationOptions,
  PreparationStep,
} from "./preparation.ts";
import { presentNumbers } from "./step_numbers.ts";
import { textLevelStep } from "./text_levels.ts";
import { givenRole, isCustomerRole, type RoleOverrides } from "./role_overrides.ts";

/** What {@link decideColumn} needs from the preparation's options. */
export interface ColumnRoleContext {
  /** The features named (`--features`), if any. */
  given: string[] | undefined;
  categorical: CategoricalChoice;
  dates: DateChoice;
  /** Levels under this share of present rows are pooled as "Other". */
  rareShare: number;
  /** The preparation's options as given (missing, as-of, date order). */
  options: PreparationOptions;
  /** The roles the user gave, by column. */
  roles?: RoleOverrides;
  /** Source name for messages. */
  file?: string;
}

/**
 * The step of one column, or null when it is skipped (the reason is written
 * into the column's report).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as aq from "arquero";
 * import { columnCandidate } from "./column_report.ts";
 * import { decideColumn } from "./column_roles.ts";
 * const t = aq.table({ customer_id: [1, 2, 3], spend: [5, 9, 5] });
 * const ctx = { given: undefined, categorical: "auto" as const, dates: "days-since" as const,
 *   rareShare: 0.01, options: {} };
 * const id = columnCandidate(t, "customer_id");
 * assert.equal(decideColumn(id, ctx), null);
 * assert.equal(id.report.reason, "identifier-like name");
 * assert.equal(decideColumn(columnCandidate(t, "spend"), ctx)?.kind, "numeric");
 * ```
 */
export function decideColumn(
  c: ColumnCandidate,
  ctx: ColumnRoleContext,
): PreparationStep | null {
  const { column, type, report } = c;
  const role = givenRole(ctx.roles, column);
  const skip = (reason: string): null => {
    report.reason = reason;
    return null;
  };
  if (role === "identifier") return skip("identifier (your role)");
  if (role === "ignore") {
    return skip(
      "ignored (your role): left out of the clustering; kept in segments.csv and the profiles",
    );
  }
  // A role uses the column as if named, unless --features named other columns.
  const roleUses = isCustomerRole(role) &&
    (ctx.given === undefined || ctx.given.includes(column));
  if (roleUses) checkRoleFits(c, role, ctx.file);
  const named = (ctx.given?.includes(column) ?? false) || (roleUses && role !== "demographic");
  const namedText = (Array.isArray(ctx.categorical) && ctx.categorical.includes(column)) ||
    (roleUses && role === "demographic");
  if (type === "empty") {
    if (named) {
      throw new InputError("Every value is missing", {
        file: ctx.file,
        column,
        hint: "drop this column from the features",
      });
    }
    return skip("all values missing");
  }
  if (ctx.given !== undefined && !named && !namedText) return skip("not among the features given");
  // An earlier run's labels (a segments.csv segmented again) are not a trait of the customer.
  if (!named && !namedText && /^(cluster(_new(_\d+)?)?(_note)?|segment_name)$/i.test(column)) {
    return skip("segment labels of an earlier run (used only when named as a feature)");
  }
  if (type === "text" && !namedText) {
    const bad = mostlyNumbers(c.values);
    if (bad !== undefined) {
      if (named) {
        throw new InputError(`Non-numeric value ${JSON.stringify(bad.value)}`, {
          file: ctx.file,
          column,
          row: bad.row + 1,
          hint: "the column must hold numbers; correct the value or leave the cell empty",
        });
      }
      return skip(`numbers mixed with text (row ${bad.row + 1}: ${JSON.stringify(bad.value)})`);
    }
  }
  if (namedText || type === "text") {
    if (!named && !namedText) {
      if (ctx.categorical === "none") {
        return skip("text (text columns not used: --categorical none)");
      }
      if (Array.isArray(ctx.categorical)) return skip("text, not named in --categorical");
      if (isIdLikeName(column)) return skip("identifier-like name");
    }
    return textLevelStep(c, {
      named: named || namedText,
      rareShare: ctx.rareShare,
      missing: ctx.options.missing,
      file: ctx.file,
    });
  }
  if (type === "date") {
    if (!named && ctx.dates === "none") return skip("date (dates not used: --dates none)");
    const reading = readDateOrder(c.values, ctx.options.dateOrder);
    if (!reading.ok) {
      if (named) {
        throw new InputError(`Ambiguous dates: ${reading.reason}`, {
          file: ctx.file,
          column,
          hint: "give --date-format dd-mm-yyyy or mm-dd-yyyy",
        });
      }
      return skip(`date, but ${reading.reason}; give --date-format dd-mm-yyyy or mm-dd-yyyy`);
    }
    return dateStep(c, reading.order, { asOf: ctx.options.asOf, file: ctx.file });
  }
  // Numbers.
  const step: NumericStep = { kind: "numeric", column, feature: column, fill: null, log: false };
  const present = presentNumbers(c, step, ctx.file);
  if (!named) {
    if (isIdLikeName(column)) return skip("identifier-like name");
    if (isSequence(present)) return skip("distinct whole numbers, looks like an identifier");
  }
  if (isConstant(present)) {
    if (named) {
      throw new InputError(`Feature has the same value in every row: ${present[0]}`, {
        file: ctx.file,
        column,
        hint: "drop this column from the features; it cannot separate segments",
      });
    }
    return skip("constant");
  }
  report.reason = "number";
  return step;
}

/** Roles a date column can be given (as days since the date). */
const DATE_ROLES: readonly string[] = ["recency", "tenure", "age", "other"];

/** Refuse a role the column's values cannot play: a number role on text, a date as spend. */
function checkRoleFits(c: ColumnCandidate, role: string, file?: string): void {
  if (c.type === "date" && role !== "demographic" && !DATE_ROLES.includes(role)) {
    throw new InputError(`Role "${role}" does not fit a date column`, {
      file,
      column: c.column,
      hint: `a date is read as days since it: give ${
        DATE_ROLES.join(", ")
      }, demographic, identifier or ignore`,
    });
  }
  if (
    c.type === "text" && role !== "demographic" && role !== "other" &&
    mostlyNumbers(c.values) === undefined
  ) {
    throw new InputError(`Role "${role}" needs numbers, but the column holds text`, {
      file,
      column: c.column,
      hint:
        "give text columns demographic (one 0/1 feature per level), other, identifier or ignore",
    });
  }
}

/** The first text cell of a column whose other cells are mostly numbers, if it is one. */
function mostlyNumbers(values: ArrayLike<unknown>): { row: number; value: string } | undefined {
  let numbers = 0, texts = 0;
  let first: { row: number; value: string } | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissingCell(v)) continue;
    if (typeof v === "number" || (typeof v === "string" && Number.isFinite(Number(v.trim())))) {
      numbers++;
    } else {
      texts++;
      first ??= { row: i, value: String(v) };
    }
  }
  return numbers > texts ? first : undefined;
}

function isConstant(x: Float64Array): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

/** Distinct whole numbers in steps of one (1, 2, 3 … in any order): a running number. */
function isSequence(values: Float64Array): boolean {
  if (values.length < 3) return false;
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v)) return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max - min !== values.length - 1) return false;
  const sorted = Float64Array.from(values).sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! !== 1) return false;
  return true;
}
