import assert from "node:assert/strict";
import {
  migrationMatrix,
  NOT_YET_CUSTOMER,
  segmentMigration,
} from "../../lib/features/segment_migration.ts";
import { cleanTransactions, releaseTransactions } from "../../lib/clean/transactions.ts";
import { aggregateRFM } from "../../lib/features/rfm.ts";

const fixtures = new URL("../fixtures/", import.meta.url).pathname;
const expected = JSON.parse(await Deno.readTextFile(`${fixtures}rfm_expected.json`));

Deno.test("The transition matrix counts moves and row shares, zeros included", () => {
  const cells = migrationMatrix(
    ["Loyal", "Loyal", "Loyal", "At Risk", NOT_YET_CUSTOMER],
    ["Loyal", "At Risk", "At Risk", "At Risk", "Loyal"],
    { order: ["Loyal", "At Risk", NOT_YET_CUSTOMER] },
  );
  assert.deepEqual(cells, [
    { from: "Loyal", to: "Loyal", customers: 1, share: 1 / 3 },
    { from: "Loyal", to: "At Risk", customers: 2, share: 2 / 3 },
    { from: "At Risk", to: "Loyal", customers: 0, share: 0 },
    { from: "At Risk", to: "At Risk", customers: 1, share: 1 },
    { from: NOT_YET_CUSTOMER, to: "Loyal", customers: 1, share: 1 },
    { from: NOT_YET_CUSTOMER, to: "At Risk", customers: 0, share: 0 },
  ]);
  assert.throws(() => migrationMatrix(["a"], []), /differ in length/);
});

Deno.test("Migration between two dates: segments at each date match pandas; newcomers start outside", async () => {
  const cleaned = await cleanTransactions(`${fixtures}rfm_transactions.csv`);
  try {
    const moves = await segmentMigration(cleaned, { from: "2024-06-01" });
    assert.equal(moves.fromDate, "2024-06-01");
    assert.equal(moves.toDate, "2024-11-30");
    const rows = moves.customers.objects() as Record<string, string>[];
    // Segments at the later date are those pandas gives for the whole file.
    assert.deepEqual(
      rows.map((r) => r.to_segment),
      expected.transactions.configs.iqr.scores.segment,
    );
    // Segments at the earlier date are pandas' for the earlier as-of date.
    const early = expected.transactions.as_of_2024_06_01;
    const earlyBy = new Map(
      early.rfm.customer_id.map((id: string, i: number) => [id, early.segment[i]]),
    );
    for (const r of rows) {
      assert.equal(r.from_segment, earlyBy.get(r.customer_id) ?? NOT_YET_CUSTOMER);
    }
    const newcomers = rows.filter((r) => r.from_segment === NOT_YET_CUSTOMER).length;
    const before = await aggregateRFM(cleaned, { asOf: "2024-06-01" });
    assert.equal(newcomers, rows.length - before.table.numRows());
    const total = moves.matrix.reduce((s, c) => s + c.customers, 0);
    assert.equal(total, rows.length);
    await assert.rejects(
      () => segmentMigration(cleaned, { from: "2025-01-01" }),
      /must come before/,
    );
  } finally {
    await releaseTransactions(cleaned);
  }
});

Deno.test("Crosstab of two labellings, in the given orders, zeros included", async () => {
  const { crosstab } = await import("../../lib/features/segment_migration.ts");
  assert.deepEqual(
    crosstab(["Lost", "Champions", "Lost", "New"], ["Low", "High", "Low", "Low"], {
      rowOrder: ["Champions", "Lost"],
      columnOrder: ["High", "Low"],
    }),
    [
      { segment: "Champions", High: 1, Low: 0 },
      { segment: "Lost", High: 0, Low: 2 },
      { segment: "New", High: 0, Low: 1 },
    ],
  );
  assert.throws(() => crosstab(["a"], []), /differ in length/);
});

Deno.test("a first date on or before the first purchase is an error about that date", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(
    path,
    "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n" +
      "1,2,2024-03-01 09:30:00,5,A\n2,1,2024-09-01,5,A\n3,1,2024-02-01,4,B\n",
  );
  const cleaned = await cleanTransactions(path, { outliers: "none" });
  try {
    for (const from of ["2011-06-01", "2024-02-01"]) {
      await assert.rejects(
        segmentMigration(cleaned, { from }),
        new RegExp(
          `No purchases before the first date ${from} .*kept lines start on 2024-02-01: ` +
            "give a later first date \\(--from\\)",
        ),
      );
    }
    assert.equal((await segmentMigration(cleaned, { from: "2024-02-02" })).fromDate, "2024-02-02");
  } finally {
    await releaseTransactions(cleaned);
    await Deno.remove(path);
  }
});
