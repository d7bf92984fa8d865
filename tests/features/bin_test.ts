import assert from "node:assert/strict";
import * as aq from "arquero";
import {
  AGE_BANDS,
  binColumn,
  binLabels,
  binValues,
  MEMBERSHIP_BANDS,
} from "../../lib/features/bin.ts";
import { isInputError } from "../../lib/errors.ts";

Deno.test("age bands: lower edge inclusive, last band open", () => {
  assert.deepEqual(
    binValues([0, 19, 20, 29, 30, 69, 70, 104, null], AGE_BANDS),
    ["under 20", "under 20", "20s", "20s", "30s", "60s", "70+", "70+", null],
  );
  assert.deepEqual(
    binValues([0, 4, 5, 9, 10, 19, 20, 45], MEMBERSHIP_BANDS),
    [
      "0–4 years",
      "0–4 years",
      "5–9 years",
      "5–9 years",
      "10–19 years",
      "10–19 years",
      "20+ years",
      "20+ years",
    ],
  );
});

Deno.test("default labels from edges, and bad specs or values are errors", () => {
  assert.deepEqual(binLabels({ edges: [0, 10, 20] }), ["0–9", "10–19", "20+"]);
  assert.deepEqual(binLabels({ edges: [0, 0.5] }), ["0–<0.5", "0.5+"]);
  assert.throws(() => binLabels({ edges: [10, 5] }), isInputError);
  assert.throws(() => binLabels({ edges: [0, 5], labels: ["a"] }), isInputError);
  assert.throws(
    () => binValues([3, -1], { edges: [0, 10] }, { column: "age" }),
    (e) => isInputError(e) && /row 2/.test(e.message) && /"age"/.test(e.message),
  );
  const t = binColumn(aq.table({ age: [25] }), "age", { ...AGE_BANDS, to: "age_band" });
  assert.deepEqual(t.columnNames(), ["age", "age_band"]);
});
