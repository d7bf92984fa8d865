/**
 * Fit the preparation of a customer table: decide, column by column, what
 * is used and how (numbers, text levels, dates), how missing values are
 * filled and which columns are log-transformed — and report every decision
 * with its reason. Each decision lives in its own file (`column_roles`,
 * `text_levels`, `date_step`, `fill_values`, `log_decision`); this one ties
 * them together.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { columnCandidate, type ColumnReport } from "./column_report.ts";
import { decideColumn } from "./column_roles.ts";
import { isMissingCell } from "./column_values.ts";
import { numericFill } from "./fill_values.ts";
import { decideLog } from "./log_decision.ts";
import type { PreparationModel, PreparationOptions, PreparationStep } from "./preparation.ts";
import { presentNumbers } from "./step_numbers.ts";
import { reportRole } from "./column_meaning.ts";
import { checkRoleOverrides, roleOverridesOf } from "./role_overrides.ts";

/** The result of {@link fitPreparation}. */
export interface PreparationFit {
  model: PreparationModel;
  columns: ColumnReport[];
  rows: number;
}

/**
 * Decide how every column is used and fit the fill values, levels, date
 * reference and log transforms.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitPreparation } from "./fit_preparation.ts";
 * const t = aq.table({ id: ["a1", "a2", "a3", "a4"], income: [10, null, 30, 50],
 *   education: ["PhD", "Master", "PhD", "Basic"] });
 * const { model, columns } = fitPreparation(t, { rareShare: 0 });
 * assert.deepEqual(model.steps.map((s) => s.column), ["income", "education"]);
 * assert.equal(columns[0]!.reason, "identifier-like name");
 * ```
 */
export function fitPreparation(
  table: ColumnTable,
  options: PreparationOptions = {},
): PreparationFit {
  const file = options.file;
  const missing = options.missing ?? "median";
  const categorical = options.categorical ?? "auto";
  const dates = options.dates ?? "days-since";
  const logChoice = options.log ?? "auto";
  const rareShare = options.rareShare ?? 0.01;
  const names = table.columnNames();
  const rows = table.numRows();
  if (rows === 0) {
    throw new InputError("No data rows", { file, hint: "the table has a header but no rows" });
  }
  const given = options.features === undefined ? undefined : [...options.features];
  if (given !== undefined) checkNamed(given, names, "features", file);
  if (Array.isArray(categorical)) checkNamed(categorical, names, "categorical", file);
  if (Array.isArray(logChoice)) checkNamed(logChoice, names, "log", file);
  const roles = roleOverridesOf(options.roles);
  if (roles !== undefined) {
    checkRoleOverrides(roles, names, {
      features: given,
      categorical: Array.isArray(categorical) ? categorical : undefined,
      log: Array.isArray(logChoice) ? logChoice : undefined,
      file,
    });
  }

  const steps: PreparationStep[] = [];
  const reports: ColumnReport[] = [];
  for (const column of names) {
    const c = columnCandidate(table, column);
    const { values, missing: count, report } = c;
    reports.push(report);
    const step = decideColumn(c, {
      given,
      categorical,
      dates,
      rareShare,
      options,
      roles,
      file,
    });
    reportRole(c, step, roles);
    if (step === null) continue;
    if (missing === "refuse" && count > 0) {
      throw new InputError("Missing value", {
        file,
        column,
        row: firstMissing(values) + 1,
        hint:
          "fill or drop missing values, or choose how to fill them (--missing median|mean|knn|drop)",
      });
    }
    if (step.kind !== "categorical") {
      // Fill values are kept even when nothing is missing, for new rows that have blanks.
      step.fill = missing === "drop" || missing === "refuse"
        ? null
        : numericFill(presentNumbers(c, step, file), { missing, count });
      const wantsLog = logChoice === "auto" ? step.kind === "numeric" : logChoice.includes(column);
      if (wantsLog) {
        const decision = decideLog(presentNumbers(c, step, file), {
          auto: logChoice === "auto",
          column: step.column,
          file,
        });
        if (decision.log) {
          step.log = true;
          report.log = { before: decision.before, after: decision.after };
        } else {
          report.skew = decision.skew;
        }
      }
    }
    report.used = true;
    report.features = step.kind === "categorical" ? step.features : [step.feature];
    report.fill = step.fill;
    steps.push(step);
  }
  if (steps.length === 0 && options.allowNoColumns !== true) {
    const skipped = reports.map((r) => `${r.column} (${r.reason})`).join(", ");
    throw new InputError("No columns to cluster on", {
      file,
      hint: `every column was skipped: ${skipped}. Name the features with --features a,b,c`,
    });
  }
  const model: PreparationModel = { kind: "preparation", version: 1, missing, steps };
  if (roles !== undefined && Object.keys(roles).length > 0) model.roles = { ...roles };
  return { model, columns: reports, rows };
}

/** Refuse a column list (`--features`, `--categorical`, `--log`) naming an unknown column or one twice. */
function checkNamed(list: string[], names: string[], option: string, file?: string): void {
  const seen = new Set<string>();
  for (const name of list) {
    if (!names.includes(name)) {
      throw new InputError(`Column not found: "${name}"`, {
        file,
        hint: `available columns: ${names.join(", ")} (named in --${option})`,
      });
    }
    if (seen.has(name)) {
      throw new InputError(`Column named twice in --${option}: "${name}"`, {
        file,
        hint: "name each column once",
      });
    }
    seen.add(name);
  }
}

function firstMissing(values: ArrayLike<unknown>): number {
  for (let i = 0; i < values.length; i++) if (isMissingCell(values[i])) return i;
  return -1;
}
