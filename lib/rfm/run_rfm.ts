/**
 * The RFM pipeline as one function: clean the invoice lines (in DuckDB,
 * streaming from the file) → aggregate per customer → quintile scores →
 * named segments → rules in days and purchases → what each segment buys →
 * migration since an earlier date and its forecast → the files. `deno task
 * rfm` and notebook 02 both call it; the notebook shows the steps from what
 * it returns.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { join } from "node:path";
import { type Matrix, matrixFromTable } from "../matrix.ts";
import { columnValues } from "../column_array.ts";
import { type OutputFolderFiles, writeFilesAtomic, writeOutputFolders } from "../io/write_files.ts";
import { cleanTransactions, releaseTransactions } from "../clean/transactions.ts";
import { countAfterAsOf, type TransactionCleaningReport } from "../clean/transaction_report.ts";
import type { TransactionRoles } from "../clean/transactions_sql.ts";
import { noLinesLeftError, outOfMemoryError } from "../clean/transaction_errors.ts";
import { dateFormatNote } from "../clean/date_format.ts";
import { aggregateRFM, type RFMResult } from "../features/rfm.ts";
import { productPairs } from "../features/product_pairs.ts";
import { scoreRFM } from "../features/rfm_scores.ts";
import {
  assignSegments,
  RFM_SEGMENT_RULES,
  type RFMSegmentRule,
  segmentOrder,
} from "../features/rfm_segments.ts";
import { type SegmentMigration, segmentMigration } from "../features/segment_migration.ts";
import { explainSegments, type SegmentExplanation } from "../explain/explain_segments.ts";
import { explainSegmentsOffThread } from "../explain/explain_off_thread.ts";
import { segmentProducts } from "../explain/customer_products.ts";
import type { ProductLiftRow } from "../explain/product_lift.ts";
import { markovForecast, type SegmentForecast } from "../explain/markov_forecast.ts";
import { type SegmentExport, segmentExportFiles } from "../explain/crm_export.ts";
import { rfmSegmentIndex, rfmSegmentLabels } from "../explain/rfm_playbook.ts";
import { checkRFMOptions, RFM_RULE_DEPTH, type RFMOptions } from "./rfm_options.ts";
import { fitMemoryLimit, withMemoryLimit } from "./memory_limit.ts";
import { cleaningReportFiles, rfmFiles } from "./rfm_files.ts";
import { type RFMCustomerValue, rfmCustomerValue } from "./rfm_clv.ts";

/** What the cleaning did: its report, the SQL that ran and the column of each role. */
export interface RFMCleaning {
  report: TransactionCleaningReport;
  /** The statements run, in order (stage, validate, rules, report). */
  sql: string[];
  roles: TransactionRoles;
}

/** Everything an RFM run found, and its files. */
export interface RFMRun {
  /** The transaction file. */
  file: string;
  cleaning: RFMCleaning;
  /** One row per customer (recency, frequency, monetary and the extra features), the as-of date and the SQL. */
  rfm: RFMResult;
  /** `rfm.table` with r/f/m scores, the RFM code and the segment: `rfm.csv`. */
  scored: ColumnTable;
  /** Segment name per label of `segmentRules` (the map's order, then "Unclassified"). */
  segmentNames: string[];
  /** Rules in days, purchases and money per segment (a decision tree of depth `ruleDepth`). */
  segmentRules: SegmentExplanation;
  /** Products over-represented in each segment, when the file has a product column. */
  products?: ProductLiftRow[];
  /** Segments at `from` and at the as-of date and the moves between them, with `from`. */
  migration?: SegmentMigration;
  /** The first-order Markov forecast from that migration, with `from`. */
  forecast?: SegmentForecast;
  /** Customer lifetime value (with `clv`): the fits, per segment, slipping list, holdout check. */
  clv?: RFMCustomerValue;
  /** The CRM lists: customers, their segments and the index (rules, definition, recommendation). */
  crm: SegmentExport;
  /** The output folder's files by name. */
  files: Record<string, string>;
  /** Paths written (empty without `out` and `exportSegments`). */
  written: string[];
}

/**
 * Run the RFM pipeline on a transaction file (CSV, Parquet or XLSX) and
 * return every step's result and the files; with `out` (and
 * `exportSegments`) also write them, each atomically, never over the input.
 * When every line fails a cleaning rule, the cleaning report is still
 * written (with `out`) and the error names the rules that dropped them.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { runRFM } from "./run_rfm.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n" +
 *   "1,P1,2,2024-01-02,3.5,A\n2,P2,1,2024-01-09,4,A\n3,P1,1,2024-01-04,2,B\nC4,P1,-1,2024-01-05,2,B\n");
 * const run = await runRFM(path, { outliers: "none", from: "2024-01-05" });
 * deepEqual(run.cleaning.report.linesOut, 3);
 * deepEqual(run.rfm.asOf, "2024-01-10");
 * deepEqual(Array.from(run.scored.array("frequency")), [2, 1]);
 * deepEqual(run.migration?.customers.array("from_segment"), ["Lost", "Champions"]);
 * deepEqual(Object.keys(run.files), [
 *   "rfm.csv", "cleaning_report.json", "cleaning_report.csv", "segment_rules.csv",
 *   "segment_products.csv", "segment_transitions.csv", "segment_forecast.csv",
 * ]);
 * deepEqual(run.written, []);
 * ```
 */
export async function runRFM(file: string, options: RFMOptions = {}): Promise<RFMRun> {
  checkRFMOptions(options);
  const run = await withMemoryLimit(options.memoryLimit, () => analyse(file, options));
  const folders: OutputFolderFiles[] = [];
  if (options.out !== undefined) folders.push({ dir: options.out, files: run.files });
  if (options.exportSegments !== undefined) {
    folders.push({ dir: options.exportSegments, files: segmentExportFiles(run.crm) });
  }
  run.written.push(
    ...await writeOutputFolders(folders, [file], {
      onNote: options.onNote,
      holdSignals: options.holdSignals,
    }),
  );
  return run;
}

/**
 * Bytes of JavaScript memory a customer takes in an `rfm` run (the aggregate,
 * scores, segments, the rules' inputs and the files), as measured at two
 * million customers, rounded up: what DuckDB leaves free under a memory limit.
 */
const CUSTOMER_BYTES = 1000;

/** Every step but writing, under the memory limit. */
async function analyse(file: string, options: RFMOptions): Promise<RFMRun> {
  const rules = options.segmentRules ?? RFM_SEGMENT_RULES;
  const cleaned = await cleanTransactions(file, options).catch((error) => {
    throw outOfMemoryError(error, file) ?? error;
  });
  if (cleaned.dateFormat !== undefined) {
    options.onNote?.(dateFormatNote(cleaned.dateFormat, cleaned.roles.date));
  }
  if (cleaned.report.linesOut === 0) {
    // Nothing to segment: write the cleaning report, which says why.
    await releaseTransactions(cleaned);
    if (options.out === undefined) throw noLinesLeftError(cleaned.report);
    await writeFilesAtomic(options.out, cleaningReportFiles(cleaned.report), [file], {
      onNote: options.onNote,
      holdSignals: options.holdSignals,
    });
    throw noLinesLeftError(cleaned.report, join(options.out, "cleaning_report.csv"));
  }
  let rfm: RFMResult, scored: ColumnTable, products: ProductLiftRow[] | undefined;
  let migration: SegmentMigration | undefined;
  let clv: RFMCustomerValue | undefined;
  let segmentRules: Promise<SegmentExplanation> | undefined;
  try {
    // The customer–product pairs, found once for distinct products and product lift.
    const pairs = cleaned.roles.product === undefined ? undefined : await productPairs(cleaned);
    // Under a memory limit, DuckDB makes room for the customers' rows in JavaScript.
    await fitMemoryLimit(cleaned.report.customers * CUSTOMER_BYTES);
    rfm = await aggregateRFM(cleaned, { asOf: options.asOf, pairs });
    // Lines on or after the as-of date are left out of RFM: a rule of the cleaning report. The
    // default as-of is the day after the last kept line, so only a given one can leave lines out.
    if (options.asOf !== undefined) await countAfterAsOf(cleaned.report, cleaned.table, rfm.asOf);
    scored = assignSegments(scoreRFM(rfm.table), rules);
    // The rules in days and purchases are fitted (on a worker, at size) while DuckDB goes on.
    const { matrix, labels } = ruleInputs(file, scored, rules);
    segmentRules = explainSegmentsOffThread(matrix, labels, {
      maxDepth: options.ruleDepth ?? RFM_RULE_DEPTH,
    });
    segmentRules.catch(() => {}); // awaited below, unless an earlier step fails
    await fitMemoryLimit(cleaned.report.customers * CUSTOMER_BYTES / 2);
    if (cleaned.roles.product !== undefined) {
      products = await segmentProducts(
        cleaned,
        {
          customer: columnValues(scored, "customer_id") as string[],
          segment: columnValues(scored, "segment") as string[],
        },
        { asOf: rfm.asOf, order: segmentOrder(rules), pairs },
      );
    }
    if (options.clv === true) {
      const { scored: withValue, ...value } = await rfmCustomerValue(cleaned, scored, {
        asOf: rfm.asOf,
        horizonDays: options.horizonDays,
        discount: options.discount,
        order: segmentOrder(rules),
      });
      scored = withValue;
      clv = value;
      for (const note of value.notes) options.onNote?.(note);
    }
    if (options.from !== undefined) {
      migration = await segmentMigration(cleaned, {
        from: options.from,
        to: rfm.asOf,
        rules,
        pairs,
      });
    }
  } catch (error) {
    throw outOfMemoryError(error, file) ?? error;
  } finally {
    await releaseTransactions(cleaned);
  }
  return completeRFMRun({
    file,
    cleaning: { report: cleaned.report, sql: cleaned.sql, roles: cleaned.roles },
    rfm,
    scored,
    rules,
    ruleDepth: options.ruleDepth,
    segmentRules: await segmentRules,
    products,
    migration,
    clv,
    onNote: options.onNote,
  });
}

/** What the rules per segment are fitted on: recency, frequency and monetary, the segments as labels. */
function ruleInputs(
  file: string,
  scored: ColumnTable,
  rules: readonly RFMSegmentRule[],
): { matrix: Matrix; labels: Int32Array } {
  const { labels } = rfmSegmentLabels(columnValues(scored, "segment") as string[], rules);
  return {
    matrix: matrixFromTable(scored, ["recency", "frequency", "monetary"], { file }),
    labels,
  };
}

/** What {@link completeRFMRun} needs: the scored customers and what was found along the way. */
export interface RFMRunParts {
  /** The transaction file (or the database and table the lines came from). */
  file: string;
  cleaning: RFMCleaning;
  rfm: RFMResult;
  /** `rfm.table` with scores and segments. */
  scored: ColumnTable;
  rules: readonly RFMSegmentRule[];
  ruleDepth?: number;
  /** The rules per segment, when already fitted (else fitted here, to `ruleDepth`). */
  segmentRules?: SegmentExplanation;
  products?: ProductLiftRow[];
  migration?: SegmentMigration;
  /** Lifetime value, when `--clv` fitted it (its columns are already in `scored`). */
  clv?: RFMCustomerValue;
  onNote?: (line: string) => void;
}

/**
 * The steps after scoring, wherever the customers' rows came from (a file
 * here, or a database): rules in days and purchases, the CRM lists, the
 * forecast and the files of the output folder.
 */
export function completeRFMRun(parts: RFMRunParts): RFMRun {
  const { file, rfm, scored, rules, products, migration, clv } = parts;
  const report = parts.cleaning.report;
  const options = { ruleDepth: parts.ruleDepth, onNote: parts.onNote };
  const forecast = migration === undefined ? undefined : markovForecast(migration);
  const customers = columnValues(scored, "customer_id") as string[];
  const segments = columnValues(scored, "segment") as string[];
  const segmentNames = rfmSegmentLabels([], rules).names;
  const segmentRules = parts.segmentRules ?? (() => {
    const { matrix, labels } = ruleInputs(file, scored, rules);
    return explainSegments(matrix, labels, { maxDepth: options.ruleDepth ?? RFM_RULE_DEPTH });
  })();
  const crm: SegmentExport = {
    customers,
    segments,
    ...(clv === undefined ? {} : { clv: scored.array("clv") as (number | null)[] }),
    index: rfmSegmentIndex(segmentRules, products ?? [], rules),
    order: segmentNames,
  };
  const files = rfmFiles({
    scored,
    report,
    asOf: rfm.asOf,
    segmentRules,
    segmentNames,
    products,
    forecast,
    clv,
  });
  if (products !== undefined && products.length === 0) {
    options.onNote?.(
      "No product was bought by 5% of a segment's customers more often than overall: segment_products.csv has its header only",
    );
  }
  return {
    file,
    cleaning: parts.cleaning,
    rfm,
    scored,
    segmentNames,
    segmentRules,
    ...(products === undefined ? {} : { products }),
    ...(migration === undefined ? {} : { migration, forecast }),
    ...(clv === undefined ? {} : { clv }),
    crm,
    files,
    written: [],
  };
}
