import { deepEqual, equal, notEqual, ok } from "node:assert/strict";
import type { ColumnTable } from "arquero";
import { readTable } from "../../lib/io/mod.ts";
import { fitKMeans } from "../../lib/cluster/kmeans.ts";
import { adjustedRandIndex } from "../../lib/metrics/adjusted_rand.ts";
import { matrixFromRows } from "../../lib/matrix.ts";
import {
  generateMessyCustomers,
  MESSY_COLUMNS,
  MESSY_SEGMENT_COUNT,
  MESSY_SEGMENTS,
  messyFaultCounts,
} from "../../data/generate_messy_customers.ts";
import {
  CARD_HOLDER_COLUMNS,
  cardHolderBlanks,
  generateCardHolders,
  generateMarketingCampaign,
  generateWideTall,
  MARKETING_COLUMNS,
} from "../../data/generate_lookalikes.ts";

const BUNDLED = new URL("../../data/customers_messy.tsv", import.meta.url).pathname;
const GENERATE = new URL("../../data/generate.ts", import.meta.url).pathname;

/** Split generated text (never quoted) into a header and rows of cells. */
function parse(text: string, delimiter: string): { header: string[]; rows: string[][] } {
  ok(text.endsWith("\n"), "the text ends with a newline");
  const lines = text.slice(0, -1).split("\n");
  const header = lines[0]!.split(delimiter);
  const rows = lines.slice(1).map((l) => l.split(delimiter));
  for (const [i, row] of rows.entries()) {
    equal(row.length, header.length, `data row ${i + 1} has ${header.length} cells`);
  }
  return { header, rows };
}

function column(parsed: { header: string[]; rows: string[][] }, name: string): string[] {
  const j = parsed.header.indexOf(name);
  ok(j >= 0, `column ${name} present`);
  return parsed.rows.map((r) => r[j]!);
}

function numbers(cells: string[]): number[] {
  return cells.filter((c) => c !== "").map(Number);
}

/** Fisher–Pearson skewness g1. */
function skewness(x: number[]): number {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  let m2 = 0, m3 = 0;
  for (const v of x) {
    m2 += (v - mean) ** 2;
    m3 += (v - mean) ** 3;
  }
  return m3 / n / (m2 / n) ** 1.5;
}

function count<T>(xs: readonly T[], value: T): number {
  return xs.filter((x) => x === value).length;
}

/** The kind of every non-null value of a column read back, and its null count. */
function kinds(table: ColumnTable, name: string): { kinds: string[]; nulls: number } {
  const values = table.array(name) as ArrayLike<unknown>;
  const seen = new Set<string>();
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) nulls++;
    else seen.add(v instanceof Date ? "date" : typeof v);
  }
  return { kinds: [...seen].sort(), nulls };
}

async function withTempFile<T>(
  suffix: string,
  text: string,
  fn: (path: string) => Promise<T>,
): Promise<T> {
  const path = await Deno.makeTempFile({ suffix });
  try {
    await Deno.writeTextFile(path, text);
    return await fn(path);
  } finally {
    await Deno.remove(path);
  }
}

const messy = generateMessyCustomers();
const messyParsed = parse(messy.text, "\t");

Deno.test("messy customers: the same seed gives the same text and truth, another seed differs", () => {
  const again = generateMessyCustomers({ seed: 20260214 });
  equal(again.text, messy.text);
  deepEqual(again.truth, messy.truth);
  const other = generateMessyCustomers({ seed: 7 });
  notEqual(other.text, messy.text);
  const small = generateMessyCustomers({ rows: 300, seed: 7 });
  equal(small.text, generateMessyCustomers({ rows: 300, seed: 7 }).text);
  equal(small.truth.length, 300);
});

Deno.test("messy customers: the bundled file is the generator's output byte for byte", async () => {
  equal(await Deno.readTextFile(BUNDLED), messy.text);
  equal(messyParsed.rows.length, 2000);
  deepEqual(messyParsed.header, [...MESSY_COLUMNS]);
});

Deno.test("messy customers: blanks sit in exactly three columns, in exact numbers", () => {
  const counts = messyFaultCounts(2000);
  deepEqual(
    [counts.blankIncome, counts.blankMarital, counts.blankComment],
    [30, 16, 600],
  );
  const blanks = Object.fromEntries(
    MESSY_COLUMNS.map((name) => [name, count(column(messyParsed, name), "")]),
  );
  deepEqual(blanks, {
    ...Object.fromEntries(MESSY_COLUMNS.map((name) => [name, 0])),
    Income: 30,
    Marital_Status: 16,
    Comment: 600,
  });
});

Deno.test("messy customers: ids keep leading zeros and are unique", () => {
  const ids = column(messyParsed, "customer_id");
  ok(ids.every((id) => /^\d{6}$/.test(id)));
  ok(ids.every((id) => id.startsWith("0")));
  equal(new Set(ids).size, ids.length);
});

Deno.test("messy customers: Dt_Customer is dd-mm-yyyy, real dates, with days above 12", () => {
  const dates = column(messyParsed, "Dt_Customer");
  let laterThan12 = 0;
  for (const d of dates) {
    const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(d);
    ok(m, `"${d}" is dd-mm-yyyy`);
    const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    equal(date.getUTCDate(), day, `"${d}" is a real date`);
    ok(year >= 2012 && year <= 2014);
    if (day > 12) laterThan12++;
  }
  ok(laterThan12 > 100, `${laterThan12} dates have a day above 12`);
});

Deno.test("messy customers: the spend columns are heavily right-skewed", () => {
  for (const name of ["MntWines", "MntMeat"]) {
    const s = skewness(numbers(column(messyParsed, name)));
    ok(s > 2, `${name} skewness ${s.toFixed(2)} > 2`);
  }
});

Deno.test("messy customers: rare junk levels are each present and under 1%", () => {
  const education = column(messyParsed, "Education");
  const marital = column(messyParsed, "Marital_Status");
  const rare = {
    Absurd: count(education, "Absurd"),
    Alone: count(marital, "Alone"),
    YOLO: count(marital, "YOLO"),
  };
  deepEqual(rare, { Absurd: 8, Alone: 8, YOLO: 4 });
  for (const [level, n] of Object.entries(rare)) ok(n > 0 && n < 20, `${level}: ${n} of 2000`);
  deepEqual(
    [...new Set(education)].sort(),
    ["2n Cycle", "Absurd", "Basic", "Graduation", "Master", "PhD"],
  );
  deepEqual(
    [...new Set(marital)].sort(),
    ["", "Alone", "Divorced", "Married", "Single", "Together", "Widow", "YOLO"],
  );
});

Deno.test("messy customers: incomes hold a few extreme values; flags are 0/1", () => {
  const income = numbers(column(messyParsed, "Income"));
  equal(income.filter((x) => x > 400_000).length, messyFaultCounts(2000).extremeIncome);
  ok(income.filter((x) => x > 400_000).length >= 2);
  for (const name of ["AcceptedCmp1", "Response"]) {
    const cells = column(messyParsed, name);
    ok(cells.every((c) => c === "0" || c === "1"), `${name} is 0/1`);
    ok(count(cells, "1") > 40, `${name} has some 1s`);
  }
});

Deno.test("messy customers: Country has 6-8 levels and does not follow the segments", () => {
  const country = column(messyParsed, "Country");
  const levels = new Set(country);
  ok(levels.size >= 6 && levels.size <= 8, `${levels.size} levels`);
  // Spain's share is about the same in every segment.
  for (let s = 0; s < MESSY_SEGMENT_COUNT; s++) {
    const rows = country.filter((_, i) => messy.truth[i] === s);
    const share = count(rows, "Spain") / rows.length;
    ok(Math.abs(share - 0.46) < 0.08, `segment ${s}: Spain share ${share.toFixed(2)}`);
  }
});

Deno.test("messy customers: Comment is free text, nearly unique", () => {
  const comments = column(messyParsed, "Comment").filter((c) => c !== "");
  const distinct = new Set(comments).size;
  ok(distinct / comments.length > 0.9, `${distinct} distinct of ${comments.length}`);
  ok(comments.filter((c) => c.includes(" ")).length / comments.length > 0.9);
});

Deno.test("messy customers: the planted segments differ in text levels and numbers", () => {
  equal(MESSY_SEGMENTS.length, MESSY_SEGMENT_COUNT);
  equal(MESSY_SEGMENT_COUNT, 4);
  const education = column(messyParsed, "Education");
  const marital = column(messyParsed, "Marital_Status");
  const income = column(messyParsed, "Income");
  const wines = column(messyParsed, "MntWines");
  const of = (cells: string[], s: number) => cells.filter((_, i) => messy.truth[i] === s);
  const median = (cells: string[]) => {
    const x = numbers(cells).sort((a, b) => a - b);
    return x[x.length >> 1]!;
  };
  for (let s = 0; s < MESSY_SEGMENT_COUNT; s++) {
    const n = count([...messy.truth], s);
    ok(n > 300, `segment ${s} has ${n} rows`);
  }
  // Segment 0: mostly PhD, highest income and wine spend.
  const phd = (s: number) => count(of(education, s), "PhD") / of(education, s).length;
  ok(phd(0) > 0.5);
  for (const s of [1, 2, 3]) ok(phd(s) < 0.05);
  for (const s of [1, 2, 3]) {
    ok(median(of(income, 0)) > median(of(income, s)));
    ok(median(of(wines, 0)) > 2 * median(of(wines, s)));
  }
  // Segment 1: single; segment 2: Basic only there; segment 3: divorced or widowed.
  ok(count(of(marital, 1), "Single") / of(marital, 1).length > 0.75);
  equal(count(of(education, 2), "Basic"), count(education, "Basic"));
  const lapsed = of(marital, 3);
  ok((count(lapsed, "Divorced") + count(lapsed, "Widow")) / lapsed.length > 0.75);
});

Deno.test("messy customers: k-means recovers the truth when the text columns are used", () => {
  const numeric = [
    "Income",
    "Recency",
    "MntWines",
    "MntMeat",
    "NumWebPurchases",
    "NumStorePurchases",
    "AcceptedCmp1",
    "Response",
  ];
  const features = (withText: boolean) => {
    const rows: number[][] = messyParsed.rows.map(() => []);
    for (const name of numeric) {
      const logged = name === "Income" || name.startsWith("Mnt");
      let x = column(messyParsed, name).map((c) =>
        c === "" ? NaN : logged ? Math.log1p(Number(c)) : Number(c)
      );
      const known = x.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
      const med = known[known.length >> 1]!;
      x = x.map((v) => Number.isNaN(v) ? med : v);
      const mean = x.reduce((a, b) => a + b, 0) / x.length;
      const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length);
      x.forEach((v, i) => rows[i]!.push((v - mean) / sd));
    }
    if (withText) {
      for (const name of ["Education", "Marital_Status"]) {
        const cells = column(messyParsed, name);
        for (const level of new Set(cells)) cells.forEach((c, i) => rows[i]!.push(+(c === level)));
      }
    }
    return matrixFromRows(rows);
  };
  const ari = (withText: boolean) =>
    adjustedRandIndex(fitKMeans(features(withText), { k: 4, seed: 1 }).labels, messy.truth);
  const withText = ari(true), without = ari(false);
  ok(withText > 0.9, `ARI with text columns ${withText.toFixed(3)}`);
  ok(
    withText > without + 0.1,
    `text columns help: ${withText.toFixed(3)} vs ${without.toFixed(3)}`,
  );
});

Deno.test("messy customers: readTable gives numbers as numbers and text as text", async () => {
  const table = await readTable(BUNDLED);
  equal(table.numRows(), 2000);
  deepEqual(table.columnNames(), [...MESSY_COLUMNS]);
  const expected: Record<string, { kinds: string[]; nulls: number }> = {
    customer_id: { kinds: ["string"], nulls: 0 },
    Education: { kinds: ["string"], nulls: 0 },
    Marital_Status: { kinds: ["string"], nulls: 16 },
    Income: { kinds: ["number"], nulls: 30 },
    Recency: { kinds: ["number"], nulls: 0 },
    MntWines: { kinds: ["number"], nulls: 0 },
    MntMeat: { kinds: ["number"], nulls: 0 },
    NumWebPurchases: { kinds: ["number"], nulls: 0 },
    NumStorePurchases: { kinds: ["number"], nulls: 0 },
    AcceptedCmp1: { kinds: ["number"], nulls: 0 },
    Response: { kinds: ["number"], nulls: 0 },
    Country: { kinds: ["string"], nulls: 0 },
    Comment: { kinds: ["string"], nulls: 600 },
  };
  for (const [name, want] of Object.entries(expected)) deepEqual(kinds(table, name), want, name);
  deepEqual(table.array("customer_id").slice(0, 2), column(messyParsed, "customer_id").slice(0, 2));
  // Dates: read day first when the format is given; without it, never read month first.
  const text = column(messyParsed, "Dt_Customer");
  const dayFirst = (d: string) => {
    const [dd, mm, yyyy] = d.split("-").map(Number);
    return Date.UTC(yyyy!, mm! - 1, dd!);
  };
  const given = await readTable(BUNDLED, { dateFormat: "%d-%m-%Y" });
  deepEqual(kinds(given, "Dt_Customer"), { kinds: ["date"], nulls: 0 });
  const givenDates = given.array("Dt_Customer") as Date[];
  text.forEach((d, i) => equal(givenDates[i]!.getTime(), dayFirst(d), d));
  const sniffed = table.array("Dt_Customer") as unknown[];
  text.forEach((d, i) => {
    const v = sniffed[i];
    if (v instanceof Date) equal(v.getTime(), dayFirst(d), d);
    else equal(v, d);
  });
});

Deno.test("card holders: 18 columns, 313 blank MINIMUM_PAYMENTS, CREDIT_LIMIT blank on row 5204", () => {
  const text = generateCardHolders();
  equal(generateCardHolders({ seed: 20260301 }), text);
  notEqual(generateCardHolders({ seed: 3 }), text);
  const parsed = parse(text, ",");
  deepEqual(parsed.header, [...CARD_HOLDER_COLUMNS]);
  equal(parsed.header.length, 18);
  equal(parsed.rows.length, 8950);
  const ids = column(parsed, "CUST_ID");
  equal(ids[0], "C10001");
  ok(ids.every((id) => /^C\d{5}$/.test(id)));
  equal(new Set(ids).size, ids.length);
  equal(count(column(parsed, "MINIMUM_PAYMENTS"), ""), 313);
  const limit = column(parsed, "CREDIT_LIMIT");
  deepEqual(limit.flatMap((c, i) => c === "" ? [i + 1] : []), [5204]);
  deepEqual(cardHolderBlanks(8950), { minimumPayments: 313, creditLimitRow: 5204 });
  for (const name of CARD_HOLDER_COLUMNS) {
    if (name === "MINIMUM_PAYMENTS" || name === "CREDIT_LIMIT") continue;
    equal(count(column(parsed, name), ""), 0, `${name} has no blanks`);
  }
  for (const name of CARD_HOLDER_COLUMNS.filter((c) => /FREQUENCY|PRC_FULL/.test(c))) {
    ok(numbers(column(parsed, name)).every((x) => x >= 0 && x <= 1), `${name} in [0, 1]`);
  }
  for (const name of ["BALANCE", "PURCHASES", "ONEOFF_PURCHASES", "CASH_ADVANCE", "PAYMENTS"]) {
    const s = skewness(numbers(column(parsed, name)));
    ok(s > 2, `${name} skewness ${s.toFixed(2)} > 2`);
  }
  const tenure = column(parsed, "TENURE");
  ok(count(tenure, "12") / tenure.length > 0.8);
  ok(tenure.every((t) => Number(t) >= 6 && Number(t) <= 12));
  const [p, o, inst] = ["PURCHASES", "ONEOFF_PURCHASES", "INSTALLMENTS_PURCHASES"].map((c) =>
    column(parsed, c).map(Number)
  );
  ok(
    p!.every((x, i) => Math.abs(x - o![i]! - inst![i]!) < 1e-5),
    "PURCHASES = one-off + installments",
  );
  const small = parse(generateCardHolders({ rows: 100, seed: 1 }), ",");
  deepEqual(
    column(small, "CREDIT_LIMIT").flatMap((c, i) => c === "" ? [i + 1] : []),
    [cardHolderBlanks(100).creditLimitRow],
  );
});

Deno.test("marketing campaign: the public file's columns and quirks", () => {
  const text = generateMarketingCampaign();
  equal(generateMarketingCampaign({ seed: 20260302 }), text);
  notEqual(generateMarketingCampaign({ seed: 3 }), text);
  const parsed = parse(text, "\t");
  deepEqual(parsed.header, [...MARKETING_COLUMNS]);
  equal(parsed.header.length, 29);
  equal(parsed.rows.length, 2240);
  equal(new Set(column(parsed, "ID")).size, 2240);
  equal(count(column(parsed, "Income"), ""), 24);
  ok(column(parsed, "Income").includes("666666"));
  const marital = column(parsed, "Marital_Status");
  deepEqual([count(marital, "Alone"), count(marital, "Absurd"), count(marital, "YOLO")], [3, 2, 2]);
  ok(column(parsed, "Education").includes("2n Cycle"));
  const years = column(parsed, "Year_Birth").map(Number);
  equal(years.filter((y) => y < 1900).length, 3);
  ok(column(parsed, "Z_CostContact").every((c) => c === "3"));
  ok(column(parsed, "Z_Revenue").every((c) => c === "11"));
  const dates = column(parsed, "Dt_Customer");
  ok(dates.every((d) => /^\d{2}-\d{2}-\d{4}$/.test(d)));
  ok(dates.some((d) => Number(d.slice(0, 2)) > 12));
  for (const name of ["MntWines", "MntMeatProducts"]) {
    ok(skewness(numbers(column(parsed, name))) > 1, `${name} right-skewed`);
  }
  for (
    const name of MARKETING_COLUMNS.filter((c) => /^AcceptedCmp|^Complain$|^Response$/.test(c))
  ) {
    ok(column(parsed, name).every((c) => c === "0" || c === "1"), `${name} is 0/1`);
  }
});

Deno.test("lookalikes: readTable gives numbers as numbers and text as text", async () => {
  const cards = await withTempFile(".csv", generateCardHolders(), (p) => readTable(p));
  equal(cards.numRows(), 8950);
  deepEqual(kinds(cards, "CUST_ID"), { kinds: ["string"], nulls: 0 });
  for (const name of CARD_HOLDER_COLUMNS.slice(1)) {
    const nulls = name === "MINIMUM_PAYMENTS" ? 313 : name === "CREDIT_LIMIT" ? 1 : 0;
    deepEqual(kinds(cards, name), { kinds: ["number"], nulls }, name);
  }
  equal((cards.array("CREDIT_LIMIT") as unknown[])[5203], null);
  const campaign = await withTempFile(".tsv", generateMarketingCampaign(), (p) => readTable(p));
  equal(campaign.numRows(), 2240);
  for (const name of MARKETING_COLUMNS) {
    if (name === "Dt_Customer") continue;
    const text = name === "Education" || name === "Marital_Status";
    const want = { kinds: [text ? "string" : "number"], nulls: name === "Income" ? 24 : 0 };
    deepEqual(kinds(campaign, name), want, name);
  }
});

Deno.test("wide/tall: exact size, a few blanks, numbers read back", async () => {
  const text = generateWideTall({ rows: 10_000, cols: 60, seed: 1 });
  equal(text, generateWideTall({ rows: 10_000, cols: 60, seed: 1 }));
  const parsed = parse(text, ",");
  equal(parsed.header.length, 60);
  deepEqual(parsed.header.slice(0, 2), ["x1", "x2"]);
  equal(parsed.rows.length, 10_000);
  const blanks = parsed.rows.flat().filter((c) => c === "").length;
  equal(blanks, 3);
  const tall = parse(generateWideTall({ rows: 5_000, cols: 6, seed: 2, blanks: 7 }), ",");
  equal(tall.rows.flat().filter((c) => c === "").length, 7);
  const table = await withTempFile(".csv", text, (p) => readTable(p));
  equal(table.numRows(), 10_000);
  let nulls = 0;
  for (const name of table.columnNames()) {
    const k = kinds(table, name);
    deepEqual(k.kinds, ["number"], name);
    nulls += k.nulls;
  }
  equal(nulls, 3);
});

Deno.test("deno task data lookalikes --out DIR writes both files from the generators", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", GENERATE, "lookalikes", "--out", dir, "--seed", "5"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    equal(run.code, 0, new TextDecoder().decode(run.stderr));
    equal(await Deno.readTextFile(`${dir}/card_holders.csv`), generateCardHolders({ seed: 5 }));
    equal(
      await Deno.readTextFile(`${dir}/marketing_campaign.tsv`),
      generateMarketingCampaign({ seed: 5 }),
    );
    deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "card_holders.csv",
      "marketing_campaign.tsv",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
