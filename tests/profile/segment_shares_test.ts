import { deepEqual, equal, throws } from "node:assert/strict";
import * as aq from "arquero";
import { segmentShares } from "../../lib/profile/segment_shares.ts";

Deno.test("segmentShares counts customers and sums value per segment, largest value first", () => {
  const t = aq.table({
    segment: ["Lost", "Champions", "Lost", "At Risk", "Champions"],
    monetary: [10, 500, 30, 60, 400],
  });
  deepEqual(segmentShares(t, { valueColumn: "monetary" }), [
    { segment: "Champions", customers: 2, share: 0.4, value: 900, valueShare: 0.9 },
    { segment: "At Risk", customers: 1, share: 0.2, value: 60, valueShare: 0.06 },
    { segment: "Lost", customers: 2, share: 0.4, value: 40, valueShare: 0.04 },
  ]);
});

Deno.test("segmentShares reads another segment column and gives zero value shares without value", () => {
  const t = aq.table({ cluster: ["a", "b"], spend: [0, 0] });
  const shares = segmentShares(t, { segmentColumn: "cluster", valueColumn: "spend" });
  equal(shares.length, 2);
  deepEqual(shares.map((s) => s.valueShare), [0, 0]);
});

Deno.test("segmentShares refuses a missing column and a non-numeric value, naming them", () => {
  const t = aq.table({ segment: ["a", "b"], monetary: [1, "x"] });
  throws(() => segmentShares(t, { valueColumn: "spend" }), /Column not found: "spend"/);
  throws(() => segmentShares(t, { valueColumn: "monetary" }), (e: Error & { row?: number }) => {
    equal(e.row, 2);
    return /Value is not a number: "x"/.test(e.message);
  });
});
