import assert from "node:assert/strict";
import * as aq from "arquero";
import { applyOneHot, fitOneHot, oneHotColumns } from "../../lib/features/encode.ts";
import { isInputError } from "../../lib/errors.ts";

Deno.test("one-hot columns as scikit-learn names them, categories sorted", () => {
  const t = aq.table({
    region: ["West", "East", "North", "East"],
    band: ["30s", "20s", "30s", "20s"],
  });
  const model = fitOneHot(t, ["region", "band"]);
  assert.deepEqual(oneHotColumns(model), [
    "region_East",
    "region_North",
    "region_West",
    "band_20s",
    "band_30s",
  ]);
  const out = applyOneHot(model, t);
  assert.deepEqual(out.array("region_East"), [0, 1, 0, 1]);
  assert.deepEqual(out.array("band_30s"), [1, 0, 1, 0]);
  // every row has exactly one 1 per source column
  for (let i = 0; i < 4; i++) {
    const row = ["region_East", "region_North", "region_West"].map((c) => out.get(c, i) as number);
    assert.equal(row.reduce((s, v) => s + v, 0), 1);
  }
  assert.deepEqual(JSON.parse(JSON.stringify(model)), model, "model is plain JSON");
});

Deno.test("given category order, unknown and missing categories", () => {
  const t = aq.table({ band: ["20s", "under 20"] });
  const model = fitOneHot(t, ["band"], { categories: { band: ["under 20", "20s", "30s"] } });
  assert.deepEqual(oneHotColumns(model), ["band_under 20", "band_20s", "band_30s"]);
  assert.throws(() => fitOneHot(t, ["band"], { categories: { band: ["20s"] } }), isInputError);
  const fresh = aq.table({ band: ["40s"] });
  assert.throws(() => applyOneHot(model, fresh), (e) => isInputError(e) && /"40s"/.test(e.message));
  assert.deepEqual(applyOneHot(model, fresh, { unknown: "ignore" }).array("band_20s"), [0]);
  assert.throws(
    () => fitOneHot(aq.table({ band: ["20s", null] }), ["band"]),
    (e) => isInputError(e) && /row 2/.test(e.message),
  );
});
