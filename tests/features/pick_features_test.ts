import { deepEqual as assertEquals } from "node:assert/strict";
import * as aq from "arquero";
import { isIdLikeName, pickNumericFeatures } from "../../lib/features/pick_features.ts";

Deno.test("pickNumericFeatures keeps numeric columns and says why others are skipped", () => {
  const table = aq.table({
    customer_id: [10, 11, 12, 13],
    row: [1, 2, 3, 4],
    age: [30, 41, 25, 30],
    income: [40.5, 52, 18, 33],
    city: ["a", "b", "c", "d"],
    empty: [null, null, null, null],
    flag: [1, 1, 1, 1],
  });
  const pick = pickNumericFeatures(table);
  assertEquals(pick.features, ["age", "income"]);
  assertEquals(pick.skipped, [
    { column: "customer_id", reason: "identifier-like name" },
    { column: "row", reason: "distinct whole numbers, looks like an identifier" },
    { column: "city", reason: "not numeric" },
    { column: "empty", reason: "all values missing" },
    { column: "flag", reason: "constant" },
  ]);
});

Deno.test("isIdLikeName recognises common identifier spellings only", () => {
  for (const name of ["id", "ID", "customer_id", "CustomerId", "member no", "uuid", "postcode"]) {
    assertEquals(isIdLikeName(name), name !== "postcode", name);
  }
  for (const name of ["age", "paid", "income", "video_views", "valid"]) {
    assertEquals(isIdLikeName(name), false, name);
  }
});

Deno.test("identifiers in every casing are recognised: CustomerID, custId, CUST_ID, Kunden-Nr, ID", () => {
  const ids = [
    "CustomerID",
    "custId",
    "CUST_ID",
    "Kunden-Nr",
    "ID",
    "Id",
    "customerid",
    "CUSTOMERID",
    "Kundennummer",
    "InvoiceNo",
    "client_nr",
    "Cust No.",
  ];
  for (const name of ids) assertEquals(isIdLikeName(name), true, name);
  // Columns of the public customer files that hold behaviour, not identities.
  const behaviour = [
    "NumWebPurchases",
    "Kidhome",
    "Income",
    "Year_Birth",
    "Dt_Customer",
    "PRC_FULL_PAYMENT",
    "Annual Income (k$)",
    "Spending Score (1-100)",
    "Genre",
    "Casino",
    "volume_no_tax",
  ];
  for (const name of behaviour) assertEquals(isIdLikeName(name), false, name);
});
