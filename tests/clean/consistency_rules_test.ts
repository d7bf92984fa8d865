import assert from "node:assert/strict";
import * as aq from "arquero";
import {
  applyRepairs,
  checkConsistency,
  MEMBER_RULES,
  ruleSummary,
} from "../../lib/clean/consistency_rules.ts";
import { isInputError } from "../../lib/errors.ts";

const d = (y: number, m = 6, day = 15) => new Date(Date.UTC(y, m - 1, day));

Deno.test("every member rule flags exactly its own planted row", () => {
  const t = aq.from([
    {
      case: "clean",
      purchases: 10,
      amount_spent: 500,
      annual_income: 50000,
      birth_date: d(1980),
      year_joined: 2010,
    },
    {
      case: "purchases_without_spend",
      purchases: 4,
      amount_spent: 0,
      annual_income: 50000,
      birth_date: d(1980),
      year_joined: 2010,
    },
    {
      case: "spend_without_purchases",
      purchases: 0,
      amount_spent: 80,
      annual_income: 50000,
      birth_date: d(1980),
      year_joined: 2010,
    },
    {
      case: "negative_purchases",
      purchases: -2,
      amount_spent: 0,
      annual_income: 50000,
      birth_date: d(1980),
      year_joined: 2010,
    },
    {
      case: "negative_spend",
      purchases: 0,
      amount_spent: -5,
      annual_income: 50000,
      birth_date: d(1980),
      year_joined: 2010,
    },
    {
      case: "negative_income",
      purchases: 1,
      amount_spent: 9,
      annual_income: -100,
      birth_date: d(1980),
      year_joined: 2010,
    },
    {
      case: "birth_date_in_future",
      purchases: 1,
      amount_spent: 9,
      annual_income: 1,
      birth_date: d(2031),
      year_joined: 2010,
    },
    {
      case: "implausible_age",
      purchases: 1,
      amount_spent: 9,
      annual_income: 1,
      birth_date: d(1900),
      year_joined: 2010,
    },
    {
      case: "joined_before_birth",
      purchases: 1,
      amount_spent: 9,
      annual_income: 1,
      birth_date: d(1990),
      year_joined: 1987,
    },
    {
      case: "joined_in_future",
      purchases: 1,
      amount_spent: 9,
      annual_income: 1,
      birth_date: d(1990),
      year_joined: 2026,
    },
    {
      case: "missing",
      purchases: null,
      amount_spent: null,
      annual_income: null,
      birth_date: null,
      year_joined: null,
    },
  ]);
  const results = checkConsistency(t, MEMBER_RULES, { asOfYear: 2024 });
  const cases = t.array("case") as string[];
  assert.equal(results.length, MEMBER_RULES.length);
  for (const r of results) {
    assert.deepEqual(r.rows.map((i) => cases[i]), [r.rule], `rule ${r.rule}`);
    assert.equal(r.count, 1);
    assert.equal(r.violations.numRows(), 1);
  }
  // Every rule has a planted row here: none is left untested.
  assert.deepEqual(results.map((r) => r.rule).sort(), cases.slice(1, -1).sort());
});

Deno.test("the as-of year moves the future: 2031 births are fine when the data is from 2040", () => {
  const t = aq.table({
    purchases: [1],
    amount_spent: [1],
    annual_income: [1],
    birth_date: [d(2031)],
    year_joined: [2035],
  });
  const results = checkConsistency(t, MEMBER_RULES, { asOfYear: 2040 });
  assert.ok(results.every((r) => r.count === 0));
  assert.throws(() => checkConsistency(t, MEMBER_RULES, { asOfYear: NaN }), isInputError);
});

Deno.test("violations tables carry file and row; repairs set the named cells missing", () => {
  const t = aq.table({
    source_file: ["a.csv", "b.csv"],
    source_row: [3, 8],
    purchases: [5, 2],
    amount_spent: [0, 30],
    annual_income: [-1, 40000],
    birth_date: [d(1970), d(1980)],
    year_joined: [2001, 2002],
  });
  const results = checkConsistency(t, MEMBER_RULES, { asOfYear: 2024 });
  const pws = results.find((r) => r.rule === "purchases_without_spend")!;
  assert.deepEqual(pws.violations.columnNames(), [
    "source_file",
    "source_row",
    "purchases",
    "amount_spent",
  ]);
  assert.deepEqual(pws.violations.objects(), [{
    source_file: "a.csv",
    source_row: 3,
    purchases: 5,
    amount_spent: 0,
  }]);
  const { table, setMissing, dropped } = applyRepairs(t, results);
  assert.deepEqual(table.array("amount_spent"), [null, 30]);
  assert.deepEqual(table.array("annual_income"), [null, 40000]);
  assert.deepEqual(setMissing, { amount_spent: 1, annual_income: 1 });
  assert.deepEqual(dropped, []);
  assert.deepEqual(t.array("amount_spent"), [0, 30], "input not modified");
  assert.deepEqual(ruleSummary(results).columnNames(), [
    "rule",
    "description",
    "violations",
    "action",
  ]);
});

Deno.test("a rule whose column is missing is an error naming the column", () => {
  assert.throws(
    () => checkConsistency(aq.table({ purchases: [1] }), MEMBER_RULES, { asOfYear: 2024 }),
    (e) => isInputError(e) && /"amount_spent"/.test(e.message),
  );
});

Deno.test("a drop rule removes rows", () => {
  const rule = {
    id: "no_id",
    description: "no id",
    columns: ["id"],
    repair: { kind: "drop" as const },
    violates: (get: (c: string) => unknown) => get("id") === null,
  };
  const t = aq.table({ id: ["a", null, "c"] });
  const { table, dropped } = applyRepairs(t, checkConsistency(t, [rule], { asOfYear: 2024 }));
  assert.deepEqual(table.array("id"), ["a", "c"]);
  assert.deepEqual(dropped, [1]);
});
