import assert from "node:assert/strict";
import * as aq from "arquero";
import { assignMatrix, matrixWithMissing, missingSummary } from "../../lib/clean/missing.ts";
import { isInputError } from "../../lib/errors.ts";

Deno.test("missingSummary counts null, NaN and blanks", () => {
  const s = missingSummary(aq.table({ a: [1, null, NaN, 4], b: ["x", "", " ", "y"] }));
  assert.deepEqual(s.objects(), [
    { column: "a", missing: 2, share: 0.5 },
    { column: "b", missing: 2, share: 0.5 },
  ]);
});

Deno.test("matrixWithMissing and assignMatrix round-trip gaps as NaN/null", () => {
  const t = aq.table({ a: [1, null], b: [true, 3], c: ["keep", "me"] });
  const m = matrixWithMissing(t, ["a", "b"]);
  assert.deepEqual(Array.from(m.data), [1, 1, NaN, 3]);
  m.data[2] = 7;
  const out = assignMatrix(t, m);
  assert.deepEqual(out.array("a"), [1, 7]);
  assert.deepEqual(out.array("c"), ["keep", "me"]);
  assert.throws(
    () => matrixWithMissing(aq.table({ a: [1, "two"] }), ["a"]),
    (e) => isInputError(e) && /row 2/.test(e.message),
  );
});
