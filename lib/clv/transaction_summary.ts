/**
 * Each customer's purchase history as the buy-till-you-die models take it,
 * computed in DuckDB from the cleaned transaction lines, with `lifetimes`'
 * definitions (`summary_data_from_transaction_data`,
 * `calibration_and_holdout_data`, time measured in days):
 *
 * - a **purchase occasion** is a customer's day with at least one kept line
 *   (several lines, or invoices, on one day are one occasion; its value is
 *   the sum of their amounts);
 * - the period runs up to the day before the as-of date (lines dated on or
 *   after it are left out, as in RFM);
 * - **frequency**: occasions after the first (repeat purchases);
 * - **recency**: days from the first occasion to the last (0 without repeats);
 * - **T**: days from the first occasion to the period's last day;
 * - **monetary_value**: mean value of the repeat occasions (the first left
 *   out; 0 without repeats);
 * - with a holdout end, **frequency_holdout**: occasions from the as-of date
 *   up to the day before the holdout end, for the calibration/holdout check.
 *
 * recency and T are divided by `periodDays` (7 for weeks, as the papers).
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { queryColumns, sqlString } from "../io/duckdb.ts";
import type { CleanedTransactions } from "../clean/transactions.ts";
import { parseAsOf } from "../features/rfm.ts";

/** Options for {@link transactionSummarySQL}. */
export interface TransactionSummaryOptions {
  /** End of the calibration period (exclusive), YYYY-MM-DD: the RFM as-of date. */
  asOf: string;
  /** Days per period unit: 1 (days, the default) or 7 (weeks). */
  periodDays?: number;
  /** End of the holdout period (exclusive), YYYY-MM-DD; adds `frequency_holdout`. */
  holdoutEnd?: string;
}

/**
 * The per-customer summary as SQL text, over a table of cleaned lines
 * (`customer`, `ts`, `amount`, `kept`).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { transactionSummarySQL } from "./transaction_summary.ts";
 * const sql = transactionSummarySQL("rfm_lines", { asOf: "1997-10-01", periodDays: 7 });
 * ok(sql.includes("GROUP BY customer, day"));
 * ```
 */
export function transactionSummarySQL(table: string, options: TransactionSummaryOptions): string {
  const asOf = `DATE ${sqlString(parseAsOf(options.asOf))}`;
  const period = periodDaysOf(options);
  const holdout = options.holdoutEnd === undefined
    ? undefined
    : `DATE ${sqlString(parseAsOf(options.holdoutEnd))}`;
  return `-- Buy-till-you-die summary (lifetimes' definitions): one row per customer with a
-- purchase before the as-of date; a purchase occasion is a customer's day with kept lines.
WITH occasions AS (
  SELECT customer, CAST(ts AS DATE) AS day, sum(CAST(amount AS DECIMAL(38, 6))) AS value
  FROM ${table}
  WHERE kept AND ts < ${asOf}
  GROUP BY customer, day
),
customers AS (
  SELECT
    customer,
    count(*) - 1 AS frequency,                                       -- repeat occasions
    date_diff('day', min(day), max(day)) AS recency_days,             -- first to last occasion
    date_diff('day', min(day), ${asOf} - 1) AS t_days,                -- first occasion to the period's last day
    CAST(sum(value) - arg_min(value, day) AS DOUBLE) AS repeat_value  -- the first occasion left out
  FROM occasions
  GROUP BY customer
)${
    holdout === undefined ? "" : `,
holdout AS (
  SELECT customer, count(DISTINCT CAST(ts AS DATE)) AS frequency_holdout
  FROM ${table}
  WHERE kept AND ts >= ${asOf} AND ts < ${holdout}
  GROUP BY customer
)`
  }
SELECT
  c.customer AS customer_id,
  c.frequency,
  CAST(c.recency_days AS DOUBLE) / ${period} AS recency,
  CAST(c.t_days AS DOUBLE) / ${period} AS T,
  CASE WHEN c.frequency > 0 THEN c.repeat_value / c.frequency ELSE 0 END AS monetary_value${
    holdout === undefined ? "" : ",\n  coalesce(h.frequency_holdout, 0) AS frequency_holdout"
  }
FROM customers AS c${holdout === undefined ? "" : "\nLEFT JOIN holdout AS h USING (customer)"}
ORDER BY c.customer;`;
}

/** The summary table and what made it. */
export interface TransactionSummary {
  /** customer_id, frequency, recency, T, monetary_value [, frequency_holdout]. */
  table: ColumnTable;
  asOf: string;
  periodDays: number;
  /** Length of the holdout period in period units, with `holdoutEnd`. */
  holdoutDuration?: number;
  sql: string;
}

/**
 * Summarise cleaned lines per customer (see the module's definitions).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { cleanTransactions, releaseTransactions } from "../clean/transactions.ts";
 * import { transactionSummary } from "./transaction_summary.ts";
 * const path = (await Deno.makeTempDir()) + "/lines.csv";
 * await Deno.writeTextFile(path, "CustomerID,InvoiceDate,Amount\n" +
 *   "A,2024-01-01,5\nA,2024-01-01,3\nA,2024-01-08,4\nA,2024-01-10,6\nB,2024-01-05,2\nA,2024-01-12,9\n");
 * const cleaned = await cleanTransactions(path, { outliers: "none" });
 * const { table } = await transactionSummary(cleaned, { asOf: "2024-01-11", holdoutEnd: "2024-01-15" });
 * deepEqual(table.objects(), [
 *   { customer_id: "A", frequency: 2, recency: 9, T: 9, monetary_value: 5, frequency_holdout: 1 },
 *   { customer_id: "B", frequency: 0, recency: 0, T: 5, monetary_value: 0, frequency_holdout: 0 },
 * ]);
 * await releaseTransactions(cleaned);
 * ```
 */
export function transactionSummary(
  cleaned: CleanedTransactions,
  options: TransactionSummaryOptions,
): Promise<TransactionSummary> {
  return summaryFromTable(cleaned.table, options, cleaned.report.file);
}

/**
 * The summary of any DuckDB table with the cleaned lines' columns
 * (`customer`, `ts`, `amount`, `kept`); `file` names the source in errors.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { queryColumns } from "../io/duckdb.ts";
 * import { summaryFromTable } from "./transaction_summary.ts";
 * await queryColumns(`CREATE OR REPLACE TEMP TABLE doc_lines AS
 *   SELECT * FROM (VALUES ('A', TIMESTAMP '2024-01-01', 5.0, true),
 *     ('A', TIMESTAMP '2024-01-15', 7.0, true)) AS t(customer, ts, amount, kept)`);
 * const { table } = await summaryFromTable("doc_lines", { asOf: "2024-01-29", periodDays: 7 });
 * equal(table.get("T", 0), 27 / 7);
 * ```
 */
export async function summaryFromTable(
  linesTable: string,
  options: TransactionSummaryOptions,
  file?: string,
): Promise<TransactionSummary> {
  const periodDays = periodDaysOf(options);
  const sql = transactionSummarySQL(linesTable, options);
  const columns = await queryColumns(sql);
  const n = columns.customer_id?.length ?? 0;
  if (n === 0) {
    throw new InputError(`No purchases before the as-of date ${options.asOf}`, {
      file,
      hint: "pick a later --as-of date",
    });
  }
  const number = (name: string) => Float64Array.from(columns[name]!, Number);
  const table = aq.table({
    customer_id: columns.customer_id!.map(String),
    frequency: number("frequency"),
    recency: number("recency"),
    T: number("T"),
    monetary_value: number("monetary_value"),
    ...(options.holdoutEnd === undefined ? {} : { frequency_holdout: number("frequency_holdout") }),
  });
  const holdoutDuration = options.holdoutEnd === undefined ? undefined : (Date.parse(
    parseAsOf(options.holdoutEnd),
  ) - Date.parse(parseAsOf(options.asOf))) / 86_400_000 / periodDays;
  return {
    table,
    asOf: options.asOf,
    periodDays,
    ...(holdoutDuration === undefined ? {} : { holdoutDuration }),
    sql,
  };
}

function periodDaysOf(options: TransactionSummaryOptions): number {
  const period = options.periodDays ?? 1;
  if (period !== 1 && period !== 7) {
    throw new InputError(`Period of ${period} days for the customer summary`, {
      hint: "use 1 (days) or 7 (weeks)",
    });
  }
  if (options.holdoutEnd !== undefined && options.holdoutEnd <= options.asOf) {
    throw new InputError(
      `The holdout end ${options.holdoutEnd} is not after the as-of date ${options.asOf}`,
      { hint: "give a holdout end after the as-of date" },
    );
  }
  return period;
}
