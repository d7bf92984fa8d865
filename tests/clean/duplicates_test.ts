import assert from "node:assert/strict";
import * as aq from "arquero";
import { dropDuplicates } from "../../lib/clean/duplicates.ts";

Deno.test("exact duplicates across files are dropped, first kept, provenance ignored", () => {
  const d = new Date(Date.UTC(1980, 0, 1));
  const t = aq.table({
    source_file: ["a", "b", "a", "c"],
    source_row: [1, 5, 2, 9],
    id: ["S1", "S1", "S2", "S1"],
    born: [d, new Date(d.getTime()), d, d],
    spend: [10, 10, 10, 11],
  });
  const { table, dropped, kept } = dropDuplicates(t);
  assert.deepEqual(kept, [0, 2, 3]);
  assert.deepEqual(dropped, [{ index: 1, duplicateOf: 0 }]);
  assert.deepEqual(table.array("source_row"), [1, 2, 9]);
});

Deno.test("null and empty text are not confused, numbers and strings are not confused", () => {
  const t = aq.table({ x: [null, "", 1, "1", null] });
  assert.deepEqual(dropDuplicates(t).dropped, [{ index: 4, duplicateOf: 0 }]);
});
