/**
 * The files of an RFM run, as text by name: `rfm.csv`, the cleaning report
 * (`cleaning_report.json` and `.csv`), the segments' rules
 * (`segment_rules.csv`), what each segment buys (`segment_products.csv`) and
 * the migration's transition matrix and forecast (`segment_transitions.csv`,
 * `segment_forecast.csv`); and the names the CRM export may write.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import {
  type TransactionCleaningReport,
  transactionReportRows,
} from "../clean/transaction_report.ts";
import { toCSV } from "../io/write_table.ts";
import { RFM_SEGMENT_RULES, type RFMSegmentRule } from "../features/rfm_segments.ts";
import type { SegmentExplanation } from "../explain/explain_segments.ts";
import { ruleConditionsText } from "../explain/segment_rules.ts";
import { type ProductLiftRow, SEGMENT_PRODUCT_COLUMNS } from "../explain/product_lift.ts";
import type { SegmentForecast } from "../explain/markov_forecast.ts";
import { segmentFileName } from "../explain/crm_export.ts";
import { rfmSegmentLabels } from "../explain/rfm_playbook.ts";
import type { RFMCustomerValue } from "./rfm_clv.ts";

/** Every file an RFM run may write into its output folder, in the order written. */
export const RFM_FILES: readonly string[] = [
  "rfm.csv",
  "cleaning_report.json",
  "cleaning_report.csv",
  "segment_rules.csv",
  "segment_products.csv",
  "segment_transitions.csv",
  "segment_forecast.csv",
  "clv_segments.csv",
  "clv_slipping.csv",
  "clv_holdout.csv",
];

/**
 * `cleaning_report.json` (with the as-of date once known) and
 * `cleaning_report.csv`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { cleaningReportFiles } from "./rfm_files.ts";
 * const files = cleaningReportFiles({
 *   file: "x.csv", linesIn: 2, linesOut: 2, customers: 1, netCancellations: false,
 *   outliers: { method: "none" }, columns: { customer: "c", date: "d" }, rules: [],
 * }, "2024-12-01");
 * deepEqual(JSON.parse(files["cleaning_report.json"]!).asOf, "2024-12-01");
 * deepEqual(files["cleaning_report.csv"], "step,description,action,lines,share\n" +
 *   "lines_in,Lines read,,2,1\nlines_out,Lines kept for RFM (1 customer),,2,1\n");
 * ```
 */
export function cleaningReportFiles(
  report: TransactionCleaningReport,
  asOf?: string,
): Record<string, string> {
  return {
    "cleaning_report.json":
      JSON.stringify(asOf === undefined ? report : { ...report, asOf }, null, 2) +
      "\n",
    "cleaning_report.csv": toCSV(aq.from(transactionReportRows(report))),
  };
}

/** What {@link rfmFiles} turns into files. */
export interface RFMFilesInput {
  /** One row per customer: the RFM features, scores and segment. */
  scored: ColumnTable;
  report: TransactionCleaningReport;
  asOf: string;
  /** The segments' rules (labels of `segmentNames`). */
  segmentRules: SegmentExplanation;
  /** Segment name per label of the rules. */
  segmentNames: readonly string[];
  /** Products per segment, when the file has a product column. */
  products?: readonly ProductLiftRow[];
  /** The migration's forecast, when there is an earlier date. */
  forecast?: SegmentForecast;
  /** Customer lifetime value, with `--clv`. */
  clv?: RFMCustomerValue;
}

/**
 * The output folder's files by name: `rfm.csv`, the cleaning report,
 * `segment_rules.csv`, and when there is what they need,
 * `segment_products.csv`, `segment_transitions.csv`, `segment_forecast.csv`
 * and (with CLV) `clv_segments.csv`, `clv_slipping.csv` and `clv_holdout.csv`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { rfmFiles } from "./rfm_files.ts";
 * const files = rfmFiles({
 *   scored: aq.table({ customer_id: ["A", "B"], segment: ["Champions", "Lost"] }),
 *   report: {
 *     file: "x.csv", linesIn: 2, linesOut: 2, customers: 2, netCancellations: false,
 *     outliers: { method: "none" }, columns: { customer: "c", date: "d" }, rules: [],
 *   },
 *   asOf: "2024-12-01",
 *   segmentRules: {
 *     rules: [{ cluster: 0, conditions: [], rows: 2, support: 1, precision: 0.5 }],
 *     accuracy: 0.5, topFeatures: [], perSegment: [],
 *   },
 *   segmentNames: ["Champions", "Lost"],
 * });
 * deepEqual(Object.keys(files), [
 *   "rfm.csv", "cleaning_report.json", "cleaning_report.csv", "segment_rules.csv",
 * ]);
 * deepEqual(files["rfm.csv"], "customer_id,segment\nA,Champions\nB,Lost\n");
 * ```
 */
export function rfmFiles(input: RFMFilesInput): Record<string, string> {
  const files: Record<string, string> = {
    "rfm.csv": toCSV(input.scored),
    ...cleaningReportFiles(input.report, input.asOf),
    "segment_rules.csv": toCSV(aq.from(input.segmentRules.rules.map((r) => ({
      segment: input.segmentNames[r.cluster]!,
      rule: ruleConditionsText(r),
      customers: r.rows,
      support: r.support,
      precision: r.precision,
    })))),
  };
  if (input.products !== undefined) {
    // No product reaching the share (a large catalogue) still gives the file, with its header.
    files["segment_products.csv"] = input.products.length === 0
      ? `${SEGMENT_PRODUCT_COLUMNS.join(",")}\n`
      : toCSV(aq.from(input.products).select(...SEGMENT_PRODUCT_COLUMNS));
  }
  if (input.forecast !== undefined) {
    files["segment_transitions.csv"] = toCSV(aq.from(input.forecast.transitions));
    // Expected numbers of customers, to one decimal.
    files["segment_forecast.csv"] = toCSV(
      aq.from(
        input.forecast.sizes.map((s) => ({
          ...s,
          customers: Math.round(s.customers * 10) / 10,
        })),
      ),
    );
  }
  if (input.clv !== undefined) {
    files["clv_segments.csv"] = toCSV(aq.from(input.clv.segments));
    files["clv_slipping.csv"] = toCSV(input.clv.slipping);
    if (input.clv.holdout !== undefined) {
      files["clv_holdout.csv"] = toCSV(aq.from(input.clv.holdout.rows));
    }
  }
  return files;
}

/**
 * Every file name the CRM export of rule-based segments may write: one per
 * segment of the map (and one for customers in no cell of it), then
 * `segments_index.csv`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { rfmExportFileNames } from "./rfm_files.ts";
 * const names = rfmExportFileNames();
 * deepEqual(names.slice(0, 2), ["champions.csv", "loyal_customers.csv"]);
 * deepEqual(names.slice(-2), ["unclassified.csv", "segments_index.csv"]);
 * ```
 */
export function rfmExportFileNames(
  rules: readonly RFMSegmentRule[] = RFM_SEGMENT_RULES,
): string[] {
  const taken = new Set<string>();
  for (const segment of rfmSegmentLabels([], rules).names) {
    taken.add(segmentFileName(segment, taken));
  }
  return [...taken, "segments_index.csv"];
}
