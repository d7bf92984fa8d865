import assert from "node:assert/strict";
import { clusterStability } from "../../lib/select/stability.ts";
import { matrixFromRows } from "../../lib/matrix.ts";
import { createRandom } from "../../lib/random.ts";
import { fixtureMatrix } from "../cluster/algorithms_fixture.ts";

Deno.test("clusterStability: well separated blobs are stable under bootstrap", () => {
  const m = fixtureMatrix("X4");
  const s = clusterStability(m, { algorithm: "agglomerative", k: 4, runs: 8, seed: 1 });
  assert.equal(s.ari.values.length, 8);
  assert.ok(s.ari.median > 0.8, `median ARI ${s.ari.median}`);
  assert.equal(s.clusters.length, 4);
  assert.ok(s.stable, s.verdict);
  assert.match(s.verdict, /^Stable: every cluster keeps a mean Jaccard of at least 0\.75/);
  assert.equal(s.clusters.reduce((a, c) => a + c.size, 0), m.rows);
});

Deno.test("clusterStability: too many clusters on structureless data is not stable", () => {
  const random = createRandom(5);
  const m = matrixFromRows(Array.from({ length: 200 }, () => [random.normal(), random.normal()]));
  const s = clusterStability(m, {
    algorithm: "kmeans",
    k: 7,
    runs: 10,
    mode: "bootstrap",
    seed: 2,
    nInit: 1,
  });
  assert.equal(s.stable, false);
  assert.match(s.verdict, /^Not stable: \d+ of 7 clusters fall below/);
  assert.ok(s.clusters.some((c) => c.rating !== "stable" && c.rating !== "highly stable"));
});

Deno.test("clusterStability is deterministic for a seed and checks its options", () => {
  const m = fixtureMatrix("X5");
  const a = clusterStability(m, { algorithm: "gmm", k: 3, runs: 4, mode: "reseed", seed: 9 });
  const b = clusterStability(m, { algorithm: "gmm", k: 3, runs: 4, mode: "reseed", seed: 9 });
  assert.deepEqual(a.ari.values, b.ari.values);
  assert.throws(
    () => clusterStability(m, { algorithm: "dbscan", eps: 1, runs: 4, mode: "reseed" }),
    /Use mode bootstrap/,
  );
  assert.throws(
    () => clusterStability(m, { algorithm: "kmeans", k: 3, runs: 1 }),
    /at least 2 runs/,
  );
});

Deno.test("clusterStability with DBSCAN ignores noise when matching clusters", () => {
  const m = fixtureMatrix("X1");
  const s = clusterStability(m, { algorithm: "dbscan", eps: 0.5, minSamples: 5, runs: 5 });
  assert.equal(s.clusters.length, 3);
  assert.ok(s.clusters.every((c) => c.meanJaccard > 0 && c.meanJaccard <= 1));
});

Deno.test("clusterStability: a single cluster is not called stable", () => {
  const m = fixtureMatrix("X4");
  const s = clusterStability(m, { algorithm: "dbscan", eps: 50, minSamples: 2, runs: 3 });
  assert.equal(s.clusters.length, 1);
  assert.equal(s.stable, false);
  assert.match(s.verdict, /^Only one cluster was found/);
});

Deno.test("clusterStability reports progress after each rerun", () => {
  const m = matrixFromRows(
    Array.from({ length: 40 }, (_, i) => [i % 2 === 0 ? 0 : 10, (i * 7) % 5]),
  );
  const calls: [number, number][] = [];
  clusterStability(m, {
    algorithm: "kmeans",
    k: 2,
    runs: 4,
    seed: 1,
    onProgress: (done, total) => calls.push([done, total]),
  });
  assert.deepEqual(calls, [[1, 4], [2, 4], [3, 4], [4, 4]]);
});

Deno.test("a single cluster is rated 'single cluster', never 'highly stable'", () => {
  const rows = Array.from({ length: 60 }, (_, i) => [i * 0.01, (i % 5) * 0.01]);
  const s = clusterStability(matrixFromRows(rows), {
    algorithm: "dbscan",
    eps: 5,
    minSamples: 3,
    runs: 3,
  });
  assert.equal(s.clusters.length, 1);
  assert.equal(s.clusters[0]!.rating, "single cluster");
  assert.equal(s.stable, false);
  assert.match(s.verdict, /Only one cluster was found/);
});
