import assert from "node:assert/strict";
import type { ColumnTable } from "arquero";
import {
  aggregateRFM,
  rfmAggregateSQL,
  rfmPipelineSQL,
  transactionsToRFM,
} from "../../lib/features/rfm.ts";
import { cleanTransactions, releaseTransactions } from "../../lib/clean/transactions.ts";
import type { OutlierMethod } from "../../lib/clean/transaction_outliers_sql.ts";

const fixtures = new URL("../fixtures/", import.meta.url).pathname;
const expected = JSON.parse(await Deno.readTextFile(`${fixtures}rfm_expected.json`));

interface FixtureConfig {
  options: { outliers: string; threshold: number | null; net: boolean };
  rules: Record<string, number>;
  lines_out: number;
  as_of: string;
  rfm: Record<string, (number | string | null)[]>;
}

type Records = Record<string, (number | string | null)[]>;

/** Compare an RFM table with pandas' figures: ids and text exactly, numbers to 1e-9 relative. */
export function assertSameRFM(table: ColumnTable, want: Records, label: string): void {
  assert.deepEqual(table.array("customer_id"), want.customer_id, `${label}: customers`);
  for (const [column, values] of Object.entries(want)) {
    if (column === "customer_id") continue;
    const got = Array.from(table.array(column) as ArrayLike<unknown>);
    assert.equal(got.length, values.length, `${label}: ${column} length`);
    values.forEach((v, i) => {
      const g = got[i];
      if (typeof v === "number") {
        assert.ok(
          typeof g === "number" && Math.abs(g - v) <= 1e-9 * Math.max(1, Math.abs(v)),
          `${label}: ${column}[${i}] (${want.customer_id![i]}) = ${g}, pandas ${v}`,
        );
      } else {
        assert.equal(g, v, `${label}: ${column}[${i}]`);
      }
    });
  }
}

for (const file of ["transactions", "rules"] as const) {
  for (
    const [name, config] of Object.entries(expected[file].configs) as [string, FixtureConfig][]
  ) {
    Deno.test(`RFM of ${file} with ${name} matches pandas`, async () => {
      const result = await transactionsToRFM(`${fixtures}rfm_${file}.csv`, {
        outliers: config.options.outliers as OutlierMethod,
        outlierThreshold: config.options.threshold ?? undefined,
        netCancellations: config.options.net,
      });
      assert.equal(result.asOf, config.as_of);
      assertSameRFM(result.table, config.rfm, `${file}/${name}`);
    });
  }
}

Deno.test("RFM at an earlier as-of date counts only earlier purchases (matches pandas)", async () => {
  const want = expected.transactions.as_of_2024_06_01;
  const result = await transactionsToRFM(`${fixtures}rfm_transactions.csv`, { asOf: "2024-06-01" });
  assert.equal(result.asOf, "2024-06-01");
  assertSameRFM(result.table, want.rfm, "as-of 2024-06-01");
});

Deno.test("RFM definitions on a hand-checked customer", async () => {
  // Customer 1001 in rfm_rules.csv: invoices 100 (2 × 3.5 + 1 × 5, plus an exact duplicate),
  // 115 (6 × 2.5 + 1 × 4) and 122 (1 × 3.5); last purchase 2024-03-31, first 2024-01-05.
  const { table, asOf } = await transactionsToRFM(`${fixtures}rfm_rules.csv`);
  assert.equal(asOf, "2024-04-01"); // the day after the last kept line
  const row = (table.objects() as Record<string, unknown>[]).find((r) => r.customer_id === "1001")!;
  assert.equal(row.recency, 1);
  assert.equal(row.frequency, 3);
  assert.equal(row.monetary, 12 + 19 + 3.5);
  assert.equal(row.total_quantity, 3 + 7 + 1);
  assert.equal(row.avg_basket_value, 34.5 / 3);
  assert.equal(row.tenure, 87);
  assert.equal(row.distinct_products, 4);
  assert.equal(row.country, "United Kingdom");
});

Deno.test("An amount column stands in for quantity × price; no invoice column: frequency = purchase days", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(
    path,
    "client,when,spend\n" +
      "a,2024-05-01 09:00:00,10\n" +
      "a,2024-05-01 17:00:00,5\n" + // same day: one purchase day
      "a,2024-05-03 10:00:00,7.25\n" +
      "b,2024-05-02 10:00:00,3\n" +
      "b,2024-05-02 11:00:00,-3\n", // non-positive amount: dropped
  );
  const result = await transactionsToRFM(path, {
    columns: { customer: "client", date: "when", amount: "spend" },
    outliers: "none",
  });
  const rows = result.table.objects() as Record<string, unknown>[];
  assert.deepEqual(rows.map((r) => r.customer_id), ["a", "b"]);
  assert.equal(rows[0]!.frequency, 2);
  assert.equal(rows[0]!.monetary, 22.25);
  assert.equal(rows[0]!.avg_basket_value, 11.125);
  assert.equal(rows[0]!.total_quantity, null);
  assert.equal(rows[1]!.monetary, 3);
  assert.equal(result.report.rules.find((r) => r.rule === "non_positive_amount")!.lines, 1);
  assert.equal(result.report.rules.some((r) => r.rule === "cancellation"), false);
});

Deno.test("Usual header spellings are found without naming them (Online Retail II)", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(
    path,
    "Invoice,StockCode,Quantity,InvoiceDate,Price,Customer ID,Country\n" +
      "1,A,2,2024-01-02 10:00:00,3.5,12346.0,France\n" +
      "2,B,1,2024-01-09 10:00:00,4,12346.0,France\n",
  );
  const cleaned = await cleanTransactions(path, { outliers: "none" });
  try {
    assert.deepEqual(cleaned.roles, {
      customer: "Customer ID",
      date: "InvoiceDate",
      invoice: "Invoice",
      quantity: "Quantity",
      price: "Price",
      product: "StockCode",
      country: "Country",
    });
    const rfm = await aggregateRFM(cleaned, { asOf: "2024-01-31" });
    assert.deepEqual(Array.from(rfm.table.array("recency") as ArrayLike<number>), [22]);
    assert.deepEqual(Array.from(rfm.table.array("monetary") as ArrayLike<number>), [11]);
  } finally {
    await releaseTransactions(cleaned);
  }
});

Deno.test("Same input gives identical figures run after run", async () => {
  const a = await transactionsToRFM(`${fixtures}rfm_transactions.csv`, { outliers: "zscore" });
  const b = await transactionsToRFM(`${fixtures}rfm_transactions.csv`, { outliers: "zscore" });
  assert.deepEqual(a.table.objects(), b.table.objects());
});

Deno.test("The SQL text is plain and shows each step", () => {
  const roles = {
    customer: "CustomerID",
    date: "InvoiceDate",
    invoice: "InvoiceNo",
    quantity: "Quantity",
    price: "UnitPrice",
  };
  const agg = rfmAggregateSQL({ table: "lines", roles, asOf: "2024-12-01" });
  assert.match(agg, /invoice AS purchase, +-- a purchase is an invoice/);
  assert.match(agg, /WHERE kept AND ts < DATE '2024-12-01'/);
  const noInvoice = rfmAggregateSQL({
    table: "lines",
    roles: { customer: "c", date: "d", amount: "a" },
    asOf: "2024-12-01",
  });
  assert.match(
    noInvoice,
    /CAST\(ts AS DATE\) AS purchase, +-- no invoice column: a purchase is a day/,
  );
  const script = rfmPipelineSQL({
    source: "read_csv('lines.csv', header = true)",
    roles,
    allColumns: ["InvoiceNo", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"],
    netCancellations: true,
    outliers: "quantile",
  }, { asOf: "2024-12-01" });
  for (
    const step of [
      "-- Stage",
      "-- Validate",
      "-- Rules",
      "matches AS",
      "quantile_cont",
      "-- RFM",
      "GROUP BY customer, purchase",
      "FROM customers AS p",
    ]
  ) {
    assert.ok(script.includes(step), step);
  }
});
