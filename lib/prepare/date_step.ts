/**
 * A date column as days before an as-of date (the `--as-of` given, or the
 * latest date in the column), read once: the days its fill and log steps
 * use are kept on the candidate.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { ColumnCandidate } from "./column_report.ts";
import { dateValue } from "./column_values.ts";
import type { DateStep } from "./preparation.ts";

/** Options for {@link dateStep}. */
export interface DateStepOptions {
  /** Reference date, `YYYY-MM-DD` (default: the latest date in the column). */
  asOf?: string;
  /** Source name for messages. */
  file?: string;
}

/**
 * The step of a date column read in this day/month order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as aq from "arquero";
 * import { columnCandidate } from "./column_report.ts";
 * import { dateStep } from "./date_step.ts";
 * const c = columnCandidate(aq.table({ joined: ["2024-01-01", "2024-01-31"] }), "joined");
 * const step = dateStep(c, "iso", {});
 * assert.equal(step.asOf, "2024-01-31");
 * assert.equal(step.feature, "joined_days");
 * assert.deepEqual([...c.present!], [30, 0]);
 * ```
 */
export function dateStep(
  c: ColumnCandidate,
  order: DateStep["order"],
  options: DateStepOptions,
): DateStep {
  const { column, values } = c;
  const { file } = options;
  const times = new Float64Array(values.length);
  let latest = -Infinity, present = 0;
  for (let i = 0; i < values.length; i++) {
    const t = dateValue(values[i], order, { file, column, row: i + 1 });
    times[i] = t;
    if (t > latest) latest = t;
    if (!Number.isNaN(t)) present++;
  }
  let asOf = new Date(latest).toISOString().slice(0, 10);
  let after = 0;
  if (options.asOf !== undefined) {
    const t = dateValue(options.asOf, "iso", { file });
    asOf = new Date(t).toISOString().slice(0, 10);
    // Days before a date earlier than every date would all be negative: refuse, naming the column.
    let earliest = Infinity;
    for (const time of times) {
      if (time < earliest) earliest = time;
      if (time >= t + 86_400_000) after++;
    }
    if (present > 0 && earliest >= t + 86_400_000) {
      throw new InputError(
        `The as-of date ${asOf} is before every date (${
          new Date(earliest).toISOString().slice(0, 10)
        } to ${new Date(latest).toISOString().slice(0, 10)}): its days would all be negative`,
        {
          file,
          column,
          hint:
            "give an as-of date on or after the latest date, or leave it out for the latest date",
        },
      );
    }
  }
  // The days the fill and log steps need, from the dates read once (as stepNumbers computes them).
  const reference = Date.parse(`${asOf}T00:00:00Z`);
  c.present = new Float64Array(present);
  for (let i = 0, p = 0; i < times.length; i++) {
    if (!Number.isNaN(times[i]!)) c.present[p++] = (reference - times[i]!) / 86_400_000;
  }
  const written = c.type === "date" && order === "iso"
    ? ""
    : order === "iso"
    ? " (YYYY-MM-DD)"
    : order === "dmy"
    ? " (dd-mm-yyyy)"
    : " (mm-dd-yyyy)";
  c.report.reason = `date${written}, as days before ${asOf}` +
    (after > 0 ? ` (${after} after it, as negative days)` : "");
  return {
    kind: "date",
    column,
    feature: `${column}_days`,
    order,
    asOf,
    fill: null,
    log: false,
  };
}
