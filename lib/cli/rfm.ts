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
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { aggregateRFM, type RFMResult } from "../features/rfm.ts";
import { scoreRFM } from "../features/rfm_scores.ts";
import { assignSegments, segmentOrder } from "../features/rfm_segments.ts";
import { segmentMigration } from "../features/segment_migration.ts";
import { cleanTransactions, releaseTransactions } from "../clean/transactions.ts";
import { noLinesLeftError, outOfMemoryError } from "../clean/transaction_errors.ts";
import {
  type TransactionCleaningReport,
  transactionReportRows,
} from "../clean/transaction_report.ts";
import { join } from "node:path";
import { matrixFromTable } from "../matrix.ts";
import { explainSegments } from "../explain/explain_segments.ts";
import { ruleConditionsText } from "../explain/segment_rules.ts";
import { segmentProducts } from "../explain/customer_products.ts";
import type { ProductLiftRow } from "../explain/product_lift.ts";
import { markovForecast, type SegmentForecast } from "../explain/markov_forecast.ts";
import { writeSegmentExport } from "../explain/crm_export.ts";
import { rfmSegmentIndex, rfmSegmentLabels } from "../explain/rfm_playbook.ts";
import type { OutlierMethod } from "../clean/transactions_sql.ts";
import { toCSV } from "../io/write_table.ts";
import { writeFilesAtomic } from "../io/write_files.ts";
import { duckdb, sqlString } from "../io/duckdb.ts";
import { ArgumentError, checkOutputTargets, parseOptions, runCli } from "./run_cli.ts";
import { segmentFileName } from "../explain/crm_export.ts";

const USAGE = `Usage:
  deno task rfm <transactions.csv|.parquet|.xlsx>
      [--customer COL --invoice COL --date COL --quantity COL --price COL | --amount COL]
      [--product COL] [--country COL] [--date-format FMT] [--sheet NAME]
      [--as-of YYYY-MM-DD] [--outliers iqr|zscore|quantile|none] [--outlier-threshold X]
      [--net-cancellations] [--drop-duplicates] [--memory-limit SIZE] [--out DIR]
      [--description COL] [--rule-depth N] [--from YYYY-MM-DD] [--export-segments DIR]

Columns default to the Online Retail headers (InvoiceNo, StockCode, Quantity,
InvoiceDate, UnitPrice, CustomerID, Country) and common spellings of them.
--amount uses a line-amount column instead of quantity × price; without an
invoice column, frequency counts distinct purchase days. --as-of defaults to the
day after the last invoice. --memory-limit (e.g. 2GB) caps DuckDB's memory;
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

const RFM_FILES = [
  "rfm.csv",
  "cleaning_report.json",
  "cleaning_report.csv",
  "segment_rules.csv",
  "segment_products.csv",
  "segment_transitions.csv",
  "segment_forecast.csv",
];

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
  const out = values.out ?? "out/rfm";
  const exportDir = values["export-segments"];
  const taken = new Set<string>();
  await checkOutputTargets([
    { dir: out, option: "--out", names: RFM_FILES },
    ...(exportDir === undefined ? [] : [{
      dir: exportDir,
      option: "--export-segments",
      names: [
        ...[...segmentOrder(), "Unassigned"].map((s) => {
          const name = segmentFileName(s, taken);
          taken.add(name);
          return name;
        }),
        "segments_index.csv",
      ],
    }]),
  ], [file]);
  const started = performance.now();
  const limit = values["memory-limit"];
  let spill: string | undefined;
  if (limit !== undefined) {
    if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(limit)) {
      throw new ArgumentError(`--memory-limit must look like 512MB or 2GB, not "${limit}"`);
    }
    spill = await Deno.makeTempDir({ prefix: "rfm_spill_" });
    const con = await duckdb();
    await con.run(
      `SET memory_limit = ${sqlString(limit)}; SET temp_directory = ${sqlString(spill)};`,
    );
  }

  let ruleDepth = 3;
  if (values["rule-depth"] !== undefined) {
    ruleDepth = Number(values["rule-depth"]);
    if (!Number.isInteger(ruleDepth) || ruleDepth < 1 || ruleDepth > 8) {
      throw new ArgumentError(
        `--rule-depth must be a whole number from 1 to 8, not "${values["rule-depth"]}"`,
      );
    }
  }

  // Cleaning and aggregation both run under the memory limit.
  const cleaned = await cleanTransactions(file, {
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
    outliers: outliers as OutlierMethod,
    outlierThreshold: threshold,
    netCancellations: values["net-cancellations"] === true,
    dropDuplicates: values["drop-duplicates"] === true,
    dateFormat: values["date-format"],
    sheet: values.sheet,
  }).catch((error) => {
    throw outOfMemoryError(error, file) ?? error;
  });
  if (cleaned.report.linesOut === 0) {
    // Nothing to segment: write the cleaning report, which says why.
    await releaseTransactions(cleaned);
    await writeFilesAtomic(out, reportFiles(cleaned.report), [file]);
    throw noLinesLeftError(cleaned.report, join(out, "cleaning_report.csv"));
  }
  let result: RFMResult, table: ColumnTable, products: ProductLiftRow[] | undefined;
  let forecast: SegmentForecast | undefined;
  try {
    result = await aggregateRFM(cleaned, { asOf: values["as-of"] });
    table = assignSegments(scoreRFM(result.table));
    const segment = table.array("segment") as string[];
    if (cleaned.roles.product !== undefined) {
      products = await segmentProducts(
        cleaned,
        { customer: table.array("customer_id") as string[], segment },
        {
          asOf: result.asOf,
          order: segmentOrder(),
          description: values.description,
          sheet: values.sheet,
        },
      );
    }
    if (values.from !== undefined) {
      forecast = markovForecast(
        await segmentMigration(cleaned, { from: values.from, to: result.asOf }),
      );
    }
  } catch (error) {
    throw outOfMemoryError(error, file) ?? error;
  } finally {
    await releaseTransactions(cleaned);
  }
  const segments = table.array("segment") as string[];
  const { labels, names: order } = rfmSegmentLabels(segments);
  const explained = explainSegments(
    matrixFromTable(table, ["recency", "frequency", "monetary"], { file }),
    labels,
    { maxDepth: ruleDepth },
  );
  const files: Record<string, string> = {
    "rfm.csv": toCSV(table),
    ...reportFiles(cleaned.report, result.asOf),
    "segment_rules.csv": toCSV(aq.from(explained.rules.map((r) => ({
      segment: order[r.cluster]!,
      rule: ruleConditionsText(r),
      customers: r.rows,
      support: r.support,
      precision: r.precision,
    })))),
  };
  if (products !== undefined) {
    files["segment_products.csv"] = toCSV(
      aq.from(products).select(
        "segment",
        "product",
        "description",
        "customers",
        "share_in_segment",
        "share_overall",
        "lift",
      ),
    );
  }
  if (forecast !== undefined) {
    files["segment_transitions.csv"] = toCSV(aq.from(forecast.transitions));
    // Expected numbers of customers, to one decimal.
    files["segment_forecast.csv"] = toCSV(
      aq.from(forecast.sizes.map((s) => ({ ...s, customers: Math.round(s.customers * 10) / 10 }))),
    );
  }
  const written = await writeFilesAtomic(out, files, [file]);
  if (exportDir !== undefined) {
    written.push(
      ...await writeSegmentExport(exportDir, {
        customers: table.array("customer_id") as string[],
        segments,
        index: rfmSegmentIndex(explained, products ?? []),
        order,
      }, { inputs: [file] }),
    );
  }

  const counts = new Map<string, number>();
  for (const s of table.array("segment") as string[]) counts.set(s, (counts.get(s) ?? 0) + 1);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.error(
    `${cleaned.report.linesIn} lines → ${cleaned.report.linesOut} kept → ${table.numRows()} customers (as of ${result.asOf}) in ${seconds} s`,
  );
  for (const segment of segmentOrder()) {
    const n = counts.get(segment);
    if (n) console.error(`  ${segment.padEnd(20)} ${String(n).padStart(7)}`);
  }
  console.error(
    `Rules (decision tree, depth ${ruleDepth}) match the segments of ${
      Math.round(explained.accuracy * 100)
    }% of customers`,
  );
  if (products === undefined) {
    console.error("No product column: segment_products.csv not written (name it with --product)");
  }
  if (forecast !== undefined) console.error(forecast.assumption);
  console.error(`Wrote ${written.join(", ")}`);
  if (spill !== undefined) await Deno.remove(spill, { recursive: true }).catch(() => {});
}

/** cleaning_report.json and cleaning_report.csv. */
function reportFiles(report: TransactionCleaningReport, asOf?: string): Record<string, string> {
  return {
    "cleaning_report.json":
      JSON.stringify(asOf === undefined ? report : { ...report, asOf }, null, 2) +
      "\n",
    "cleaning_report.csv": toCSV(aq.from(transactionReportRows(report))),
  };
}

if (import.meta.main) await runCli(main);
