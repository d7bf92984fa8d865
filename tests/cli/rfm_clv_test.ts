/** `deno task rfm --clv`: the CLV columns, the per-segment sums, the slipping list, the holdout check. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runScript } from "../run_script.ts";

const CLI = new URL("../../lib/cli/rfm.ts", import.meta.url).pathname;
const SAMPLE = new URL("../../data/transactions_sample.csv", import.meta.url).pathname;

function parseCSV(text: string): Record<string, string>[] {
  // The files checked here have no quoted commas in the columns read.
  const [head, ...rows] = text.trim().split("\n");
  const names = head!.split(",");
  return rows.map((row) => {
    const cells = row.split(",");
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? ""]));
  });
}

Deno.test("rfm --clv adds the CLV columns, clv_segments.csv, the slipping list and the holdout check", async () => {
  const plain = await Deno.makeTempDir();
  const withClv = await Deno.makeTempDir();
  const crm = join(withClv, "crm");
  const a = await runScript(CLI, [SAMPLE, "--out", plain]);
  assert.equal(a.code, 0, a.stderr);
  const b = await runScript(CLI, [SAMPLE, "--clv", "--out", withClv, "--export-segments", crm]);
  assert.equal(b.code, 0, b.stderr);
  assert.match(b.stderr, /CLV over 365 days at 10% a year: [\d,]+ in all; BG\/NBD r /);
  assert.match(b.stderr, /Holdout check \(fit before 2024-06-01, 183 days held out\)/);

  // rfm.csv: the same lines as without --clv, with four columns appended.
  const before = (await Deno.readTextFile(join(plain, "rfm.csv"))).trim().split("\n");
  const after = (await Deno.readTextFile(join(withClv, "rfm.csv"))).trim().split("\n");
  assert.equal(after.length, before.length);
  assert.equal(after[0], `${before[0]},p_alive,expected_purchases,expected_value,clv`);
  after.forEach((line, i) => assert.ok(line.startsWith(before[i]! + ","), `line ${i + 1}`));
  const rows = parseCSV(after.join("\n"));
  let total = 0;
  for (const row of rows) {
    const p = Number(row.p_alive), e = Number(row.expected_purchases);
    const v = Number(row.expected_value), clv = Number(row.clv);
    assert.ok(p > 0 && p <= 1, `p_alive ${row.p_alive}`);
    assert.ok(e > 0 && v > 0 && clv > 0, row.customer_id);
    // Discounting: CLV is below the undiscounted value of the expected purchases.
    assert.ok(clv < e * v, row.customer_id);
    total += clv;
  }

  // clv_segments.csv sums the customers' CLV per segment.
  const segments = parseCSV(await Deno.readTextFile(join(withClv, "clv_segments.csv")));
  assert.equal(segments.reduce((s, r) => s + Number(r.customers), 0), rows.length);
  const sum = segments.reduce((s, r) => s + Number(r.clv), 0);
  assert.ok(Math.abs(sum - total) < 1e-6 * total);
  for (const seg of segments) {
    const own = rows.filter((r) => r.segment === seg.segment);
    const clv = own.reduce((s, r) => s + Number(r.clv), 0);
    assert.ok(Math.abs(clv - Number(seg.clv)) < 1e-6 * Math.max(1, clv), seg.segment);
  }

  // The slipping list: past spend in the top fifth, P(alive) below one half, highest spend first.
  const slipping = parseCSV(await Deno.readTextFile(join(withClv, "clv_slipping.csv")));
  const spend = rows.map((r) => Number(r.monetary)).sort((x, y) => x - y);
  const threshold = spend[Math.floor(0.8 * (spend.length - 1))]!;
  const expected = rows.filter((r) => Number(r.monetary) >= threshold && Number(r.p_alive) < 0.5);
  assert.ok(slipping.length > 0);
  assert.deepEqual(
    slipping.map((r) => r.customer_id).sort(),
    expected.map((r) => r.customer_id).sort(),
  );
  for (let i = 1; i < slipping.length; i++) {
    assert.ok(Number(slipping[i - 1]!.monetary) >= Number(slipping[i]!.monetary));
  }

  // The holdout check: frequency groups 0 … 7+, means that are purchases per customer.
  const holdout = parseCSV(await Deno.readTextFile(join(withClv, "clv_holdout.csv")));
  assert.deepEqual(holdout.map((r) => r.frequency), ["0", "1", "2", "3", "4", "5", "6", "7+"]);
  for (const r of holdout) assert.ok(Number(r.actual) >= 0 && Number(r.predicted) > 0);

  // The CRM lists carry CLV, highest first.
  const champions = parseCSV(await Deno.readTextFile(join(crm, "champions.csv")));
  assert.ok(champions.length > 1);
  for (let i = 1; i < champions.length; i++) {
    assert.ok(Number(champions[i - 1]!.clv) >= Number(champions[i]!.clv));
  }
  const index = parseCSV(await Deno.readTextFile(join(crm, "segments_index.csv")));
  const champ = index.find((r) => r.segment === "Champions")!;
  const champSum = champions.reduce((s, r) => s + Number(r.clv), 0);
  assert.ok(Math.abs(Number(champ.clv) - champSum) < 1e-6 * champSum);
});

Deno.test("rfm --clv: horizon and discount move CLV the way they should; bad values are one line", async () => {
  const short = await Deno.makeTempDir(), cheap = await Deno.makeTempDir();
  const base = await Deno.makeTempDir();
  for (
    const [dir, extra] of [[base, []], [short, ["--horizon", "90"]], [cheap, [
      "--discount",
      "0",
    ]]] as [
      string,
      string[],
    ][]
  ) {
    const run = await runScript(CLI, [SAMPLE, "--clv", "--out", dir, ...extra]);
    assert.equal(run.code, 0, run.stderr);
  }
  const read = async (dir: string) => parseCSV(await Deno.readTextFile(join(dir, "rfm.csv")));
  const [b, s, c] = [await read(base), await read(short), await read(cheap)];
  b.forEach((row, i) => {
    assert.ok(Number(s[i]!.clv) < Number(row.clv), "a shorter horizon is worth less");
    assert.ok(Number(c[i]!.clv) > Number(row.clv), "no discount is worth more");
    assert.equal(c[i]!.expected_purchases, row.expected_purchases, "discount leaves purchases");
  });
  const dir = join(await Deno.makeTempDir(), "out");
  const cases: [string[], RegExp][] = [
    [["--horizon", "90"], /^Error: --horizon and --discount are options of --clv: add --clv/],
    [["--clv", "--horizon", "0"], /^Error: --horizon must be a positive number of days, not "0"/],
    [["--clv", "--discount", "ten"], /^Error: --discount must be a yearly rate as a fraction/],
  ];
  for (const [args, pattern] of cases) {
    const run = await runScript(CLI, [SAMPLE, ...args, "--out", dir]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, pattern);
    assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
  }
});

Deno.test("rfm --clv on ten lines of one customer says what could not be fitted, with no NaN", async () => {
  const dir = await Deno.makeTempDir();
  const lines = (await Deno.readTextFile(SAMPLE)).split("\n").slice(0, 11).join("\n") + "\n";
  const file = join(dir, "ten_lines.csv");
  await Deno.writeTextFile(file, lines);
  const run = await runScript(CLI, [file, "--clv", "--out", join(dir, "out")]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /10 lines → 10 kept → 1 customer \(as of/);
  assert.match(run.stderr, /BG\/NBD: no customer in the lines before .* bought twice/);
  assert.match(
    run.stderr,
    /CLV over 365 days at 10% a year: none computed; BG\/NBD not estimable; Gamma-Gamma not fitted \(0 repeat buyers\)/,
  );
  assert.match(run.stderr, /holdout check skipped: 1 day of history/);
  assert.doesNotMatch(run.stderr, /NaN/);
  await Deno.remove(dir, { recursive: true });
});
