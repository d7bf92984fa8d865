/**
 * The cleaning report: rows in, what each step found or changed, rows out.
 * Built from the results of the cleaning steps so the figures cannot drift
 * from what was done.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import type { Consolidation } from "./consolidate.ts";
import type { Deduplication } from "./duplicates.ts";
import type { Repaired, RuleResult } from "./consistency_rules.ts";
import type { TableImputation } from "./impute_knn.ts";

/** One line of the report. */
export interface CleaningLine {
  step: string;
  detail: string;
  count: number;
}

/** Rows in, the steps, rows out. */
export interface CleaningReport {
  rowsIn: number;
  rowsOut: number;
  lines: CleaningLine[];
}

/** The results of the cleaning steps, any of which may be left out. */
export interface CleaningResults {
  consolidation: Consolidation;
  deduplication?: Deduplication;
  rules?: readonly RuleResult[];
  repaired?: Repaired;
  imputation?: TableImputation;
  /** Rows in the final table (default: rows after the last step given). */
  rowsOut?: number;
}

/**
 * Summarise the cleaning steps.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { cleaningReport } from "./cleaning_report.ts";
 * import { consolidateTables } from "./consolidate.ts";
 * const consolidation = consolidateTables(
 *   [{ name: "a.csv", table: aq.table({ id: ["S1"] }) }],
 *   [{ name: "id", aliases: [], type: "string" }],
 * );
 * equal(cleaningReport({ consolidation }).rowsOut, 1);
 * ```
 */
export function cleaningReport(results: CleaningResults): CleaningReport {
  const { consolidation } = results;
  const lines: CleaningLine[] = [];
  const rowsIn = consolidation.table.numRows();
  for (const source of consolidation.sources) {
    lines.push({ step: "read", detail: `rows from ${source.file}`, count: source.rows });
  }
  for (const u of consolidation.unmatched) {
    lines.push({
      step: "columns",
      detail: `not in the alias map, left out: "${u.column}" (${u.file})`,
      count: 1,
    });
  }
  let rows = rowsIn;
  if (results.deduplication) {
    const n = results.deduplication.dropped.length;
    lines.push({ step: "duplicates", detail: "exact duplicate rows removed", count: n });
    rows -= n;
  }
  for (const r of results.rules ?? []) {
    lines.push({
      step: `rule ${r.rule}`,
      detail: `${r.description} → ${r.action}`,
      count: r.count,
    });
  }
  if (results.repaired) {
    for (const [column, n] of Object.entries(results.repaired.setMissing)) {
      lines.push({ step: "repair", detail: `${column} set missing`, count: n });
    }
    if (results.repaired.dropped.length > 0) {
      lines.push({
        step: "repair",
        detail: "rows dropped",
        count: results.repaired.dropped.length,
      });
      rows -= results.repaired.dropped.length;
    }
  }
  if (results.imputation) {
    for (const [column, n] of Object.entries(results.imputation.imputed)) {
      lines.push({ step: "impute", detail: `${column} filled by KNN`, count: n });
    }
  }
  return { rowsIn, rowsOut: results.rowsOut ?? rows, lines };
}

/**
 * The report as a table: a "rows in" line, the steps, a "rows out" line.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { cleaningReportTable } from "./cleaning_report.ts";
 * const t = cleaningReportTable({ rowsIn: 10, rowsOut: 9, lines: [{ step: "duplicates", detail: "removed", count: 1 }] });
 * deepEqual(t.array("count"), [10, 1, 9]);
 * ```
 */
export function cleaningReportTable(report: CleaningReport): ColumnTable {
  const all = [
    { step: "rows in", detail: "all files together", count: report.rowsIn },
    ...report.lines,
    { step: "rows out", detail: "after cleaning", count: report.rowsOut },
  ];
  return aq.table({
    step: all.map((l) => l.step),
    detail: all.map((l) => l.detail),
    count: all.map((l) => l.count),
  });
}
