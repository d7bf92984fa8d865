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
 * @module
 */
import { extname } from "node:path";
import { InputError, isInputError } from "../errors.ts";
import { duckdb, queryColumns, sqlString } from "../io/duckdb.ts";
import { checkParquetFile, readTable } from "../io/read_table.ts";
import { checkReadable } from "../io/table_columns.ts";
import { findTitleLines, titleRowsError } from "../io/header_row.ts";
import { isBlankFile, readHead, utf16Encoding } from "../io/transcode.ts";
import { toCSV } from "../io/write_table.ts";
import {
  dropsDuplicates,
  duplicatesCTE,
  OUTLIER_DEFAULTS,
  type OutlierMethod,
  type TransactionRoles,
  transactionRulesSQL,
  type TransactionSQLOptions,
  transactionStageSQL,
  transactionTables,
  transactionValidateSQL,
  validationChecks,
  valueMode,
} from "./transactions_sql.ts";

/** Column names for each role; unset roles are looked up by their usual names. */
export interface TransactionColumns {
  customer?: string;
  invoice?: string;
  date?: string;
  quantity?: string;
  price?: string;
  /** Line amount, standing in for quantity × price. */
  amount?: string;
  product?: string;
  country?: string;
}

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
}

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
}

/** Clean lines held in DuckDB, ready for aggregation. */
export interface CleanedTransactions {
  /** Name of the DuckDB table of every line with its rule and `kept` flag. */
  table: string;
  /** Name of the staged lines (product and country by line number: rowid + 1). */
  stage: string;
  roles: TransactionRoles;
  report: TransactionCleaningReport;
  /** The SQL that was run, statement by statement. */
  sql: string[];
}

/** Usual header spellings per role (compared ignoring case, spaces and punctuation). */
export const TRANSACTION_ALIASES: Record<keyof TransactionColumns, readonly string[]> = {
  customer: ["CustomerID", "Customer ID", "customer_id", "customer", "client_id"],
  invoice: ["InvoiceNo", "Invoice", "invoice_id", "order_id", "order"],
  date: ["InvoiceDate", "Invoice Date", "date", "order_date", "timestamp", "purchase_date"],
  quantity: ["Quantity", "qty", "units"],
  price: ["UnitPrice", "Price", "unit_price"],
  amount: ["Amount", "line_total", "sales", "revenue", "total"],
  product: ["StockCode", "Stock Code", "product_id", "product", "sku", "item"],
  country: ["Country", "region"],
};

const RULES: Record<string, { description: string; action: RuleAction }> = {
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
};

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * Find the column for each role: the name given, else the first usual
 * spelling present. A named column that is missing, or a missing required
 * role (customer, date, and quantity + price or amount), is an InputError.
 *
 * @example
 * ```ts
 * import { resolveTransactionColumns } from "./transactions.ts";
 * const roles = resolveTransactionColumns(["Invoice", "Price", "Quantity", "InvoiceDate", "Customer ID"]);
 * roles.customer; // "Customer ID"
 * ```
 */
export function resolveTransactionColumns(
  available: readonly string[],
  given: TransactionColumns = {},
  file?: string,
): TransactionRoles {
  const byKey = new Map<string, string>();
  for (const name of available) if (!byKey.has(normalise(name))) byKey.set(normalise(name), name);
  const list = available.join(", ");
  const found: TransactionColumns = {};
  for (const role of Object.keys(TRANSACTION_ALIASES) as (keyof TransactionColumns)[]) {
    const name = given[role];
    if (name !== undefined) {
      if (!available.includes(name)) {
        throw new InputError(`Column not found: "${name}"`, {
          file,
          hint: `the ${role} column must be one of: ${list}`,
        });
      }
      found[role] = name;
      continue;
    }
    // Amount is only looked up when quantity × price is not available.
    for (const alias of TRANSACTION_ALIASES[role]) {
      const hit = byKey.get(normalise(alias));
      if (hit !== undefined) {
        found[role] = hit;
        break;
      }
    }
  }
  const need = (role: keyof TransactionColumns, flag: string) => {
    if (found[role] === undefined) {
      throw new InputError(`Required column not found: ${role}`, {
        file,
        hint: `name it with --${flag} COL; available columns: ${list}`,
      });
    }
  };
  need("customer", "customer");
  need("date", "date");
  const useAmount = given.amount !== undefined ||
    (found.amount !== undefined && (found.quantity === undefined || found.price === undefined));
  if (!useAmount) {
    need("quantity", "quantity");
    need("price", "price");
  }
  const roles: TransactionRoles = { customer: found.customer!, date: found.date! };
  if (found.invoice !== undefined) roles.invoice = found.invoice;
  if (found.quantity !== undefined) roles.quantity = found.quantity;
  if (useAmount) roles.amount = found.amount;
  else roles.price = found.price;
  if (found.product !== undefined) roles.product = found.product;
  if (found.country !== undefined) roles.country = found.country;
  return roles;
}

let runs = 0;

interface Source {
  expression: (overrides: Record<string, string>) => string;
  cleanup: () => Promise<void>;
}

async function openSource(path: string, options: CleanTransactionsOptions): Promise<Source> {
  await checkReadable(path);
  const ext = extname(path).toLowerCase();
  const csv = (file: string) => (overrides: Record<string, string>) => {
    const types = Object.entries(overrides).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`);
    return `read_csv(${sqlString(file)}, header = true${
      types.length > 0 ? `, types = {${types.join(", ")}}` : ""
    })`;
  };
  switch (ext) {
    case ".csv":
    case ".tsv":
    case ".txt": {
      // Streamed by DuckDB, which reads UTF-8: UTF-16 ("Unicode text") is refused in one line.
      const utf16 = utf16Encoding(await readHead(path, 512));
      if (utf16 !== undefined) {
        throw new InputError(`The file is ${utf16.toUpperCase()} text`, {
          file: path,
          hint: 'transaction files are read as UTF-8: save it as "CSV UTF-8" and run again',
        });
      }
      if (await isBlankFile(path)) {
        throw new InputError("File is empty", {
          file: path,
          hint: "it holds only spaces or blank lines; export the data again with a header row",
        });
      }
      const found = findTitleLines(new TextDecoder().decode(await readHead(path)));
      if (found !== undefined) throw titleRowsError(found, path, "line", { option: false });
      return { expression: csv(path), cleanup: async () => {} };
    }
    case ".parquet":
      await checkParquetFile(path);
      return { expression: () => `read_parquet(${sqlString(path)})`, cleanup: async () => {} };
    case ".xlsx":
    case ".xlsm":
    case ".xls": {
      // Workbooks are small (a sheet holds at most ~1M rows): read them, then
      // hand DuckDB the same rows as a temporary CSV.
      const table = await readTable(path, { sheet: options.sheet }).catch((error) => {
        // Title rows: rfm has no --header-row (its later steps read the file as it is).
        if (isInputError(error) && error.message.startsWith("Title rows above the header")) {
          error.message = error.message.replace(
            /, or give the header's row.*$/,
            " and save again.",
          );
        }
        throw error;
      });
      const tmp = await Deno.makeTempFile({ suffix: ".csv" });
      await Deno.writeTextFile(tmp, toCSV(table));
      return { expression: csv(tmp), cleanup: () => Deno.remove(tmp).catch(() => {}) };
    }
    default:
      throw new InputError(`Unsupported file type: "${ext || "(none)"}"`, {
        file: path,
        hint: "use a .csv, .parquet or .xlsx file",
      });
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n").find((l) => l.trim() !== "")?.trim() ?? message;
}

/**
 * When DuckDB ran out of the memory it may use (`--memory-limit`), the
 * one-line error saying so; otherwise `undefined`.
 */
export function outOfMemoryError(error: unknown, path: string): InputError | undefined {
  if (isInputError(error) || !/Out of Memory Error/i.test(firstLine(error))) return undefined;
  // DuckDB's own wording runs to several sentences; keep only the size it needed.
  const size = /of size ([\d.]+ ?[KMGT]?i?B)/i.exec(firstLine(error))?.[1];
  const needed = size === undefined ? "" : ` (a step needed ${size} at once)`;
  return new InputError(`Not enough memory under the memory limit${needed}`, {
    file: path,
    hint:
      "raise --memory-limit (work beyond it spills to disk, but each step needs some memory: 64MB or more) or leave it unset",
  });
}

/**
 * The one-line error when every line failed a cleaning rule: which rules
 * dropped how many, and where the cleaning report was written.
 *
 * @example
 * ```ts
 * import { noLinesLeftError } from "./transactions.ts";
 * const e = noLinesLeftError({
 *   file: "x.csv", linesIn: 2, linesOut: 0, customers: 0, netCancellations: false,
 *   outliers: { method: "none" }, columns: { customer: "c", date: "d" },
 *   rules: [{ rule: "cancellation", description: "", action: "dropped", lines: 2 }],
 * }, "out/rfm/cleaning_report.csv");
 * e.message.startsWith("No lines left after cleaning: 2 lines dropped (cancellation 2)"); // true
 * ```
 */
export function noLinesLeftError(
  report: TransactionCleaningReport,
  reportPath: string,
): InputError {
  const dropped = report.rules.filter((r) => r.lines > 0 && r.action !== "kept")
    .map((r) => `${r.rule} ${r.lines}`);
  const why = dropped.length > 0 ? ` (${dropped.join(", ")})` : "";
  return new InputError(`No lines left after cleaning: ${report.linesIn} lines dropped${why}`, {
    file: report.file,
    hint:
      `see the cleaning report in ${reportPath}, and check the column choices (--customer, --quantity, --price) and --outliers`,
  });
}

/** The error for a file DuckDB could not read. */
function readError(error: unknown, path: string, hint?: string): InputError {
  return outOfMemoryError(error, path) ??
    new InputError(`Cannot read the file: ${firstLine(error)}`, { file: path, hint });
}

const PROBLEMS = {
  missing: (role: string) => `Missing ${role}`,
  unparseable: (role: string, value: string) => `Unparseable ${role}: "${value}"`,
  non_numeric: (role: string, value: string) => `Not a number in ${role}: "${value}"`,
  non_finite: (role: string, value: string) => `Not a finite number in ${role}: "${value}"`,
};

const HINTS: Record<string, string> = {
  date:
    "write dates as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, or give their format with --date-format (e.g. %d/%m/%Y %H:%M)",
  invoice: "every line needs an invoice number; without one, leave the invoice column out",
  quantity: "quantities must be numbers; fix or remove the line",
  price: "prices must be numbers without currency signs; fix or remove the line",
  amount: "amounts must be numbers without currency signs; fix or remove the line",
};

/**
 * Stage, validate and apply the cleaning rules to a transaction file. The
 * lines stay in DuckDB (`result.table`); call {@link releaseTransactions}
 * when done with them.
 *
 * @example
 * ```ts
 * import { cleanTransactions, releaseTransactions } from "./transactions.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n" +
 *   "1,2,2024-01-02,3.5,A\n1,2,2024-01-02,3.5,A\nC2,-1,2024-01-03,3.5,A\n3,1,2024-01-04,2,\n");
 * const cleaned = await cleanTransactions(path, { outliers: "none" });
 * cleaned.report.linesOut; // 1
 * await releaseTransactions(cleaned);
 * ```
 */
export async function cleanTransactions(
  path: string,
  options: CleanTransactionsOptions = {},
): Promise<CleanedTransactions> {
  const source = await openSource(path, options);
  const prefix = `rfm_${++runs}`;
  const con = await duckdb();
  try {
    // Column names and sniffed types, without reading the whole file.
    let described: Record<string, unknown[]>;
    try {
      described = await queryColumns(`DESCRIBE SELECT * FROM ${source.expression({})}`);
    } catch (error) {
      throw readError(
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

    // Identifiers are always read as text ("C536379" must not break a number column).
    const overrides: Record<string, string> = {};
    for (const role of ["customer", "invoice", "product"] as const) {
      const name = roles[role];
      if (name !== undefined) overrides[name] = "VARCHAR";
    }
    const sqlOptions: TransactionSQLOptions = {
      source: source.expression(overrides),
      roles,
      allColumns: names,
      types: Object.fromEntries(types),
      outliers: method,
      outlierThreshold: options.outlierThreshold,
      netCancellations: options.netCancellations,
      dropDuplicates: options.dropDuplicates,
      dateFormat: options.dateFormat,
      prefix,
    };
    const executed: string[] = [];
    const stage = async () => {
      const sql = transactionStageSQL(sqlOptions);
      await con.run(sql);
      executed.push(sql);
    };
    try {
      await stage();
    } catch (error) {
      // A sniffed type that a later line breaks (e.g. "abc" in a number column):
      // read the value columns as text and let validation name the line.
      if (!/convert|conversion|CSV Error/i.test(firstLine(error) + String(error))) {
        throw readError(error, path);
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
        await stage();
      } catch (again) {
        throw readError(again, path);
      }
    }
    await validate(sqlOptions, path, executed);
    const rulesSQL = transactionRulesSQL(sqlOptions);
    await con.run(rulesSQL);
    executed.push(rulesSQL);
    const { stage: stageTable, lines } = transactionTables(prefix);
    const report = await buildReport(lines, sqlOptions, path);
    return { table: lines, stage: stageTable, roles, report, sql: executed };
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

async function validate(
  options: TransactionSQLOptions,
  file: string,
  executed: string[],
): Promise<void> {
  const sql = transactionValidateSQL(options);
  const result = await queryColumns(sql);
  executed.push(sql);
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
}

async function buildReport(
  table: string,
  options: TransactionSQLOptions,
  file: string,
): Promise<TransactionCleaningReport> {
  const counts = await queryColumns(
    `SELECT rule, count(*) AS lines, count_if(kept) AS kept FROM ${table} GROUP BY rule`,
  );
  const byRule = new Map<string | null, number>();
  let linesIn = 0, linesOut = 0, customers = 0;
  const rules = counts.rule ?? [];
  for (let i = 0; i < rules.length; i++) {
    const n = Number(counts.lines?.[i]);
    byRule.set(rules[i] === null ? null : String(rules[i]), n);
    linesIn += n;
    linesOut += Number(counts.kept?.[i]);
  }
  // Customers across groups (a customer can have clean and capped lines).
  const distinct = await queryColumns(
    `SELECT count(DISTINCT customer) AS n FROM ${table} WHERE kept`,
  );
  customers = Number(distinct.n?.[0] ?? 0);
  const method = options.outliers ?? "iqr";
  const threshold = method === "none"
    ? undefined
    : (options.outlierThreshold ?? OUTLIER_DEFAULTS[method]);
  const keepsCopies = !dropsDuplicates(options);
  const applicable: string[] = [
    "missing_customer",
    keepsCopies ? "possible_duplicate" : "duplicate",
  ];
  if (keepsCopies) {
    const { stage } = transactionTables(options.prefix);
    const copies = await queryColumns(
      `WITH ${duplicatesCTE(stage)} SELECT count(*) AS n FROM duplicates`,
    );
    byRule.set("possible_duplicate", Number(copies.n?.[0] ?? 0));
  }
  if (options.roles.invoice !== undefined) {
    if (options.netCancellations) applicable.push("cancellation_netted", "cancellation_unmatched");
    else applicable.push("cancellation");
  }
  if (options.roles.quantity !== undefined) applicable.push("non_positive_quantity");
  applicable.push(
    valueMode(options.roles) === "amount" ? "non_positive_amount" : "non_positive_price",
  );
  if (options.netCancellations) applicable.push("netted_to_zero");
  if (method === "quantile") applicable.push("outlier_capped");
  else if (method !== "none") applicable.push("outlier");
  const describe = (rule: string) => {
    const base = RULES[rule]!.description;
    if (rule === "outlier") {
      return method === "iqr"
        ? `${base}: ln(1 + value) above Q3 + ${threshold} × IQR`
        : `${base}: ln(1 + value) above mean + ${threshold} × sd`;
    }
    if (rule === "outlier_capped") return `${base} at the ${threshold} quantile`;
    return base;
  };
  return {
    file,
    linesIn,
    rules: applicable.map((rule) => ({
      rule,
      description: describe(rule),
      action: RULES[rule]!.action,
      lines: byRule.get(rule) ?? 0,
    })),
    linesOut,
    customers,
    outliers: threshold === undefined ? { method } : { method, threshold },
    netCancellations: options.netCancellations === true,
    columns: options.roles,
  };
}

async function dropTables(prefix: string): Promise<void> {
  const con = await duckdb();
  const { stage, lines } = transactionTables(prefix);
  await con.run(`DROP TABLE IF EXISTS ${stage}; DROP TABLE IF EXISTS ${lines};`).catch(() => {});
}

/** Free the DuckDB tables holding the lines. */
export async function releaseTransactions(cleaned: CleanedTransactions): Promise<void> {
  const con = await duckdb();
  await con.run(`DROP TABLE IF EXISTS ${cleaned.table}; DROP TABLE IF EXISTS ${cleaned.stage};`);
}

/**
 * The cleaning report as rows (lines in, one row per rule, lines out), for
 * a table in the notebook or a CSV file.
 *
 * @example
 * ```ts
 * import { transactionReportRows } from "./transactions.ts";
 * const rows = transactionReportRows({
 *   file: "x.csv", linesIn: 3, linesOut: 2, customers: 1, netCancellations: false,
 *   outliers: { method: "none" }, columns: { customer: "c", date: "d" },
 *   rules: [{ rule: "duplicate", description: "Exact copy", action: "dropped", lines: 1 }],
 * });
 * rows.length; // 3
 * ```
 */
export function transactionReportRows(
  report: TransactionCleaningReport,
): { step: string; description: string; action: string; lines: number; share: number }[] {
  const share = (n: number) => (report.linesIn > 0 ? n / report.linesIn : 0);
  return [
    {
      step: "lines_in",
      description: "Lines read",
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
      description: `Lines kept for RFM (${report.customers} customers)`,
      action: "",
      lines: report.linesOut,
      share: share(report.linesOut),
    },
  ];
}
