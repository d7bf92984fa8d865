/** Product lift against pandas (tests/fixtures/product_lift_reference.json). */
import assert from "node:assert/strict";
import * as aq from "arquero";
import { cleanTransactions, releaseTransactions } from "../../lib/clean/transactions.ts";
import { liftRecommendations, productLift, segmentProducts } from "../../lib/explain/mod.ts";
import { isInputError } from "../../lib/errors.ts";
import { readTable } from "../../lib/io/read_table.ts";
import { toXLSX } from "../../lib/io/write_table.ts";

const fixtures = new URL("../fixtures/", import.meta.url);
const LINES = new URL("product_lift_lines.csv", fixtures).pathname;
const ref = JSON.parse(
  await Deno.readTextFile(new URL("product_lift_reference.json", fixtures)),
) as {
  customers: number;
  rows: {
    segment: string;
    product: string;
    description: string;
    customers: number;
    share_in_segment: number;
    share_overall: number;
    lift: number;
  }[];
};
const segTable = await readTable(new URL("product_lift_segments.csv", fixtures).pathname);
const segments = {
  customer: (segTable.array("customer_id") as unknown[]).map(String),
  segment: (segTable.array("segment") as unknown[]).map(String),
};

function assertMatchesReference(rows: Awaited<ReturnType<typeof segmentProducts>>) {
  assert.equal(rows.length, ref.rows.length);
  rows.forEach((row, i) => {
    const want = ref.rows[i]!;
    assert.equal(row.segment, want.segment, `row ${i}`);
    assert.equal(row.product, want.product, `row ${i}`);
    assert.equal(row.description, want.description, `row ${i}`);
    assert.equal(row.customers, want.customers, `row ${i}`);
    for (const key of ["share_in_segment", "share_overall", "lift"] as const) {
      assert.ok(Math.abs(row[key] - want[key]) < 1e-12, `row ${i} ${key}`);
    }
  });
}

Deno.test("segment products from cleaned lines match pandas", async () => {
  const cleaned = await cleanTransactions(LINES, { outliers: "none" });
  try {
    // The cleaning drops the cancellations and the lines without a customer, as pandas did.
    assert.ok(cleaned.report.rules.find((r) => r.rule === "cancellation")!.lines > 0);
    const rows = await segmentProducts(cleaned, segments, { asOf: "2025-01-01" });
    // pandas sorts segments alphabetically; so do we without an order.
    assertMatchesReference(rows);
    assert.ok(rows.every((r) => r.share_in_segment >= 0.05 && r.lift > 1));
    // A given order reorders the segments only.
    const order = ["Lost", "Champions"];
    const ordered = await segmentProducts(cleaned, segments, { asOf: "2025-01-01", order });
    assert.deepEqual([...new Set(ordered.map((r) => r.segment))].slice(0, 2), order);
    // An early as-of date counts fewer lines: fewer buyers.
    const early = await segmentProducts(cleaned, segments, { asOf: "2024-03-01" });
    const sum = (rs: typeof rows) => rs.reduce((s, r) => s + r.customers, 0);
    assert.ok(sum(early) < sum(rows));
  } finally {
    await releaseTransactions(cleaned);
  }
});

Deno.test("descriptions come from a workbook as well", async () => {
  const csv = await readTable(LINES);
  const path = await Deno.makeTempFile({ suffix: ".xlsx" });
  await Deno.writeFile(
    path,
    toXLSX(
      csv.derive({ StockCode: aq.escape((d: { StockCode: unknown }) => String(d.StockCode)) }),
    ),
  );
  const cleaned = await cleanTransactions(path, { outliers: "none" });
  try {
    assertMatchesReference(await segmentProducts(cleaned, segments, { asOf: "2025-01-01" }));
  } finally {
    await releaseTransactions(cleaned);
    await Deno.remove(path);
  }
});

Deno.test("lift keeps products above the minimum share, top N by lift", () => {
  // 10 customers: 4 Champions, 6 Lost.
  const customer = Array.from({ length: 10 }, (_, i) => `c${i}`);
  const segment = customer.map((_, i) => (i < 4 ? "Champions" : "Lost"));
  const bought = {
    customer: ["c0", "c0", "c1", "c2", "c3", "c0", "c4", "c5", "c9", "c9", "zz"],
    product: ["mug", "mug", "mug", "mug", "tin", "bag", "bag", "bag", "tin", "cup", "mug"],
  };
  const rows = productLift(bought, { customer, segment }, { top: 2 });
  // Champions: mug 3/4 vs 3/10 overall → 2.5; tin 1/4 vs 2/10 → 1.25; bag 1/4 vs 3/10 → < 1.
  assert.deepEqual(rows.map((r) => [r.segment, r.product, r.customers]), [
    ["Champions", "mug", 3],
    ["Champions", "tin", 1],
    ["Lost", "cup", 1],
    ["Lost", "bag", 2],
  ]);
  assert.equal(rows[0]!.lift, 2.5);
  // The repeated purchase and the unknown customer "zz" count for nothing.
  assert.equal(rows[0]!.share_overall, 0.3);
  const strict = productLift(bought, { customer, segment }, { minShare: 0.3 });
  assert.deepEqual(strict.map((r) => r.product), ["mug", "bag"]);
  assert.deepEqual(
    liftRecommendations(rows).map((r) => r.text),
    [
      "Offer mug to Champions: bought by 2.5× more of them than of all customers (75% against 30%).",
      "Offer cup to Lost: bought by 1.7× more of them than of all customers (17% against 10%).",
    ],
  );
  assert.match(
    liftRecommendations(rows, { perSegment: 2 })[0]!.text,
    /^Offer to Champions: mug: .*; tin: /,
  );
});

Deno.test("bad lift options and inputs are InputErrors", async () => {
  const s = { customer: ["a", "a"], segment: ["X", "Y"] };
  const cases: [() => unknown, RegExp][] = [
    [() => productLift({ customer: [], product: [] }, s), /Customer listed twice: "a".*row 2/],
    [() => productLift({ customer: [], product: [] }, s, { minShare: 2 }), /minimum share/],
    [() => productLift({ customer: [], product: [] }, s, { top: 0 }), /products per segment/],
  ];
  for (const [run, message] of cases) {
    assert.throws(run, (e: unknown) => isInputError(e) && message.test((e as Error).message));
  }
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(
    path,
    "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,1,2024-01-02,2,A\n",
  );
  const cleaned = await cleanTransactions(path, { outliers: "none" });
  try {
    await assert.rejects(
      segmentProducts(cleaned, { customer: ["A"], segment: ["X"] }, { asOf: "2024-02-01" }),
      (e: unknown) =>
        isInputError(e) && /No product column.*--product COL/.test((e as Error).message),
    );
  } finally {
    await releaseTransactions(cleaned);
    await Deno.remove(path);
  }
});
