/**
 * Clean invoice lines (Online Retail style) inside DuckDB, streaming from a
 * CSV, Parquet or XLSX file, and count every line dropped, netted or capped
 * per rule. The clean lines stay in a DuckDB table for the RFM aggregation;
 * nothing but counts comes back here.
 *
 * Rules, in the order a line meets them (a line counts once, under the first
 * rule it fails): missing customer, duplicate (an exact copy of an earlier
 * line), cancellation (invoice starting with "C"; dropped, or netted against
 * the purchase it cancels), non-positive quantity, non-positive price (or
 * amount), outlier (IQR or z-score fences on ln(1 + value), or a quantile cap).
 *
 * The steps live beside this file: which column plays each role
 * (`transaction_columns.ts`), opening the file (`transaction_source.ts`), the
 * SQL (`transactions_sql.ts`), checking the lines (`transaction_validation.ts`),
 * the report (`transaction_report.ts`) and the errors about DuckDB
 * (`transaction_errors.ts`).
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { duckdb, queryColumns, sqlIdentifier, sqlString } from "../io/duckdb.ts";
import { resolveTransactionColumns, type TransactionColumns } from "./transaction_columns.ts";
import { findDescriptionColumn } from "./description_column.ts";
import { openTransactionSource } from "./transaction_source.ts";
import { firstErrorLine, transactionReadError } from "./transaction_errors.ts";
import { isUnparseableDate, validateStagedLines } from "./transaction_validation.ts";
import { findDateFormat, type FoundDateFormat } from "./date_format.ts";
import { type TransactionCleaningReport, transactionCleaningReport } from "./transaction_report.ts";
import { type OutlierMethod, outlierValues } from "./transaction_outliers_sql.ts";
import { valuesRepeat } from "./quartiles_by_counts.ts";
import {
  cleansInOnePass,
  tablesOfLines,
  transactionDuplicatesUpdateSQL,
  transactionLinesSQL,
  transactionOnePassValidateSQL,
  transactionOutlierUpdateSQL,
  type TransactionRoles,
  transactionRulesSQL,
  type TransactionSQLOptions,
  transactionStageSQL,
  transactionTables,
  valueMode,
} from "./transactions_sql.ts";

// The report's type travels with the cleaned lines that carry it.

/** Options for {@link cleanTransactions}. */
export interface CleanTransactionsOptions {
  /** Column names (defaults: the Online Retail headers and common spellings). */
  columns?: TransactionColumns;
  /** Outlier rule, default "iqr". */
  outliers?: OutlierMethod;
  /** IQR multiplier (default 3), z limit (default 3) or cap quantile (default 0.99). */
  outlierThreshold?: number;
  /** Net cancellations against their purchases instead of dropping them (needs a product column). */
  netCancellations?: boolean;
  /** Drop exact copies of a line even without an invoice column (see `dropsDuplicates`). */
  dropDuplicates?: boolean;
  /** strptime format for dates written as text, e.g. "%d/%m/%Y %H:%M". */
  dateFormat?: string;
  /** Sheet of a workbook. */
  sheet?: string;
  /** The header's line (CSV) or row (workbook) when title rows sit above it (`--header-row`). */
  headerRow?: number;
  /**
   * Product description column (`--description`); default the first of
   * `DESCRIPTION_ALIASES` present. Read only with a product column.
   */
  description?: string;
}

/** Clean lines held in DuckDB, ready for aggregation. */
export interface CleanedTransactions {
  /**
   * Name of the DuckDB table (or view) of every line (`line_no`, `customer`, `invoice`,
   * `ts`, `product`, `country`, `description`, `quantity`, `price`, `amount`)
   * with its rule and `kept` flag.
   */
  table: string;
  roles: TransactionRoles;
  /** The product description column, when there is a product column and one was found. */
  description?: string;
  /**
   * The format of text dates not given with `dateFormat` but found (every value
   * reads one way only, e.g. "12/13/2010 8:26" month first), and a value showing it.
   */
  dateFormat?: FoundDateFormat;
  report: TransactionCleaningReport;
  /** The SQL that was run, statement by statement. */
  sql: string[];
}

let runs = 0;

/**
 * Stage, validate and apply the cleaning rules to a transaction file. The
 * lines stay in DuckDB (`result.table`); call {@link releaseTransactions}
 * when done with them.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { cleanTransactions, releaseTransactions } from "./transactions.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n" +
 *   "1,2,2024-01-02,3.5,A\n1,2,2024-01-02,3.5,A\nC2,-1,2024-01-03,3.5,A\n3,1,2024-01-04,2,\n");
 * const cleaned = await cleanTransactions(path, { outliers: "none" });
 * deepEqual(cleaned.report.linesOut, 1);
 * deepEqual(cleaned.report.rules.filter((r) => r.lines > 0).map((r) => r.rule), [
 *   "missing_customer", "duplicate", "cancellation",
 * ]);
 * await releaseTransactions(cleaned);
 * ```
 */
export async function cleanTransactions(
  path: string,
  options: CleanTransactionsOptions = {},
): Promise<CleanedTransactions> {
  const source = await openTransactionSource(path, options);
  const prefix = `rfm_${++runs}`;
  const con = await duckdb();
  try {
    // Column names and sniffed types, without reading the whole file.
    let described: Record<string, unknown[]>;
    try {
      described = await queryColumns(`DESCRIBE SELECT * FROM ${source.expression({})}`);
    } catch (error) {
      throw transactionReadError(
        error,
        path,
        "check that it is a CSV with one header row, a Parquet file or a workbook",
      );
    }
    const names = (described.column_name ?? []).map(String);
    const types = new Map(names.map((n, i) => [n, String(described.column_type?.[i])]));
    const roles = resolveTransactionColumns(names, options.columns, path);
    if (options.netCancellations && (roles.product === undefined || roles.invoice === undefined)) {
      throw new InputError("Netting cancellations needs invoice and product columns", {
        file: path,
        hint: "name them with --invoice COL --product COL, or leave out --net-cancellations",
      });
    }
    const method = options.outliers ?? "iqr";
    checkOutlierOptions(method, options.outlierThreshold);
    const description = roles.product === undefined
      ? undefined
      : findDescriptionColumn(names, options.description, path);

    // Identifiers are always read as text ("C536379" must not break a number column).
    const overrides: Record<string, string> = {};
    for (const role of ["customer", "invoice", "product"] as const) {
      const name = roles[role];
      if (name !== undefined) overrides[name] = "VARCHAR";
    }
    if (
      options.dateFormat === undefined && source.sniffed &&
      /^(DATE|TIMESTAMP)/.test(types.get(roles.date) ?? "")
    ) {
      // A date type sniffed from text not in ISO form ("3/4/2024") is DuckDB's guess at
      // the order from a sample (it takes day first): read the text, so that every
      // value decides (findDateFormat), and dates that read both ways are asked about.
      const date = sqlIdentifier(roles.date);
      const first = await queryColumns(
        `SELECT CAST(${date} AS VARCHAR) AS d FROM ${
          source.expression({ ...overrides, [roles.date]: "VARCHAR" })
        } WHERE ${date} IS NOT NULL LIMIT 1`,
      );
      if (!/^\s*\d{4}-\d\d?-\d\d?\b/.test(String(first.d?.[0] ?? ""))) {
        overrides[roles.date] = "VARCHAR";
        types.set(roles.date, "VARCHAR");
      }
    }
    const sqlOptions: TransactionSQLOptions = {
      source: source.expression(overrides),
      roles,
      allColumns: names,
      description,
      types: Object.fromEntries(types),
      outliers: method,
      outlierThreshold: options.outlierThreshold,
      netCancellations: options.netCancellations,
      dropDuplicates: options.dropDuplicates,
      dateFormat: options.dateFormat,
      prefix,
    };
    const executed: string[] = [];
    const run = async (sql: string) => {
      await con.run(sql);
      executed.push(sql);
    };
    // Run the statement that reads the file (the one-pass lines, or the stage).
    const read = async (statement: () => string) => {
      try {
        return await run(statement());
      } catch (error) {
        // A sniffed type that a later line breaks (e.g. "abc" in a number column):
        // read the value columns as text and let validation name the line.
        if (!/convert|conversion|CSV Error/i.test(firstErrorLine(error) + String(error))) {
          throw transactionReadError(error, path);
        }
      }
      for (const role of ["date", "quantity", "price", "amount"] as const) {
        const name = roles[role];
        if (name !== undefined) {
          overrides[name] = "VARCHAR";
          types.set(name, "VARCHAR");
        }
      }
      sqlOptions.source = source.expression(overrides);
      sqlOptions.types = Object.fromEntries(types);
      try {
        await run(statement());
      } catch (again) {
        throw transactionReadError(again, path);
      }
    };
    const { stage: stageTable, lines, rows } = transactionTables(prefix);
    // Outliers are marked in the written table: every line is typed once.
    const ruleOptions = { ...sqlOptions, outliersInPlace: true };
    let onePass = false;
    let dateFormat: FoundDateFormat | undefined;
    if (cleansInOnePass(sqlOptions)) {
      // The ruled lines straight from the file, checked, then the copies and
      // outliers marked in place.
      await read(() => transactionLinesSQL(sqlOptions));
      const validateSQL = transactionOnePassValidateSQL(prefix);
      const checked = await queryColumns(validateSQL);
      onePass = Number(checked.lines?.[0] ?? 0) > 0 && (checked.bad?.[0] ?? null) === null;
      if (onePass) {
        executed.push(validateSQL);
      } else {
        // A line fails a check (or there is none): the staged statements
        // below name it, with its value, in one error.
        await dropLines(lines);
        executed.length = 0;
      }
    }
    if (onePass) {
      const duplicatesSQL = transactionDuplicatesUpdateSQL(sqlOptions);
      if (duplicatesSQL !== undefined) await run(duplicatesSQL);
    } else {
      await read(() => transactionStageSQL(sqlOptions));
      try {
        executed.push(await validateStagedLines(sqlOptions, path));
      } catch (error) {
        // Dates as text in a form of their own ("12/1/2010 8:26"): the one format
        // reading every value, if there is one, else the error stands.
        const found = options.dateFormat === undefined && isUnparseableDate(error, roles.date)
          ? await findDateFormat({
            table: stageTable,
            value: "date_raw",
            file: path,
            column: roles.date,
          })
          : undefined;
        if (found === undefined) throw error;
        dateFormat = found;
        sqlOptions.dateFormat = ruleOptions.dateFormat = found.format;
        executed.push(await validateStagedLines(sqlOptions, path));
      }
      await run(transactionRulesSQL(ruleOptions));
    }
    // The lines' fingerprints, in file order: the one-pass table, or the stage.
    const fingerprints = onePass ? rows : stageTable;
    const outlierTable = onePass ? rows : lines;
    // Quartiles from the value counts when values repeat (the same fences, faster).
    const repeated = method === "iqr" && await valuesRepeat(
      outlierTable,
      outlierValues(valueMode(roles), roles.quantity !== undefined),
      "rule IS NULL",
    );
    const outlierSQL = transactionOutlierUpdateSQL(
      { ...ruleOptions, outlierQuartiles: repeated ? "counts" : "sort" },
      outlierTable,
    );
    if (outlierSQL !== undefined) await run(outlierSQL);
    const { report, sql: reportSQL } = await transactionCleaningReport(
      sqlOptions,
      path,
      fingerprints,
    );
    executed.push(reportSQL);
    // Every later step reads the ruled lines alone: the staged copy (or the
    // one-pass columns for checking) goes now.
    await con.run(
      onePass
        ? `ALTER TABLE ${rows} DROP COLUMN fingerprint; ALTER TABLE ${rows} DROP COLUMN bad;`
        : `DROP TABLE IF EXISTS ${stageTable};`,
    );
    return {
      table: lines,
      roles,
      ...(description === undefined ? {} : { description }),
      ...(dateFormat === undefined ? {} : { dateFormat }),
      report,
      sql: executed,
    };
  } catch (error) {
    // Nothing half-made stays behind: drop the run's tables, then report.
    await dropTables(prefix);
    throw error;
  } finally {
    await source.cleanup();
  }
}

function checkOutlierOptions(method: OutlierMethod, threshold: number | undefined): void {
  if (!["iqr", "zscore", "quantile", "none"].includes(method)) {
    throw new InputError(`Unknown outlier rule: "${method}"`, {
      hint: "use iqr, zscore, quantile or none",
    });
  }
  if (threshold === undefined) return;
  const ok = method === "quantile" ? threshold > 0 && threshold < 1 : threshold > 0;
  if (!Number.isFinite(threshold) || !ok) {
    throw new InputError(`Invalid outlier threshold: ${threshold}`, {
      hint: method === "quantile"
        ? "the cap quantile must be between 0 and 1, e.g. 0.99"
        : "the threshold must be a positive number, e.g. 3",
    });
  }
}

async function dropTables(prefix: string): Promise<void> {
  const con = await duckdb();
  const { stage, lines } = transactionTables(prefix);
  await con.run(`DROP TABLE IF EXISTS ${stage};`).catch(() => {});
  await dropLines(lines).catch(() => {});
}

/**
 * Drop the ruled lines: a table, or in one pass a view and the table under
 * it; and the table of customer–product pairs made from them, if any
 * ({@link tablesOfLines}).
 */
async function dropLines(lines: string): Promise<void> {
  const con = await duckdb();
  const { rows, pairs } = tablesOfLines(lines);
  await con.run(`DROP TABLE IF EXISTS ${pairs};`);
  const views = await queryColumns(
    `SELECT count(*) AS n FROM duckdb_views() WHERE view_name = ${sqlString(lines)}`,
  );
  if (Number(views.n?.[0] ?? 0) === 0) {
    await con.run(`DROP TABLE IF EXISTS ${lines};`);
    return;
  }
  await con.run(`DROP VIEW IF EXISTS ${lines}; DROP TABLE IF EXISTS ${rows};`);
}

/**
 * Free the DuckDB tables holding the lines.
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { queryColumns } from "../io/duckdb.ts";
 * import { cleanTransactions, releaseTransactions } from "./transactions.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "CustomerID,InvoiceDate,Amount\nA,2024-01-02,3\n");
 * const cleaned = await cleanTransactions(path, { outliers: "none" });
 * await releaseTransactions(cleaned);
 * await rejects(queryColumns(`SELECT count(*) AS n FROM ${cleaned.table}`));
 * ```
 */
export async function releaseTransactions(cleaned: CleanedTransactions): Promise<void> {
  await dropLines(cleaned.table);
}
