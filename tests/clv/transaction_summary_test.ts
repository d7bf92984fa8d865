/**
 * The DuckDB customer summary on the CDNOW sample equals lifetimes'
 * calibration_and_holdout_data (39 + 39 weeks, time in days / 7).
 */
import assert from "node:assert/strict";
import type { ColumnTable } from "arquero";
import { cleanTransactions, releaseTransactions } from "../../lib/clean/transactions.ts";
import { queryColumns, sqlString } from "../../lib/io/duckdb.ts";
import { summaryFromTable, transactionSummary } from "../../lib/clv/transaction_summary.ts";
import { cdnowCSV } from "./cdnow.ts";

const ref = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/clv_reference.json", import.meta.url)),
);
const OPTIONS = { asOf: "1997-10-01", periodDays: 7, holdoutEnd: "1998-07-01" };
const COLUMNS = ["frequency", "recency", "T", "monetary_value", "frequency_holdout"] as const;

/** Compare the summary with the fixture for every customer in it; returns how many. */
function assertSameSummary(t: ColumnTable, skip: Set<number> = new Set()): number {
  const index = new Map((ref.customers.customer_id as number[]).map((id, i) => [id, i]));
  const ids = (t.array("customer_id") as string[]).map(Number);
  let compared = 0;
  ids.forEach((id, row) => {
    if (skip.has(id)) return;
    const i = index.get(id);
    assert.ok(i !== undefined, `customer ${id} not in lifetimes' summary`);
    for (const column of COLUMNS) {
      const got = (t.array(column) as Float64Array)[row]!;
      const want = (ref.customers[column] as number[])[i]!;
      assert.ok(
        Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)),
        `${column} of customer ${id}: ${got} against ${want}`,
      );
    }
    compared++;
  });
  return compared;
}

Deno.test("CDNOW summary in DuckDB equals lifetimes' calibration and holdout summary", async () => {
  const path = await cdnowCSV();
  try {
    await queryColumns(`CREATE OR REPLACE TEMP TABLE cdnow_lines AS
      SELECT CAST(CustomerID AS VARCHAR) AS customer, CAST(InvoiceDate AS TIMESTAMP) AS ts,
        Amount AS amount, true AS kept
      FROM read_csv(${sqlString(path)}, header = true)`);
    const summary = await summaryFromTable("cdnow_lines", OPTIONS);
    assert.equal(summary.table.numRows(), 2357);
    assert.equal(assertSameSummary(summary.table), 2357);
    assert.equal(summary.holdoutDuration, ref.customers.duration_holdout);
  } finally {
    await queryColumns("DROP TABLE IF EXISTS cdnow_lines");
    await Deno.remove(path);
  }
});

Deno.test("through the workspace's cleaning, zero-value lines are dropped and the rest match", async () => {
  const path = await cdnowCSV();
  const cleaned = await cleanTransactions(path, { outliers: "none" });
  try {
    const zero = cleaned.report.rules.find((r) => r.rule === "non_positive_amount");
    assert.equal(zero?.lines, 8);
    const lines = (await Deno.readTextFile(path)).trim().split("\n").slice(1);
    const touched = new Set(
      lines.filter((l) => Number(l.split(",")[2]) <= 0).map((l) => Number(l.split(",")[0])),
    );
    const summary = await transactionSummary(cleaned, OPTIONS);
    const compared = assertSameSummary(summary.table, touched);
    assert.equal(compared, 2357 - touched.size);
  } finally {
    await releaseTransactions(cleaned);
    await Deno.remove(path);
  }
});
