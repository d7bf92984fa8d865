import { deepEqual, equal } from "node:assert/strict";
import * as aq from "arquero";
import { segmentTable } from "../../lib/segment/segment_table.ts";

Deno.test("segmentTable with releaseMatrices gives the same files and fit, with the feature matrices emptied", () => {
  const n = 400;
  const t = aq.table({
    spend: Float64Array.from({ length: n }, (_, i) => (i % 4) * 10 + (i % 7) / 7),
    visits: Float64Array.from({ length: n }, (_, i) => (i % 4) * 3 + (i % 5) / 5),
    region: Array.from({ length: n }, (_, i) => ["n", "s", "e"][i % 3]),
  });
  const kept = segmentTable(t, { k: 4, seed: 1, file: "t.csv" });
  const released = segmentTable(t, { k: 4, seed: 1, file: "t.csv", releaseMatrices: true });
  deepEqual(released.files, kept.files);
  deepEqual(released.fit.labels, kept.fit.labels);
  deepEqual(released.fit.model, kept.fit.model);
  for (const m of [released.fit.matrix, released.fit.scaled, released.fit.prepared.encoded]) {
    equal(m.rows, 0);
    equal(m.data.length, 0);
  }
  deepEqual(released.fit.scaled.columns, kept.fit.scaled.columns);
  equal(kept.fit.matrix.rows, n);
});
