/**
 * The numbers a numeric or date step works on: the column's values as
 * numbers (days before the as-of date for dates), NaN where missing, and
 * the present values of a column under decision, computed once.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { ColumnCandidate } from "./column_report.ts";
import { dateValue, isMissingCell } from "./column_values.ts";
import type { DateStep, NumericStep } from "./preparation.ts";

/**
 * Values of a numeric or date step as numbers (days for dates), NaN where missing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stepNumbers } from "./step_numbers.ts";
 * const step = { kind: "numeric", column: "x", feature: "x", fill: null, log: false } as const;
 * assert.deepEqual([...stepNumbers(step, [1, " 2 ", null, true])], [1, 2, NaN, 1]);
 * ```
 */
export function stepNumbers(
  step: NumericStep | DateStep,
  values: ArrayLike<unknown>,
  file?: string,
): Float64Array {
  const out = new Float64Array(values.length);
  if (step.kind === "date") {
    const asOf = Date.parse(`${step.asOf}T00:00:00Z`);
    for (let i = 0; i < values.length; i++) {
      const t = dateValue(values[i], step.order, { file, column: step.column, row: i + 1 });
      out[i] = (asOf - t) / 86_400_000;
    }
    return out;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissingCell(v)) {
      out[i] = NaN;
      continue;
    }
    const x = typeof v === "boolean"
      ? (v ? 1 : 0)
      : typeof v === "string"
      ? Number(v.trim())
      : Number(v);
    if (!Number.isFinite(x)) {
      throw new InputError(
        typeof v === "number"
          ? `Infinite value ${v}`
          : `Non-numeric value ${JSON.stringify(String(v))}`,
        {
          file,
          column: step.column,
          row: i + 1,
          hint: "the column must hold numbers; correct the value or leave the cell empty",
        },
      );
    }
    out[i] = x;
  }
  return out;
}

/**
 * The present (non-missing) values of a numeric or date step, computed once
 * per column and kept on the candidate.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as aq from "arquero";
 * import { columnCandidate } from "./column_report.ts";
 * import { presentNumbers } from "./step_numbers.ts";
 * const c = columnCandidate(aq.table({ x: [3, null, 1] }), "x");
 * const step = { kind: "numeric", column: "x", feature: "x", fill: null, log: false } as const;
 * assert.deepEqual([...presentNumbers(c, step)], [3, 1]);
 * ```
 */
export function presentNumbers(
  c: ColumnCandidate,
  step: NumericStep | DateStep,
  file?: string,
): Float64Array {
  if (c.present !== undefined) return c.present;
  const x = stepNumbers(step, c.values, file);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) x[n++] = x[i]!;
  c.present = n === x.length ? x : x.slice(0, n);
  return c.present;
}
