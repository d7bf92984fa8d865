/**
 * The customer-lifetime-value step of an RFM run (`--clv`): the
 * buy-till-you-die summary of the same cleaned lines before the as-of date
 * (time in days), BG/NBD and Gamma-Gamma fitted on it, each customer's
 * `p_alive`, `expected_purchases` (over the horizon), `expected_value` (per
 * purchase) and `clv` joined to the RFM table, CLV summed per segment, the
 * "high value, slipping" list, and the calibration/holdout check: the models
 * refitted on the lines before the as-of date less a holdout (the horizon,
 * or half the history when that is shorter) and their predictions for the
 * holdout compared with what customers bought in it.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { queryColumns, sqlString } from "../io/duckdb.ts";
import type { CleanedTransactions } from "../clean/transactions.ts";
import { transactionSummary } from "../clv/transaction_summary.ts";
import {
  CLV_COLUMNS,
  type CustomerValue,
  customerValue,
  type CustomerValueOptions,
} from "../clv/customer_value.ts";
import { fitBGNBD } from "../clv/bgnbd_fit.ts";
import { holdoutCheck, type HoldoutRow } from "../clv/holdout_check.ts";
import {
  type SegmentValueRow,
  slippingCustomers,
  valueBySegment,
} from "../clv/value_by_segment.ts";

/** The calibration/holdout check of an RFM run's CLV. */
export interface RFMHoldout {
  /** First day of the holdout (the calibration's as-of date), YYYY-MM-DD. */
  calibrationEnd: string;
  /** Holdout length in days (ends the day before the run's as-of date). */
  days: number;
  /** Customers who bought before `calibrationEnd`, per calibration frequency. */
  rows: HoldoutRow[];
}

/** What the CLV step adds to an RFM run. */
export interface RFMCustomerValue {
  /** The fits and per-customer figures (customer order of the summary). */
  value: CustomerValue;
  /** CLV per segment (`clv_segments.csv`). */
  segments: SegmentValueRow[];
  /** High past value, P(alive) below ½, most valuable first (`clv_slipping.csv`). */
  slipping: ColumnTable;
  /** The check on a holdout, when the history is long enough (two weeks or more of holdout). */
  holdout?: RFMHoldout;
  /** One line per thing worth saying (a bad fit, no holdout check). */
  notes: string[];
}

/** Options for {@link rfmCustomerValue}. */
export interface RFMCustomerValueOptions extends CustomerValueOptions {
  /** The run's as-of date. */
  asOf: string;
  /** Segment order for `clv_segments.csv`. */
  order?: readonly string[];
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Value the customers of a scored RFM table (customer_id, recency,
 * frequency, monetary, segment, …) from its cleaned lines, and return the
 * table with the CLV columns added.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { cleanTransactions, releaseTransactions } from "../clean/transactions.ts";
 * import { rfmCustomerValue } from "./rfm_clv.ts";
 * const path = (await Deno.makeTempDir()) + "/lines.csv";
 * const rows = ["CustomerID,InvoiceDate,Amount"];
 * for (let c = 0; c < 30; c++) {
 *   for (let k = 0; k <= c % 4; k++) rows.push(`c${c},2024-0${1 + k}-${10 + (c % 9)},${10 + c}`);
 * }
 * await Deno.writeTextFile(path, rows.join("\n") + "\n");
 * const cleaned = await cleanTransactions(path, { outliers: "none" });
 * const ids = Array.from({ length: 30 }, (_, c) => `c${c}`).sort();
 * const scored = aq.table({ customer_id: ids, monetary: ids.map(() => 1), segment: ids.map(() => "All") });
 * const clv = await rfmCustomerValue(cleaned, scored, { asOf: "2024-06-01" });
 * ok(clv.value.table.numRows() === 30 && (clv.segments[0]!.clv ?? 0) > 0);
 * await releaseTransactions(cleaned);
 * ```
 */
export async function rfmCustomerValue(
  cleaned: CleanedTransactions,
  scored: ColumnTable,
  options: RFMCustomerValueOptions,
): Promise<RFMCustomerValue & { scored: ColumnTable }> {
  const source = `lines before ${options.asOf}`;
  const summary = await transactionSummary(cleaned, { asOf: options.asOf, periodDays: 1 });
  const value = customerValue(summary.table, { ...options, source });
  const notes = [...value.warnings];
  // Join on customer id (both come ordered by customer, but the join does not rely on it).
  const at = new Map((value.table.array("customer_id") as string[]).map((id, i) => [id, i]));
  const ids = scored.array("customer_id") as string[];
  const rowOf = ids.map((id) => at.get(id) ?? -1);
  const added: Record<string, (number | null)[]> = {};
  for (const name of CLV_COLUMNS) {
    const column = value.table.array(name) as ArrayLike<number | null>;
    added[name] = rowOf.map((i) => (i < 0 ? null : column[i] ?? null));
  }
  const withValue = scored.assign(aq.table(added));
  const segments = withValue.array("segment") as string[];
  const clv = added.clv!, pAlive = added.p_alive! as number[];
  const bySegment = valueBySegment({
    segments,
    clv,
    pAlive,
    expectedPurchases: added.expected_purchases! as number[],
  }, options.order);
  const monetary = Array.from(withValue.array("monetary") as ArrayLike<number>);
  const slippingRows = slippingCustomers({ monetary, pAlive });
  const columns = ["customer_id", "segment", "recency", "frequency", "monetary", ...CLV_COLUMNS]
    .filter((c) => withValue.columnNames().includes(c));
  const slipping = aq.table(
    Object.fromEntries(columns.map((c) => {
      const values = withValue.array(c) as ArrayLike<unknown>;
      return [c, slippingRows.map((i) => values[i])];
    })),
  );
  const holdout = await holdoutFor(cleaned, options, notes);
  return {
    value,
    segments: bySegment,
    slipping,
    ...(holdout === undefined ? {} : { holdout }),
    notes,
    scored: withValue,
  };
}

/** Refit before a holdout and compare; undefined (with a note) when the history is too short. */
async function holdoutFor(
  cleaned: CleanedTransactions,
  options: RFMCustomerValueOptions,
  notes: string[],
): Promise<RFMHoldout | undefined> {
  const first = await queryColumns(
    `SELECT date_diff('day', CAST(min(ts) AS DATE), DATE ${
      sqlString(options.asOf)
    }) AS span FROM ${cleaned.table} WHERE kept AND ts < DATE ${sqlString(options.asOf)}`,
  );
  const span = Number(first.span?.[0] ?? 0);
  const days = Math.min(options.horizonDays ?? 365, Math.floor(span / 2));
  if (days < 14) {
    notes.push(
      `CLV holdout check skipped: ${span} ${
        span === 1 ? "day" : "days"
      } of history leave less than two weeks to hold out`,
    );
    return undefined;
  }
  const calibrationEnd = addDays(options.asOf, -days);
  const summary = await transactionSummary(cleaned, {
    asOf: calibrationEnd,
    periodDays: 1,
    holdoutEnd: options.asOf,
  });
  const t = summary.table;
  const column = (name: string) => Float64Array.from(t.array(name) as ArrayLike<number>);
  const frequency = column("frequency"), recency = column("recency"), T = column("T");
  const fit = fitBGNBD({ frequency, recency, T }, { source: `lines before ${calibrationEnd}` });
  if (fit.warning !== undefined) notes.push(`Holdout check: ${fit.warning}`);
  if (!Number.isFinite(fit.params.r)) return undefined;
  const rows = holdoutCheck(fit.params, {
    frequency,
    recency,
    T,
    frequencyHoldout: column("frequency_holdout"),
    duration: days,
  });
  return { calibrationEnd, days, rows };
}
