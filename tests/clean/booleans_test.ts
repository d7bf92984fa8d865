import assert from "node:assert/strict";
import * as aq from "arquero";
import { headersBySource, parseBoolean, standardiseBooleans } from "../../lib/clean/booleans.ts";
import { isInputError } from "../../lib/errors.ts";

Deno.test("every accepted yes/no spelling, in any case, becomes 1 or 0", () => {
  const yes = ["Y", "y", "Yes", "YES", "yes", "TRUE", "true", "True", "1", " t ", true, 1];
  const no = ["N", "n", "No", "NO", "FALSE", "false", "0", "F", false, 0];
  for (const v of yes) assert.equal(parseBoolean(v), 1, String(v));
  for (const v of no) assert.equal(parseBoolean(v), 0, String(v));
  for (const v of [null, undefined, "", "  ", NaN]) assert.equal(parseBoolean(v), null);
});

Deno.test("an unknown spelling names the file, the original column, the row and the value", () => {
  const t = aq.table({
    source_file: ["north.csv", "north.csv"],
    source_row: [7, 8],
    credit_card: ["Y", "Maybe"],
  });
  assert.throws(
    () =>
      standardiseBooleans(t, ["credit_card"], {
        headers: headersBySource([{
          file: "north.csv",
          matched: { credit_card: "Cred Card User" },
        }]),
      }),
    (e) =>
      isInputError(e) && /"Maybe"/.test(e.message) && /file north\.csv/.test(e.message) &&
      /column "Cred Card User"/.test(e.message) && /row 8/.test(e.message),
  );
  assert.throws(() => parseBoolean(2), isInputError);
});

Deno.test("standardiseBooleans converts several columns and leaves others alone", () => {
  const t = aq.table({ a: ["Yes", "no", null], b: [true, false, "1"], c: ["x", "y", "z"] });
  const out = standardiseBooleans(t, ["a", "b"]);
  assert.deepEqual(out.array("a"), [1, 0, null]);
  assert.deepEqual(out.array("b"), [1, 0, 1]);
  assert.deepEqual(out.array("c"), ["x", "y", "z"]);
});
