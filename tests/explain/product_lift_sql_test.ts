/** Product lift in DuckDB: the same rows as the in-memory productLift, and a catalogue where no product qualifies. */
import assert from "node:assert/strict";
import { cleanTransactions, releaseTransactions } from "../../lib/clean/transactions.ts";
import { productLift, segmentProducts } from "../../lib/explain/mod.ts";
import { runRFM } from "../../lib/rfm/run_rfm.ts";

const HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n";

/** Seeded lines: `customers` customers, products drawn from `catalogue` codes. */
function lines(customers: number, catalogue: number, perCustomer: number, seed = 7): string {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: string[] = [];
  let invoice = 1;
  for (let c = 0; c < customers; c++) {
    for (let k = 0; k < perCustomer; k++) {
      // Skewed towards low codes, so shares and ties vary.
      const product = Math.floor(catalogue * next() ** 2);
      const day = 1 + Math.floor(next() * 27);
      const month = 1 + Math.floor(next() * 11);
      rows.push(
        `${invoice++},P${product},Item ${product},${1 + Math.floor(next() * 5)},2024-${
          String(month).padStart(2, "0")
        }-${String(day).padStart(2, "0")},${(1 + Math.floor(next() * 900) / 100).toFixed(2)},C${c}`,
      );
    }
  }
  return HEADER + rows.join("\n") + "\n";
}

Deno.test("lift in DuckDB equals the in-memory lift, ties and order included", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(path, lines(400, 60, 6));
  const cleaned = await cleanTransactions(path, { outliers: "none" });
  try {
    // Segments by a customer's number, with one customer left out and sizes that differ.
    const names = ["Champions", "Lost", "At Risk", "Loyal Customers"];
    const customer = Array.from({ length: 399 }, (_, i) => `C${i}`);
    const segment = customer.map((_, i) => names[(i * i) % 4]!);
    const segments = { customer, segment };
    const text = await Deno.readTextFile(path);
    const bought = { customer: [] as string[], product: [] as string[] };
    for (const line of text.trim().split("\n").slice(1)) {
      const cells = line.split(",");
      bought.customer.push(cells[6]!);
      bought.product.push(cells[1]!);
    }
    for (const options of [{}, { top: 3, minShare: 0.1 }, { minShare: 0, order: ["Lost"] }]) {
      const inSQL = await segmentProducts(cleaned, segments, { asOf: "2025-01-01", ...options });
      const inMemory = productLift(bought, segments, options);
      assert.ok(inSQL.length > 0);
      assert.deepEqual(inSQL.map((r) => ({ ...r, description: "" })), inMemory);
      assert.ok(inSQL.every((r) => r.description === `Item ${r.product.slice(1)}`));
    }
  } finally {
    await releaseTransactions(cleaned);
    await Deno.remove(path);
  }
});

Deno.test("a large catalogue where no product reaches the share gives a header-only file and a note", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  const out = await Deno.makeTempDir();
  await Deno.writeTextFile(path, lines(6000, 90_000, 2));
  const notes: string[] = [];
  try {
    const run = await runRFM(path, { outliers: "none", out, onNote: (line) => notes.push(line) });
    assert.deepEqual(run.products, []);
    assert.equal(
      await Deno.readTextFile(`${out}/segment_products.csv`),
      "segment,product,description,customers,share_in_segment,share_overall,lift\n",
    );
    assert.deepEqual(Object.keys(run.files).slice(3, 5), [
      "segment_rules.csv",
      "segment_products.csv",
    ]);
    assert.equal(
      notes.filter((n) => /segment_products\.csv has its header only/.test(n)).length,
      1,
    );
  } finally {
    await Deno.remove(path);
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("segments in DuckDB: a customer listed twice or lists of two lengths are input errors", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(path, lines(20, 5, 3));
  const cleaned = await cleanTransactions(path, { outliers: "none" });
  try {
    const customer = ["C0", "C1", "C2", "C1"];
    const segment = ["Lost", "Lost", "Champions", "Champions"];
    await assert.rejects(
      segmentProducts(cleaned, { customer, segment }, { asOf: "2025-01-01" }),
      /Customer listed twice: "C1".*row 4/,
    );
    await assert.rejects(
      segmentProducts(cleaned, { customer, segment: ["Lost"] }, { asOf: "2025-01-01" }),
      /differ in length/,
    );
  } finally {
    await releaseTransactions(cleaned);
    await Deno.remove(path);
  }
});
