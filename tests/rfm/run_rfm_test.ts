import assert from "node:assert/strict";
import { join } from "node:path";
import { runRFM } from "../../lib/rfm/run_rfm.ts";
import { rfmExportFileNames } from "../../lib/rfm/rfm_files.ts";
import { queryColumns } from "../../lib/io/duckdb.ts";
import { isInputError } from "../../lib/errors.ts";

const SAMPLE = new URL("../../data/transactions_sample.csv", import.meta.url).pathname;
const RULES = new URL("../fixtures/rfm_rules.csv", import.meta.url).pathname;

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

async function tablesLeft(): Promise<number> {
  const r = await queryColumns(
    "SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'rfm_%') + " +
      "(SELECT count(*) FROM duckdb_views() WHERE view_name LIKE 'rfm_%') AS n",
  );
  return Number(r.n?.[0]);
}

/** DuckDB's memory limit in MiB (it shows it rounded, e.g. "18.8 GiB"). */
async function memorySetting(): Promise<number> {
  const r = await queryColumns("SELECT current_setting('memory_limit') AS m");
  const [, value, unit] = /^([\d.]+) (\w+)$/.exec(String(r.m?.[0]))!;
  return Number(value) * ({ KiB: 1 / 1024, MiB: 1, GiB: 1024, TiB: 1024 * 1024 }[unit!] ?? NaN);
}

function assertClose(actual: number, expected: number): void {
  // Restored from its rounded display: within 0.1 GiB.
  assert.ok(Math.abs(actual - expected) <= 103, `${actual} MiB, not ${expected}`);
}

Deno.test("runRFM returns every step, writes what it returns, and leaves no lines in DuckDB", async () => {
  const base = await Deno.makeTempDir();
  const out = join(base, "out");
  const crm = join(base, "crm");
  const run = await runRFM(SAMPLE, { from: "2024-06-01", out, exportSegments: crm });
  assert.equal(await tablesLeft(), 0, "the cleaned lines are released");

  // Steps agree with each other.
  const { report } = run.cleaning;
  assert.equal(report.linesIn, 50000);
  assert.equal(run.rfm.asOf, "2024-12-01");
  assert.equal(run.rfm.table.numRows(), report.customers);
  assert.equal(run.scored.numRows(), report.customers);
  // One pass over the file: no staged copy, the copies and outliers marked in place.
  assert.ok(run.cleaning.sql[0]!.startsWith("-- Lines"));
  assert.ok(!run.cleaning.sql.some((s) => s.includes("-- Stage")));
  assert.ok(run.cleaning.sql.some((s) => s.includes("-- Duplicates in place")));
  assert.ok(run.cleaning.sql.some((s) => s.includes("-- Outliers in place")));
  assert.ok(run.cleaning.sql.some((s) => s.includes("-- Report")));
  assert.deepEqual(run.crm.customers, run.scored.array("customer_id"));
  assert.deepEqual(run.crm.segments, run.scored.array("segment"));
  assert.equal(run.segmentNames.at(-1), "Unclassified");
  assert.equal(run.migration?.fromDate, "2024-06-01");
  assert.equal(run.migration?.toDate, run.rfm.asOf);
  const sizes = new Map<string, number>();
  for (const s of run.crm.segments) sizes.set(s, (sizes.get(s) ?? 0) + 1);
  for (const s of run.forecast!.sizes.filter((f) => f.period === 0)) {
    assert.equal(s.customers, sizes.get(s.segment) ?? 0, s.segment);
  }
  assert.ok(run.products!.every((p) => p.lift > 1 && p.share_in_segment >= 0.05));
  assert.equal(
    run.segmentRules.rules.reduce((n, r) => n + r.rows, 0),
    report.customers,
    "every customer under one rule",
  );

  // Written: exactly the files returned, with the same text.
  assert.deepEqual(Object.keys(run.files), [
    "rfm.csv",
    "cleaning_report.json",
    "cleaning_report.csv",
    "segment_rules.csv",
    "segment_products.csv",
    "segment_transitions.csv",
    "segment_forecast.csv",
  ]);
  for (const [name, text] of Object.entries(run.files)) {
    assert.equal(await Deno.readTextFile(join(out, name)), text, name);
  }
  const crmFiles = run.written.filter((p) => p.startsWith(crm)).map((p) => p.slice(crm.length + 1));
  assert.equal(crmFiles.at(-1), "segments_index.csv");
  const possible = rfmExportFileNames();
  assert.ok(crmFiles.every((f) => possible.includes(f)), crmFiles.join(", "));
  assert.equal(crmFiles.length, sizes.size + 1);
});

Deno.test("runRFM without out writes nothing; the same options give the same files", async () => {
  const dir = await Deno.makeTempDir();
  const a = await runRFM(RULES, { outliers: "quantile", netCancellations: true, ruleDepth: 1 });
  assert.deepEqual(a.written, []);
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  assert.ok(a.products !== undefined, "the fixture has a product column");
  assert.ok(a.segmentRules.rules.length <= 2, "depth 1: at most two leaves");
  assert.equal(a.migration, undefined);
  assert.equal(a.forecast, undefined);
  assert.equal(a.files["segment_forecast.csv"], undefined);
  const b = await runRFM(RULES, { outliers: "quantile", netCancellations: true, ruleDepth: 1 });
  assert.deepEqual(b.files, a.files);
  assert.equal(JSON.parse(a.files["cleaning_report.json"]!).netCancellations, true);
});

Deno.test("runRFM with an edited segment map names customers by it", async () => {
  const segmentRules = [
    { segment: "Recent", pattern: "[4-5][1-5]" },
    { segment: "Lapsed", pattern: "[1-3][1-5]" },
  ];
  const run = await runRFM(SAMPLE, { segmentRules, from: "2024-06-01" });
  const names = new Set(run.scored.array("segment") as string[]);
  assert.deepEqual([...names].sort(), ["Lapsed", "Recent"]);
  assert.deepEqual(run.segmentNames, ["Recent", "Lapsed", "Unclassified"]);
  assert.deepEqual(run.crm.order, run.segmentNames);
  assert.ok(run.products!.every((p) => names.has(p.segment)));
  const moved = new Set(run.migration!.customers.array("to_segment") as string[]);
  assert.deepEqual([...moved].sort(), ["Lapsed", "Recent"]);
  assert.equal(run.crm.index![0]!.segment, "Recent");
});

Deno.test("runRFM when every line fails a rule: the report is written with out, and the error names the rules", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(
    path,
    "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\nC1,-1,2024-01-02,3,A\nC2,-2,2024-01-03,3,B\n",
  );
  const out = join(await Deno.makeTempDir(), "out");
  await assert.rejects(runRFM(path, { out }), (error: Error) => {
    assert.ok(isInputError(error));
    assert.match(
      error.message,
      /^No lines left after cleaning: 2 lines dropped \(cancellation 2\)/,
    );
    assert.ok(error.message.includes(join(out, "cleaning_report.csv")));
    return true;
  });
  assert.ok(await exists(join(out, "cleaning_report.csv")));
  assert.equal(await exists(join(out, "rfm.csv")), false);
  assert.equal(await tablesLeft(), 0);

  await assert.rejects(runRFM(path), /No lines left after cleaning.*See the cleaning report,/);
});

Deno.test("runRFM under a memory limit: same files, or one error; the limit is lifted afterwards", async () => {
  const before = await memorySetting();
  const free = await runRFM(RULES, { outliers: "none" });
  const capped = await runRFM(RULES, { outliers: "none", memoryLimit: "256MB" });
  assert.deepEqual(capped.files, free.files);
  assertClose(await memorySetting(), before);
  await assert.rejects(
    runRFM(SAMPLE, { memoryLimit: "1MB" }),
    { message: /^Not enough memory under the memory limit/ },
  );
  assertClose(await memorySetting(), before);
  assert.deepEqual((await runRFM(RULES, { outliers: "none" })).files, free.files, "cap lifted");
  assert.equal(await tablesLeft(), 0);
});

Deno.test("runRFM refuses options no run can use before reading the file", async () => {
  for (
    const [options, pattern] of [
      [{ ruleDepth: 9 }, /^Invalid rule depth: 9/],
      [{ ruleDepth: 2.5 }, /^Invalid rule depth: 2.5/],
      [{ memoryLimit: "lots" }, /^Invalid memory limit: "lots"/],
    ] as const
  ) {
    await assert.rejects(runRFM("/no/such/file.csv", options), { message: pattern });
  }
  await assert.rejects(runRFM(RULES, { from: "2025-01-01" }), {
    message: /^The first date must come before the second/,
  });
  assert.equal(await tablesLeft(), 0);
});
