/**
 * `deno task rfm <transactions.csv|parquet|xlsx> [options]` — clean invoice
 * lines, compute RFM per customer with scores and named segments, and write
 * `rfm.csv`, the cleaning report (`cleaning_report.json` and `.csv`), the
 * segments' rules in days and purchases (`segment_rules.csv`), what each
 * segment buys (`segment_products.csv`, with a product column), with
 * `--from` the migration's transition matrix and a Markov forecast
 * (`segment_transitions.csv`, `segment_forecast.csv`), and with
 * `--export-segments DIR` one CSV per segment for a CRM, and with `--clv`
 * customer lifetime value (BG/NBD and Gamma-Gamma) beside RFM.
 * Bad input prints one line naming the file, column and row, exits with 2 and
 * writes nothing.
 *
 * With `--db URL --table NAME` the lines are read where they live (PostgreSQL,
 * a DuckDB file, Spark): cleaning and aggregation run there as SQL and only
 * the customers' rows come back; with `--into TABLE` the scored customers stay
 * in the database and only the cleaning report is written (`runDatabaseRFM`).
 *
 * The work is `runRFM` (lib/rfm/), which notebook 02 calls too: this file
 * parses the arguments, checks the output folders, calls it and prints a
 * summary.
 *
 * @module
 */
import type { OutlierMethod } from "../clean/transaction_outliers_sql.ts";
import { segmentOrder } from "../features/rfm_segments.ts";
import { parseHeaderRow } from "../io/header_row.ts";
import {
  MEMORY_LIMIT_PATTERN,
  RFM_FILES,
  RFM_RULE_DEPTH,
  rfmExportFileNames,
  type RFMRun,
  runRFM,
} from "../rfm/mod.ts";
import { type DatabaseRFMRun, runDatabaseRFM } from "../rfm/run_rfm_db.ts";
import { formatCount, formatFigure } from "../format.ts";
import { ArgumentError, checkOutputTargets, parseOptions, runCli } from "./run_cli.ts";

const USAGE = `Usage:
  deno task rfm <transactions.csv|.parquet|.xlsx>
      [--customer COL --invoice COL --date COL --quantity COL --price COL | --amount COL]
      [--product COL] [--country COL] [--date-format FMT] [--sheet NAME] [--header-row N]
      [--as-of YYYY-MM-DD] [--outliers iqr|zscore|quantile|none] [--outlier-threshold X]
      [--net-cancellations] [--drop-duplicates] [--memory-limit SIZE] [--out DIR]
      [--description COL] [--rule-depth N] [--from YYYY-MM-DD] [--export-segments DIR]
      [--clv [--horizon DAYS] [--discount RATE]]
  deno task rfm --db URL --table NAME [--into TABLE] [the column and cleaning options] [--out DIR]

Columns default to the Online Retail headers (InvoiceNo, StockCode, Quantity,
InvoiceDate, UnitPrice, CustomerID, Country) and common spellings of them.
--amount uses a line-amount column instead of quantity × price; without an
invoice column, frequency counts distinct purchase days. --as-of defaults to the
day after the last invoice. Dates written otherwise than YYYY-MM-DD (12/1/2010
8:26, 01.12.2010) are read with the one common format that reads every one of
them; --date-format FMT (strptime, e.g. %d/%m/%Y %H:%M) settles the rest.
--header-row N reads the header from line (or sheet row) N when title lines sit
above it. --memory-limit (e.g. 8GB) is the run's memory budget: DuckDB gets what
the customers' rows leave of it, and work beyond that spills to a temporary
folder. Writes DIR/rfm.csv,
DIR/cleaning_report.json and DIR/cleaning_report.csv; DIR defaults to out/rfm.

Also DIR/segment_rules.csv (a decision tree of depth --rule-depth, default 3,
on recency, frequency and monetary: one rule per leaf with support and
precision) and, with a product column, DIR/segment_products.csv (products
bought by at least 5% of a segment, top 10 per segment by lift; descriptions
from --description COL or a "Description" column). --from adds the migration
since that date: DIR/segment_transitions.csv and DIR/segment_forecast.csv
(segment sizes one and two periods ahead, first-order Markov).
--export-segments DIR2 writes one CSV of customer ids per segment into DIR2
and DIR2/segments_index.csv (segment, file, customers, rule, definition,
recommendation).

--clv fits BG/NBD (purchases and dropout) and Gamma-Gamma (value per purchase)
on the lines before the as-of date, time in days, and adds to rfm.csv:
p_alive (probability the customer is still active), expected_purchases (over
the horizon), expected_value (per purchase) and clv (expected value over the
horizon, discounted). --horizon DAYS (default 365) and --discount RATE (a year,
default 0.1 = 10%; applied per 30-day month). Also writes DIR/clv_segments.csv
(CLV per segment), DIR/clv_slipping.csv (past spend in the top fifth, P(alive)
below 0.5: a win-back list) and DIR/clv_holdout.csv (the models refitted
before a holdout, predicted against actual purchases in it per frequency);
with --export-segments, each list is sorted by CLV.

--db reads the lines where they live: a PostgreSQL URL
(postgres://user:password@host:port/database; the password may come from
$PGPASSWORD and is never printed or written), a DuckDB file (.duckdb, .db) or
spark:local[2] (spark-sql; ?key=value adds a --conf, ?dir=FOLDER its working
folder). Cleaning, aggregation and, with --into TABLE, the scores and segments
run there as SQL: without --into only the customers' rows come back (the usual
files); with it the scored customers stay in TABLE (made under a temporary name,
renamed at the end) and only the cleaning report is written. --table may be
schema.table, or for Spark a file read as a table: 'parquet.\`/data/lines\`'.`;

const OUTLIERS = ["iqr", "zscore", "quantile", "none"];

async function main(args: string[]): Promise<void> {
  const string = { type: "string" } as const;
  const { values, positionals } = parseOptions(
    args,
    {
      customer: string,
      invoice: string,
      date: string,
      quantity: string,
      price: string,
      amount: string,
      product: string,
      country: string,
      "date-format": string,
      sheet: string,
      "header-row": string,
      "as-of": string,
      outliers: string,
      "outlier-threshold": string,
      "net-cancellations": { type: "boolean" },
      "drop-duplicates": { type: "boolean" },
      "memory-limit": string,
      out: string,
      description: string,
      "rule-depth": string,
      from: string,
      "export-segments": string,
      clv: { type: "boolean" },
      horizon: string,
      discount: string,
      db: string,
      table: string,
      into: string,
      help: { type: "boolean", short: "h" },
    },
    {
      command: "rfm",
      positionals: args.some((a) => a === "--db" || a.startsWith("--db=")) ? 0 : 1,
    },
  );
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.db !== undefined) {
    if (values.clv === true) {
      throw new ArgumentError(
        "--clv runs on a file of invoice lines, not yet with --db: export the lines (or run rfm on a Parquet extract) for lifetime value",
      );
    }
    return await fromDatabase(values);
  }
  for (const flag of ["table", "into"] as const) {
    if (values[flag] !== undefined) throw new ArgumentError(`--${flag} needs --db`);
  }
  const file = positionals[0]!;
  const headerRow = parseHeaderRow(values["header-row"], file);
  const shared = optionsOf(values);
  const ruleDepth = shared.ruleDepth;
  const limit = values["memory-limit"];
  if (limit !== undefined && !MEMORY_LIMIT_PATTERN.test(limit)) {
    throw new ArgumentError(`--memory-limit must look like 512MB or 2GB, not "${limit}"`);
  }
  const clv = values.clv === true;
  if (!clv && (values.horizon !== undefined || values.discount !== undefined)) {
    throw new ArgumentError("--horizon and --discount are options of --clv: add --clv");
  }
  const horizonDays = values.horizon === undefined ? undefined : Number(values.horizon);
  if (horizonDays !== undefined && !(Number.isFinite(horizonDays) && horizonDays > 0)) {
    throw new ArgumentError(`--horizon must be a positive number of days, not "${values.horizon}"`);
  }
  const discount = values.discount === undefined ? undefined : Number(values.discount);
  if (discount !== undefined && !(Number.isFinite(discount) && discount >= 0 && discount < 10)) {
    throw new ArgumentError(
      `--discount must be a yearly rate as a fraction (0.1 for 10%), not "${values.discount}"`,
    );
  }
  const out = values.out ?? "out/rfm";
  const exportDir = values["export-segments"];
  await checkOutputTargets([
    { dir: out, option: "--out", names: [...RFM_FILES] },
    ...(exportDir === undefined
      ? []
      : [{ dir: exportDir, option: "--export-segments", names: rfmExportFileNames() }]),
  ], [file]);

  const started = performance.now();
  const run = await runRFM(file, {
    ...shared,
    dateFormat: values["date-format"],
    sheet: values.sheet,
    headerRow,
    memoryLimit: limit,
    description: values.description,
    from: values.from,
    out,
    exportSegments: exportDir,
    clv,
    horizonDays,
    discount,
    onNote: (line) => console.error(line),
    holdSignals: true,
  });
  printSummary(run, { ruleDepth, seconds: (performance.now() - started) / 1000 });
}

/** The options shared by file and database runs, from the parsed flags. */
function optionsOf(values: Record<string, string | boolean | undefined>) {
  const text = (name: string) => values[name] as string | undefined;
  if (
    text("amount") !== undefined && text("quantity") !== undefined && text("price") !== undefined
  ) {
    throw new ArgumentError("give either --quantity and --price, or --amount");
  }
  const outliers = text("outliers") ?? "iqr";
  if (!OUTLIERS.includes(outliers)) {
    throw new ArgumentError(`--outliers must be one of ${OUTLIERS.join(", ")}, not "${outliers}"`);
  }
  let threshold: number | undefined;
  if (text("outlier-threshold") !== undefined) {
    threshold = Number(text("outlier-threshold"));
    if (!Number.isFinite(threshold)) {
      throw new ArgumentError(
        `--outlier-threshold must be a number, not "${text("outlier-threshold")}"`,
      );
    }
  }
  let ruleDepth = RFM_RULE_DEPTH;
  if (text("rule-depth") !== undefined) {
    ruleDepth = Number(text("rule-depth"));
    if (!Number.isInteger(ruleDepth) || ruleDepth < 1 || ruleDepth > 8) {
      throw new ArgumentError(
        `--rule-depth must be a whole number from 1 to 8, not "${text("rule-depth")}"`,
      );
    }
  }
  return {
    columns: {
      customer: text("customer"),
      invoice: text("invoice"),
      date: text("date"),
      quantity: text("quantity"),
      price: text("price"),
      amount: text("amount"),
      product: text("product"),
      country: text("country"),
    },
    asOf: text("as-of"),
    outliers: outliers as OutlierMethod,
    outlierThreshold: threshold,
    netCancellations: values["net-cancellations"] === true,
    dropDuplicates: values["drop-duplicates"] === true,
    ruleDepth,
  };
}

/** `--db URL --table NAME [--into TABLE]`: RFM where the lines live. */
async function fromDatabase(values: Record<string, string | boolean | undefined>) {
  const table = values.table as string | undefined;
  if (table === undefined) throw new ArgumentError("--db needs --table NAME (the invoice lines)");
  for (const flag of ["sheet", "memory-limit", "description", "from", "export-segments"]) {
    if (values[flag] !== undefined) throw new ArgumentError(`--${flag} is for files, not --db`);
  }
  const shared = optionsOf(values);
  const out = (values.out as string | undefined) ?? "out/rfm";
  const into = values.into as string | undefined;
  await checkOutputTargets([{ dir: out, option: "--out", names: [...RFM_FILES] }], []);
  const started = performance.now();
  const run = await runDatabaseRFM({
    ...shared,
    dateFormat: values["date-format"] as string | undefined,
    db: values.db as string,
    table,
    into,
    out,
    onNote: (line) => console.error(line),
    holdSignals: true,
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.into === undefined) {
    printSummary(run, { ruleDepth: shared.ruleDepth, seconds });
    return;
  }
  printIntoSummary(run, seconds);
}

/** A run whose customers stayed in the database. */
function printIntoSummary(run: Extract<DatabaseRFMRun, { into: string }>, seconds: number) {
  const { report } = run;
  console.error(
    `${formatCount(report.linesIn)} lines → ${formatCount(report.linesOut)} kept → ${
      formatCount(report.customers)
    } ${report.customers === 1 ? "customer" : "customers"} (as of ${run.asOf}) in ${
      seconds.toFixed(2)
    } s, scored into table ${run.into}`,
  );
  for (const { segment, customers } of run.segments) {
    console.error(`  ${segment.padEnd(20)} ${formatCount(customers).padStart(7)}`);
  }
  console.error(`Wrote ${run.written.join(", ")}`);
}

/** The run in a few lines on stderr: lines and customers, segment sizes, rules, files. */
function printSummary(run: RFMRun, { ruleDepth, seconds }: { ruleDepth: number; seconds: number }) {
  const { report } = run.cleaning;
  console.error(
    `${formatCount(report.linesIn)} lines → ${formatCount(report.linesOut)} kept → ${
      formatCount(run.scored.numRows())
    } ${run.scored.numRows() === 1 ? "customer" : "customers"} (as of ${run.rfm.asOf}) in ${
      seconds.toFixed(2)
    } s`,
  );
  const counts = new Map<string, number>();
  for (const s of run.crm.segments) counts.set(s, (counts.get(s) ?? 0) + 1);
  for (const segment of segmentOrder()) {
    const n = counts.get(segment);
    if (n) console.error(`  ${segment.padEnd(20)} ${formatCount(n).padStart(7)}`);
  }
  console.error(
    `Rules (decision tree, depth ${ruleDepth}) match the segments of ${
      Math.round(run.segmentRules.accuracy * 100)
    }% of customers`,
  );
  if (run.products === undefined) {
    console.error("No product column: segment_products.csv not written (name it with --product)");
  }
  if (run.forecast !== undefined) console.error(run.forecast.assumption);
  if (run.clv !== undefined) {
    const { value, holdout } = run.clv;
    const { r, alpha, a, b } = value.bgnbd.params;
    const { p, q, gamma } = value.gammaGamma.params;
    const total = value.table.array("clv") as (number | null)[];
    const valued = total.filter((v) => v !== null).length;
    const sum = total.reduce((s: number, v) => s + (v ?? 0), 0);
    // A fit its warning (printed above) calls unusable shows no parameters, never NaN.
    const bgnbd = value.bgnbd.repeatBuyers === 0 || ![r, alpha, a, b].every(Number.isFinite)
      ? "BG/NBD not estimable"
      : `BG/NBD r ${r.toPrecision(3)}, α ${alpha.toPrecision(4)} days, a ${a.toPrecision(3)}, b ${
        b.toPrecision(3)
      }`;
    const repeat = `${formatCount(value.gammaGamma.repeatBuyers)} repeat ${
      value.gammaGamma.repeatBuyers === 1 ? "buyer" : "buyers"
    }`;
    const correlation = value.gammaGamma.frequencyValueCorrelation;
    const gammaGamma = [p, q, gamma].every(Number.isFinite)
      ? `Gamma-Gamma p ${p.toPrecision(3)}, q ${q.toPrecision(3)}, γ ${
        gamma.toPrecision(4)
      } (${repeat}${
        Number.isFinite(correlation)
          ? `, frequency–value correlation ${formatFigure(correlation, { decimals: 2 })}`
          : ""
      })`
      : `Gamma-Gamma not fitted (${repeat})`;
    console.error(
      `CLV over ${value.horizonDays} days at ${value.discount * 100}% a year: ${
        valued === 0 ? "none computed" : `${formatFigure(sum, { decimals: 0 })} in all`
      }; ${bgnbd}; ${gammaGamma}; ${formatCount(run.clv.slipping.numRows())} high-value ${
        run.clv.slipping.numRows() === 1 ? "customer" : "customers"
      } slipping`,
    );
    if (holdout !== undefined) {
      const actual = holdout.rows.reduce((s, r) => s + r.actual * r.customers, 0);
      const predicted = holdout.rows.reduce((s, r) => s + r.predicted * r.customers, 0);
      console.error(
        `Holdout check (fit before ${holdout.calibrationEnd}, ${holdout.days} days held out): ${
          formatFigure(actual, { decimals: 0 })
        } purchases made, ${formatFigure(predicted, { decimals: 0 })} predicted`,
      );
    }
  }
  console.error(`Wrote ${run.written.join(", ")}`);
}

if (import.meta.main) await runCli(main);
