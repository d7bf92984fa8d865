import assert from "node:assert/strict";
import * as aq from "arquero";
import {
  rfmValueLabels,
  VALUE_LABEL_RULES,
  valueLabelNames,
} from "../../lib/profile/value_labels.ts";

// Overall medians: recency 30, frequency 2, monetary 200, tenure 200.
const table = aq.table({
  recency: [5, 6, 300, 310, 10, 12, 30, 31, 400, 420, 25, 26],
  frequency: [10, 12, 1, 1, 1, 1, 2, 2, 8, 6, 2, 3],
  monetary: [3000, 3500, 40, 50, 60, 80, 200, 220, 2500, 2000, 100, 90],
  tenure: [350, 360, 320, 330, 20, 30, 200, 210, 400, 390, 180, 190],
});
const labels = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5];

Deno.test("Clusters get business labels from their medians relative to everyone's", () => {
  const out = rfmValueLabels(table, labels);
  assert.deepEqual(out.map((v) => v.label), [
    "High-value",
    "Inactive",
    "New customers",
    "Mid-value",
    "At-risk high-value",
    "Low-value",
  ]);
  assert.deepEqual(out.map((v) => v.size), [2, 2, 2, 2, 2, 2]);
  assert.match(
    out[0]!.reason,
    /^recency 0\.\d×, frequency \d\.\d×, monetary \d+\.\d×, tenure \d\.\d×$/,
  );
  assert.equal(valueLabelNames(out)[2], "New customers");
});

Deno.test("Repeated labels are numbered by value; noise stays noise; rules are editable", () => {
  const out = rfmValueLabels(table, [0, 0, 1, 1, 1, 1, -1, -1, 0, 0, 1, 1], [
    { label: "Spenders", description: "", when: (l) => l.monetary >= 1 },
    ...VALUE_LABEL_RULES,
  ]);
  assert.deepEqual(out.map((v) => [v.cluster, v.label]), [[-1, "Noise"], [0, "Spenders"], [
    1,
    "Low-value",
  ]]);
  const two = rfmValueLabels(table, [0, 0, 1, 1, 2, 2, 3, 3, 0, 0, 1, 1], [
    { label: "Everyone", description: "", when: () => true },
  ]);
  assert.deepEqual(two.map((v) => v.label), [
    "Everyone 1",
    "Everyone 3",
    "Everyone 4",
    "Everyone 2",
  ]);
});

Deno.test("Missing columns and mismatched labels are input errors", () => {
  assert.throws(
    () => rfmValueLabels(aq.table({ recency: [1] }), [0]),
    /Column not found: "frequency"/,
  );
  assert.throws(() => rfmValueLabels(table, [0, 1]), /Labels \(2\) and rows \(12\) differ/);
});

Deno.test("Profile rows: size, medians of the RFM features, label and reason per cluster", async () => {
  const { rfmProfileRows } = await import("../../lib/profile/value_labels.ts");
  const t = table.assign({
    total_quantity: [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23],
    avg_basket_value: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120],
  });
  const rows = rfmProfileRows(t, labels, rfmValueLabels(t, labels));
  assert.deepEqual(rows[0], {
    cluster: 0,
    size: 2,
    recency: 5.5,
    frequency: 11,
    monetary: 3250,
    total_quantity: 2,
    avg_basket_value: 15,
    profile: "High-value",
    why: rows[0]!.why,
  });
  assert.equal(rows.length, 6);
});
