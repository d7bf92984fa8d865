/**
 * `deno task rfm <transactions.csv|parquet|xlsx> [options]` — clean invoice
 * lines, compute RFM per customer with scores and named segments, and write
 * `rfm.csv`, the cleaning report (`cleaning_report.json` and `.csv`), the
 * segments' rules in days and purchases (`segment_rules.csv`), what each
 * segment buys (`segment_products.csv`, with a product column), with
 * `--from` the migration's transition matrix and a Markov forecast
 * (`segment_transitions.csv`, `segment_forecast.csv`), and with
 * `--export-segments DIR` one CSV per segment for a CRM.
 * Bad input prints one line naming the file, column and row, exits with 2 and
 * writes nothing.
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
import { ArgumentError, checkOutputTargets, parseOptions, runCli } from "./run_cli.ts";

const USAGE = `Usage:
  deno task rfm <transactions.csv|.parquet|.xlsx>
      [--customer COL --invoice COL --date COL --quantity COL --price COL | --amount COL]
      [--product COL] [--country COL] [--date-format FMT] [--sheet NAME] [--header-row N]
      [--as-of YYYY-MM-DD] [--outliers iqr|zscore|quantile|none] [--outlier-threshold X]
      [--net-cancellations] [--drop-duplicates] [--memory-limit SIZE] [--out DIR]
      [--description COL] [--rule-depth N] [--from YYYY-MM-DD] [--export-segments DIR]

Columns default to the Online Retail headers (InvoiceNo, StockCode, Quantity,
InvoiceDate, UnitPrice, CustomerID, Country) and common spellings of them.
--amount uses a line-amount column instead of quantity × price; without an
invoice column, frequency counts distinct purchase days. --as-of defaults to the
day after the last invoice. --header-row N reads the header from line (or
sheet row) N when title lines sit above it. --memory-limit (e.g. 2GB) caps DuckDB's memory;
beyond it, work spills to a temporary folder. Writes DIR/rfm.csv,
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
recommendation).`;

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
      help: { type: "boolean", short: "h" },
    },
    { command: "rfm", positionals: 1 },
  );
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const file = positionals[0]!;
  const headerRow = parseHeaderRow(values["header-row"], file);
  if (
    values.amount !== undefined && (values.quantity !== undefined && values.price !== undefined)
  ) {
    throw new ArgumentError("give either --quantity and --price, or --amount");
  }
  const outliers = values.outliers ?? "iqr";
  if (!OUTLIERS.includes(outliers)) {
    throw new ArgumentError(`--outliers must be one of ${OUTLIERS.join(", ")}, not "${outliers}"`);
  }
  let threshold: number | undefined;
  if (values["outlier-threshold"] !== undefined) {
    threshold = Number(values["outlier-threshold"]);
    if (!Number.isFinite(threshold)) {
      throw new ArgumentError(
        `--outlier-threshold must be a number, not "${values["outlier-threshold"]}"`,
      );
    }
  }
  let ruleDepth = RFM_RULE_DEPTH;
  if (values["rule-depth"] !== undefined) {
    ruleDepth = Number(values["rule-depth"]);
    if (!Number.isInteger(ruleDepth) || ruleDepth < 1 || ruleDepth > 8) {
      throw new ArgumentError(
        `--rule-depth must be a whole number from 1 to 8, not "${values["rule-depth"]}"`,
      );
    }
  }
  const limit = values["memory-limit"];
  if (limit !== undefined && !MEMORY_LIMIT_PATTERN.test(limit)) {
    throw new ArgumentError(`--memory-limit must look like 512MB or 2GB, not "${limit}"`);
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
    columns: {
      customer: values.customer,
      invoice: values.invoice,
      date: values.date,
      quantity: values.quantity,
      price: values.price,
      amount: values.amount,
      product: values.product,
      country: values.country,
    },
    dateFormat: values["date-format"],
    sheet: values.sheet,
    headerRow,
    asOf: values["as-of"],
    outliers: outliers as OutlierMethod,
    outlierThreshold: threshold,
    netCancellations: values["net-cancellations"] === true,
    dropDuplicates: values["drop-duplicates"] === true,
    memoryLimit: limit,
    description: values.description,
    ruleDepth,
    from: values.from,
    out,
    exportSegments: exportDir,
    onNote: (line) => console.error(line),
    holdSignals: true,
  });
  printSummary(run, { ruleDepth, seconds: (performance.now() - started) / 1000 });
}

/** The run in a few lines on stderr: lines and customers, segment sizes, rules, files. */
function printSummary(run: RFMRun, { ruleDepth, seconds }: { ruleDepth: number; seconds: number }) {
  const { report } = run.cleaning;
  console.error(
    `${report.linesIn} lines → ${report.linesOut} kept → ${run.scored.numRows()} customers (as of ${run.rfm.asOf}) in ${
      seconds.toFixed(2)
    } s`,
  );
  const counts = new Map<string, number>();
  for (const s of run.crm.segments) counts.set(s, (counts.get(s) ?? 0) + 1);
  for (const segment of segmentOrder()) {
    const n = counts.get(segment);
    if (n) console.error(`  ${segment.padEnd(20)} ${String(n).padStart(7)}`);
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
  console.error(`Wrote ${run.written.join(", ")}`);
}

if (import.meta.main) await runCli(main);
