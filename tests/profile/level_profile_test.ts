import { deepEqual, equal, ok, throws } from "node:assert/strict";
import * as aq from "arquero";
import { readTable } from "../../lib/io/read_table.ts";
import { levelHighlights, profileLevels, textColumns } from "../../lib/profile/level_profile.ts";
import { levelProfileTable } from "../../lib/display/level_profile_table.ts";

const MESSY = new URL("../../data/customers_messy.tsv", import.meta.url).pathname;
const REF = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/preparation_reference.json", import.meta.url)),
);

Deno.test("level shares per segment match pandas' crosstab", async () => {
  const table = await readTable(MESSY);
  const labels = Int32Array.from({ length: table.numRows() }, (_, i) => i % 3);
  const shares = profileLevels(table, labels, { columns: ["Marital_Status"], maxLevels: 50 });
  let checked = 0;
  for (const s of shares) {
    const expected = REF.marital_shares[s.level]?.[String(s.cluster)];
    ok(expected !== undefined, s.level);
    ok(Math.abs(s.shareInSegment - expected) < 1e-12, `${s.level} ${s.cluster}`);
    ok(Math.abs(s.shareOverall - REF.marital_overall[s.level]) < 1e-12, s.level);
    checked++;
  }
  equal(checked, Object.keys(REF.marital_overall).length * 3);
});

Deno.test("text columns profiled: a few levels only; rows labelled -1 are not counted", () => {
  const t = aq.table({
    country: ["FR", "FR", "DE", "DE", "FR", null],
    code: ["a", "b", "c", "d", "e", "f"].map((x) => x.repeat(3)),
    amount: [1, 2, 3, 4, 5, 6],
  });
  equal(textColumns(aq.table({ x: ["a", "a"] })).length, 0, "one level is not profiled");
  deepEqual(textColumns(t), ["country"], "all-distinct text is not profiled");
  const shares = profileLevels(t, [0, 0, 1, 1, -1, 0]);
  const fr0 = shares.find((s) => s.column === "country" && s.level === "FR" && s.cluster === 0)!;
  equal(fr0.shareInSegment, 1);
  equal(fr0.shareOverall, 0.5);
  equal(fr0.index, 2);
  equal(levelHighlights(shares)[0], "country FR: 100% of Cluster 0, 50% overall");
  ok(levelProfileTable(shares).html.includes("Cluster 1"));
  throws(() => profileLevels(t, [0, 1]), /Labels do not match the table/);
});
