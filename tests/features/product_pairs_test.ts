/**
 * The customer–product pairs table: distinct products and product lift read
 * from it equal the counts over the lines, at as-of dates that cut lines off,
 * with blank products, cancellations and a customer whose lines have no
 * product; and releasing the lines drops it.
 */
import assert from "node:assert/strict";
import { cleanTransactions, releaseTransactions } from "../../lib/clean/transactions.ts";
import { segmentProducts } from "../../lib/explain/customer_products.ts";
import { aggregateRFM } from "../../lib/features/rfm.ts";
import { productPairs } from "../../lib/features/product_pairs.ts";
import { queryColumns } from "../../lib/io/duckdb.ts";

const HEADER = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

/** Seeded lines: repeats of a product by a customer on several days, blanks and cancellations. */
function lines(customers: number, seed = 11): string {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: string[] = [];
  for (let c = 0; c < customers; c++) {
    const count = 1 + Math.floor(next() * 12);
    for (let k = 0; k < count; k++) {
      const blank = c % 17 === 0 || next() < 0.08; // customer C0, C17 … never name a product
      const product = blank ? "" : `P${Math.floor(20 * next() ** 2)}`;
      const invoice = next() < 0.05 ? `C${rows.length}` : String(rows.length);
      const month = String(1 + Math.floor(next() * 12)).padStart(2, "0");
      const day = String(1 + Math.floor(next() * 28)).padStart(2, "0");
      rows.push(
        `${invoice},${product},${
          1 + Math.floor(next() * 4)
        },2024-${month}-${day} 10:00:00,2.5,C${c},UK`,
      );
    }
  }
  return HEADER + rows.join("\n") + "\n";
}

Deno.test("distinct products and lift from the pairs table equal the counts over the lines", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(path, lines(300));
  const cleaned = await cleanTransactions(path, { outliers: "none" });
  try {
    const pairs = await productPairs(cleaned);
    assert.equal(await productPairs(cleaned), pairs, "a second call finds the table");
    for (const asOf of ["2024-03-15", "2024-07-01", "2025-01-01"]) {
      const overLines = await aggregateRFM(cleaned, { asOf });
      const fromPairs = await aggregateRFM(cleaned, { asOf, pairs });
      assert.ok(fromPairs.sql.includes(pairs) && !overLines.sql.includes(pairs));
      assert.deepEqual(fromPairs.table.objects(), overLines.table.objects(), asOf);
      const zero = Array.from(fromPairs.table.array("distinct_products")).filter((n) => n === 0);
      assert.ok(zero.length > 0, "customers without a named product count 0");

      const customer = overLines.table.array("customer_id") as string[];
      const names = ["Champions", "Lost", "At Risk"];
      const segment = customer.map((_, i) => names[i % 3]!);
      const options = { asOf, minShare: 0.02, top: 5 };
      assert.deepEqual(
        await segmentProducts(cleaned, { customer, segment }, { ...options, pairs }),
        await segmentProducts(cleaned, { customer, segment }, options),
        asOf,
      );
    }
  } finally {
    await releaseTransactions(cleaned);
    await Deno.remove(path);
  }
  const left = await queryColumns(
    `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '%_pairs'`,
  );
  assert.equal(Number(left.n?.[0]), 0, "releasing the lines drops the pairs");
});
