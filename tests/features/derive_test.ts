import assert from "node:assert/strict";
import * as aq from "arquero";
import { deriveMemberFeatures, latestYear, resolveAsOfYear } from "../../lib/features/derive.ts";
import { isInputError } from "../../lib/errors.ts";

Deno.test("age and years as member count up to the as-of year, not the clock", () => {
  const t = aq.table({ birth_year: [1990, null, 2000], year_joined: [2015, 2020, 2024] });
  const a = deriveMemberFeatures(t, { asOfYear: 2024 });
  assert.deepEqual(a.array("age"), [34, null, 24]);
  assert.deepEqual(a.array("years_member"), [9, 4, 0]);
  const b = deriveMemberFeatures(t, { asOfYear: 2030 });
  assert.deepEqual(b.array("age"), [40, null, 30]);
  assert.throws(
    () => deriveMemberFeatures(t, { asOfYear: 2022 }),
    (e) => isInputError(e) && /column "year_joined"/.test(e.message) && /row 3/.test(e.message),
  );
});

Deno.test("the default as-of year is the data's latest year; a parameter overrides it", () => {
  const t = aq.table({ year_joined: [2001, 2019, null] });
  assert.equal(latestYear(t, "year_joined"), 2019);
  assert.equal(resolveAsOfYear(undefined, t, "year_joined"), 2019);
  assert.equal(resolveAsOfYear("", t, "year_joined"), 2019);
  assert.equal(resolveAsOfYear("2031", t, "year_joined"), 2031);
  assert.throws(() => resolveAsOfYear("next year", t, "year_joined"), isInputError);
  assert.throws(() => latestYear(aq.table({ year_joined: [null] }), "year_joined"), isInputError);
});
