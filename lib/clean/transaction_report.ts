/**
 * The cleaning report of transaction lines: lines in, lines caught by each
 * rule that applies (dropped, netted, capped or only counted), lines and
 * customers kept — counted in DuckDB from the table of ruled lines.
 *
 * @module
 */
import { formatCount } from "../format.ts";
import { queryColumns } from "../io/duckdb.ts";
import {
  dropsDuplicates,
  duplicatesCTE,
  transactionReportSQL,
  type TransactionRoles,
  type TransactionSQLOptions,
  transactionTables,
  valueMode,
} from "./transactions_sql.ts";
import { OUTLIER_DEFAULTS, type OutlierMethod } from "./transaction_outliers_sql.ts";

/** What happened to the lines a rule caught. */
export type RuleAction = "dropped" | "netted" | "capped" | "kept";

/** One line of the cleaning report. */
export interface TransactionRuleCount {
  rule: string;
  description: string;
  action: RuleAction;
  lines: number;
}

/** Lines in, lines per rule, lines out. */
export interface TransactionCleaningReport {
  file: string;
  linesIn: number;
  rules: TransactionRuleCount[];
  /** Lines kept for RFM (clean ones plus capped ones). */
  linesOut: number;
  /** Customers with at least one kept line. */
  customers: number;
  outliers: { method: OutlierMethod; threshold?: number };
  netCancellations: boolean;
  /** The column used for each role. */
  columns: TransactionRoles;
  /** The format dates written as text were read with, when not ISO: given, or found (`findDateFormat`). */
  dateFormat?: string;
}

/** Each rule's description and what it does to the lines it catches. */
export const TRANSACTION_RULES: Readonly<
  Record<string, { description: string; action: RuleAction }>
> = {
  missing_customer: { description: "No customer id", action: "dropped" },
  duplicate: { description: "Exact copy of an earlier line", action: "dropped" },
  possible_duplicate: {
    description: "Possible duplicate: exact copy of an earlier line (kept: no invoice column)",
    action: "kept",
  },
  cancellation: { description: 'Cancellation (invoice starting with "C")', action: "dropped" },
  cancellation_netted: {
    description: "Cancellation netted against the purchase it cancels",
    action: "netted",
  },
  cancellation_unmatched: {
    description: "Cancellation without an earlier purchase to net against",
    action: "dropped",
  },
  non_positive_quantity: { description: "Quantity zero or negative", action: "dropped" },
  non_positive_price: { description: "Unit price zero or negative", action: "dropped" },
  non_positive_amount: { description: "Line amount zero or negative", action: "dropped" },
  netted_to_zero: { description: "Purchase fully cancelled", action: "dropped" },
  outlier: { description: "Extreme value", action: "dropped" },
  outlier_capped: { description: "Extreme value capped", action: "capped" },
  after_as_of: { description: "After the as-of date", action: "dropped" },
};

/**
 * The rules that apply to a file with these roles and options, in the order
 * a line meets them.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { applicableRules } from "./transaction_report.ts";
 * deepEqual(applicableRules({ roles: { customer: "c", date: "d", amount: "a" }, outliers: "none" }), [
 *   "missing_customer", "possible_duplicate", "non_positive_amount",
 * ]);
 * ```
 */
export function applicableRules(
  options: Pick<
    TransactionSQLOptions,
    "roles" | "dropDuplicates" | "netCancellations" | "outliers"
  >,
): string[] {
  const method = options.outliers ?? "iqr";
  const rules = ["missing_customer", dropsDuplicates(options) ? "duplicate" : "possible_duplicate"];
  if (options.roles.invoice !== undefined) {
    if (options.netCancellations) rules.push("cancellation_netted", "cancellation_unmatched");
    else rules.push("cancellation");
  }
  if (options.roles.quantity !== undefined) rules.push("non_positive_quantity");
  rules.push(valueMode(options.roles) === "amount" ? "non_positive_amount" : "non_positive_price");
  if (options.netCancellations) rules.push("netted_to_zero");
  if (method === "quantile") rules.push("outlier_capped");
  else if (method !== "none") rules.push("outlier");
  return rules;
}

/**
 * Count the ruled lines of a cleaning run into its report; copies kept
 * without an invoice are counted from `fingerprints`, the table of the lines'
 * fingerprints in file order (the stage, or the one-pass table under the
 * lines' view). Returns the report and the SQL that counted.
 */
export async function transactionCleaningReport(
  options: TransactionSQLOptions,
  file: string,
  fingerprints = transactionTables(options.prefix).stage,
): Promise<{ report: TransactionCleaningReport; sql: string }> {
  const { lines } = transactionTables(options.prefix);
  const sql = transactionReportSQL(options.prefix);
  const counts = await queryColumns(sql);
  const rows = (counts.rule ?? []).map((rule, i) => ({
    rule: rule === null ? null : String(rule),
    lines: Number(counts.lines?.[i]),
    kept: Number(counts.kept?.[i]),
  }));
  // Customers across groups (a customer can have clean and capped lines), counted as
  // groups: DuckDB's grouping runs on both cores, count(DISTINCT) took 1.6× as long.
  const distinct = await queryColumns(
    `SELECT count(*) AS n FROM (SELECT customer FROM ${lines} WHERE kept AND customer IS NOT NULL GROUP BY customer)`,
  );
  let possibleDuplicates: number | undefined;
  if (!dropsDuplicates(options)) {
    // Copies are kept, so no rule caught them: count them apart.
    const copies = await queryColumns(
      `WITH ${duplicatesCTE(fingerprints)} SELECT count(*) AS n FROM duplicates`,
    );
    possibleDuplicates = Number(copies.n?.[0] ?? 0);
  }
  const report = cleaningReportFromCounts(options, file, {
    rows,
    customers: Number(distinct.n?.[0] ?? 0),
    possibleDuplicates,
  });
  return { report, sql };
}

/** The counts a cleaning report is made of, however they were found. */
export interface CleaningCounts {
  /** Lines per rule (null: clean) and how many of them are kept. */
  rows: readonly { rule: string | null; lines: number; kept: number }[];
  /** Customers with a kept line. */
  customers: number;
  /** Copies of earlier lines when they are kept (no invoice column). */
  possibleDuplicates?: number;
}

/**
 * The cleaning report from the counts per rule (as {@link transactionReportSQL}
 * finds them, in DuckDB or in another engine).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { cleaningReportFromCounts } from "./transaction_report.ts";
 * const report = cleaningReportFromCounts(
 *   { roles: { customer: "c", date: "d", invoice: "i", amount: "a" }, outliers: "none" },
 *   "lines.csv",
 *   { rows: [{ rule: null, lines: 8, kept: 8 }, { rule: "cancellation", lines: 2, kept: 0 }], customers: 3 },
 * );
 * deepEqual([report.linesIn, report.linesOut, report.rules[2]!.lines], [10, 8, 2]);
 * ```
 */
export function cleaningReportFromCounts(
  options: Pick<
    TransactionSQLOptions,
    "roles" | "dropDuplicates" | "netCancellations" | "outliers" | "outlierThreshold" | "dateFormat"
  >,
  file: string,
  counts: CleaningCounts,
): TransactionCleaningReport {
  const byRule = new Map<string | null, number>();
  let linesIn = 0, linesOut = 0;
  for (const row of counts.rows) {
    byRule.set(row.rule, row.lines);
    linesIn += row.lines;
    linesOut += row.kept;
  }
  const customers = counts.customers;
  const method = options.outliers ?? "iqr";
  const threshold = method === "none"
    ? undefined
    : (options.outlierThreshold ?? OUTLIER_DEFAULTS[method]);
  if (counts.possibleDuplicates !== undefined) {
    byRule.set("possible_duplicate", counts.possibleDuplicates);
  }
  const describe = (rule: string) => {
    const base = TRANSACTION_RULES[rule]!.description;
    if (rule === "outlier") {
      return method === "iqr"
        ? `${base}: ln(1 + value) above Q3 + ${threshold} × IQR`
        : `${base}: ln(1 + value) above mean + ${threshold} × sd`;
    }
    if (rule === "outlier_capped") return `${base} at the ${threshold} quantile`;
    return base;
  };
  const report: TransactionCleaningReport = {
    file,
    linesIn,
    rules: applicableRules(options).map((rule) => ({
      rule,
      description: describe(rule),
      action: TRANSACTION_RULES[rule]!.action,
      lines: byRule.get(rule) ?? 0,
    })),
    linesOut,
    customers,
    outliers: threshold === undefined ? { method } : { method, threshold },
    netCancellations: options.netCancellations === true,
    columns: options.roles,
    ...(options.dateFormat === undefined ? {} : { dateFormat: options.dateFormat }),
  };
  return report;
}

/**
 * Count, as the rule `after_as_of`, the kept lines dated on or after the
 * as-of date (RFM counts only lines before it), and the customers who have
 * only such lines; the report's lines and customers out are updated in place.
 * Nothing is added when no kept line is that late (the default as-of date is
 * the day after the last line).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { cleanTransactions, releaseTransactions } from "./transactions.ts";
 * import { countAfterAsOf } from "./transaction_report.ts";
 * const path = (await Deno.makeTempDir()) + "/data.csv";
 * await Deno.writeTextFile(path, "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n" +
 *   "1,2,2024-01-02,3.5,A\n2,1,2024-01-09,4,A\n3,1,2024-01-04,2,B\n4,1,2024-02-04,2,C\n");
 * const cleaned = await cleanTransactions(path, { outliers: "none" });
 * await countAfterAsOf(cleaned.report, cleaned.table, "2024-01-05");
 * const rule = cleaned.report.rules.at(-1)!;
 * equal(rule.rule, "after_as_of");
 * equal(rule.lines, 2);
 * equal(rule.description, "After the as-of date: dated on or after 2024-01-05 (1 customer with only such lines)");
 * equal(cleaned.report.linesOut, 2);
 * equal(cleaned.report.customers, 2);
 * await releaseTransactions(cleaned);
 * ```
 */
export async function countAfterAsOf(
  report: TransactionCleaningReport,
  lines: string,
  asOf: string,
): Promise<void> {
  const date = `DATE '${asOf.replace(/'/g, "''")}'`;
  const counts = await queryColumns(
    `SELECT count_if(ts >= ${date}) AS late, count(DISTINCT customer) FILTER (WHERE ts < ${date}) AS customers
FROM ${lines} WHERE kept`,
  );
  addAfterAsOf(report, asOf, {
    late: Number(counts.late?.[0] ?? 0),
    customers: Number(counts.customers?.[0] ?? 0),
  });
}

/**
 * Add the "after the as-of date" rule to a report: `late` kept lines dated on
 * or after `asOf`, `customers` with a kept line before it.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { addAfterAsOf, cleaningReportFromCounts } from "./transaction_report.ts";
 * const report = cleaningReportFromCounts({ roles: { customer: "c", date: "d", amount: "a" } }, "x.csv",
 *   { rows: [{ rule: null, lines: 5, kept: 5 }], customers: 3 });
 * addAfterAsOf(report, "2024-01-05", { late: 2, customers: 2 });
 * deepEqual([report.linesOut, report.customers, report.rules.at(-1)!.rule], [3, 2, "after_as_of"]);
 * ```
 */
export function addAfterAsOf(
  report: TransactionCleaningReport,
  asOf: string,
  counts: { late: number; customers: number },
): void {
  const { late, customers } = counts;
  if (late === 0) return;
  const only = report.customers - customers;
  report.rules.push({
    rule: "after_as_of",
    description: `${
      TRANSACTION_RULES.after_as_of!.description
    }: dated on or after ${asOf} (${only} customer${only === 1 ? "" : "s"} with only such lines)`,
    action: "dropped",
    lines: late,
  });
  report.linesOut -= late;
  report.customers = customers;
}

/** One row of {@link transactionReportRows} (a type, so tables take it as a record). */
export type TransactionReportRow = {
  step: string;
  description: string;
  action: string;
  lines: number;
  share: number;
};

/**
 * The cleaning report as rows (lines in, one row per rule, lines out), for
 * a table in the notebook or a CSV file.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { transactionReportRows } from "./transaction_report.ts";
 * const rows = transactionReportRows({
 *   file: "x.csv", linesIn: 4, linesOut: 3, customers: 1, netCancellations: false,
 *   outliers: { method: "none" }, columns: { customer: "c", date: "d" },
 *   rules: [{ rule: "duplicate", description: "Exact copy", action: "dropped", lines: 1 }],
 * });
 * deepEqual(rows.map((r) => [r.step, r.lines, r.share]), [
 *   ["lines_in", 4, 1], ["duplicate", 1, 0.25], ["lines_out", 3, 0.75],
 * ]);
 * ```
 */
export function transactionReportRows(report: TransactionCleaningReport): TransactionReportRow[] {
  const share = (n: number) => (report.linesIn > 0 ? n / report.linesIn : 0);
  return [
    {
      step: "lines_in",
      description: report.dateFormat === undefined
        ? "Lines read"
        : `Lines read (dates as ${report.dateFormat})`,
      action: "",
      lines: report.linesIn,
      share: 1,
    },
    ...report.rules.map((r) => ({
      step: r.rule,
      description: r.description,
      action: r.action,
      lines: r.lines,
      share: share(r.lines),
    })),
    {
      step: "lines_out",
      description: `Lines kept for RFM (${formatCount(report.customers)} ${
        report.customers === 1 ? "customer" : "customers"
      })`,
      action: "",
      lines: report.linesOut,
      share: share(report.linesOut),
    },
  ];
}
