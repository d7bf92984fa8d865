import assert from "node:assert/strict";
import { join } from "node:path";

const CLI = new URL("../../lib/cli/rfm.ts", import.meta.url).pathname;
const SAMPLE = new URL("../../data/transactions_sample.csv", import.meta.url).pathname;
const RULES = new URL("../fixtures/rfm_rules.csv", import.meta.url).pathname;

async function rfm(...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
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
  assert.match(first.stderr, /50000 lines → \d+ kept → \d+ customers \(as of 2024-12-01\)/);
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
  const capped = await rfm(SAMPLE, "--memory-limit", "64MB", "--out", join(base, "capped"));
  assert.equal(capped.code, 0, capped.stderr);
  assert.equal(
    await Deno.readTextFile(join(base, "capped", "rfm.csv")),
    await Deno.readTextFile(join(base, "free", "rfm.csv")),
  );
  const starved = await rfm(SAMPLE, "--memory-limit", "1MB", "--out", join(base, "starved"));
  assert.equal(starved.code, 2, starved.stderr);
  assert.match(
    starved.stderr,
    /^Error: Not enough memory under the memory limit: .*Raise --memory-limit/,
  );
  assert.equal(starved.stderr.trim().split("\n").length, 1, starved.stderr);
  assert.equal(await exists(join(base, "starved")), false, "nothing written");
});
