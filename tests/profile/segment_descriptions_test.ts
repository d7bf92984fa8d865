import { deepEqual, equal, match, ok, throws } from "node:assert/strict";
import * as aq from "arquero";
import { readTable } from "../../lib/io/mod.ts";
import { segmentTable } from "../../lib/segment/segment_table.ts";
import { parseSegmentationParameters } from "../../lib/segment/parameters.ts";
import { RFM_SEGMENT_RULES } from "../../lib/features/rfm_segments.ts";
import { featureRoles } from "../../lib/profile/customer_roles.ts";
import { describeSegments } from "../../lib/profile/segment_descriptions.ts";
import { applyPreparation } from "../../lib/prepare/apply_preparation.ts";
import { fitPreparation } from "../../lib/prepare/fit_preparation.ts";
import { createRandom } from "../../lib/random.ts";
import { generateCardHolders, generateMarketingCampaign } from "../../data/generate_lookalikes.ts";

const CUSTOMERS = new URL("../../data/customers.csv", import.meta.url).pathname;
const MESSY = new URL("../../data/customers_messy.tsv", import.meta.url).pathname;
const RFM_WORDS = new Set(RFM_SEGMENT_RULES.map((r) => r.segment));

/** The four files with the k their default choice gives (fixed here to keep the test short). */
async function fourFiles(dir: string) {
  await Deno.writeTextFile(`${dir}/cards.csv`, generateCardHolders());
  await Deno.writeTextFile(`${dir}/marketing.tsv`, generateMarketingCampaign());
  return [
    { file: CUSTOMERS, k: 5, vocabulary: "traits" },
    { file: MESSY, k: 4, vocabulary: "rfm" },
    { file: `${dir}/cards.csv`, k: 5, vocabulary: "traits" },
    { file: `${dir}/marketing.tsv`, k: 3, vocabulary: "rfm" },
  ] as const;
}

Deno.test("column roles on the bundled and lookalike files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const [customers, messy, cards, marketing] = await fourFiles(dir);
    const rolesOf = async (file: string) => {
      const t = await readTable(file);
      const roles = featureRoles(applyPreparation(fitPreparation(t).model, t));
      return Object.fromEntries(roles.map((r) => [r.feature, r]));
    };
    const c = await rolesOf(customers.file);
    deepEqual(
      ["age", "annual_income_k", "spending_score", "visits_per_month", "tenure_years"].map((f) =>
        c[f]!.role
      ),
      ["age", "income", "spend", "frequency", "tenure"],
    );
    const m = await rolesOf(messy.file);
    deepEqual(
      ["Recency", "MntWines", "NumWebPurchases", "Dt_Customer_days", "AcceptedCmp1", "Income"].map((
        f,
      ) => m[f]!.role),
      ["recency", "spend", "frequency", "tenure", "campaign", "income"],
    );
    equal(m["Dt_Customer_days"]!.label, "days as a customer");
    equal(m["MntWines"]!.label, "spend on wines");
    const k = await rolesOf(cards.file);
    deepEqual(
      ["PURCHASES", "PURCHASES_TRX", "TENURE", "CASH_ADVANCE"].map((f) => k[f]!.role),
      ["spend", "frequency", "tenure", "other"],
    );
    const mk = await rolesOf(marketing.file);
    equal(mk["Year_Birth"]!.role, "age");
    equal(mk["Year_Birth"]!.inverse, true);
    equal(mk["AcceptedCmp5"]!.label, "accepted campaign 5");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("every segment of the four files has a distinct name (never Cluster N), a recommendation and a reason", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const { file, k, vocabulary } of await fourFiles(dir)) {
      const run = segmentTable(await readTable(file), { k, seed: 0, file });
      const { names, segments } = run.descriptions;
      equal(names.length, k, file);
      equal(new Set(names.map((n) => n.toLowerCase())).size, k, `${file}: ${names.join(" | ")}`);
      for (const s of segments) {
        ok(!/^cluster \d+$/i.test(s.name), `${file}: ${s.name}`);
        ok(s.recommendation.length > 20, `${file}: ${s.name} has a recommendation`);
        ok(s.reason.includes("average customer"), `${file}: ${s.name} has a reason`);
      }
      equal(run.descriptions.vocabulary, vocabulary, file);
      if (vocabulary === "rfm") {
        for (const n of names) ok(RFM_WORDS.has(n.split(",")[0]!), `${file}: ${n} is an RFM name`);
      }
      const summary = JSON.parse(String(run.files["summary.json"]));
      deepEqual(summary.clusters.map((c: { name: string }) => c.name), names);
      ok(summary.clusters.every((c: { recommendation: string }) => c.recommendation !== ""));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a file with recency, frequency and monetary columns is named in the RFM vocabulary", () => {
  const random = createRandom(3);
  const rows = 300;
  const group = Array.from({ length: rows }, (_, i) => i % 3);
  const around = (centre: number, spread: number) =>
    Math.max(0, centre + (random.next() - 0.5) * spread);
  const t = aq.table({
    days_since_last_order: group.map((g) => Math.round(around([8, 60, 300][g]!, 10))),
    order_count: group.map((g) => Math.round(around([14, 6, 1.5][g]!, 3))),
    total_revenue: group.map((g) => around([2400, 700, 90][g]!, 200)),
  });
  const run = segmentTable(t, { k: 3, seed: 0, file: "rfm.csv" });
  equal(run.descriptions.vocabulary, "rfm");
  const byGroup = [0, 1, 2].map((g) => run.descriptions.names[run.fit.labels[group.indexOf(g)]!]!);
  equal(byGroup[0], "Champions");
  ok(["Hibernating", "Lost"].includes(byGroup[2]!), byGroup[2]);
  for (const n of byGroup) ok(RFM_WORDS.has(n), n);
});

Deno.test("a rename reaches segments.csv, summary.json, the CRM index and assigned rows", async () => {
  const out = await Deno.makeTempDir();
  try {
    const command = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../lib/cli/segment.ts", import.meta.url).pathname,
        CUSTOMERS,
        "--k",
        "5",
        "--out",
        out,
        "--export-segments",
        `${out}/crm`,
        "--names",
        "0=Loyal big spenders,2=Bargain hunters",
      ],
      stdout: "piped",
      stderr: "piped",
    });
    const result = await command.output();
    const stderr = new TextDecoder().decode(result.stderr);
    equal(result.code, 0, stderr);
    match(stderr, /0 Loyal big spenders \(your name; the data suggested "/);
    const csv = await Deno.readTextFile(`${out}/segments.csv`);
    const [header, ...lines] = csv.trim().split("\n");
    const cols = header!.split(",");
    const cluster = cols.indexOf("cluster"), name = cols.indexOf("segment_name");
    equal(name, cluster + 1);
    for (const line of lines) {
      const cells = line.split(",");
      if (cells[cluster] === "0") equal(cells[name], "Loyal big spenders");
      if (cells[cluster] === "2") equal(cells[name], "Bargain hunters");
    }
    const summary = JSON.parse(await Deno.readTextFile(`${out}/summary.json`));
    equal(summary.clusters[0].name, "Loyal big spenders");
    equal(summary.clusters[0].renamed, true);
    equal(summary.clusters[2].name, "Bargain hunters");
    ok(summary.clusters[1].recommendation !== "");
    const index = await Deno.readTextFile(`${out}/crm/segments_index.csv`);
    match(index, /^Loyal big spenders,loyal_big_spenders\.csv,\d+,/m);
    match(index, /^Bargain hunters,bargain_hunters\.csv,\d+,/m);
    ok(
      index.split("\n").slice(1, -1).every((l) => !l.endsWith(",")),
      "every row has a recommendation",
    );
    await Deno.stat(`${out}/crm/bargain_hunters.csv`);
    // The names are saved in the model: assigning a file gives them again.
    const assign = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../lib/cli/segment.ts", import.meta.url).pathname,
        "--assign",
        `${out}/model.json`,
        CUSTOMERS,
        "--out",
        `${out}/assigned`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    equal(assign.code, 0, new TextDecoder().decode(assign.stderr));
    equal(await Deno.readTextFile(`${out}/assigned/assigned.csv`), csv);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("invalid names are refused in one line", () => {
  throws(() => parseSegmentationParameters({ names: "zero=Loyal" }), /Invalid names: "zero=Loyal"/);
  throws(() => parseSegmentationParameters({ names: "0=A,0=B" }), /segment 0 is named twice/);
  throws(() => parseSegmentationParameters({ names: "0=A,1=a" }), /"a" is given to two segments/);
  throws(() => parseSegmentationParameters({ names: "1=Cluster 0" }), /reserved/);
  const t = aq.table({ a: [1, 1.2, 0.9, 8, 8.1, 7.9], b: [1, 0.8, 1.1, 5, 5.2, 4.9] });
  throws(
    () => segmentTable(t, { k: 2, file: "t.csv", names: ["5=Five"] }),
    /segment 5 does not exist \(segments are 0 to 1\)/,
  );
  const prepared = applyPreparation(fitPreparation(t).model, t);
  const named = describeSegments(prepared, [0, 0, 0, 1, 1, 1]);
  throws(
    () =>
      describeSegments(prepared, [0, 0, 0, 1, 1, 1], { renames: new Map([[0, named.names[1]!]]) }),
    /is already segment/,
  );
});

Deno.test("the app: the names field renames segments in the view, the report and the files, and its command says --names", async () => {
  const { segmentStep } = await import("../../lib/app/analysis.ts");
  const table = await readTable(CUSTOMERS);
  const run = segmentStep(table, "customers.csv", { k: "5", names: "3=Students online" });
  ok(run.view.segments.includes("Students online"), "the view");
  ok(run.view.segments.includes("Segment names and recommendations"));
  ok(!/>Cluster \d+</.test(run.view.segments), "no Cluster N in the view");
  const text = (name: string) => {
    const content = run.files[name]!;
    return typeof content === "string" ? content : new TextDecoder().decode(content);
  };
  ok(text("report.html").includes("Students online"), "the report");
  ok(text("segments.csv").includes(",3,Students online"), "segments.csv");
  equal(JSON.parse(text("summary.json")).clusters[3].name, "Students online");
  match(run.command, /--names '3=Students online'/);
  throws(
    () => segmentStep(table, "customers.csv", { k: "5", names: "3=" }),
    /Invalid names: "3="/,
  );
});
