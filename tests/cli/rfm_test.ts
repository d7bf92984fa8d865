import assert from "node:assert/strict";
import { join } from "node:path";
import { runRFM } from "../../lib/rfm/run_rfm.ts";
import { runScript, type ScriptRun } from "../run_script.ts";

const CLI = new URL("../../lib/cli/rfm.ts", import.meta.url).pathname;
const SAMPLE = new URL("../../data/transactions_sample.csv", import.meta.url).pathname;
const RULES = new URL("../fixtures/rfm_rules.csv", import.meta.url).pathname;

function rfm(...args: string[]): Promise<ScriptRun> {
  return runScript(CLI, args);
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("rfm on the bundled sample writes rfm.csv and the cleaning report, the same bytes twice", async () => {
  const a = await Deno.makeTempDir();
  const b = await Deno.makeTempDir();
  const first = await rfm(SAMPLE, "--out", a);
  assert.equal(first.code, 0, first.stderr);
  const second = await rfm(SAMPLE, "--out", b);
  assert.equal(second.code, 0, second.stderr);
  for (const f of ["rfm.csv", "cleaning_report.json", "cleaning_report.csv"]) {
    assert.equal(await Deno.readTextFile(join(a, f)), await Deno.readTextFile(join(b, f)), f);
  }
  const lines = (await Deno.readTextFile(join(a, "rfm.csv"))).trim().split("\n");
  assert.equal(
    lines[0],
    "customer_id,recency,frequency,monetary,total_quantity,avg_basket_value,tenure,distinct_products,country,r_score,f_score,m_score,rfm_score,segment",
  );
  const report = JSON.parse(await Deno.readTextFile(join(a, "cleaning_report.json")));
  assert.equal(report.linesIn, 50000);
  assert.equal(report.asOf, "2024-12-01");
  assert.equal(lines.length - 1, report.customers);
  const dropped = report.rules.reduce((s: number, r: { lines: number }) => s + r.lines, 0);
  assert.equal(report.linesIn, dropped + report.linesOut);
  assert.match(first.stderr, /50,000 lines → [\d,]+ kept → [\d,]+ customers \(as of 2024-12-01\)/);
});

Deno.test("rfm options: as-of, outlier rule, netting and named columns", async () => {
  const dir = await Deno.makeTempDir();
  const run = await rfm(
    RULES,
    "--customer",
    "CustomerID",
    "--invoice",
    "InvoiceNo",
    "--date",
    "InvoiceDate",
    "--quantity",
    "Quantity",
    "--price",
    "UnitPrice",
    "--as-of",
    "2024-04-15",
    "--outliers",
    "quantile",
    "--net-cancellations",
    "--memory-limit",
    "256MB",
    "--out",
    dir,
  );
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(await Deno.readTextFile(join(dir, "cleaning_report.json")));
  assert.equal(report.asOf, "2024-04-15");
  assert.equal(report.outliers.method, "quantile");
  assert.equal(report.netCancellations, true);
  const csv = await Deno.readTextFile(join(dir, "cleaning_report.csv"));
  assert.match(csv, /^step,description,action,lines,share\nlines_in,Lines read,,29,1\n/);
  assert.match(csv, /cancellation_netted,.*,netted,2,/);
  const rows = (await Deno.readTextFile(join(dir, "rfm.csv"))).trim().split("\n");
  const c1001 = rows.find((r) => r.startsWith("1001,"))!;
  assert.equal(c1001.split(",")[1], "15"); // last purchase 2024-03-31, as of 2024-04-15
});

Deno.test("rfm bad input: one line on stderr, exit 2, nothing written", async () => {
  const dir = join(await Deno.makeTempDir(), "out");
  const bad = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(
    bad,
    "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,2,2024-01-02,3.5,A\n2,1,yesterday,4,A\n",
  );
  const cases: [string[], RegExp][] = [
    [[bad], /^Error: Unparseable date: "yesterday" \(file .*, column "InvoiceDate", row 2\)/],
    [[RULES, "--price", "Cost"], /^Error: Column not found: "Cost"/],
    [[RULES, "--as-of", "15/04/2024"], /^Error: Invalid as-of date: "15\/04\/2024"/],
    [[RULES, "--outliers", "mad"], /^Error: --outliers must be one of iqr, zscore, quantile, none/],
    [[RULES, "--memory-limit", "lots"], /^Error: --memory-limit must look like 512MB or 2GB/],
    [["/no/such.csv"], /^Error: File not found/],
    [[], /^Error: give exactly one input file/],
    [[RULES, "--rule-depth", "0"], /^Error: --rule-depth must be a whole number from 1 to 8/],
    [[RULES, "--from", "2025-01-01"], /^Error: The first date must come before the second/],
    [[RULES, "--from", "01/01/2024"], /^Error: Invalid as-of date: "01\/01\/2024"/],
  ];
  for (const [args, pattern] of cases) {
    const run = await rfm(...args, "--out", dir);
    assert.equal(run.code, 2, `${args}: ${run.stderr}`);
    assert.match(run.stderr, pattern);
    if (args.length > 0) assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
    assert.ok(!run.stderr.includes("    at "), "no stack trace");
    assert.equal(await exists(dir), false, "nothing written");
  }
});

Deno.test("rfm under a memory limit: streams and spills to the same result, or refuses below what a step needs", async () => {
  const base = await Deno.makeTempDir();
  const free = await rfm(SAMPLE, "--out", join(base, "free"));
  assert.equal(free.code, 0, free.stderr);
  const capped = await rfm(SAMPLE, "--memory-limit", "256MB", "--out", join(base, "capped"));
  assert.equal(capped.code, 0, capped.stderr);
  assert.equal(
    await Deno.readTextFile(join(base, "capped", "rfm.csv")),
    await Deno.readTextFile(join(base, "free", "rfm.csv")),
  );
  const starved = await rfm(SAMPLE, "--memory-limit", "1MB", "--out", join(base, "starved"));
  assert.equal(starved.code, 2, starved.stderr);
  assert.match(
    starved.stderr,
    /^Error: Not enough memory under the memory limit \(a step needed [\d.]+ \w+ at once\).*Raise --memory-limit/,
  );
  assert.equal(starved.stderr.trim().split("\n").length, 1, starved.stderr);
  assert.equal(await exists(join(base, "starved")), false, "nothing written");
});

function parseCSV(text: string): Record<string, string>[] {
  // The files tested here quote only fields with commas, never quotes or newlines.
  const split = (line: string) =>
    [...line.matchAll(/("([^"]*)"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[2] ?? m[1]!);
  const [head, ...rows] = text.trim().split("\n");
  const names = split(head!);
  return rows.map((r) => Object.fromEntries(split(r).map((v, i) => [names[i]!, v])));
}

Deno.test("rfm explains and acts on segments: rules, products, forecast, CRM export", async () => {
  const base = await Deno.makeTempDir();
  const out = join(base, "out");
  const crm = join(base, "crm");
  const run = await rfm(SAMPLE, "--from", "2024-06-01", "--export-segments", crm, "--out", out);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stderr,
    /Rules \(decision tree, depth 3\) match the segments of \d+% of customers/,
  );
  assert.match(run.stderr, /First-order Markov forecast: .* 2024-06-01 to 2024-12-01 \(183 days/);
  const customers = parseCSV(await Deno.readTextFile(join(out, "rfm.csv")));
  const size = new Map<string, number>();
  for (const c of customers) size.set(c.segment!, (size.get(c.segment!) ?? 0) + 1);

  // Rules: leaves cover every customer once.
  const rules = parseCSV(await Deno.readTextFile(join(out, "segment_rules.csv")));
  assert.equal(rules.reduce((n, r) => n + Number(r.customers), 0), customers.length);
  assert.ok(rules.every((r) => /^(recency|frequency|monetary|\d)/.test(r.rule!)));

  // Products: at least 5% of the segment, lift above 1, at most 10 per segment, figures consistent.
  const text = await Deno.readTextFile(join(out, "segment_products.csv"));
  assert.match(
    text,
    /^segment,product,description,customers,share_in_segment,share_overall,lift\n/,
  );
  const products = parseCSV(text);
  assert.ok(products.length > 0);
  const per = new Map<string, number>();
  for (const p of products) {
    per.set(p.segment!, (per.get(p.segment!) ?? 0) + 1);
    const share = Number(p.share_in_segment);
    assert.ok(share >= 0.05 && Number(p.lift) > 1, JSON.stringify(p));
    assert.ok(Math.abs(share - Number(p.customers) / size.get(p.segment!)!) < 1e-12);
    assert.ok(Math.abs(Number(p.lift) - share / Number(p.share_overall)) < 1e-9);
    assert.notEqual(p.description, "");
  }
  assert.ok([...per.values()].every((n) => n <= 10));

  // Forecast: period 0 is today's sizes; each period adds the same number of new customers.
  const forecast = parseCSV(await Deno.readTextFile(join(out, "segment_forecast.csv")));
  const total = (p: string) =>
    forecast.filter((f) => f.period === p).reduce((n, f) => n + Number(f.customers), 0);
  for (const f of forecast.filter((f) => f.period === "0")) {
    assert.equal(Number(f.customers), size.get(f.segment!) ?? 0, f.segment);
  }
  const added = total("1") - total("0");
  assert.ok(added > 0);
  assert.ok(Math.abs(total("2") - total("1") - added) < 0.05 * forecast.length);
  assert.deepEqual([...new Set(forecast.map((f) => f.date))], [
    "2024-12-01",
    "2025-06-02",
    "2025-12-02",
  ]);
  const transitions = parseCSV(await Deno.readTextFile(join(out, "segment_transitions.csv")));
  for (const from of new Set(transitions.map((t) => t.from!))) {
    const sum = transitions.filter((t) => t.from === from).reduce((n, t) => n + Number(t.share), 0);
    assert.ok(Math.abs(sum - 1) < 1e-9, from);
  }

  // CRM export: every customer in the file of their segment, once; the index counts them.
  const index = parseCSV(await Deno.readTextFile(join(crm, "segments_index.csv")));
  assert.deepEqual(Object.keys(index[0]!), [
    "segment",
    "file",
    "customers",
    "rule",
    "definition",
    "recommendation",
  ]);
  const seen = new Set<string>();
  for (const entry of index) {
    const rows = parseCSV(await Deno.readTextFile(join(crm, entry.file!)));
    assert.equal(rows.length, Number(entry.customers));
    assert.equal(rows.length, size.get(entry.segment!));
    for (const r of rows) {
      assert.equal(r.segment, entry.segment);
      assert.ok(!seen.has(r.customer_id!));
      seen.add(r.customer_id!);
    }
  }
  assert.equal(seen.size, customers.length);
  const champions = index.find((e) => e.segment === "Champions")!;
  assert.equal(champions.definition, "R score 5, F score 4–5");
  assert.match(champions.rule!, /recency <= [\d.]+ .*\(covers .* of the segment/);
  assert.match(
    champions.recommendation!,
    /^Reward them.*Offer .* to Champions: bought by [\d.]+× more/,
  );

  // The same bytes again.
  const again = await rfm(
    SAMPLE,
    "--from",
    "2024-06-01",
    "--export-segments",
    join(base, "crm2"),
    "--out",
    join(base, "out2"),
  );
  assert.equal(again.code, 0, again.stderr);
  for (
    const f of [
      "segment_rules.csv",
      "segment_products.csv",
      "segment_forecast.csv",
      "segment_transitions.csv",
    ]
  ) {
    assert.equal(
      await Deno.readTextFile(join(base, "out2", f)),
      await Deno.readTextFile(join(out, f)),
      f,
    );
  }
  assert.equal(
    await Deno.readTextFile(join(base, "crm2", "segments_index.csv")),
    await Deno.readTextFile(join(crm, "segments_index.csv")),
  );
});

Deno.test("rfm without a product column skips segment_products.csv and says so", async () => {
  const dir = await Deno.makeTempDir();
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(
    path,
    "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,2,2024-01-02,3.5,A\n2,1,2024-01-09,4,B\n",
  );
  const run = await rfm(
    path,
    "--outliers",
    "none",
    "--export-segments",
    join(dir, "crm"),
    "--out",
    join(dir, "out"),
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /No product column: segment_products.csv not written/);
  assert.equal(await exists(join(dir, "out", "segment_products.csv")), false);
  assert.equal(await exists(join(dir, "out", "segment_forecast.csv")), false);
  assert.ok(await exists(join(dir, "crm", "segments_index.csv")));
});

Deno.test("rfm writes the files runRFM returns for the same options, byte for byte", async () => {
  const dir = await Deno.makeTempDir();
  const run = await rfm(
    RULES,
    "--outliers",
    "quantile",
    "--net-cancellations",
    "--from",
    "2024-03-01",
    "--rule-depth",
    "2",
    "--out",
    dir,
  );
  assert.equal(run.code, 0, run.stderr);
  const expected = await runRFM(RULES, {
    outliers: "quantile",
    netCancellations: true,
    from: "2024-03-01",
    ruleDepth: 2,
  });
  const written = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => !n.startsWith("."));
  assert.deepEqual(written.sort(), Object.keys(expected.files).sort());
  for (const [name, text] of Object.entries(expected.files)) {
    assert.equal(await Deno.readTextFile(join(dir, name)), text, name);
  }
  assert.match(run.stderr, /Rules \(decision tree, depth 2\)/);
});

async function filesIn(dir: string, prefix = ""): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isDirectory) names.push(...await filesIn(join(dir, e.name), `${prefix}${e.name}/`));
    else names.push(`${prefix}${e.name}`);
  }
  return names.sort();
}

Deno.test("rfm --out into the folder of an earlier run: its files that this run does not write are removed and named", async () => {
  const out = join(await Deno.makeTempDir(), "rfm");
  const first = await rfm(
    SAMPLE,
    "--from",
    "2024-06-01",
    "--out",
    out,
    "--export-segments",
    join(out, "crm"),
  );
  assert.equal(first.code, 0, first.stderr);
  assert.ok((await filesIn(out)).includes("segment_forecast.csv"));
  assert.ok((await filesIn(out)).includes("crm/champions.csv"));
  const second = await rfm(SAMPLE, "--out", out);
  assert.equal(second.code, 0, second.stderr);
  assert.match(
    second.stderr,
    /Removed from the earlier run in .*: crm\/ \(12 files\), segment_forecast\.csv, segment_transitions\.csv\n/,
  );
  assert.deepEqual(await filesIn(out), [
    ".output.json",
    "cleaning_report.csv",
    "cleaning_report.json",
    "rfm.csv",
    "segment_products.csv",
    "segment_rules.csv",
  ]);
});
