import { deepEqual, equal, match, ok, throws } from "node:assert/strict";
import * as aq from "arquero";
import { fitPreparation } from "../../lib/prepare/fit_preparation.ts";
import { applyPreparation } from "../../lib/prepare/apply_preparation.ts";
import { preparationLines, preparationRows } from "../../lib/prepare/preparation_report.ts";
import { COLUMN_ROLES, parseRoleOverrides } from "../../lib/prepare/role_overrides.ts";
import { idColumnOf } from "../../lib/prepare/id_column.ts";
import { parseSegmentationParameters } from "../../lib/segment/parameters.ts";
import { segmentTable } from "../../lib/segment/segment_table.ts";
import { modelFromText } from "../../lib/segment/segmentation_model.ts";
import { assignTable } from "../../lib/segment/assign_table.ts";
import { createRandom } from "../../lib/random.ts";
import { appWording } from "../../lib/app/app_wording.ts";

/** 300 customers in three groups apart on every number, with an id, a flag and a text column. */
function customers(seed = 1) {
  const random = createRandom(seed);
  const n = 300;
  const group = Array.from({ length: n }, (_, i) => i % 3);
  const around = (centre: number, spread: number) => centre + (random.next() - 0.5) * 2 * spread;
  return aq.table({
    CustomerID: Array.from({ length: n }, (_, i) => 5000 + 7 * i),
    score_a: group.map((g) => around([10, 50, 90][g]!, 6)),
    score_b: group.map((g) => around([300, 120, 20][g]!, 15)),
    kids: group.map((g, i) => (g + i) % 3),
    opted: group.map((_, i) => (i % 17 === 0 ? 1 : 0)),
    plan: group.map((g) => ["basic", "plus", "gold"][g]!),
  });
}

Deno.test("roles are parsed from column=role pairs, with aliases, and bad ones refused in one line", () => {
  deepEqual(parseRoleOverrides(["a=ID", "b=Exclude", "c=monetary", "d=text", "e=flag"]), {
    a: "identifier",
    b: "ignore",
    c: "spend",
    d: "demographic",
    e: "campaign",
  });
  // A column name holding "=" keeps it: the role is after the last one.
  deepEqual(parseRoleOverrides(["x=y=income"]), { "x=y": "income" });
  for (
    const [entry, message] of [
      [
        "Income=wealth",
        /Unknown role "wealth" \(column "Income"\)\. Valid roles: identifier, ignore, spend, frequency, recency, tenure, age, income, demographic, campaign, other \(also id for identifier/,
      ],
      ["Income", /Invalid roles: "Income"\. Give column=role pairs/],
      ["=income", /Invalid roles: "=income"/],
      ["Income=", /Invalid roles: "Income="/],
    ] as const
  ) {
    throws(() => parseRoleOverrides([entry]), message, entry);
  }
  throws(
    () => parseRoleOverrides(["a=spend", "a=income"]),
    /Column given two roles \(column "a"\)/,
  );
  // The declared parameter checks the text the same way, before any file is read.
  throws(
    () => parseSegmentationParameters({ roles: "a=spend,b=nonsense" }),
    /Unknown role "nonsense" \(column "b"\)/,
  );
  deepEqual(parseSegmentationParameters({ roles: " a=spend , b=id " }).roles, ["a=spend", "b=id"]);
  equal(parseSegmentationParameters({}).roles, undefined);
  equal(COLUMN_ROLES.length, 11);
});

Deno.test("every column's role is shown with its reason: identifiers by name, running number or codes", () => {
  const t = aq.table({
    CustomerID: [9, 3, 4, 8, 1, 20],
    row: [1, 2, 3, 4, 5, 6],
    amount_spent: [10.5, 20, 30, 41, 52, 60],
    NumWebPurchases: [1, 4, 2, 6, 3, 2],
    AcceptedCmp5: [0, 1, 0, 0, 1, 0],
    Dt_Customer: [
      "2013-01-02",
      "2014-05-01",
      "2012-08-09",
      "2014-01-01",
      "2013-03-04",
      "2012-01-01",
    ],
    Year_Birth: [1957, 1980, 1966, 1990, 1975, 1969],
    cash: [3.5, 10, 4, 7, 1, 9],
  });
  // More codes than the 20 levels a text column may have: 30 rows.
  const wide = aq.table({
    voucher: Array.from({ length: 30 }, (_, i) => `K${1000 + i * 3}`),
    spend: Array.from({ length: 30 }, (_, i) => (i * 37) % 100 + 0.5),
  });
  const roles = (fit: ReturnType<typeof fitPreparation>) =>
    Object.fromEntries(fit.columns.map((c) => [c.column, `${c.role}: ${c.roleReason}`]));
  const r = roles(fitPreparation(t, { rareShare: 0 }));
  equal(r.CustomerID, "identifier: name reads as an identifier");
  equal(r.row, "identifier: distinct whole numbers in steps of one: a running number");
  equal(r.amount_spent, 'spend: name contains "amount": money spent');
  equal(r.NumWebPurchases, 'frequency: name contains "num": how often they buy');
  equal(r.AcceptedCmp5, 'campaign: name contains "accepted", 0/1 values: 0/1 answer to a campaign');
  match(r.Dt_Customer!, /^tenure: a date: days since the customer joined/);
  equal(r.Year_Birth, 'age: name contains "year birth": birth year (higher is younger)');
  equal(r.cash, "other: no pattern matched: named by its label");
  equal(roles(fitPreparation(wide)).voucher, "identifier: unique codes in every row");
  // The table notebook 04 and the app show, and the command line's lines.
  const row = preparationRows(fitPreparation(t, { roles: { cash: "income" } })).at(-1)!;
  equal(row.role, "income (yours)");
  equal(
    preparationRows(fitPreparation(t)).at(-1)!.role,
    "other (no pattern matched: named by its label)",
  );
  match(preparationLines(fitPreparation(t)).at(-1)!, /; role other \(no pattern matched\)$/);
});

Deno.test("an identifier or ignore role leaves a used column out; a role uses a column the data would skip", () => {
  const t = customers();
  const base = fitPreparation(t, { rareShare: 0 });
  deepEqual(base.model.steps.map((s) => s.column), ["score_a", "score_b", "kids", "opted", "plan"]);
  equal(base.model.roles, undefined);
  const given = fitPreparation(t, {
    rareShare: 0,
    roles: { score_b: "identifier", kids: "ignore", CustomerID: "frequency" },
  });
  deepEqual(given.model.steps.map((s) => s.column), ["CustomerID", "score_a", "opted", "plan"]);
  deepEqual(given.model.roles, { score_b: "identifier", kids: "ignore", CustomerID: "frequency" });
  const byColumn = Object.fromEntries(given.columns.map((c) => [c.column, c]));
  equal(byColumn.score_b!.reason, "identifier (your role)");
  match(byColumn.kids!.reason, /^ignored \(your role\): left out of the clustering/);
  deepEqual([byColumn.CustomerID!.used, byColumn.CustomerID!.role], [true, "frequency"]);
  // The id the CRM export and the app's map use follows the roles.
  equal(idColumnOf(t), "CustomerID");
  equal(idColumnOf(t, { CustomerID: "frequency" }), undefined);
  equal(idColumnOf(t, { score_a: "identifier" }), "score_a");
});

Deno.test("a number given the demographic role becomes text levels, and a model applies them to new rows", () => {
  const t = customers();
  const fit = fitPreparation(t, { rareShare: 0, roles: { kids: "demographic" } });
  const step = fit.model.steps.find((s) => s.column === "kids")!;
  equal(step.kind, "categorical");
  deepEqual(step.kind === "categorical" ? step.features : [], ["kids=0", "kids=1", "kids=2"]);
  const fresh = aq.table({
    CustomerID: [1, 2],
    score_a: [10, 90],
    score_b: [300, 20],
    kids: [2, 5],
    opted: [0, 1],
    plan: ["basic", "gold"],
  });
  const prepared = applyPreparation(fit.model, fresh);
  const kids = prepared.original.columns.indexOf("kids=2");
  equal(prepared.original.data[kids], 1, "row 1 is kids=2");
  deepEqual(prepared.unseen, [{ column: "kids", count: 1, levels: ["5"] }]);
});

Deno.test("roles that do not fit are refused in one line naming the column", () => {
  const t = aq.table({
    joined: ["2013-01-02", "2014-05-01", "2012-08-09"],
    city: ["Oslo", "Rome", "Oslo"],
    spend: [1, 5, 9],
  });
  const cases: [Parameters<typeof fitPreparation>[1], RegExp][] = [
    [
      { roles: { Spend: "income" } },
      /Column not found in --roles: "Spend"\. Available columns: joined, city, spend\.$/,
    ],
    [
      { roles: { joined: "spend" } },
      /Role "spend" does not fit a date column \(column "joined"\)\. A date is read as days since it: give recency, tenure, age, other/,
    ],
    [
      { roles: { city: "income" } },
      /Role "income" needs numbers, but the column holds text \(column "city"\)/,
    ],
    [
      { features: ["spend", "city"], roles: { spend: "identifier" } },
      /Role "identifier" leaves out a column named in --features \(column "spend"\)/,
    ],
    [
      { categorical: ["city"], roles: { city: "ignore" } },
      /leaves out a column named in --categorical/,
    ],
    [{ log: ["spend"], roles: { spend: "ignore" } }, /leaves out a column named in --log/],
  ];
  for (const [options, message] of cases) {
    throws(() => fitPreparation(t, options), message, JSON.stringify(options));
  }
  // Numbers with a stray word: the role names the column, so the word is refused as for --features.
  const stray = aq.table({
    spend: ["1", "5", "9", "2", "4", "6", "7", "n/a", "3"],
    visits: [1, 2, 3, 4, 5, 6, 7, 8, 2],
  });
  throws(
    () => fitPreparation(stray, { roles: { spend: "spend" } }),
    /Non-numeric value "n\/a" \(column "spend", row 8\)/,
  );
  // In the app, the message names the page's option instead of the flag.
  equal(
    appWording('Column not found in --roles: "Spend". Available columns: joined, city, spend.'),
    'Column not found in the "Column roles" option: "Spend". Available columns: joined, city, spend.',
  );
  // A date can be recency, a text column levels under another name.
  const ok1 = fitPreparation(t, { roles: { joined: "recency", city: "demographic" } });
  deepEqual(ok1.columns.map((c) => c.role), ["recency", "demographic", "spend"]);
});

Deno.test("roles change what the names say: RFM words when recency and frequency are given", () => {
  const t = customers(4);
  const plain = segmentTable(t, { k: 3, seed: 1, file: "c.csv" });
  equal(plain.descriptions.vocabulary, "traits");
  const given = segmentTable(t, {
    k: 3,
    seed: 1,
    file: "c.csv",
    roles: ["score_a=recency", "score_b=frequency"],
  });
  equal(given.descriptions.vocabulary, "rfm");
  // The group with low score_a (recent) and high score_b (frequent) reads as the best customers.
  const best = given.fit.labels[0]!;
  match(given.descriptions.names[best]!, /Champions|Loyal/);
  const lapsed = given.fit.labels[2]!;
  match(given.descriptions.names[lapsed]!, /Hibernating|Lost|At Risk|About To Sleep/);
  // The roles reach summary.json: every column with its role, and the roles given.
  const summary = JSON.parse(String(given.files["summary.json"]));
  deepEqual(summary.preparation.roles, { score_a: "recency", score_b: "frequency" });
  const a = summary.preparation.columns.find((c: { column: string }) => c.column === "score_a");
  deepEqual([a.role, a.roleGiven, a.used], ["recency", true, true]);
  equal(
    summary.naming.roles.find((r: { feature: string }) => r.feature === "score_b").role,
    "frequency",
  );
});

Deno.test("a 0/1 flag given a role is kept even when it goes with none of the numbers", () => {
  const t = customers(2);
  const auto = segmentTable(t, { k: 3, seed: 1, file: "c.csv" });
  ok(!auto.fit.model.features.includes("opted"), "unrelated flag left out by default");
  const given = segmentTable(t, { k: 3, seed: 1, file: "c.csv", roles: ["opted=campaign"] });
  ok(given.fit.model.features.includes("opted"), "the flag the user named by role is used");
});

Deno.test("model.json keeps the roles; a model saved before roles reads back as inferred; bad roles are refused", () => {
  const t = customers(3);
  const run = segmentTable(t, {
    k: 3,
    seed: 1,
    file: "c.csv",
    roles: ["kids=demographic", "score_b=ignore"],
  });
  const text = String(run.files["model.json"]);
  const model = modelFromText(text, "model.json");
  deepEqual(model.preparation.roles, { kids: "demographic", score_b: "ignore" });
  const again = assignTable(model, t, { file: "c.csv" });
  deepEqual(
    Array.from(again.prepared.rows, (r) => run.fit.labels[r]),
    Array.from(again.labels),
    "the saved roles give the same features, so the rows get their segments back",
  );
  // A model saved before roles existed: no roles field, every role inferred as before.
  const old = JSON.parse(text);
  delete old.preparation.roles;
  equal(modelFromText(JSON.stringify(old), "old.json").preparation.roles, undefined);
  const plain = segmentTable(t, { k: 3, seed: 1, file: "c.csv" });
  equal(JSON.parse(String(plain.files["model.json"])).preparation.roles, undefined);
  const bad = JSON.parse(text);
  bad.preparation.roles = { kids: "wealth" };
  throws(
    () => modelFromText(JSON.stringify(bad), "m.json"),
    /Not a usable segmentation model: preparation\.roles gives "kids" the role "wealth"/,
  );
});
