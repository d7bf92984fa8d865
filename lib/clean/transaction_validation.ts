/**
 * Validation of staged transaction lines: the first line whose date or
 * number does not parse (or is missing) becomes one InputError naming the
 * file, the column, the row and its value, before any line is dropped — bad
 * input is an error, not a silent loss.
 *
 * @module
 */
import { InputError, isInputError } from "../errors.ts";
import { queryColumns } from "../io/duckdb.ts";
import {
  type TransactionSQLOptions,
  transactionTables,
  transactionValidateSQL,
  validationChecks,
} from "./transactions_sql.ts";

const PROBLEMS = {
  missing: (role: string) => `Missing ${role}`,
  unparseable: (role: string, value: string) => `Unparseable ${role}: "${value}"`,
  non_numeric: (role: string, value: string) => `Not a number in ${role}: "${value}"`,
  non_finite: (role: string, value: string) => `Not a finite number in ${role}: "${value}"`,
};

/**
 * Whether `error` is {@link validateStagedLines}' error for a date in `column`
 * that is there but does not parse (not a missing one).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { InputError, isInputError } from "../errors.ts";
 * import { isUnparseableDate } from "./transaction_validation.ts";
 * const error = new InputError('Unparseable date: "12/13/2010"', { column: "InvoiceDate", row: 2 });
 * equal(isUnparseableDate(error, "InvoiceDate"), true);
 * equal(isUnparseableDate(new InputError("Missing date", { column: "InvoiceDate" }), "InvoiceDate"), false);
 * ```
 */
export function isUnparseableDate(error: unknown, column: string): boolean {
  return isInputError(error) && error.column === column &&
    error.message.startsWith(PROBLEMS.unparseable("date", "").split('"')[0]!);
}

const HINTS: Record<string, string> = {
  date:
    "write dates as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, or give their format with --date-format (e.g. %d/%m/%Y %H:%M)",
  invoice: "every line needs an invoice number; without one, leave the invoice column out",
  quantity: "quantities must be numbers; fix or remove the line",
  price: "prices must be numbers without currency signs; fix or remove the line",
  amount: "amounts must be numbers without currency signs; fix or remove the line",
};

/**
 * Check the staged lines of a cleaning run (`transactionStageSQL` made
 * them): throws an InputError for an empty file or the first failing line,
 * else returns the SQL that checked.
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { duckdb } from "../io/duckdb.ts";
 * import { transactionStageSQL } from "./transactions_sql.ts";
 * import { validateStagedLines } from "./transaction_validation.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "CustomerID,InvoiceDate,Amount\nA,2024-01-02,3\nB,soon,4\n");
 * const options = {
 *   source: `read_csv('${path}', header = true, all_varchar = true)`,
 *   roles: { customer: "CustomerID", date: "InvoiceDate", amount: "Amount" },
 *   allColumns: ["CustomerID", "InvoiceDate", "Amount"],
 *   prefix: "example_validation",
 * };
 * await (await duckdb()).run(transactionStageSQL(options));
 * await rejects(validateStagedLines(options, path), {
 *   message: `Unparseable date: "soon" (file ${path}, column "InvoiceDate", row 2). ` +
 *     "Write dates as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, or give their format with " +
 *     "--date-format (e.g. %d/%m/%Y %H:%M).",
 * });
 * ```
 */
export async function validateStagedLines(
  options: TransactionSQLOptions,
  file: string,
): Promise<string> {
  const sql = transactionValidateSQL(options);
  const result = await queryColumns(sql);
  if (Number(result.lines?.[0] ?? 0) === 0) {
    throw new InputError("No data rows", {
      file,
      hint: "the file has a header but no lines; export it again with its data",
    });
  }
  const checks = validationChecks(options);
  for (let i = 0; i < checks.length; i++) {
    const row = result[`check_${i}`]?.[0];
    if (row === null || row === undefined) continue;
    const check = checks[i]!;
    const column = options.roles[check.role]!;
    const { stage } = transactionTables(options.prefix);
    const raw = await queryColumns(
      `SELECT CAST(${check.raw} AS VARCHAR) AS v FROM ${stage} WHERE rowid = ${Number(row) - 1}`,
    );
    const value = String(raw.v?.[0] ?? "");
    const problem = check.problem === "missing"
      ? PROBLEMS.missing(check.role)
      : PROBLEMS[check.problem](check.role, value);
    throw new InputError(problem, { file, column, row: Number(row), hint: HINTS[check.role] });
  }
  return sql;
}
