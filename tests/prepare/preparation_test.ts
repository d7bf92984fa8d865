// deno-lint-ignore-file no-explicit-any
import { deepEqual, equal, match, ok, throws } from "node:assert/strict";
import * as aq from "arquero";
import { readTable } from "../../lib/io/read_table.ts";
import { fitPreparation } from "../../lib/prepare/fit_preparation.ts";
import { applyPreparation } from "../../lib/prepare/apply_preparation.ts";
import { readDateOrder } from "../../lib/prepare/column_values.ts";
import { idColumnOf } from "../../lib/prepare/id_column.ts";
import {
  preparationLines,
  preparationRows,
  preparationSummary,
} from "../../lib/prepare/preparation_report.ts";
import { assignRows, checkModel, fitSegmentation } from "../../lib/segment/segmentation.ts";
import { enrichedTable } from "../../lib/segment/outputs.ts";
import { adjustedRandIndex } from "../../lib/metrics/adjusted_rand.ts";
import { generateMessyCustomers } from "../../data/generate_messy_customers.ts";
import { createRandom } from "../../lib/random.ts";

const MESSY = new URL("../../data/customers_messy.tsv", import.meta.url).pathname;
const REF = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/preparation_reference.json", import.meta.url)),
);

const near = (a: number, b: number, tol = 1e-9) =>
  ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

Deno.test("preparation of the messy file matches pandas and scikit-learn's figures", async () => {
  const table = await readTable(MESSY);
  const { model, columns } = fitPreparation(table, { file: MESSY });
  const byColumn = Object.fromEntries(columns.map((c) => [c.column, c]));
  // SimpleImputer(strategy="median") and the most frequent level.
  equal(byColumn.Income!.missing, REF.income_missing);
  near(byColumn.Income!.fill!.value as number, REF.income_median);
  equal(byColumn.Marital_Status!.fill!.value, REF.marital_most_frequent);
  equal(byColumn.Marital_Status!.fill!.count, REF.marital_missing);
  const mean = fitPreparation(table, { missing: "mean" }).columns.find((c) =>
    c.column === "Income"
  );
  near(mean!.fill!.value as number, REF.income_mean);
  // pandas' skewness before and after log1p, and which columns are transformed.
  for (const column of ["MntWines", "MntMeat"]) {
    near(byColumn[column]!.log!.before, REF[`skew_${column}`]);
    near(byColumn[column]!.log!.after, REF[`skew_log1p_${column}`]);
  }
  equal(byColumn.Recency!.log, undefined, "Recency is not skewed");
  near(byColumn.Recency!.skew!, REF.skew_Recency);
  // Text levels: scikit-learn's OneHotEncoder(min_frequency=0.01) infrequent categories.
  const education = model.steps.find((s) => s.column === "Education");
  ok(education?.kind === "categorical");
  deepEqual([...education.pooled].sort(), REF.education_infrequent);
  const frequent = REF.education_levels.filter((l: string) =>
    !REF.education_infrequent.includes(l)
  );
  deepEqual(education.levels.slice(0, -1).sort(), frequent);
  equal(education.levels.at(-1), "Other");
  // Identifier and free text are not features.
  equal(byColumn.customer_id!.used, false);
  equal(byColumn.Comment!.used, false);
  match(byColumn.Comment!.reason, /free text/);

  const prepared = applyPreparation(model, table, { file: MESSY });
  const j = prepared.original.columns.indexOf("Dt_Customer_days");
  const days = Array.from(
    { length: 5 },
    (_, i) => prepared.original.data[i * prepared.original.cols + j],
  );
  deepEqual(days, REF.dt_days_first5);
  const dateStep = model.steps.find((s) => s.column === "Dt_Customer");
  equal(dateStep?.kind === "date" && dateStep.asOf, REF.dt_as_of);
  let sumDays = 0;
  for (let i = 0; i < prepared.original.rows; i++) {
    sumDays += prepared.original.data[i * prepared.original.cols + j]!;
  }
  near(sumDays / prepared.original.rows, REF.dt_days_mean);
  for (const [level, sum] of Object.entries(REF.education_column_sums)) {
    const name = `Education=${level === "infrequent_sklearn" ? "Other" : level}`;
    const col = prepared.original.columns.indexOf(name);
    ok(col >= 0, name);
    let s = 0;
    for (let i = 0; i < prepared.original.rows; i++) {
      s += prepared.original.data[i * prepared.original.cols + col]!;
    }
    // Missing Education cells (none in this file) would add to the most frequent level.
    equal(s, sum, name);
  }
  equal(prepared.filled.find((f) => f.column === "Income")?.count, REF.income_missing);
});

Deno.test("segments of the messy file recover its planted segments, better with its text columns", async () => {
  const table = await readTable(MESSY);
  const { truth } = generateMessyCustomers({ rows: table.numRows() });
  const withText = fitSegmentation(table, { k: 4, seed: 0, file: MESSY });
  const without = fitSegmentation(table, { k: 4, seed: 0, file: MESSY, categorical: "none" });
  const ariText = adjustedRandIndex(truth, withText.labels);
  const ariNone = adjustedRandIndex(truth, without.labels);
  ok(ariText > 0.9, `ARI with text columns ${ariText}`);
  ok(ariText > ariNone + 0.1, `with text ${ariText}, without ${ariNone}`);
});

Deno.test("one text column weighs like one standardised numeric column", () => {
  const n = 400;
  const t = aq.table({
    x: Array.from({ length: n }, (_, i) => Math.sin(i) * 10 + i / 7),
    y: Array.from({ length: n }, (_, i) => Math.cos(i * 1.3) * 3),
    tier: Array.from({ length: n }, (_, i) => ["gold", "silver", "bronze", "iron"][i % 7 % 4]!),
  });
  // tier is named: drawn apart from x and y, it would otherwise be left out as unrelated.
  const fit = fitSegmentation(t, { k: 3, seed: 1, log: "none", categorical: ["tier"] });
  const { scaled } = fit;
  const variance = (cols: number[]) => {
    let total = 0;
    for (const j of cols) {
      let s1 = 0, s2 = 0;
      for (let i = 0; i < scaled.rows; i++) {
        const v = scaled.data[i * scaled.cols + j]!;
        s1 += v;
        s2 += v * v;
      }
      total += s2 / scaled.rows - (s1 / scaled.rows) ** 2;
    }
    return total;
  };
  const block = scaled.columns.flatMap((c, j) => (c.startsWith("tier=") ? [j] : []));
  equal(block.length, 4);
  near(variance([scaled.columns.indexOf("x")]), 1, 1e-12);
  near(variance(block), 1, 1e-12);
  // Centres in original units give each level's share of the segment.
  for (const centre of fit.model.centroidsOriginal) {
    near(block.reduce((s, j) => s + centre[j]!, 0), 1, 1e-9);
  }
});

Deno.test("dates: day or month first is settled by a value above 12, else skipped or refused", () => {
  deepEqual(readDateOrder(["01-02-2020", "25-02-2020"]), { ok: true, order: "dmy" });
  deepEqual(readDateOrder(["01-02-2020", "02-25-2020"]), { ok: true, order: "mdy" });
  equal(readDateOrder(["01-02-2020", "03-04-2020"]).ok, false);
  equal(readDateOrder(["25-02-2020", "02-25-2020"]).ok, false);
  const ambiguous = aq.table({
    joined: ["01-02-2020", "03-04-2020", "05-06-2021", "07-08-2021"],
    spend: [1, 5, 2, 9],
  });
  const auto = fitPreparation(ambiguous);
  const joined = auto.columns.find((c) => c.column === "joined")!;
  equal(joined.used, false);
  match(joined.reason, /day or the month.*--date-format/);
  throws(
    () => fitPreparation(ambiguous, { features: ["joined", "spend"] }),
    /Ambiguous dates.*column "joined".*--date-format/,
  );
  const given = fitPreparation(ambiguous, { dateOrder: "mdy" });
  const step = given.model.steps.find((s) => s.column === "joined");
  ok(step?.kind === "date");
  equal(step.asOf, "2021-07-08");
  const p = applyPreparation(given.model, ambiguous);
  // 2020-01-02 is 553 days before 2021-07-08.
  equal(p.original.data[0 * p.original.cols + p.original.columns.indexOf("joined_days")], 553);
  throws(
    () => applyPreparation(given.model, aq.table({ joined: ["13-13-2020"], spend: [1] })),
    /Not a calendar date: "13-13-2020".*column "joined", row 1/,
  );
});

Deno.test("assigning new rows: training fills, unseen levels counted and encoded as none of the known", () => {
  const train = aq.table({
    spend: [10, 12, 11, null, 95, 90, 99, 93],
    plan: ["basic", "basic", "basic", "basic", "pro", "pro", null, "pro"],
  });
  const fit = fitSegmentation(train, { k: 2, seed: 0, log: "none" });
  const model = JSON.parse(JSON.stringify(fit.model));
  checkModel(model);
  deepEqual(Array.from(assignRows(model, train).labels), Array.from(fit.labels));
  const fresh = aq.table({ spend: [null, 97, 11], plan: ["pro", "enterprise", "basic"] });
  const { labels, prepared } = assignRows(model, fresh);
  deepEqual(prepared.unseen, [{ column: "plan", count: 1, levels: ["enterprise"] }]);
  deepEqual(prepared.filled, [{ column: "spend", count: 1, how: "median" }]);
  equal(labels[1], fit.labels[4], "an unseen level still goes by its spend");
  equal(labels[2], fit.labels[0]);
  equal(fit.model.preparation.steps[0]?.fill?.value, 90, "median of the training spend");
});

Deno.test("missing: drop leaves rows out of the fit and keeps them in the output with a note", () => {
  const t = aq.table({
    a: [1, 1.1, null, 9, 9.2, 8.9, 1.2],
    b: ["x", "x", "x", null, "y", "y", "x"],
  });
  const fit = fitSegmentation(t, { k: 2, seed: 0, missing: "drop", log: "none" });
  equal(fit.prepared.rows.length, 5);
  equal(fit.labels.length, 7);
  equal(fit.labels[2], -1);
  equal(fit.labels[3], -1);
  const out = enrichedTable(t, fit.labels, fit.prepared);
  equal(out.numRows(), 7);
  deepEqual(out.array("cluster_note")[2], "left out: missing a");
  deepEqual(out.array("cluster_note")[3], "left out: missing b");
  equal(out.array("cluster")[2], null);
  equal(out.array("cluster_note")[0], null);
  throws(
    () => fitSegmentation(t, { k: 2, missing: "refuse" }),
    /Missing value \(column "a", row 3\).*--missing/,
  );
});

Deno.test("missing: knn fills from the nearest rows, as KNNImputer", () => {
  const t = aq.table({
    a: [1, 1.1, 1.2, 1.05, 9, 9.1, 9.2],
    b: [5, 5.2, 5.1, null, 20, 21, 22],
  });
  const { model } = fitPreparation(t, { missing: "knn", log: "none" });
  const p = applyPreparation(model, t, { knn: { nNeighbors: 3 } });
  // The three nearest rows on a (nan-euclidean) are rows 0, 1 and 2.
  near(p.original.data[3 * 2 + 1]!, (5 + 5.2 + 5.1) / 3, 1e-12);
  const report = preparationLines(fitPreparation(t, { missing: "knn" })).join("\n");
  match(report, /b .*1 missing, filled by 5 nearest rows \(KNN\)/);
});

Deno.test("columns skipped automatically say why; named ones are refused with the row", () => {
  const n = 60;
  const t = aq.table({
    customer_no: Array.from({ length: n }, (_, i) => `C${i}`),
    note: Array.from({ length: n }, (_, i) => `called on day ${i}`),
    city: Array.from({ length: n }, (_, i) => `city ${i % 30}`),
    flag: Array.from({ length: n }, () => 1),
    amount: Array.from({ length: n }, (_, i) => (i === 7 ? "n/a" : String(i * 3 % 17))),
    spend: Array.from({ length: n }, (_, i) => (i * 7) % 23),
  });
  const fit = fitPreparation(t);
  const reason = Object.fromEntries(fit.columns.map((c) => [c.column, c.reason]));
  match(reason.customer_no!, /identifier/);
  match(reason.note!, /free text/);
  match(reason.city!, /30 levels \(more than 20\).*--categorical/);
  match(reason.flag!, /constant/);
  match(reason.amount!, /numbers mixed with text \(row 8: "n\/a"\)/);
  deepEqual(fit.model.steps.map((s) => s.column), ["spend"]);
  throws(
    () => fitPreparation(t, { features: ["amount", "spend"] }),
    /Non-numeric value "n\/a" \(column "amount", row 8\)/,
  );
  const named = fitPreparation(t, { categorical: ["city"] });
  deepEqual(named.model.steps.map((s) => s.column), ["city", "spend"]);
  throws(() => fitPreparation(t, { features: ["spend", "spend"] }), /named twice/);
  throws(() => fitPreparation(t, { features: ["nope"] }), /Column not found: "nope"/);
  const summary = preparationSummary(fit);
  const spend = summary.columns.find((c) => c.column === "spend")!;
  deepEqual([spend.used, spend.role, spend.roleGiven], [true, "spend", false]);
});

Deno.test("log auto: skewed amounts only — not flags, shares in [0, 1] or symmetric columns", () => {
  const n = 500;
  const skewed = Array.from({ length: n }, (_, i) => Math.exp((i % 50) / 6));
  const t = aq.table({
    amount: skewed,
    flag: Array.from({ length: n }, (_, i) => (i % 40 === 0 ? 1 : 0)),
    share: Array.from({ length: n }, (_, i) => skewed[i]! / skewed[49]!),
    level: Array.from({ length: n }, (_, i) => i % 10),
  });
  const { model } = fitPreparation(t);
  const logged = model.steps.filter((s) => s.kind !== "categorical" && s.log).map((s) => s.column);
  deepEqual(logged, ["amount"]);
  const none = fitPreparation(t, { log: "none" }).model.steps.filter((s) =>
    s.kind !== "categorical" && s.log
  );
  equal(none.length, 0);
  const named = fitPreparation(t, { log: ["level"] }).model.steps.filter((s) =>
    s.kind !== "categorical" && s.log
  );
  deepEqual(named.map((s) => s.column), ["level"]);
});

Deno.test("a tampered model is refused on load, naming what is wrong", () => {
  const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
  const { model } = fitSegmentation(t, { k: 2, seed: 1 });
  const tamper = (f: (m: any) => void) => {
    const m = JSON.parse(JSON.stringify(model));
    f(m);
    return m;
  };
  const cases: [(m: any) => void, RegExp][] = [
    [(m) => m.clustering.model.centroids[0].pop(), /centre 0 needs 2 finite numbers/],
    [(m) => m.clustering.model.centroids[1].push(3), /centre 1 needs 2 finite numbers/],
    [(m) => (m.clustering.model.centroids[0][1] = "x"), /centre 0 needs 2 finite numbers/],
    [(m) => (m.clustering.algorithm = "spectral"), /unknown algorithm "spectral"/],
    [(m) => (m.scaler.scale[0] = 0), /positive scales/],
    [(m) => (m.k = 3), /2 centres for k = 3/],
    [(m) => (m.features = ["a", "c"]), /preparation and features disagree/],
  ];
  for (const [f, message] of cases) {
    throws(() => checkModel(tamper(f), "model.json"), message);
  }
  // A version 1 model (numeric features only) still assigns.
  const v1 = tamper((m) => {
    m.version = 1;
    m.centroids = m.clustering.model.centroids;
    delete m.preparation;
    delete m.clustering;
  });
  checkModel(v1);
  deepEqual(Array.from(assignRows(v1, t).labels), Array.from(assignRows(model, t).labels));
});

Deno.test("median fill equals the sorted median (odd and even counts, ties)", () => {
  const random = createRandom(7);
  for (let trial = 0; trial < 200; trial++) {
    const n = 3 + Math.floor(random.next() * 40);
    const values: (number | null)[] = Array.from(
      { length: n },
      () => Math.floor(random.next() * (trial % 2 === 0 ? 5 : 1000)) - 3,
    );
    values[Math.floor(random.next() * n)] = null;
    const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
    const m = present.length;
    const expected = m % 2 === 1
      ? present[(m - 1) / 2]!
      : (present[m / 2 - 1]! + present[m / 2]!) / 2;
    const t = aq.table({ v: values, w: values.map((_, i) => i % 3) });
    const step = fitPreparation(t, { features: ["v"], log: "none" }).model.steps[0]!;
    if (present.every((v) => v === present[0])) continue;
    equal(step.fill?.value, expected, `trial ${trial}: ${present.join(",")}`);
  }
});

Deno.test("choosing k never goes past the number of distinct rows", () => {
  const a = [1, 1, 2, 2, 3, 3, 1, 2, 3, 9, 9, 9, 1, 2, 3];
  const fit = fitSegmentation(aq.table({ a, b: a.map((x) => x * 2) }), { seed: 0, log: "none" });
  ok(fit.choice!.sweep.every((p) => p.k <= 4), JSON.stringify(fit.choice!.sweep.map((p) => p.k)));
  equal(fit.model.k <= 4, true);
});

Deno.test("imputation, encoding and scaling equal scikit-learn's ColumnTransformer on the messy file", async () => {
  const table = await readTable(MESSY);
  const ct = REF.column_transformer;
  const fit = fitSegmentation(table, {
    features: [...ct.numeric, ...ct.text],
    log: "none",
    k: 2,
    seed: 0,
    file: MESSY,
  });
  const { scaled, matrix } = fit;
  const ours = (name: string) => {
    const [, rest] = name.split("__") as [string, string];
    if (name.startsWith("num__")) return rest;
    const column = ct.text.find((t: string) => rest.startsWith(`${t}_`))!;
    const level = rest.slice(column.length + 1);
    return `${column}=${level === "infrequent_sklearn" ? "Other" : level}`;
  };
  const blockShares = new Map<string, number>();
  ct.columns.forEach((name: string, j: number) => {
    const col = matrix.columns.indexOf(ours(name));
    ok(col >= 0, `${name} → ${ours(name)}`);
    for (let i = 0; i < ct.rows.length; i++) {
      const expected = ct.rows[i][j];
      if (name.startsWith("num__")) {
        // SimpleImputer(median) then StandardScaler, to 1e-12.
        ok(Math.abs(scaled.data[i * scaled.cols + col]! - expected) < 1e-12, `${name} row ${i}`);
      } else {
        // OneHotEncoder(min_frequency=0.01) after SimpleImputer(most_frequent): the same 0/1.
        equal(matrix.data[i * matrix.cols + col], expected, `${name} row ${i}`);
      }
    }
    if (name.startsWith("cat__")) {
      let ones = 0;
      for (let i = 0; i < matrix.rows; i++) ones += matrix.data[i * matrix.cols + col]!;
      const p = ones / matrix.rows;
      const column = ours(name).split("=")[0]!;
      blockShares.set(column, (blockShares.get(column) ?? 0) + p * (1 - p));
    }
  });
  // Then each text block is centred on its shares and divided by √(Σ p(1−p)) (the documented weighting).
  for (const name of ct.columns.filter((c: string) => c.startsWith("cat__"))) {
    const col = matrix.columns.indexOf(ours(name));
    const spread = Math.sqrt(blockShares.get(ours(name).split("=")[0]!)!);
    let ones = 0;
    for (let i = 0; i < matrix.rows; i++) ones += matrix.data[i * matrix.cols + col]!;
    const p = ones / matrix.rows;
    for (let i = 0; i < 50; i++) {
      const expected = (matrix.data[i * matrix.cols + col]! - p) / spread;
      ok(Math.abs(scaled.data[i * scaled.cols + col]! - expected) < 1e-12, `${name} row ${i}`);
    }
  }
});

Deno.test("identifier columns in any casing, and a column of unique codes, are never features", () => {
  const n = 60;
  const t = aq.table({
    // Online Retail's CustomerID: whole numbers with gaps and blanks, not a running number.
    CustomerID: Array.from({ length: n }, (_, i) => (i % 9 === 4 ? null : 12346 + i * 7)),
    custId: Array.from({ length: n }, (_, i) => 500 + i * 3),
    CUST_ID: Array.from({ length: n }, (_, i) => `C${10001 + i}`),
    "Kunden-Nr": Array.from({ length: n }, (_, i) => 90000 + ((i * 37) % 101)),
    ID: Array.from({ length: n }, (_, i) => 5524 - i * 13),
    voucher: Array.from({ length: n }, (_, i) => `X${((i * 7919) % 100000).toString(36)}Q`),
    spend: Array.from({ length: n }, (_, i) => (i % 10) * 12.5 + 3),
  });
  const { model, columns } = fitPreparation(t);
  deepEqual(model.steps.map((s) => s.column), ["spend"]);
  for (const column of ["CustomerID", "custId", "CUST_ID", "Kunden-Nr", "ID"]) {
    equal(columns.find((c) => c.column === column)!.reason, "identifier-like name", column);
  }
  match(
    columns.find((c) => c.column === "voucher")!.reason,
    /^identifier: a different code on every row/,
  );
  // The first column naming every row once (CustomerID has blanks).
  equal(idColumnOf(t), "custId");
});

Deno.test("the levels column lists a free-text column's repeated answers, not its one-off sentences", () => {
  const random = createRandom(3);
  const n = 400;
  const comment = Array.from(
    { length: n },
    (_, i) =>
      i % 4 === 0
        ? "ok"
        : i % 4 === 1
        ? "do not call"
        : `Asked about delivery times at the tasting event, passed to the regional office (ticket ${
          Math.floor(random.next() * 1e6)
        })`,
  );
  const tier = Array.from({ length: n }, (_, i) => ["Gold", "Silver", "Bronze"][i % 3]!);
  const spend = Array.from({ length: n }, () => Math.round(random.next() * 1000));
  const rows = preparationRows(fitPreparation(aq.table({ comment, tier, spend })));
  const levels = Object.fromEntries(rows.map((r) => [r.column, r.levels]));
  match(levels.comment!, /^(ok|do not call) 25%, (ok|do not call) 25%, … \d+ more$/);
  equal(levels.tier, "Gold 34%, Bronze 33%, Silver 33%");
  ok(rows.every((r) => r.levels.length < 120), "no level list runs past a line or two");
});
