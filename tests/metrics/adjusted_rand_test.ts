import assert from "node:assert/strict";
import { adjustedRandIndex } from "../../lib/metrics/adjusted_rand.ts";
import { InputError } from "../../lib/errors.ts";
import { fixture } from "../cluster/algorithms_fixture.ts";

Deno.test("adjustedRandIndex equals scikit-learn's adjusted_rand_score to 1e-12", () => {
  for (const c of fixture.ari) {
    const ours = adjustedRandIndex(c.a, c.b);
    assert.ok(Math.abs(ours - c.ari) <= 1e-12, `n=${c.a.length}: ${ours} vs ${c.ari}`);
  }
});

Deno.test("adjustedRandIndex is symmetric and invariant to renumbering", () => {
  const a = [0, 0, 1, 1, 2, 2, 2, 0], b = [1, 1, 1, 0, 0, 2, 2, 0];
  assert.equal(adjustedRandIndex(a, b), adjustedRandIndex(b, a));
  assert.equal(
    adjustedRandIndex(a, b),
    adjustedRandIndex(a.map((v) => 7 - v), b.map((v) => v * 10)),
  );
  assert.equal(adjustedRandIndex(a, a), 1);
});

Deno.test("adjustedRandIndex refuses labellings of different lengths", () => {
  assert.throws(() => adjustedRandIndex([0, 1], [0]), InputError);
});
