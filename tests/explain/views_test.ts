/** The rules table, product-lift chart and forecast chart on fixed data, against snapshots. */
import assert from "node:assert/strict";
import { matrixFromRows } from "../../lib/matrix.ts";
import {
  explainSegments,
  forecastChart,
  markovForecast,
  productLiftChart,
  rulesRows,
  rulesTable,
} from "../../lib/mod.ts";
import { NOT_YET_CUSTOMER } from "../../lib/features/segment_migration.ts";
import { isInputError } from "../../lib/errors.ts";
import { assertSnapshot } from "../plot/snapshot.ts";

const x = matrixFromRows(
  [[20, 30], [25, 35], [30, 80], [80, 70], [90, 75], [85, 20], [22, 90]],
  ["annual_income", "spending_score"],
);
const labels = [0, 0, 1, 2, 2, 0, 1];

Deno.test("rules table: one row per segment, shares as percentages, top features", async () => {
  const explained = explainSegments(x, labels, { top: 1 });
  const rows = rulesRows(explained, { segmentNames: ["Careful", "Young spenders", "Affluent"] });
  assert.deepEqual(rows.map((r) => r.segment), ["Careful", "Young spenders", "Affluent"]);
  assert.deepEqual(rows.map((r) => [r.rule, r.customers, r.covers, r.precision]), [
    ["spending score <= 52.5", 3, 1, 1],
    ["spending score > 77.5", 2, 1, 1],
    ["annual income > 55 and spending score > 45", 2, 1, 1],
  ]);
  assert.match(
    rows.find((r) => r.segment === "Affluent")!.stands_out_by,
    /^annual income ↑ \d\.\d sd$/,
  );
  const table = rulesTable(explained, { segmentNames: ["Careful", "Young spenders", "Affluent"] });
  assert.match(
    table.html,
    /all 3 segments described by a rule covering at least 50% of the segment/,
  );
  await assertSnapshot("explain_rules_table", table.html);
});

Deno.test("product lift chart: bars per product, coloured by segment", async () => {
  const rows = [
    {
      segment: "Champions",
      product: "A1",
      description: "REGENCY CAKESTAND",
      customers: 40,
      share_in_segment: 0.4,
      share_overall: 0.125,
      lift: 3.2,
    },
    {
      segment: "Champions",
      product: "B2",
      description: "",
      customers: 10,
      share_in_segment: 0.1,
      share_overall: 0.05,
      lift: 2,
    },
    {
      segment: "Lost",
      product: "C3",
      description: "JUMBO BAG",
      customers: 12,
      share_in_segment: 0.12,
      share_overall: 0.1,
      lift: 1.2,
    },
  ];
  const chart = productLiftChart(rows, { perSegment: 1 });
  assert.ok(chart.html.includes("REGENCY CAKESTAND") && chart.html.includes("JUMBO BAG"));
  assert.ok(!chart.html.includes(">B2<"), "one product per segment");
  await assertSnapshot("explain_product_lift", chart.html);
  assert.throws(() => productLiftChart([]), isInputError);
});

Deno.test("forecast chart: observed and forecast sizes per segment", async () => {
  const forecast = markovForecast({
    fromDate: "2024-06-01",
    toDate: "2024-12-01",
    matrix: [
      { from: "Loyal", to: "Loyal", customers: 6, share: 0.6 },
      { from: "Loyal", to: "Lost", customers: 4, share: 0.4 },
      { from: "Lost", to: "Loyal", customers: 1, share: 0.1 },
      { from: "Lost", to: "Lost", customers: 9, share: 0.9 },
      { from: NOT_YET_CUSTOMER, to: "Loyal", customers: 2, share: 1 },
    ],
  });
  const chart = forecastChart(forecast);
  assert.ok(chart.html.includes("2025-12-02 (forecast, +2)"));
  assert.ok(chart.html.includes("First-order Markov"));
  await assertSnapshot("explain_forecast", chart.html);
});
