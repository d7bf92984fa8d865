/**
 * `deno task rfm <transactions.csv|parquet|xlsx> [options]` — clean invoice
 * lines, compute RFM per customer with scores and named segments, and write
 * `rfm.csv` and the cleaning report (`cleaning_report.json` and `.csv`).
 * Bad input prints one line naming the file, column and row, exits with 2 and
 * writes nothing.
 *
 * @module
 */
import { parseArgs } from "node:util";
import * as aq from "arquero";
import { transactionsToRFM } from "../features/rfm.ts";
import { scoreRFM } from "../features/rfm_scores.ts";
import { assignSegments, segmentOrder } from "../features/rfm_segments.ts";
import { outOfMemoryError, transactionReportRows } from "../clean/transactions.ts";
import type { OutlierMethod } from "../clean/transactions_sql.ts";
import { toCSV } from "../io/write_table.ts";
import { writeFilesAtomic } from "../cluster/segmentation_outputs.ts";
import { duckdb, sqlString } from "../io/duckdb.ts";
import { ArgumentError, runCli } from "./run_cli.ts";

const USAGE = `Usage:
  deno task rfm <transactions.csv|.parquet|.xlsx>
      [--customer COL --invoice COL --date COL --quantity COL --price COL | --amount COL]
      [--product COL] [--country COL] [--date-format FMT] [--sheet NAME]
      [--as-of YYYY-MM-DD] [--outliers iqr|zscore|quantile|none] [--outlier-threshold X]
      [--net-cancellations] [--memory-limit SIZE] [--out DIR]

Columns default to the Online Retail headers (InvoiceNo, StockCode, Quantity,
InvoiceDate, UnitPrice, CustomerID, Country) and common spellings of them.
--amount uses a line-amount column instead of quantity × price; without an
invoice column, frequency counts distinct purchase days. --as-of defaults to the
day after the last invoice. --memory-limit (e.g. 2GB) caps DuckDB's memory;
beyond it, work spills to a temporary folder. Writes DIR/rfm.csv,
DIR/cleaning_report.json and DIR/cleaning_report.csv; DIR defaults to out/rfm.`;

const OUTLIERS = ["iqr", "zscore", "quantile", "none"];

async function main(args: string[]): Promise<void> {
  const string = { type: "string" } as const;
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
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
        "memory-limit": string,
        out: string,
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new ArgumentError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    throw new ArgumentError(`give exactly one input file\n${USAGE}`);
  }
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

  // Cleaning and aggregation both run under the memory limit.
  const result = await transactionsToRFM(file, {
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
    asOf: values["as-of"],
    outliers: outliers as OutlierMethod,
    outlierThreshold: threshold,
    netCancellations: values["net-cancellations"] === true,
    dateFormat: values["date-format"],
    sheet: values.sheet,
  }).catch((error) => {
    throw outOfMemoryError(error, file) ?? error;
  });
  const table = assignSegments(scoreRFM(result.table));
  const report = { ...result.report, asOf: result.asOf };
  const written = await writeFilesAtomic(out, {
    "rfm.csv": toCSV(table),
    "cleaning_report.json": JSON.stringify(report, null, 2) + "\n",
    "cleaning_report.csv": toCSV(aq.from(transactionReportRows(result.report))),
  }, [file]);

  const counts = new Map<string, number>();
  for (const s of table.array("segment") as string[]) counts.set(s, (counts.get(s) ?? 0) + 1);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.error(
    `${result.report.linesIn} lines → ${result.report.linesOut} kept → ${table.numRows()} customers (as of ${result.asOf}) in ${seconds} s`,
  );
  for (const segment of segmentOrder()) {
    const n = counts.get(segment);
    if (n) console.error(`  ${segment.padEnd(20)} ${String(n).padStart(7)}`);
  }
  console.error(`Wrote ${written.join(", ")}`);
  if (spill !== undefined) await Deno.remove(spill, { recursive: true }).catch(() => {});
}

if (import.meta.main) await runCli(main);
