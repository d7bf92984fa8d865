import assert from "node:assert/strict";
import * as aq from "arquero";
import { bandColumn, bandLabel, birthYearFromDate } from "../../lib/privacy/generalise.ts";
import { isInputError } from "../../lib/errors.ts";

Deno.test("birth dates become birth years in place of the date", () => {
  const t = aq.table({
    id: ["a", "b", "c"],
    birth_date: [new Date(Date.UTC(1985, 0, 1)), new Date(Date.UTC(1985, 11, 31)), null],
    x: [1, 2, 3],
  });
  const out = birthYearFromDate(t);
  assert.deepEqual(out.columnNames(), ["id", "birth_year", "x"]);
  assert.deepEqual(out.array("birth_year"), [1985, 1985, null]);
  assert.throws(() => birthYearFromDate(aq.table({ birth_date: ["soon"] })), isInputError);
});

Deno.test("bands: 5-year birth bands and income bands with separators", () => {
  assert.equal(bandLabel(1985, 5), "1985–1989");
  assert.equal(bandLabel(1989, 5), "1985–1989");
  assert.equal(bandLabel(1990, 5), "1990–1994");
  assert.equal(bandLabel(49999, 10000, { thousands: true }), "40,000–49,999");
  assert.equal(bandLabel(0.25, 0.5), "0–<0.5");
  const t = bandColumn(aq.table({ income: [52300, null] }), "income", {
    width: 10000,
    to: "income_band",
    thousands: true,
  });
  assert.deepEqual(t.array("income_band"), ["50,000–59,999", null]);
  assert.deepEqual(t.array("income"), [52300, null]);
  assert.throws(() => bandLabel(1, 0), isInputError);
});
