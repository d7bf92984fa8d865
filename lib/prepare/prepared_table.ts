/**
 * The prepared numeric features as a table, for profiles and charts in the
 * file's own units: numbers after filling, dates as days, one row per row
 * used (text levels are profiled from the file itself).
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import type { PreparedData } from "./apply_preparation.ts";
import type { PreparationFit } from "./fit_preparation.ts";

/**
 * Numeric and date features of prepared data as an arquero table (filled,
 * before log transforms), with extra columns of the source table copied for
 * the same rows.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitPreparation } from "./fit_preparation.ts";
 * import { applyPreparation } from "./apply_preparation.ts";
 * import { preparedTable } from "./prepared_table.ts";
 * const t = aq.table({ spend: [1, null, 3], plan: ["a", "b", "a"] });
 * const p = applyPreparation(fitPreparation(t, { rareShare: 0 }).model, t);
 * deepEqual(Array.from(preparedTable(p).array("spend")), [1, 2, 3]);
 * ```
 */
export function preparedTable(
  prepared: PreparedData,
  options: { source?: ColumnTable; copy?: string[] } = {},
): ColumnTable {
  const m = prepared.original;
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const { step, start } of prepared.blocks) {
    if (step.kind === "categorical") continue;
    const col = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) col[i] = m.data[i * m.cols + start]!;
    columns[step.feature] = col;
  }
  for (const name of options.copy ?? []) {
    if (name in columns || options.source === undefined) continue;
    const values = options.source.array(name) as ArrayLike<unknown>;
    columns[name] = Array.from(prepared.rows, (r) => values[r]);
  }
  return aq.table(columns);
}

/** The numeric and date feature names of prepared data (what a numeric profile shows). */
export function numericFeatures(prepared: PreparedData): string[] {
  return prepared.blocks.flatMap(({ step }) => step.kind === "categorical" ? [] : [step.feature]);
}

/**
 * The number columns the user gave the role `ignore`: left out of the
 * clustering, but profiled (copy them into the prepared table and profile
 * them with their blanks).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitPreparation } from "./fit_preparation.ts";
 * import { ignoredNumbers } from "./prepared_table.ts";
 * const t = aq.table({ spend: [1, 5, 3], income: [10, null, 30], plan: ["a", "b", "a"] });
 * deepEqual(ignoredNumbers(fitPreparation(t, { roles: { income: "ignore", plan: "ignore" } })), ["income"]);
 * ```
 */
export function ignoredNumbers(preparation: PreparationFit): string[] {
  return preparation.columns
    .filter((c) => c.roleGiven && c.role === "ignore" && c.type === "number")
    .map((c) => c.column);
}
