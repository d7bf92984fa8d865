/**
 * The workspace's whole path on the CDNOW sample — `runRFM` with `clv` (what
 * `deno task rfm FILE --clv --as-of 1997-10-01 --horizon 360 --outliers none`
 * runs): cleaning in DuckDB, the summary in days, both fits, the columns of
 * rfm.csv — against `lifetimes` 0.11.3 on the same lines in days
 * (tests/fixtures/clv_reference.json, "workspace_days").
 */
import assert from "node:assert/strict";
import { runRFM } from "../../lib/rfm/run_rfm.ts";
import { cdnowCSV } from "./cdnow.ts";

const ref = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/clv_reference.json", import.meta.url)),
).workspace_days;

Deno.test("rfm --clv on CDNOW: P(alive), expected purchases, value and CLV equal lifetimes' to 1e-6", async () => {
  const path = await cdnowCSV();
  try {
    const run = await runRFM(path, {
      outliers: "none",
      asOf: "1997-10-01",
      clv: true,
      horizonDays: 360,
    });
    const clv = run.clv!;
    const { r, alpha, a, b } = clv.value.bgnbd.params;
    for (
      const [got, want] of [[r, ref.bgnbd.r], [alpha, ref.bgnbd.alpha], [a, ref.bgnbd.a], [
        b,
        ref.bgnbd.b,
      ]]
    ) {
      assert.ok(Math.abs(got! - want) < 1e-8 * want, `${got} against ${want}`);
    }
    assert.ok(
      Math.abs(clv.value.gammaGamma.params.gamma - ref.gamma_gamma.v) < 1e-8 * ref.gamma_gamma.v,
    );
    const ids = (run.scored.array("customer_id") as string[]).map(Number);
    assert.equal(ids.length, ref.customer_id.length);
    const at = new Map((ref.customer_id as number[]).map((id, i) => [id, i]));
    const columns: [string, number[]][] = [
      ["p_alive", ref.p_alive],
      ["expected_purchases", ref.expected_purchases_360],
      ["expected_value", ref.expected_average_value],
      ["clv", ref.clv],
    ];
    for (const [name, want] of columns) {
      const got = run.scored.array(name) as ArrayLike<number>;
      let worst = 0;
      ids.forEach((id, row) => {
        const w = want[at.get(id)!]!;
        worst = Math.max(worst, Math.abs(got[row]! - w) / Math.abs(w));
      });
      assert.ok(worst < 1e-6, `${name}: largest relative difference ${worst}`);
    }
  } finally {
    await Deno.remove(path);
  }
});
