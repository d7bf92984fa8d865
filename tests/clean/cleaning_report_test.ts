import assert from "node:assert/strict";
import * as aq from "arquero";
import { cleaningReport, cleaningReportTable } from "../../lib/clean/cleaning_report.ts";
import { consolidateTables } from "../../lib/clean/consolidate.ts";
import { dropDuplicates } from "../../lib/clean/duplicates.ts";
import { applyRepairs, checkConsistency, MEMBER_RULES } from "../../lib/clean/consistency_rules.ts";
import { imputeTableKNN } from "../../lib/clean/impute_knn.ts";
import { MEMBER_ALIASES } from "../../lib/clean/aliases.ts";

Deno.test("the cleaning report counts rows in, each step and rows out from the step results", () => {
  const a = aq.table({
    NRIC: ["S1", "S2", "S3", "S4"],
    Purchases: [3, 4, 5, 6],
    "Amount Spent": [30, 0, 50, 60],
    "Annual Income": [1, 2, 3, 4],
    "Year Joined": [2010, 2011, 2012, 2013],
    Fax: [1, 2, 3, 4],
  });
  const b = aq.table({
    "National ID": ["S1"],
    "No. of Purchases": [3],
    "Total Spent": [30],
    Income: [1],
    Joined: [2010],
  });
  const consolidation = consolidateTables([{ name: "a.csv", table: a }, {
    name: "b.csv",
    table: b,
  }], MEMBER_ALIASES);
  const deduplication = dropDuplicates(consolidation.table);
  const rules = checkConsistency(deduplication.table, MEMBER_RULES, { asOfYear: 2024 });
  const repaired = applyRepairs(deduplication.table, rules);
  const imputation = imputeTableKNN(repaired.table, {
    columns: ["purchases", "amount_spent", "annual_income"],
    nNeighbors: 2,
  });
  const report = cleaningReport({ consolidation, deduplication, rules, repaired, imputation });
  assert.equal(report.rowsIn, 5);
  assert.equal(report.rowsOut, 4);
  const t = cleaningReportTable(report);
  const rows = t.objects() as { step: string; detail: string; count: number }[];
  assert.deepEqual(rows[0], { step: "rows in", detail: "all files together", count: 5 });
  assert.deepEqual(rows.at(-1), { step: "rows out", detail: "after cleaning", count: 4 });
  const count = (step: string) => rows.find((r) => r.step === step)?.count;
  assert.equal(count("duplicates"), 1);
  assert.equal(count("rule purchases_without_spend"), 1);
  assert.equal(count("impute"), 1);
  assert.ok(rows.some((r) => r.step === "columns" && r.detail.includes('"Fax"')));
});
