import assert from "node:assert/strict";
import { matrixFromRows } from "../../lib/matrix.ts";
import { log1pMatrix, skewedColumns, skewness } from "../../lib/features/transform.ts";
import { transactionsToRFM } from "../../lib/features/rfm.ts";

const fixtures = new URL("../fixtures/", import.meta.url).pathname;
const expected = JSON.parse(await Deno.readTextFile(`${fixtures}rfm_expected.json`));

Deno.test("Skewness matches pandas Series.skew", () => {
  for (const c of expected.qcut) {
    assert.ok(Math.abs(skewness(c.values) - c.skew) < 1e-10, `${skewness(c.values)} vs ${c.skew}`);
  }
  assert.ok(Number.isNaN(skewness([1, 2])));
  assert.equal(skewness([4, 4, 4, 4]), 0);
});

Deno.test("RFM features are skewed and log1p tames them (pandas figures)", async () => {
  const want = expected.transactions.configs.iqr;
  const { table } = await transactionsToRFM(`${fixtures}rfm_transactions.csv`);
  const names = ["recency", "frequency", "monetary"];
  const m = matrixFromRows(
    table.objects().map((r) => names.map((n) => (r as Record<string, number>)[n]!)),
    names,
  );
  const logged = log1pMatrix(m);
  names.forEach((name, j) => {
    const raw = Array.from({ length: m.rows }, (_, i) => m.data[i * 3 + j]!);
    const log = Array.from({ length: m.rows }, (_, i) => logged.data[i * 3 + j]!);
    assert.ok(Math.abs(skewness(raw) - want.skew[name]) < 1e-9, name);
    assert.ok(Math.abs(skewness(log) - want.skew_log1p[name]) < 1e-9, `log ${name}`);
  });
  assert.ok(skewedColumns(m).includes("monetary"));
  assert.ok(!skewedColumns(logged).includes("monetary"));
});

Deno.test("log1p only touches the columns named and refuses values at or below -1", () => {
  const m = matrixFromRows([[0, 9], [1, 99]], ["a", "b"]);
  const out = log1pMatrix(m, { columns: ["b"] });
  assert.deepEqual(Array.from(out.data), [0, Math.log(10), 1, Math.log(100)]);
  assert.deepEqual(Array.from(m.data), [0, 9, 1, 99]); // input untouched
  assert.throws(
    () => log1pMatrix(matrixFromRows([[-1]], ["x"])),
    /Cannot take log1p of -1 \(column "x", row 1\)/,
  );
  assert.throws(() => log1pMatrix(m, { columns: ["zz"] }), /Column not found: "zz"/);
});
