import assert from "node:assert/strict";
import { InputError } from "../../lib/errors.ts";
import { createRandom } from "../../lib/random.ts";
import { createMatrix, type Matrix } from "../../lib/matrix.ts";
import { BLOCK_ROWS, fitKMeans } from "../../lib/cluster/kmeans.ts";
import { inertia } from "../../lib/metrics/inertia.ts";

/** `n` rows around `groups` seeded centres, `d` columns. */
function blobs(n: number, d: number, groups: number, seed: number): Matrix {
  const r = createRandom(seed);
  const centres = Array.from({ length: groups * d }, () => r.normal() * 3);
  const m = createMatrix(n, d);
  for (let i = 0; i < n; i++) {
    const g = r.int(groups);
    for (let j = 0; j < d; j++) m.data[i * d + j] = centres[g * d + j]! + r.normal();
  }
  return m;
}

// Widths 8 (6 columns padded), 4 and 12 take different kernels; the row counts are not
// multiples of the block size, so the last block is short.
for (
  const [n, d, k] of [[3 * BLOCK_ROWS + 77, 6, 5], [2 * BLOCK_ROWS + 5, 3, 7], [
    BLOCK_ROWS * 2 + 1,
    11,
    4,
  ]]
) {
  Deno.test(`k-means on ${n} × ${d}, k = ${k}: 1, 2 and 3 threads give identical results`, () => {
    const m = blobs(n!, d!, 5, n!);
    // A small injected threshold so the blocked, threaded path runs on small data.
    const fits = [1, 2, 3].map((threads) =>
      fitKMeans(m, { k: k!, seed: 3, nInit: 4, threads, parallelMinWork: 1 })
    );
    for (const fit of fits.slice(1)) {
      assert.deepEqual(fit.labels, fits[0]!.labels);
      assert.equal(fit.inertia, fits[0]!.inertia);
      assert.deepEqual(fit.model, fits[0]!.model);
    }
    // The threaded path agrees with the one-block path up to rounding.
    const single = fitKMeans(m, { k: k!, seed: 3, nInit: 4 });
    assert.deepEqual(single.labels, fits[0]!.labels);
    assert.ok(Math.abs(single.inertia - fits[0]!.inertia) <= 1e-12 * single.inertia);
    const direct = inertia(m, fits[0]!.labels, fits[0]!.model.centroids);
    assert.ok(Math.abs(direct - fits[0]!.inertia) <= 1e-9 * direct);
  });
}

Deno.test("k-means below the threshold ignores threads and gives the one-thread result", () => {
  const m = blobs(2000, 4, 3, 1);
  const a = fitKMeans(m, { k: 3, seed: 1, threads: 1 });
  const b = fitKMeans(m, { k: 3, seed: 1, threads: 4 });
  assert.deepEqual(a, b);
});

Deno.test("k-means refuses a thread count that is not a whole number of at least 1", () => {
  const m = blobs(100, 2, 2, 1);
  for (const threads of [0, 1.5, -1]) {
    assert.throws(() => fitKMeans(m, { k: 2, threads }), InputError);
  }
});
