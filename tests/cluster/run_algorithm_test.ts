import assert from "node:assert/strict";
import { type AlgorithmName, ALGORITHMS, runAlgorithm } from "../../lib/cluster/run_algorithm.ts";
import { fitDBSCAN } from "../../lib/cluster/dbscan.ts";
import { fitAgglomerative } from "../../lib/cluster/hierarchical.ts";
import { fitGMM } from "../../lib/cluster/gmm.ts";
import { fitKMeans } from "../../lib/cluster/kmeans.ts";
import { InputError } from "../../lib/errors.ts";
import { fixtureMatrix } from "./algorithms_fixture.ts";

const m = fixtureMatrix("X4");

Deno.test("runAlgorithm dispatches to each algorithm with the same result as calling it", () => {
  assert.deepEqual(
    runAlgorithm(m, { algorithm: "kmeans", k: 4, seed: 3 }).labels,
    fitKMeans(m, { k: 4, seed: 3 }).labels,
  );
  assert.deepEqual(
    runAlgorithm(m, { algorithm: "agglomerative", k: 4, linkage: "average" }).labels,
    fitAgglomerative(m, { k: 4, linkage: "average" }).labels,
  );
  assert.deepEqual(
    runAlgorithm(m, { algorithm: "gmm", k: 4, covariance: "diag", seed: 2 }).labels,
    fitGMM(m, { k: 4, covariance: "diag", seed: 2 }).labels,
  );
  const db = runAlgorithm(m, { algorithm: "dbscan", eps: 1.1, minSamples: 4 });
  const direct = fitDBSCAN(m, { eps: 1.1, minSamples: 4 });
  assert.deepEqual(db.labels, direct.labels);
  assert.equal(db.nNoise, direct.nNoise);
  assert.match(
    db.description,
    /^DBSCAN with eps = 1\.1 \(given\) and min samples 4: \d+ clusters?, \d+ noise rows?/,
  );
});

Deno.test("runAlgorithm: models are plain JSON and descriptions state the figures", () => {
  for (const algorithm of ALGORITHMS) {
    const run = runAlgorithm(m, { algorithm, k: 3 });
    const json = JSON.parse(JSON.stringify(run.model));
    assert.deepEqual(json, run.model);
    assert.equal(run.labels.length, m.rows);
    assert.ok(!/NaN|undefined/.test(run.description), run.description);
  }
  const dbscan = runAlgorithm(m, { algorithm: "dbscan" });
  assert.match(dbscan.description, /from the knee of the 5-distance curve|no clear knee/);
});

Deno.test("runAlgorithm rejects a missing k and unknown names", () => {
  assert.throws(() => runAlgorithm(m, { algorithm: "gmm" }), /needs k/);
  assert.throws(() => runAlgorithm(m, { algorithm: "kmeans" }), InputError);
  assert.throws(
    () => runAlgorithm(m, { algorithm: "spectral" as AlgorithmName, k: 2 }),
    /Unknown algorithm/,
  );
  assert.throws(() => runAlgorithm(m, { algorithm: "dbscan", eps: 0 }), /eps must be a positive/);
});
