import assert from "node:assert/strict";
import * as aq from "arquero";
import {
  assignSegments,
  RFM_SEGMENT_RULES,
  rfmSegments,
  segmentGrid,
  segmentOrder,
  UNCLASSIFIED,
} from "../../lib/features/rfm_segments.ts";

Deno.test("The default rule table names every one of the 25 R×F cells, each once", () => {
  const names = new Set(segmentOrder());
  assert.equal(names.size, 11);
  for (let r = 1; r <= 5; r++) {
    for (let f = 1; f <= 5; f++) {
      const code = `${r}${f}`;
      const hits = RFM_SEGMENT_RULES.filter((rule) =>
        new RegExp(`^(?:${rule.pattern})$`).test(code)
      );
      assert.equal(hits.length, 1, `cell ${code} matched by ${hits.map((h) => h.segment)}`);
    }
  }
});

Deno.test("The usual segment map, cell by cell", () => {
  assert.deepEqual(segmentGrid(), [
    {
      r_score: 5,
      f1: "New Customers",
      f2: "Potential Loyalist",
      f3: "Potential Loyalist",
      f4: "Champions",
      f5: "Champions",
    },
    {
      r_score: 4,
      f1: "Promising",
      f2: "Potential Loyalist",
      f3: "Potential Loyalist",
      f4: "Loyal Customers",
      f5: "Loyal Customers",
    },
    {
      r_score: 3,
      f1: "About To Sleep",
      f2: "About To Sleep",
      f3: "Need Attention",
      f4: "Loyal Customers",
      f5: "Loyal Customers",
    },
    {
      r_score: 2,
      f1: "Hibernating",
      f2: "Hibernating",
      f3: "At Risk",
      f4: "At Risk",
      f5: "Can't Lose Them",
    },
    { r_score: 1, f1: "Lost", f2: "Lost", f3: "At Risk", f4: "At Risk", f5: "Can't Lose Them" },
  ]);
});

Deno.test("An edited rule table changes the segments; first match wins; gaps are Unclassified", () => {
  const rules = [
    { segment: "Best", pattern: "5." },
    { segment: "Everyone else", pattern: "[2-4]." },
    { segment: "Shadowed", pattern: "55" },
  ];
  assert.deepEqual(rfmSegments([5, 3, 1], [5, 1, 1], rules), [
    "Best",
    "Everyone else",
    UNCLASSIFIED,
  ]);
  const t = assignSegments(aq.table({ r_score: [5, 1], f_score: [4, 5] }), rules);
  assert.deepEqual(t.array("segment"), ["Best", UNCLASSIFIED]);
});

Deno.test("A broken pattern is an input error naming the rule", () => {
  assert.throws(
    () => rfmSegments([1], [1], [{ segment: "X", pattern: "[1-" }]),
    /Invalid segment rule pattern: "\[1-" \(row 1\)/,
  );
  assert.throws(() => assignSegments(aq.table({ r_score: [1] })), /Column not found: "f_score"/);
});
