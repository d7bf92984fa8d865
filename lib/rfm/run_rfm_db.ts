/**
 * The RFM pipeline where the invoice lines live: a table of a PostgreSQL
 * database, a DuckDB database file or Spark (`deno task rfm --db URL --table
 * lines`). The cleaning rules, the per-customer aggregation and (with
 * `--into`) the quintile scores and segments run in the engine, as SQL
 * generated for its dialect by the same code that runs them on a file here;
 * only the customers' RFM rows come back (or, with `into`, only counts: the
 * result stays in the database, made under a temporary name and renamed at
 * the end, so a failed run leaves nothing half-made).
 *
 * Every statement goes to the engine in one batch: Spark runs it as one
 * `spark-sql` job; PostgreSQL and DuckDB run it statement by statement and
 * stop at a failed check before they create anything.
 *
 * @module
 */
import * as aq from "arquero";
import { InputError, isInputError } from "../errors.ts";
import { type OutputFolderFiles, writeOutputFolders } from "../io/write_files.ts";
import type { SqlConnection, SqlStatement, TableColumn } from "../sql/connection.ts";
import { engineFunctions } from "../sql/engine_functions.ts";
import { openConnection } from "../sql/open_connection.ts";
import { resolveTransactionColumns } from "../clean/transaction_columns.ts";
import {
  addAfterAsOf,
  cleaningReportFromCounts,
  type TransactionCleaningReport,
} from "../clean/transaction_report.ts";
import { noLinesLeftError } from "../clean/transaction_errors.ts";
import {
  dropsDuplicates,
  duplicatesCTE,
  transactionReportSQL,
  type TransactionRoles,
  transactionRulesSQL,
  type TransactionSQLOptions,
  transactionStageSQL,
  transactionTables,
  validationChecks,
} from "../clean/transactions_sql.ts";
import { parseAsOf, rfmAggregateSQL } from "../features/rfm.ts";
import { scoreRFM } from "../features/rfm_scores.ts";
import { rfmScoresSQL } from "../features/rfm_scores_sql.ts";
import { assignSegments, RFM_SEGMENT_RULES, segmentOrder } from "../features/rfm_segments.ts";
import { checkRFMOptions, type RFMOptions } from "./rfm_options.ts";
import { cleaningReportFiles } from "./rfm_files.ts";
import { completeRFMRun, type RFMRun } from "./run_rfm.ts";

/** Options of {@link runDatabaseRFM}: those of a file run, plus where the lines are. */
export interface DatabaseRFMOptions
  extends Omit<RFMOptions, "sheet" | "memoryLimit" | "description" | "from" | "exportSegments"> {
  /** `--db`: a PostgreSQL URL, a DuckDB file or `spark:MASTER` (see `lib/sql/connection_url.ts`). */
  db: string;
  /** `--table`: the table of invoice lines (`schema.table` allowed). */
  table: string;
  /** `--into`: leave the scored customers in this table instead of bringing them back. */
  into?: string;
}

/** What a database run found: a full run's results, or with `into` the report and segment sizes. */
export type DatabaseRFMRun =
  | ({ into?: undefined } & RFMRun)
  | {
    into: string;
    file: string;
    report: TransactionCleaningReport;
    asOf: string;
    /** Customers per segment, in the segment map's order. */
    segments: { segment: string; customers: number }[];
    /** Every statement sent to the engine, in order. */
    sql: string[];
    files: Record<string, string>;
    written: string[];
  };

/** How a failed check reads. */
const PROBLEMS = {
  unparseable: "Unreadable",
  non_numeric: "Not a number in",
  non_finite: "Not a finite number in",
} as const;

/** Role columns and the types each may have in a table. */
const ROLE_TYPES: Record<string, readonly TableColumn["type"][]> = {
  date: ["TIMESTAMP", "DATE", "VARCHAR"],
  quantity: ["DOUBLE", "BIGINT", "VARCHAR"],
  price: ["DOUBLE", "BIGINT", "VARCHAR"],
  amount: ["DOUBLE", "BIGINT", "VARCHAR"],
};

/** The column of each role, found as for a file, with errors naming the database and table. */
function resolveRoles(
  columns: readonly TableColumn[],
  options: DatabaseRFMOptions,
  where: { database: string; table: string },
): TransactionRoles {
  const token = `\u0000table\u0000`;
  let roles: TransactionRoles;
  try {
    roles = resolveTransactionColumns(columns.map((c) => c.name), options.columns, token);
  } catch (error) {
    if (isInputError(error)) {
      error.message = error.message.replace(
        `file ${token}`,
        `database ${where.database}, table ${where.table}`,
      );
    }
    throw error;
  }
  for (const [role, allowed] of Object.entries(ROLE_TYPES)) {
    const name = roles[role as keyof TransactionRoles];
    if (name === undefined) continue;
    const column = columns.find((c) => c.name === name)!;
    if (!allowed.includes(column.type)) {
      throw new InputError(`The ${role} column has the wrong type: ${column.engineType}`, {
        ...where,
        column: name,
        hint: role === "date"
          ? "the date must be a date or timestamp column, or text written as YYYY-MM-DD"
          : `the ${role} must be a number column (or text holding numbers)`,
      });
    }
  }
  return roles;
}

/**
 * The table as SQL: quoted part by part (`schema.table`), or as written when
 * it is already quoted (Spark reads files as tables: parquet.`/data/lines`).
 */
export function tableReference(dialect: SqlConnection["dialect"], table: string): string {
  return /[`"]/.test(table) ? table : dialect.tableName(table);
}

/** `date` + 1 day in the engine. */
function dayAfter(dialect: SqlConnection["dialect"], date: string): string {
  return dialect.name === "spark" ? `date_add(${date}, 1)` : `${date} + 1`;
}

/** A number from a result value (engines return counts as numbers, text or null). */
function num(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Drop the trailing semicolon: statements are sent one by one or wrapped. */
function bare(sql: string): string {
  return sql.replace(/;\s*$/, "");
}

/**
 * Run RFM on a table of invoice lines in a database. Without `into`, the
 * customers' rows come back and the usual files are made (rfm.csv, the
 * cleaning report, segment_rules.csv); with `into`, the scored customers are
 * left in that table and only the cleaning report is made. With `out`, the
 * files are written.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { DuckDBInstance } from "@duckdb/node-api";
 * import { runDatabaseRFM } from "./run_rfm_db.ts";
 * const path = (await Deno.makeTempDir()) + "/shop.duckdb";
 * const con = await (await DuckDBInstance.create(path)).connect();
 * await con.run(`CREATE TABLE lines AS SELECT * FROM (VALUES
 *   ('1', 2, TIMESTAMP '2024-01-02', 3.5, 'A'), ('2', 1, TIMESTAMP '2024-01-09', 4.0, 'A'),
 *   ('3', 1, TIMESTAMP '2024-01-04', 2.0, 'B')) AS t(InvoiceNo, Quantity, InvoiceDate, UnitPrice, CustomerID)`);
 * con.closeSync();
 * const run = await runDatabaseRFM({ db: path, table: "lines", outliers: "none" });
 * equal(run.into, undefined);
 * if (run.into === undefined) equal(run.scored.numRows(), 2);
 * ```
 */
export async function runDatabaseRFM(options: DatabaseRFMOptions): Promise<DatabaseRFMRun> {
  checkRFMOptions(options);
  if (options.dateFormat !== undefined) {
    throw new InputError("--date-format is for files", {
      hint: "in a database, use a date or timestamp column, or text written as YYYY-MM-DD",
    });
  }
  const conn = await openConnection(options.db, { write: options.into !== undefined });
  try {
    return await analyse(conn, options);
  } finally {
    await conn.close();
  }
}

async function analyse(
  conn: SqlConnection,
  options: DatabaseRFMOptions,
): Promise<DatabaseRFMRun> {
  const d = conn.dialect;
  const e = engineFunctions(d);
  const where = { database: conn.label, table: options.table };
  const file = `${conn.label} table ${options.table}`;
  const columns = await conn.describe(options.table);
  const roles = resolveRoles(columns, options, where);
  if (options.netCancellations && (roles.product === undefined || roles.invoice === undefined)) {
    throw new InputError("Netting cancellations needs invoice and product columns", {
      ...where,
      hint: "name them with --invoice COL --product COL, or leave out --net-cancellations",
    });
  }
  const prefix = `segments_rfm_${crypto.randomUUID().slice(0, 8)}`;
  const sqlOptions: TransactionSQLOptions = {
    source: tableReference(d, options.table),
    roles,
    allColumns: columns.map((c) => c.name),
    types: Object.fromEntries(columns.map((c) => [c.name, c.type])),
    outliers: options.outliers ?? "iqr",
    outlierThreshold: options.outlierThreshold,
    netCancellations: options.netCancellations,
    dropDuplicates: options.dropDuplicates,
    prefix,
    dialect: d,
  };
  const { stage, lines } = transactionTables(prefix);
  const checks = validationChecks(sqlOptions);
  const validate = `SELECT count(*) AS lines${
    checks.map((c, i) =>
      `,\n  ${e.countIf(c.condition)} AS failed_${i},\n  min(CASE WHEN ${c.condition} THEN ${
        d.toText(c.raw)
      } END) AS value_${i}`
    ).join("")
  }\nFROM ${stage}`;
  const asOfTable = `${prefix}_asof`;
  // The as-of date, given or found in the batch, lives in a one-row table.
  const asOfSQL = `(SELECT as_of FROM ${asOfTable})`;
  const kept = (extra = "") => `FROM ${lines} WHERE kept${extra}`;

  const statements: SqlStatement[] = [
    { sql: bare(transactionStageSQL(sqlOptions)) },
    { sql: validate, result: "checks" },
    {
      sql: "",
      guard: {
        result: "checks",
        passes: (rows) => {
          const row = rows[0] ?? {};
          return num(row.lines) > 0 && checks.every((_, i) => num(row[`failed_${i}`]) === 0);
        },
        failedWhen: `lines = 0${checks.map((_, i) => ` OR failed_${i} > 0`).join("")}`,
      },
    },
    { sql: bare(transactionRulesSQL(sqlOptions)) },
    { sql: bare(transactionReportSQL(prefix, d)), result: "report" },
    { sql: `SELECT count(DISTINCT customer) AS n ${kept()}`, result: "customers" },
  ];
  if (!dropsDuplicates(sqlOptions)) {
    statements.push({
      sql: `WITH ${duplicatesCTE(stage, d)} SELECT count(*) AS n FROM duplicates`,
      result: "copies",
    });
  }
  statements.push(
    {
      sql: bare(e.createTemp(
        asOfTable,
        options.asOf === undefined
          ? `SELECT ${dayAfter(d, "CAST(max(ts) AS DATE)")} AS as_of ${kept()}`
          : `SELECT ${d.dateLiteral(parseAsOf(options.asOf))} AS as_of`,
      )),
    },
    { sql: `SELECT ${d.toText("as_of")} AS as_of FROM ${asOfTable}`, result: "as_of" },
    {
      // A join, not a subquery: Spark takes no subquery inside an aggregate.
      sql: `SELECT ${e.countIf("l.ts >= a.as_of")} AS late,
  count(DISTINCT CASE WHEN l.ts < a.as_of THEN l.customer END) AS customers
FROM ${lines} AS l CROSS JOIN ${asOfTable} AS a WHERE l.kept`,
      result: "late",
    },
  );
  const aggregate = rfmAggregateSQL({
    table: lines,
    roles,
    asOf: options.asOf ?? "1970-01-01",
    asOfSQL,
    dialect: d,
  });
  const rules = options.segmentRules ?? RFM_SEGMENT_RULES;
  if (options.into === undefined) {
    statements.push({ sql: bare(aggregate), result: "rfm" });
  } else {
    const rfmTable = `${prefix}_rfm`;
    statements.push(
      { sql: bare(e.createTemp(rfmTable, bare(aggregate).replace(/\nORDER BY [^\n]*$/, ""))) },
      {
        sql: "",
        guard: { result: "customers", passes: (rows) => num(rows[0]?.n) > 0, failedWhen: "n = 0" },
      },
    );
    const staging = `${options.into}_${prefix.slice("segments_".length)}_partial`;
    for (
      const sql of d.replaceTable(
        options.into,
        staging,
        rfmScoresSQL({ dialect: d, source: rfmTable, rules }),
      )
    ) {
      statements.push({ sql });
    }
    statements.push({
      sql: `SELECT segment, count(*) AS customers FROM ${
        d.tableName(options.into)
      } GROUP BY segment`,
      result: "segments",
    });
  }

  const run = await conn.run(statements, { table: options.table });
  const results = run.results;
  const checked = results.get("checks")?.[0] ?? {};
  if (num(checked.lines) === 0) {
    throw new InputError("The table has no rows", {
      ...where,
      hint: "load the invoice lines first, or check --table",
    });
  }
  for (let i = 0; i < checks.length; i++) {
    if (num(checked[`failed_${i}`]) === 0) continue;
    const check = checks[i]!;
    const value = String(checked[`value_${i}`] ?? "");
    const failed = num(checked[`failed_${i}`]);
    const more = failed > 1 ? ` (and ${failed - 1} more rows)` : "";
    const problem = check.problem === "missing"
      ? `Missing ${check.role} on ${failed} row${failed === 1 ? "" : "s"}`
      : `${PROBLEMS[check.problem]} ${check.role}: "${value}"${more}`;
    throw new InputError(problem, {
      ...where,
      column: roles[check.role]!,
      hint: check.role === "date"
        ? "dates must be a date or timestamp column, or text written as YYYY-MM-DD"
        : `fix or remove those rows (the ${check.role} must be a finite number)`,
    });
  }
  const report = cleaningReportFromCounts(sqlOptions, file, {
    rows: (results.get("report") ?? []).map((r) => ({
      rule: r.rule === null || r.rule === undefined ? null : String(r.rule),
      lines: num(r.lines),
      kept: num(r.kept),
    })),
    customers: num(results.get("customers")?.[0]?.n),
    possibleDuplicates: dropsDuplicates(sqlOptions)
      ? undefined
      : num(results.get("copies")?.[0]?.n),
  });
  if (report.linesOut === 0 || run.stopped) throw noLinesLeftError(report);
  const asOf = String(results.get("as_of")?.[0]?.as_of ?? "").slice(0, 10);
  const late = results.get("late")?.[0] ?? {};
  addAfterAsOf(report, asOf, { late: num(late.late), customers: num(late.customers) });
  const sql = statements.map((s) => s.sql).filter((s) => s !== "");

  if (options.into !== undefined) {
    const counts = new Map(
      (results.get("segments") ?? []).map((r) => [String(r.segment), num(r.customers)]),
    );
    const segments = [...segmentOrder(rules), "Unclassified"].filter((s) => counts.has(s))
      .map((segment) => ({ segment, customers: counts.get(segment)! }));
    const files = cleaningReportFiles(report, asOf);
    const written = await write(options, files);
    return { into: options.into, file, report, asOf, segments, sql, files, written };
  }

  const rows = (results.get("rfm") ?? []).slice().sort((a, b) => {
    const x = String(a.customer_id), y = String(b.customer_id);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  if (rows.length === 0) {
    throw new InputError(`No purchases before the as-of date ${asOf}`, {
      ...where,
      hint: "pick a later --as-of date",
    });
  }
  const numbers = (name: string) => Float64Array.from(rows, (r) => num(r[name]));
  const maybe = (name: string) =>
    rows.map((r) => (r[name] === null || r[name] === undefined ? null : Number(r[name])));
  const table = aq.table({
    customer_id: rows.map((r) => String(r.customer_id)),
    recency: numbers("recency"),
    frequency: numbers("frequency"),
    monetary: numbers("monetary"),
    total_quantity: maybe("total_quantity"),
    avg_basket_value: numbers("avg_basket_value"),
    tenure: numbers("tenure"),
    distinct_products: maybe("distinct_products"),
    country: rows.map((
      r,
    ) => (r.country === null || r.country === undefined ? null : String(r.country))),
  });
  const scored = assignSegments(scoreRFM(table), rules);
  const result = completeRFMRun({
    file,
    cleaning: { report, sql, roles },
    rfm: { table, asOf, sql: aggregate },
    scored,
    rules,
    ruleDepth: options.ruleDepth,
    onNote: options.onNote,
  });
  result.written.push(...await write(options, result.files));
  return result;
}

async function write(
  options: DatabaseRFMOptions,
  files: Record<string, string>,
): Promise<string[]> {
  if (options.out === undefined) return [];
  const folders: OutputFolderFiles[] = [{ dir: options.out, files }];
  return await writeOutputFolders(folders, [], {
    onNote: options.onNote,
    holdSignals: options.holdSignals,
  });
}
