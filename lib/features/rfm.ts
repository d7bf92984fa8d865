/**
 * Recency, Frequency, Monetary and companion features per customer,
 * aggregated inside DuckDB from cleaned invoice lines. Definitions:
 *
 * - **as-of date**: given, or the day after the last kept line; only lines
 *   dated before it count.
 * - **recency**: whole days from the date of the customer's last purchase to
 *   the as-of date (time of day ignored; 1 = bought the day before).
 * - **frequency**: distinct invoices; without an invoice column, distinct
 *   purchase days.
 * - **monetary**: sum of line amounts (quantity × price, or the amount
 *   column), summed as exact decimals (6 places) so the figure does not
 *   depend on summation order.
 * - **total_quantity**, **avg_basket_value** (monetary / frequency),
 *   **tenure** (days from the first purchase to the as-of date),
 *   **distinct_products**, **country** (of the customer's last line in the file).
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { queryColumns, sqlString } from "../io/duckdb.ts";
import { queryCodedText } from "../io/query_coded_text.ts";
import type { SqlDialect } from "../sql/dialect.ts";
import { engineFunctions } from "../sql/engine_functions.ts";
import {
  type CleanedTransactions,
  cleanTransactions,
  type CleanTransactionsOptions,
  releaseTransactions,
} from "../clean/transactions.ts";
import type { TransactionCleaningReport } from "../clean/transaction_report.ts";
import {
  transactionCleaningSQL,
  type TransactionRoles,
  type TransactionSQLOptions,
  transactionTables,
} from "../clean/transactions_sql.ts";

/** The feature columns of an RFM table, in order (after `customer_id`). */
export const RFM_FEATURES = [
  "recency",
  "frequency",
  "monetary",
  "total_quantity",
  "avg_basket_value",
  "tenure",
  "distinct_products",
] as const;

/** Options for {@link rfmAggregateSQL}. */
export interface RFMAggregateOptions {
  /** Table of cleaned lines (from cleanTransactions), product and country included. */
  table: string;
  roles: TransactionRoles;
  /** As-of date, YYYY-MM-DD. */
  asOf: string;
  /**
   * The as-of date as a SQL expression instead of `asOf` (e.g. a scalar subquery
   * over a table holding it, when the date is found in the same batch).
   */
  asOfSQL?: string;
  /** The engine (default DuckDB; its tables have rowid). */
  dialect?: SqlDialect;
  /**
   * The table of distinct (customer, product) pairs made by `productPairs`:
   * distinct products are counted there instead of over the lines.
   */
  pairs?: string;
}

/**
 * The per-customer aggregation as SQL text.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { rfmAggregateSQL } from "./rfm.ts";
 * const sql = rfmAggregateSQL({
 *   table: "rfm_lines", asOf: "2024-12-01",
 *   roles: { customer: "CustomerID", date: "InvoiceDate", invoice: "InvoiceNo", quantity: "Quantity", price: "UnitPrice" },
 * });
 * ok(sql.includes("GROUP BY customer, purchase"));
 * ```
 */
export function rfmAggregateSQL(options: RFMAggregateOptions): string {
  const { roles } = options;
  const e = engineFunctions(options.dialect);
  const duck = e.dialect.name === "duckdb";
  const asOf = options.asOfSQL ?? `DATE ${sqlString(options.asOf)}`;
  const days = (from: string) =>
    duck ? `date_diff('day', ${from}, ${asOf})` : e.dialect.daysBetween(from, asOf);
  const text = (expr: string) => duck ? `CAST(${expr} AS VARCHAR)` : e.dialect.toText(expr);
  const double = (expr: string) => duck ? `CAST(${expr} AS DOUBLE)` : e.dialect.toDouble(expr);
  const purchase = roles.invoice !== undefined
    ? "invoice AS purchase,           -- a purchase is an invoice"
    : "CAST(ts AS DATE) AS purchase,  -- no invoice column: a purchase is a day";
  // Distinct products: from the pairs table when there is one, else counted over the lines.
  const pairs = roles.product !== undefined ? options.pairs : undefined;
  const productsInDetails = roles.product !== undefined && pairs === undefined;
  const details = productsInDetails || roles.country !== undefined;
  const distinctProducts = pairs !== undefined
    ? "coalesce(n.distinct_products, 0)"
    : productsInDetails
    ? "d.distinct_products"
    : "CAST(NULL AS BIGINT)";
  return `-- RFM: one row per customer from the kept lines dated before the as-of date,
-- in two steps (lines -> purchases -> customers), cheaper than DISTINCT counts;
-- products and country are joined to the customers, one row each.
-- Amounts are summed as exact decimals, so totals do not depend on the order of addition.
WITH purchases AS (
  SELECT
    customer,
    ${purchase}
    max(ts) AS last_ts,
    min(ts) AS first_ts,
    sum(CAST(amount AS DECIMAL(38, 6))) AS amount,
    sum(CAST(quantity AS DECIMAL(38, 6))) AS quantity
  FROM ${options.table}
  WHERE kept AND ts < ${asOf}
  GROUP BY customer, purchase
)${
    details
      ? `,
-- Products and country per customer.
details AS (
  SELECT
    customer,
    ${productsInDetails ? "count(DISTINCT product)" : "CAST(NULL AS BIGINT)"} AS distinct_products,
    ${
        roles.country !== undefined ? text(e.argMax("country", "line_no")) : text("NULL")
      } AS country                -- on the customer's last line
  FROM ${options.table}
  WHERE kept AND ts < ${asOf}
  GROUP BY customer
)`
      : ""
  }${
    pairs === undefined ? "" : `,
-- Distinct products per customer: the pairs with a line before the as-of date.
products AS (
  SELECT customer, count(*) AS distinct_products
  FROM ${pairs}
  WHERE first_ts < ${asOf}
  GROUP BY customer
)`
  },
-- Purchases per customer.
customers AS (
  SELECT customer,
    max(last_ts) AS last_ts,
    min(first_ts) AS first_ts,
    count(*) AS purchases,
    sum(amount) AS amount,
    sum(quantity) AS quantity
  FROM purchases
  GROUP BY customer
)
SELECT
  p.customer AS customer_id,
  ${days("CAST(p.last_ts AS DATE)")} AS recency,   -- days since the last purchase
  p.purchases AS frequency,                                          -- purchases
  ${double("p.amount")} AS monetary,                             -- sum of line amounts
  ${roles.quantity !== undefined ? double("p.quantity") : double("NULL")} AS total_quantity,
  ${double("p.amount")} / p.purchases AS avg_basket_value,
  ${days("CAST(p.first_ts AS DATE)")} AS tenure,   -- days since the first purchase
  ${distinctProducts} AS distinct_products,
  ${details ? "d.country" : text("NULL")} AS country
FROM customers AS p${details ? "\nJOIN details AS d ON d.customer = p.customer" : ""}${
    pairs === undefined ? "" : "\nLEFT JOIN products AS n ON n.customer = p.customer"
  }
ORDER BY ${e.byteOrder("p.customer")};`;
}

/** Options for {@link aggregateRFM}. */
export interface AggregateRFMOptions {
  /** As-of date YYYY-MM-DD; default the day after the last kept line. */
  asOf?: string;
  /** The pairs table of these lines (`productPairs`), to count distinct products from. */
  pairs?: string;
}

/** Per-customer features and the as-of date used. */
export interface RFMResult {
  /** customer_id, recency, frequency, monetary, total_quantity, avg_basket_value, tenure, distinct_products, country. */
  table: ColumnTable;
  asOf: string;
  sql: string;
}

/** Check a YYYY-MM-DD date. */
export function parseAsOf(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const date = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`) : undefined;
  if (!m || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== m[0]) {
    throw new InputError(`Invalid as-of date: "${value}"`, { hint: "write it as YYYY-MM-DD" });
  }
  return m[0];
}

/** The day after the last kept line, YYYY-MM-DD. */
export async function defaultAsOf(cleaned: CleanedTransactions): Promise<string> {
  const r = await queryColumns(
    `SELECT strftime(CAST(max(ts) AS DATE) + 1, '%Y-%m-%d') AS d FROM ${cleaned.table} WHERE kept`,
  );
  const d = r.d?.[0];
  if (d === null || d === undefined) {
    throw new InputError("No lines left after cleaning", {
      file: cleaned.report.file,
      hint: "every line failed a cleaning rule; see the cleaning report",
    });
  }
  return String(d);
}

/**
 * Aggregate cleaned lines into one row per customer.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { cleanTransactions, releaseTransactions } from "../clean/transactions.ts";
 * import { aggregateRFM } from "./rfm.ts";
 * const path = (await Deno.makeTempDir()) + "/data.csv";
 * await Deno.writeTextFile(path, "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n" +
 *   "1,2,2024-01-02,3.5,A\n2,1,2024-01-09,4,A\n3,1,2024-01-04,2,B\n");
 * const cleaned = await cleanTransactions(path, { outliers: "none" });
 * const rfm = await aggregateRFM(cleaned);
 * deepEqual(rfm.table.array("frequency"), [2, 1]);
 * await releaseTransactions(cleaned);
 * ```
 */
export async function aggregateRFM(
  cleaned: CleanedTransactions,
  options: AggregateRFMOptions = {},
): Promise<RFMResult> {
  const asOf = options.asOf !== undefined ? parseAsOf(options.asOf) : await defaultAsOf(cleaned);
  const sql = rfmAggregateSQL({
    table: cleaned.table,
    roles: cleaned.roles,
    asOf,
    pairs: options.pairs,
  });
  // Numbers come straight from DuckDB's vectors into typed arrays (no value per cell);
  // the country, a few long names, as codes into the list of them.
  const columns = await queryCodedText(sql, cleaned.roles.country === undefined ? [] : ["country"]);
  const n = columns.customer_id?.length ?? 0;
  if (n === 0) {
    throw new InputError(`No purchases before the as-of date ${asOf}`, {
      file: cleaned.report.file,
      hint: "pick a later --as-of date",
    });
  }
  const numbers = (name: string) => {
    const values = columns[name]!;
    return values instanceof Float64Array ? values : Float64Array.from(values as number[]);
  };
  const orNull = (name: string) =>
    Array.from(columns[name] ?? [], (v) => (v === null ? null : Number(v)));
  const table = aq.table({
    customer_id: (columns.customer_id as unknown[]).map(String),
    recency: numbers("recency"),
    frequency: numbers("frequency"),
    monetary: numbers("monetary"),
    total_quantity: orNull("total_quantity"),
    avg_basket_value: numbers("avg_basket_value"),
    tenure: numbers("tenure"),
    distinct_products: orNull("distinct_products"),
    country: (columns.country as unknown[] ?? []).map((v) => (v === null ? null : String(v))),
  });
  return { table, asOf, sql };
}

/** Options for {@link transactionsToRFM}. */
export interface TransactionsToRFMOptions extends CleanTransactionsOptions, AggregateRFMOptions {}

/** Features per customer, the cleaning report and the SQL that ran. */
export interface TransactionsRFM extends RFMResult {
  report: TransactionCleaningReport;
  cleaningSQL: string[];
}

/**
 * Clean a transaction file and aggregate it per customer in one call.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { transactionsToRFM } from "./rfm.ts";
 * const path = (await Deno.makeTempDir()) + "/data.csv";
 * await Deno.writeTextFile(path, "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n" +
 *   "1,2,2024-01-02,3.5,A\n2,1,2024-01-09,4,A\n3,1,2024-01-04,2,B\n");
 * const { table, asOf } = await transactionsToRFM(path, { outliers: "none" });
 * equal(asOf, "2024-01-10");
 * deepEqual(table.array("monetary"), [11, 2]);
 * ```
 */
export async function transactionsToRFM(
  path: string,
  options: TransactionsToRFMOptions = {},
): Promise<TransactionsRFM> {
  const cleaned = await cleanTransactions(path, options);
  try {
    const result = await aggregateRFM(cleaned, { asOf: options.asOf });
    return { ...result, report: cleaned.report, cleaningSQL: cleaned.sql };
  } finally {
    await releaseTransactions(cleaned);
  }
}

/**
 * The whole pipeline (stage, validate, rules, report, RFM) as one SQL script,
 * ready to adapt for a warehouse.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { rfmPipelineSQL } from "./rfm.ts";
 * const sql = rfmPipelineSQL({
 *   source: "read_csv('lines.csv', header = true)",
 *   roles: { customer: "CustomerID", date: "InvoiceDate", invoice: "InvoiceNo", quantity: "Quantity", price: "UnitPrice" },
 *   allColumns: ["InvoiceNo", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"],
 * }, { asOf: "2024-12-01" });
 * ok(sql.includes("GROUP BY customer"));
 * ```
 */
export function rfmPipelineSQL(options: TransactionSQLOptions, rfm: { asOf: string }): string {
  return transactionCleaningSQL(options) + "\n\n" +
    rfmAggregateSQL({
      table: transactionTables(options.prefix).lines,
      roles: options.roles,
      asOf: parseAsOf(rfm.asOf),
    });
}
