import assert from "node:assert/strict";
import * as aq from "arquero";
import { kAnonymity } from "../../lib/privacy/k_anonymity.ts";
import { isInputError } from "../../lib/errors.ts";

Deno.test("k-anonymity reports the smallest group and the groups under k", () => {
  const t = aq.table({
    birth_year: [1980, 1980, 1980, 1990, 1990, 2000, null],
    region: ["N", "N", "N", "S", "S", "S", "S"],
    gender: ["F", "F", "F", "M", "M", "F", "F"],
  });
  const r = kAnonymity(t, { quasiIdentifiers: ["birth_year", "region", "gender"], k: 3 });
  assert.equal(r.groups, 4);
  assert.equal(r.smallestGroup, 1);
  assert.equal(r.satisfied, false);
  assert.equal(r.rowsUnderK, 4);
  assert.deepEqual(r.groupsUnderK.objects(), [
    { birth_year: "(missing)", region: "S", gender: "F", size: 1 },
    { birth_year: 2000, region: "S", gender: "F", size: 1 },
    { birth_year: 1990, region: "S", gender: "M", size: 2 },
  ]);
  const ok = kAnonymity(t.slice(0, 3), { quasiIdentifiers: ["region"], k: 3 });
  assert.equal(ok.satisfied, true);
  assert.equal(ok.groupsUnderK.numRows(), 0);
  assert.throws(() => kAnonymity(t, { quasiIdentifiers: ["postcode"] }), isInputError);
  assert.throws(() => kAnonymity(t, { quasiIdentifiers: ["region"], k: 0 }), isInputError);
});
