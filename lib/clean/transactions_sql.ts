/**
 * The SQL behind transaction cleaning, as plain commented text. DuckDB runs
 * it here, streaming from the file; the same statements port to a warehouse
 * (Spark SQL, Trino, BigQuery, Snowflake) by swapping the source expression,
 * `hash(...)` for the engine's row hash and `rowid` for the file row number.
 *
 * Four statements:
 * 1. **stage** — the columns the rules need, straight from the source, plus
 *    a fingerprint of every column of the line (to spot exact duplicates);
 * 2. **validate** — the first row whose date or number does not parse
 *    (run before anything is dropped, so bad input is an error, not a loss);
 * 3. **rules** — every line once, with the first rule it fails (or none),
 *    netted and capped values, and whether it is kept for RFM;
 * 4. **report** — lines per rule.
 *
 * With `outliersInPlace` (DuckDB reading a file, `cleanTransactions`), the
 * IQR and z-score outlier rule leaves statement 3 for a statement of its own,
 * {@link transactionOutlierUpdateSQL}, which marks the outliers in the
 * written table: the same lines, without typing every line a second time for
 * the fences.
 *
 * DuckDB reading a file (`cleanTransactions`) without netting or a quantile
 * cap takes one pass instead ({@link cleansInOnePass}): the ruled lines are
 * written straight from the file ({@link transactionLinesSQL}, no staged
 * copy), checked ({@link transactionOnePassValidateSQL}), and the copies and
 * outliers marked in place ({@link transactionDuplicatesUpdateSQL},
 * {@link transactionOutlierUpdateSQL}). The same lines, rules and report; a
 * line failing a check sends the run back to the staged statements, whose
 * error names it with its value.
 *
 * Two parts of statement 3 have files of their own: netting cancellations
 * (`transaction_netting_sql.ts`) and the outlier rule
 * (`transaction_outliers_sql.ts`).
 *
 * The per-customer aggregation that follows is `rfmAggregateSQL` in
 * `lib/features/rfm.ts`; `rfmPipelineSQL` there returns the whole script.
 *
 * @module
 */
import { sqlString } from "../io/duckdb.ts";
import type { SqlDialect } from "../sql/dialect.ts";
import { type EngineFunctions, engineFunctions } from "../sql/engine_functions.ts";
import { cancellationNettingCTEs } from "./transaction_netting_sql.ts";
import {
  OUTLIER_DEFAULTS,
  type OutlierMethod,
  outlierStepSQL,
  outlierUpdateSQL,
} from "./transaction_outliers_sql.ts";

// The outlier rule's method and defaults are part of these options.

/** The column playing each role, as found in the file (undefined: not present). */
export interface TransactionRoles {
  customer: string;
  date: string;
  invoice?: string;
  quantity?: string;
  price?: string;
  /** A line-amount column standing in for quantity × price. */
  amount?: string;
  product?: string;
  country?: string;
}

/** Everything the SQL text depends on. */
export interface TransactionSQLOptions {
  /** A SQL table expression, e.g. `read_csv('lines.csv', header = true)`. */
  source: string;
  /** Column for each role. */
  roles: TransactionRoles;
  /** Every column of the source, in order (the duplicate fingerprint covers all of them). */
  allColumns: string[];
  /**
   * The product description column, staged beside the product so descriptions
   * come from the same read of the file; default none.
   */
  description?: string;
  /** DuckDB type of each role column in the source (text dates are parsed, typed ones cast). */
  types?: Record<string, string>;
  /** Outlier rule, default "iqr". */
  outliers?: OutlierMethod;
  /** IQR multiplier (default 3), z limit (default 3) or upper quantile (default 0.99). */
  outlierThreshold?: number;
  /** Net cancellations against the purchases they cancel instead of dropping them. */
  netCancellations?: boolean;
  /**
   * Drop exact copies of a line even without an invoice column (default: only
   * with one; without it two identical lines may be two purchases the same day).
   */
  dropDuplicates?: boolean;
  /** strptime format for text dates, e.g. "%d/%m/%Y %H:%M". */
  dateFormat?: string;
  /** Prefix of the temporary tables, default "rfm". */
  prefix?: string;
  /**
   * The engine the SQL is for (default DuckDB, reading `source` from a file). Other
   * engines read a table; their dates must be date or timestamp columns or ISO text
   * (no `dateFormat`, no Excel serial numbers).
   */
  dialect?: SqlDialect;
  /**
   * DuckDB, "iqr" or "zscore" outliers: leave the outlier rule out of the rules
   * statement, for {@link transactionOutlierUpdateSQL} to apply to the written
   * table (the same lines, without typing every line twice). Default false.
   */
  outliersInPlace?: boolean;
  /**
   * With `outliersInPlace` and "iqr": how the quartiles are found (see
   * `OutlierStepOptions.quartiles`); default "sort".
   */
  outlierQuartiles?: "sort" | "counts";
}

/**
 * Names of the temporary tables for a prefix: the stage, the ruled lines and,
 * in one pass ({@link transactionLinesSQL}), the table under the lines' view.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { transactionTables } from "./transactions_sql.ts";
 * deepEqual(transactionTables("rfm_3"), {
 *   stage: "rfm_3_stage", lines: "rfm_3_lines", rows: "rfm_3_rows",
 * });
 * ```
 */
export function transactionTables(
  prefix = "rfm",
): { stage: string; lines: string; rows: string } {
  return { stage: `${prefix}_stage`, lines: `${prefix}_lines`, rows: `${prefix}_rows` };
}

/**
 * The tables named after a run's ruled lines (`rfm_1_lines`): the one-pass
 * table under the lines' view, and the customer–product pairs made from them
 * (`lib/features/product_pairs.ts`), so that dropping the lines drops both.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { tablesOfLines } from "./transactions_sql.ts";
 * deepEqual(tablesOfLines("rfm_3_lines"), { rows: "rfm_3_rows", pairs: "rfm_3_pairs" });
 * ```
 */
export function tablesOfLines(lines: string): { rows: string; pairs: string } {
  const prefix = lines.slice(0, -"_lines".length);
  return { rows: transactionTables(prefix).rows, pairs: `${prefix}_pairs` };
}

/** The engine functions of the options' dialect. */
function engineOf(options: Pick<TransactionSQLOptions, "dialect">): EngineFunctions {
  return engineFunctions(options.dialect);
}

/** Whether the column playing `role` is a number column in the source. */
function isNumericRole(options: TransactionSQLOptions, role: keyof TransactionRoles): boolean {
  const column = options.roles[role];
  const type = column === undefined ? undefined : options.types?.[column];
  return type !== undefined && NUMERIC_TYPE.test(type);
}

/**
 * Whether values are quantity × price or a given line amount.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { valueMode } from "./transactions_sql.ts";
 * deepEqual(valueMode({ customer: "c", date: "d", amount: "total" }), "amount");
 * deepEqual(valueMode({ customer: "c", date: "d", quantity: "q", price: "p" }), "quantity_price");
 * ```
 */
export function valueMode(roles: TransactionRoles): "quantity_price" | "amount" {
  return roles.amount !== undefined ? "amount" : "quantity_price";
}

function isText(type: string | undefined): boolean {
  return type === undefined || type === "VARCHAR";
}

const NUMERIC_TYPE = /^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC|(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?))\b/i;

/**
 * An Excel serial date (days since 1899-12-30, the fraction the time of day:
 * 45261.34 is 2023-12-01 08:09:36) as a TIMESTAMP, to the millisecond; NULL
 * outside 1900-03-01 … 9999-12-31, so a number that is not a serial date
 * (20240131, a price) is reported as unparseable rather than misread.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { queryColumns } from "../io/duckdb.ts";
 * import { excelSerialExpression } from "./transactions_sql.ts";
 * const r = await queryColumns(
 *   `SELECT strftime(${excelSerialExpression("45261.34")}, '%Y-%m-%d %H:%M:%S') AS t, ` +
 *     `${excelSerialExpression("20240131")} AS not_a_date`,
 * );
 * deepEqual([r.t?.[0], r.not_a_date?.[0]], ["2023-12-01 08:09:36", null]);
 * ```
 */
export function excelSerialExpression(days: string): string {
  return `CASE WHEN ${days} >= 61 AND ${days} < 2958466 THEN TIMESTAMP '1899-12-30' + ` +
    `to_microseconds(CAST(round(${days} * 86400000) AS BIGINT) * 1000) END`;
}

/**
 * SQL expression turning the staged date column into a TIMESTAMP (NULL when
 * it does not parse). Numbers, in a numeric column or as text, are Excel
 * serial dates, which is how a workbook's date cells arrive when they lost
 * their date format.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { dateExpression } from "./transactions_sql.ts";
 * const roles = { customer: "c", date: "d", amount: "a" };
 * deepEqual(
 *   dateExpression({ source: "t", roles, allColumns: [], dateFormat: "%d/%m/%Y" }),
 *   "TRY_STRPTIME(trim(date_raw), '%d/%m/%Y')",
 * );
 * deepEqual(
 *   dateExpression({ source: "t", roles, allColumns: [], types: { d: "TIMESTAMP" } }),
 *   "TRY_CAST(date_raw AS TIMESTAMP)",
 * );
 * ```
 */
export function dateExpression(options: TransactionSQLOptions): string {
  const type = options.types?.[options.roles.date];
  const e = engineOf(options);
  if (e.dialect.name !== "duckdb") {
    // A table's dates: typed, or text in ISO form.
    return isText(type) ? e.tryTimestamp("date_raw") : e.toTimestamp("date_raw");
  }
  if (type !== undefined && NUMERIC_TYPE.test(type)) {
    return excelSerialExpression("CAST(date_raw AS DOUBLE)");
  }
  if (!isText(type)) return "TRY_CAST(date_raw AS TIMESTAMP)";
  if (options.dateFormat !== undefined) {
    return `TRY_STRPTIME(trim(date_raw), ${sqlString(options.dateFormat)})`;
  }
  // DuckDB casts "5/3/23 7:05" to the year 5: a year before 1000 is no date of a
  // purchase but text in a form of its own, left for its format to be found.
  const iso = "TRY_CAST(trim(date_raw) AS TIMESTAMP)";
  return `coalesce(CASE WHEN year(${iso}) >= 1000 THEN ${iso} END, ${
    excelSerialExpression("TRY_CAST(trim(date_raw) AS DOUBLE)")
  })`;
}

/**
 * Statement 1: stage the role columns and a fingerprint of the whole line.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { transactionStageSQL } from "./transactions_sql.ts";
 * const sql = transactionStageSQL({
 *   source: "read_csv('lines.csv')",
 *   roles: { customer: "CustomerID", date: "InvoiceDate", quantity: "Quantity", price: "UnitPrice" },
 *   allColumns: ["CustomerID", "InvoiceDate", "Quantity", "UnitPrice"],
 * });
 * ok(sql.includes("CREATE OR REPLACE TEMP TABLE rfm_stage AS"));
 * ok(sql.includes('"InvoiceDate" AS date_raw'));
 * ```
 */
export function transactionStageSQL(options: TransactionSQLOptions): string {
  const { stage } = transactionTables(options.prefix);
  const e = engineOf(options);
  return `-- Stage: one row per input line, in file order (rowid + 1 = data row number),
-- with the columns the rules need under fixed names and a fingerprint of every
-- column of the line, used to find exact duplicate lines.
${e.createTemp(stage, stageSelectSQL(options, e.lineNumberColumn))};`;
}

/**
 * The SELECT of the stage: the role columns under fixed names (`customer_raw`,
 * `invoice_raw`, `date_raw`, …) and the fingerprint, from the source, with a
 * `line_no` column first when `lineNumberColumn` is given.
 */
function stageSelectSQL(options: TransactionSQLOptions, lineNumberColumn: string): string {
  const { roles } = options;
  const e = engineOf(options);
  const q = (name: string) => e.dialect.identifier(name);
  const pick = (column: string | undefined, alias: string) =>
    column === undefined ? `NULL AS ${alias}` : `${q(column)} AS ${alias}`;
  return `SELECT${
    lineNumberColumn
      ? `
  ${lineNumberColumn},`
      : ""
  }
  ${pick(roles.customer, "customer_raw")},
  ${pick(roles.invoice, "invoice_raw")},
  ${pick(roles.date, "date_raw")},
  ${pick(roles.quantity, "quantity_raw")},
  ${pick(roles.price, "price_raw")},
  ${pick(roles.amount, "amount_raw")},
  ${pick(roles.product, "product")},
  ${pick(roles.country, "country")},
  ${pick(options.description, "description")},
  ${e.rowHash(options.allColumns.map(q))} AS fingerprint
FROM ${options.source}`;
}

/** One check of the validation query: a role, what is wrong, and the SQL condition. */
export interface ValidationCheck {
  role: keyof TransactionRoles;
  problem: "missing" | "unparseable" | "non_numeric" | "non_finite";
  /** Staged column holding the raw value. */
  raw: string;
  condition: string;
}

/**
 * The checks run by {@link transactionValidateSQL}, in reporting order.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { validationChecks } from "./transactions_sql.ts";
 * const checks = validationChecks({
 *   source: "t", roles: { customer: "c", date: "d", amount: "a" }, allColumns: [],
 * });
 * deepEqual(checks.map((c) => `${c.role} ${c.problem}`), [
 *   "date missing", "date unparseable", "amount missing", "amount non_numeric", "amount non_finite",
 * ]);
 * ```
 */
export function validationChecks(options: TransactionSQLOptions): ValidationCheck[] {
  const { roles } = options;
  const e = engineOf(options);
  const duck = e.dialect.name === "duckdb";
  const checks: ValidationCheck[] = [
    { role: "date", problem: "missing", raw: "date_raw", condition: "date_raw IS NULL" },
    {
      role: "date",
      problem: "unparseable",
      raw: "date_raw",
      condition: `date_raw IS NOT NULL AND ${dateExpression(options)} IS NULL`,
    },
  ];
  if (roles.invoice !== undefined) {
    checks.push({
      role: "invoice",
      problem: "missing",
      raw: "invoice_raw",
      condition: `invoice_raw IS NULL OR trim(${
        duck ? "CAST(invoice_raw AS VARCHAR)" : e.dialect.toText("invoice_raw")
      }) = ''`,
    });
  }
  for (const role of ["quantity", "price", "amount"] as const) {
    if (roles[role] === undefined) continue;
    const raw = `${role}_raw`;
    const double = e.tryDouble(raw, isNumericRole(options, role));
    checks.push(
      { role, problem: "missing", raw, condition: `${raw} IS NULL` },
      {
        role,
        problem: "non_numeric",
        raw,
        condition: `${raw} IS NOT NULL AND ${double} IS NULL`,
      },
      {
        role,
        problem: "non_finite",
        raw,
        condition: `NOT ${e.isFinite(double)}`,
      },
    );
  }
  return checks;
}

/**
 * Statement 2: the number of lines and, per check, the first failing data row
 * (1-based; NULL when every row passes).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { transactionValidateSQL } from "./transactions_sql.ts";
 * const sql = transactionValidateSQL({
 *   source: "t", roles: { customer: "c", date: "d", amount: "a" }, allColumns: [], prefix: "x",
 * });
 * ok(sql.includes("min(CASE WHEN date_raw IS NULL THEN rowid + 1 END) AS check_0"));
 * ok(sql.endsWith("FROM x_stage;"));
 * ```
 */
export function transactionValidateSQL(options: TransactionSQLOptions): string {
  const { stage } = transactionTables(options.prefix);
  const checks = validationChecks(options);
  return `-- Validate: the first data row failing each check (NULL when none does).
SELECT
  count(*) AS lines,
${
    checks.map((c, i) =>
      `  min(CASE WHEN ${c.condition} THEN ${engineOf(options).lineNumber()} END) AS check_${i}`
    ).join(
      ",\n",
    )
  }
FROM ${stage};`;
}

/**
 * Whether exact copies of a line are dropped: always with an invoice column
 * (a repeated invoice line is a copy), without one only when asked (two
 * identical lines may be two purchases of the same thing the same day).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { dropsDuplicates } from "./transactions_sql.ts";
 * deepEqual(dropsDuplicates({ roles: { customer: "c", date: "d", invoice: "i" } }), true);
 * deepEqual(dropsDuplicates({ roles: { customer: "c", date: "d" } }), false);
 * deepEqual(dropsDuplicates({ roles: { customer: "c", date: "d" }, dropDuplicates: true }), true);
 * ```
 */
export function dropsDuplicates(
  options: Pick<TransactionSQLOptions, "roles" | "dropDuplicates">,
): boolean {
  return options.roles.invoice !== undefined || options.dropDuplicates === true;
}

/**
 * The CTE `duplicates`: line numbers of every copy after the first of an
 * identical line, in a table of fingerprints in file order (DuckDB's rowid; a
 * `line_no` column in other engines).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { duplicatesCTE } from "./transactions_sql.ts";
 * ok(duplicatesCTE("x_stage").includes("PARTITION BY fingerprint ORDER BY rowid"));
 * ```
 */
export function duplicatesCTE(stage: string, dialect?: SqlDialect): string {
  const line = engineFunctions(dialect).lineNumber();
  const order = dialect === undefined || dialect.name === "duckdb" ? "rowid" : line;
  return `-- Exact duplicates: every copy after the first of a line identical in every
-- column (same 64-bit fingerprint; a false match needs a hash collision, odds
-- about n² / 2^65: below 1 in 10 million for a million lines). Only the line
-- numbers go through the window, so it stays cheap.
duplicates AS (
  SELECT line_no
  FROM (
    SELECT ${line} AS line_no,
      row_number() OVER (PARTITION BY fingerprint ORDER BY ${order}) AS copy_no
    FROM ${stage}
  ) AS copies
  WHERE copy_no > 1
)`;
}

/**
 * Statement 3: every line with the first rule it fails, in this order —
 * missing customer, duplicate (a later copy of an identical line),
 * cancellation (invoice starting with "C"), non-positive quantity,
 * non-positive price (or amount), [netted to zero], outlier — and the values
 * used for RFM. Outlier fences are computed over the lines passing the
 * earlier rules, on ln(1 + value) for IQR and z-score (quantities and
 * prices are multiplicative, heavy-tailed), on the raw value for quantile.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { transactionRulesSQL } from "./transactions_sql.ts";
 * const sql = transactionRulesSQL({
 *   source: "t",
 *   roles: { customer: "c", date: "d", invoice: "i", quantity: "q", price: "p", product: "s" },
 *   allColumns: ["c", "d", "i", "q", "p", "s"],
 *   netCancellations: true,
 *   outliers: "none",
 * });
 * ok(sql.includes("WHEN k.rule = 'cancellation' THEN 'cancellation_unmatched'"));
 * ok(sql.endsWith("SELECT *, rule IS NULL OR rule = 'outlier_capped' AS kept\nFROM ruled;"));
 * ```
 */
export function transactionRulesSQL(options: TransactionSQLOptions): string {
  const { roles } = options;
  const { stage, lines } = transactionTables(options.prefix);
  const mode = valueMode(roles);
  const method = options.outliers ?? "iqr";
  const threshold = method === "none" ? 0 : (options.outlierThreshold ?? OUTLIER_DEFAULTS[method]);
  const e = engineOf(options);
  const ctes = [
    duplicatesCTE(stage, options.dialect),
    typedCTE(options, { from: stage, lineNumber: e.lineNumber(), extra: [] }),
    checkedCTE(options, dropsDuplicates(options)),
  ];
  let last = "checked";
  if (options.netCancellations === true) {
    ctes.push(...cancellationNettingCTEs(mode, options.dialect));
    last = "netted";
  }

  const outliers = outlierStepSQL({
    method: outliersInPlace(options) ? "none" : method,
    threshold,
    mode,
    hasQuantity: roles.quantity !== undefined,
    last,
    dialect: options.dialect,
  });
  ctes.push(...outliers.ctes);
  const select = outliers.select;

  return `-- Rules: every line once, with the first cleaning rule it fails (NULL = clean),
-- the values RFM uses, product, country and description, and whether it is
-- kept: everything the later steps read, so the staged lines can go.
${
    e.createTemp(
      lines,
      `WITH
${ctes.join(",\n")},
-- The last rule: outliers (dropped) or capped values (kept).
ruled AS (
${select}
)
SELECT *, rule IS NULL OR rule = 'outlier_capped' AS kept
FROM ruled`,
    )
  };`;
}

/**
 * The CTE `typed`: each line's values as RFM uses them, read from `from`
 * (the stage, or the source itself in one pass), with `extra` select items
 * after them.
 */
function typedCTE(
  options: TransactionSQLOptions,
  { from, lineNumber, extra }: { from: string; lineNumber?: string; extra: string[] },
): string {
  const e = engineOf(options);
  const duck = e.dialect.name === "duckdb";
  const text = (expr: string) => duck ? `CAST(${expr} AS VARCHAR)` : e.dialect.toText(expr);
  const quantity = e.tryDouble("quantity_raw", isNumericRole(options, "quantity"));
  const price = e.tryDouble("price_raw", isNumericRole(options, "price"));
  // NOT MATERIALIZED: these steps are recomputed where used rather than stored
  // (cheaper here); engines without the phrase simply drop it.
  return `-- Typed lines${
    lineNumber === undefined ? "" : ": line_no is the 1-based data row of the file"
  }.
typed ${e.cteAs} (
  SELECT${
    lineNumber === undefined ? "" : `
    ${lineNumber} AS line_no,`
  }
    -- Whole-number ids stored as floats (12347.0, as pandas writes them) lose the
    -- ".0"; leading zeros and text ids stay as written.
    ${e.customerId("customer_raw")}
      AS customer,
    trim(${text("invoice_raw")}) AS invoice,
    ${dateExpression(options)} AS ts,
    ${quantity} AS quantity,
    ${price} AS price,
    ${
    valueMode(options.roles) === "amount"
      ? e.tryDouble("amount_raw", isNumericRole(options, "amount"))
      : `${quantity} * ${price}`
  } AS amount,
    ${text("product")} AS product,
    ${text("country")} AS country,
    -- Trimmed only for the few products described (customer_products.ts).
    ${text("description")} AS description${extra.map((item) => `,\n    ${item}`).join("")}
  FROM ${from}
)`;
}

/**
 * The CTE `checked`: the first rule each line fails before the outlier rule,
 * the duplicate rule included when `duplicates` (it needs the CTE of that name).
 */
function checkedCTE(options: TransactionSQLOptions, duplicates: boolean): string {
  const { roles } = options;
  const e = engineOf(options);
  const valueRules: string[] = [];
  if (roles.quantity !== undefined) {
    valueRules.push("    WHEN quantity <= 0 THEN 'non_positive_quantity'");
  }
  valueRules.push(
    valueMode(roles) === "amount"
      ? "    WHEN amount <= 0 THEN 'non_positive_amount'"
      : "    WHEN price <= 0 THEN 'non_positive_price'",
  );
  // Engines that allow no subquery inside CASE look the copies up by a join.
  const inDuplicates = e.subqueryInCase
    ? "line_no IN (SELECT line_no FROM duplicates)"
    : "dup.line_no IS NOT NULL";
  return `-- The first rule each line fails (NULL = passes them all so far).
checked ${e.cteAs} (
  SELECT ${e.subqueryInCase ? "*" : "typed.*"},
    CASE
    WHEN customer IS NULL THEN 'missing_customer'
${duplicates ? `    WHEN ${inDuplicates} THEN 'duplicate'\n` : ""}${
    roles.invoice !== undefined
      ? "    WHEN invoice LIKE 'C%' OR invoice LIKE 'c%' THEN 'cancellation'\n"
      : ""
  }${valueRules.join("\n")}
    END AS rule
  FROM typed${
    e.subqueryInCase || !duplicates
      ? ""
      : "\n  LEFT JOIN duplicates AS dup ON dup.line_no = typed.line_no"
  }
)`;
}

/**
 * Whether {@link transactionLinesSQL} can clean these lines in one pass over
 * the source: DuckDB reading a file, no netting of cancellations, and an
 * outlier rule that only drops lines ("iqr", "zscore" or "none").
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { cleansInOnePass } from "./transactions_sql.ts";
 * const roles = { customer: "c", date: "d", amount: "a" };
 * deepEqual(cleansInOnePass({ source: "t", roles, allColumns: [] }), true);
 * deepEqual(cleansInOnePass({ source: "t", roles, allColumns: [], outliers: "quantile" }), false);
 * deepEqual(cleansInOnePass({ source: "t", roles, allColumns: [], netCancellations: true }), false);
 * ```
 */
export function cleansInOnePass(options: TransactionSQLOptions): boolean {
  const method = options.outliers ?? "iqr";
  return engineOf(options).dialect.name === "duckdb" && options.netCancellations !== true &&
    (method === "iqr" || method === "zscore" || method === "none");
}

/**
 * One pass, statement 1 (DuckDB reading a file, see {@link cleansInOnePass}):
 * the table of ruled lines straight from the source, without a staged copy.
 * Each line gets its values, the first rule it fails short of duplicates and
 * outliers, its fingerprint and `bad`, the index in
 * {@link validationChecks} of the first check it fails (NULL when none).
 * {@link transactionOnePassValidateSQL} then checks the lines,
 * {@link transactionDuplicatesUpdateSQL} marks the copies and
 * {@link transactionOutlierUpdateSQL} the outliers; the same lines and rules
 * as the staged statements give.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { transactionLinesSQL } from "./transactions_sql.ts";
 * const sql = transactionLinesSQL({
 *   source: "read_csv('lines.csv')",
 *   roles: { customer: "c", date: "d", invoice: "i", amount: "a" },
 *   allColumns: ["c", "d", "i", "a"],
 * });
 * ok(sql.includes("CREATE OR REPLACE TEMP TABLE rfm_rows AS"));
 * ok(sql.includes("CREATE OR REPLACE TEMP VIEW rfm_lines AS"));
 * ok(!sql.includes("'duplicate'"));
 * ```
 */
export function transactionLinesSQL(options: TransactionSQLOptions): string {
  const { lines, rows } = transactionTables(options.prefix);
  const e = engineOf(options);
  const checks = validationChecks(options);
  const bad = `CASE\n${
    checks.map((c, i) => `      WHEN ${c.condition} THEN ${i}`).join("\n")
  }\n    END AS bad`;
  const staged = `-- The source's lines under fixed names.
staged ${e.cteAs} (
${stageSelectSQL(options, "")}
)`;
  return `-- Lines: every line of the file once, in file order (rowid + 1 = data row number),
-- typed, with the first rule it fails short of duplicates and outliers (marked
-- next, on this table), its fingerprint and the first validation check it fails
-- (bad; NULL = none): no staged copy of the file.
${
    e.createTemp(
      rows,
      `WITH
${staged},
${typedCTE(options, { from: "staged", extra: ["fingerprint", bad] })},
${checkedCTE(options, false)}
SELECT customer, invoice, ts, product, country, description, quantity, price, amount,
  rule, rule IS NULL AS kept, fingerprint, bad
FROM checked`,
    )
  };
-- The ruled lines as the later steps read them, numbered.
CREATE OR REPLACE TEMP VIEW ${lines} AS
SELECT rowid + 1 AS line_no, customer, invoice, ts, product, country, description, quantity,
  price, amount, rule, kept
FROM ${rows};`;
}

/**
 * One pass, statement 2: the number of lines and the first failing check
 * (`bad`: an index into {@link validationChecks}, NULL when every line
 * passes). A failing check's first line is its first line overall: a line
 * failing an earlier check would have made that check the first.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { transactionOnePassValidateSQL } from "./transactions_sql.ts";
 * deepEqual(
 *   transactionOnePassValidateSQL("x"),
 *   "-- Validate: how many lines, and the first check any of them fails.\n" +
 *     "SELECT count(*) AS lines, min(bad) AS bad FROM x_rows;",
 * );
 * ```
 */
export function transactionOnePassValidateSQL(prefix = "rfm"): string {
  return `-- Validate: how many lines, and the first check any of them fails.
SELECT count(*) AS lines, min(bad) AS bad FROM ${transactionTables(prefix).rows};`;
}

/**
 * One pass, statement 3: every copy after the first of an identical line
 * marked `duplicate` and not kept, unless it already lacks a customer (that
 * rule comes first); undefined when copies are kept ({@link dropsDuplicates}).
 *
 * @example
 * ```ts
 * import { deepEqual, ok } from "node:assert/strict";
 * import { transactionDuplicatesUpdateSQL } from "./transactions_sql.ts";
 * const roles = { customer: "c", date: "d", amount: "a" };
 * deepEqual(transactionDuplicatesUpdateSQL({ source: "t", roles, allColumns: [] }), undefined);
 * ok(transactionDuplicatesUpdateSQL({ source: "t", roles: { ...roles, invoice: "i" }, allColumns: [] })
 *   ?.includes("UPDATE rfm_rows SET rule = 'duplicate', kept = false"));
 * ```
 */
export function transactionDuplicatesUpdateSQL(options: TransactionSQLOptions): string | undefined {
  if (!dropsDuplicates(options)) return undefined;
  const { rows } = transactionTables(options.prefix);
  return `-- Duplicates in place: the copies after the first, unless already without a customer.
UPDATE ${rows} SET rule = 'duplicate', kept = false
WHERE rowid + 1 IN (
  WITH
${duplicatesCTE(rows)}
  SELECT line_no FROM duplicates
) AND rule IS DISTINCT FROM 'missing_customer';`;
}

/** Whether the outlier rule is applied to the written table (see `outliersInPlace`). */
function outliersInPlace(options: TransactionSQLOptions): boolean {
  const method = options.outliers ?? "iqr";
  return options.outliersInPlace === true && engineOf(options).dialect.name === "duckdb" &&
    (method === "iqr" || method === "zscore");
}

/**
 * Statement 3b, with `outliersInPlace`: the outlier rule applied to the table
 * written by {@link transactionRulesSQL} (undefined when that statement applied
 * it itself).
 *
 * @example
 * ```ts
 * import { deepEqual, ok } from "node:assert/strict";
 * import { transactionOutlierUpdateSQL } from "./transactions_sql.ts";
 * const options = {
 *   source: "t", roles: { customer: "c", date: "d", quantity: "q", price: "p" }, allColumns: [],
 * };
 * deepEqual(transactionOutlierUpdateSQL(options), undefined);
 * ok(transactionOutlierUpdateSQL({ ...options, outliersInPlace: true })?.includes("UPDATE rfm_lines"));
 * ```
 */
export function transactionOutlierUpdateSQL(
  options: TransactionSQLOptions,
  table = transactionTables(options.prefix).lines,
): string | undefined {
  if (!outliersInPlace(options)) return undefined;
  const method = options.outliers ?? "iqr";
  if (method !== "iqr" && method !== "zscore") return undefined;
  return outlierUpdateSQL({
    method,
    threshold: options.outlierThreshold ?? OUTLIER_DEFAULTS[method],
    mode: valueMode(options.roles),
    hasQuantity: options.roles.quantity !== undefined,
    last: table,
    quartiles: options.outlierQuartiles,
  });
}

/**
 * Statement 4: lines per rule and how many of them are kept (the cleaning
 * report counts these).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { transactionReportSQL } from "./transactions_sql.ts";
 * ok(transactionReportSQL("run_1").includes("FROM run_1_lines GROUP BY rule"));
 * ```
 */
export function transactionReportSQL(prefix = "rfm", dialect?: SqlDialect): string {
  return `-- Report: lines per rule (NULL = clean lines kept as they are), and how many are kept.
SELECT rule, count(*) AS lines, ${engineFunctions(dialect).countIf("kept")} AS kept
FROM ${transactionTables(prefix).lines} GROUP BY rule;`;
}

/**
 * The whole cleaning script for the given options, as one readable text.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { transactionCleaningSQL } from "./transactions_sql.ts";
 * const sql = transactionCleaningSQL({
 *   source: "read_csv('lines.csv')",
 *   roles: { customer: "CustomerID", date: "InvoiceDate", invoice: "InvoiceNo", quantity: "Quantity", price: "UnitPrice" },
 *   allColumns: ["InvoiceNo", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"],
 *   outliers: "iqr",
 * });
 * ok(sql.includes("WHEN invoice LIKE 'C%' OR invoice LIKE 'c%' THEN 'cancellation'"));
 * ok(sql.includes("quantile_cont(ln(1 + greatest(quantity, 0)), [0.25, 0.75])"));
 * ```
 */
export function transactionCleaningSQL(options: TransactionSQLOptions): string {
  return [
    transactionStageSQL(options),
    transactionValidateSQL(options),
    transactionRulesSQL(options),
    transactionReportSQL(options.prefix, options.dialect),
  ].join("\n\n");
}
