import assert from "node:assert/strict";
import * as aq from "arquero";
import {
  consolidateFiles,
  consolidateTables,
  parseDate,
  parseNumber,
} from "../../lib/clean/consolidate.ts";
import {
  GENDER_VALUES,
  matchHeaders,
  MEMBER_ALIASES,
  normaliseHeader,
  standardiseValues,
} from "../../lib/clean/aliases.ts";
import { isInputError } from "../../lib/errors.ts";

const DATA = new URL("../../data/members/", import.meta.url).pathname;

Deno.test("headers match aliases regardless of case, spaces and punctuation", () => {
  assert.equal(normaliseHeader(" Cred. Card-User "), "credcarduser");
  const m = matchHeaders(["nric", "GIVEN NAME", "Branch Code", "E-mail"], MEMBER_ALIASES);
  assert.deepEqual(m.matched, { national_id: "nric", first_name: "GIVEN NAME", email: "E-mail" });
  assert.deepEqual(m.unmatched, ["Branch Code"]);
  assert.ok(m.missing.includes("birth_date"));
});

Deno.test("two headers meaning the same column are an error naming both", () => {
  assert.throws(
    () => matchHeaders(["NRIC", "National ID"], MEMBER_ALIASES, { file: "x.csv" }),
    (e) =>
      isInputError(e) && /"NRIC" and "National ID"/.test(e.message) && /x\.csv/.test(e.message),
  );
});

Deno.test("consolidateTables maps headers, converts types and keeps unmatched columns reported", () => {
  const schema = [
    { name: "id", aliases: ["NRIC", "ID Number"], type: "string" as const, required: true },
    { name: "income", aliases: ["Income"], type: "number" as const },
    { name: "born", aliases: ["DOB", "Birth Date"], type: "date" as const },
  ];
  const { table, unmatched, sources } = consolidateTables([
    {
      name: "a.csv",
      table: aq.table({ NRIC: ["S1"], Income: ["$52,300"], DOB: ["1990-12-31"], Fax: [1] }),
    },
    {
      name: "b.csv",
      table: aq.table({ "ID Number": ["S2"], "Birth Date": ["31/12/1991"] }),
      dateOrder: "dmy",
    },
  ], schema);
  assert.deepEqual(table.columnNames(), ["source_file", "source_row", "id", "income", "born"]);
  assert.deepEqual(table.array("income"), [52300, null]);
  assert.deepEqual(
    (table.array("born") as Date[]).map((d) => d.toISOString().slice(0, 10)),
    ["1990-12-31", "1991-12-31"],
  );
  assert.deepEqual(unmatched, [{ file: "a.csv", column: "Fax" }]);
  assert.deepEqual(sources[1]!.missing, ["income"]);
});

Deno.test("a missing required column and a bad value are errors naming file, column and row", () => {
  const schema = [
    { name: "id", aliases: ["NRIC"], type: "string" as const, required: true },
    { name: "income", aliases: ["Income"], type: "number" as const },
  ];
  assert.throws(
    () => consolidateTables([{ name: "a.csv", table: aq.table({ Income: [1] }) }], schema),
    (e) => isInputError(e) && /Required column missing: "id"/.test(e.message),
  );
  assert.throws(
    () =>
      consolidateTables([{
        name: "a.csv",
        table: aq.table({ NRIC: ["S1", "S2"], Income: [1, "lots"] }),
      }], schema),
    (e) =>
      isInputError(e) && /Not a number: "lots"/.test(e.message) && /a\.csv/.test(e.message) &&
      /column "Income"/.test(e.message) && /row 2/.test(e.message),
  );
});

Deno.test("parseNumber and parseDate handle the spellings in the sources", () => {
  assert.equal(parseNumber("52,300"), 52300);
  assert.equal(parseNumber(" 1 234.5 "), 1234.5);
  assert.equal(parseNumber("-7"), -7);
  assert.equal(parseNumber(""), null);
  assert.throws(() => parseNumber("12abc"), isInputError);
  assert.equal(
    parseDate("03/04/2001", { dateOrder: "mdy" })?.toISOString().slice(0, 10),
    "2001-03-04",
  );
  assert.equal(
    parseDate("03/04/2001", { dateOrder: "dmy" })?.toISOString().slice(0, 10),
    "2001-04-03",
  );
  assert.equal(
    parseDate(new Date(Date.UTC(1985, 2, 14)))?.toISOString(),
    "1985-03-14T00:00:00.000Z",
  );
  // SheetJS gives local midnight: the calendar day is kept.
  assert.equal(parseDate(new Date(1985, 2, 14))?.toISOString(), "1985-03-14T00:00:00.000Z");
  assert.throws(() => parseDate("31/02/2001", { dateOrder: "dmy" }), isInputError);
});

Deno.test("standardiseValues maps gender spellings and rejects unknown ones with file and row", () => {
  const t = aq.table({ source_file: ["a", "b"], source_row: [4, 9], gender: ["f", "X"] });
  assert.throws(
    () => standardiseValues(t, "gender", { values: GENDER_VALUES }),
    (e) =>
      isInputError(e) && /"X"/.test(e.message) && /file b/.test(e.message) &&
      /row 9/.test(e.message),
  );
  const ok = standardiseValues(t.slice(0, 1), "gender", { values: GENDER_VALUES });
  assert.deepEqual(ok.array("gender"), ["Female"]);
});

Deno.test("the bundled regional files consolidate into one schema", async () => {
  const { table, sources, unmatched } = await consolidateFiles([
    { path: `${DATA}members_north.csv` },
    { path: `${DATA}members_south.csv`, delimiter: ";", dateOrder: "dmy" },
    { path: `${DATA}members_east.xlsx` },
    { path: `${DATA}members_west.csv` },
  ], MEMBER_ALIASES);
  assert.equal(sources.length, 4);
  assert.ok(table.numRows() >= 1400 && table.numRows() <= 1600, `${table.numRows()} rows`);
  assert.deepEqual(unmatched.map((u) => u.column).sort(), [
    "Branch Code",
    "Notes",
    "Referral Source",
  ]);
  for (const s of sources) assert.deepEqual(s.missing, [], `${s.file} lacks ${s.missing}`);
  const incomes = table.array("annual_income") as (number | null)[];
  assert.ok(incomes.every((v) => v === null || typeof v === "number"));
  assert.ok((table.array("birth_date") as unknown[]).every((v) => v === null || v instanceof Date));
});
