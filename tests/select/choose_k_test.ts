import assert from "node:assert/strict";
import { InputError } from "../../lib/errors.ts";
import { matrixFromRows } from "../../lib/matrix.ts";
import { chooseK } from "../../lib/select/choose_k.ts";
import { fitKMeans } from "../../lib/cluster/kmeans.ts";
import { silhouetteScore } from "../../lib/metrics/silhouette.ts";
import { daviesBouldinScore } from "../../lib/metrics/davies_bouldin.ts";
import { calinskiHarabaszScore } from "../../lib/metrics/calinski_harabasz.ts";
import { findKnee } from "../../lib/cluster/knee.ts";
import { datasetMatrix } from "../cluster/cluster_reference.ts";

Deno.test("chooseK finds the five groups of the overlap data, knee and silhouette agreeing", () => {
  const progress: string[] = [];
  const choice = chooseK(datasetMatrix("overlap"), {
    seed: 0,
    onProgress: (done, total) => progress.push(`${done}/${total}`),
  });
  assert.equal(choice.k, 5);
  assert.equal(choice.knee, 5);
  assert.equal(choice.reason, "k = 5: the elbow's knee is at 5 and silhouette peaks there (0.64)");
  assert.deepEqual(progress, ["1/9", "2/9", "3/9", "4/9", "5/9", "6/9", "7/9", "8/9", "9/9"]);
  assert.deepEqual(choice.sweep.map((p) => p.k), [2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

Deno.test("chooseK prefers the elbow when its silhouette is within 0.02 of the peak, and says so", () => {
  const choice = chooseK(datasetMatrix("blobs"), { seed: 0 });
  const at = (k: number) => choice.sweep.find((p) => p.k === k)!;
  assert.equal(choice.knee, 4);
  assert.ok(at(3).silhouette > at(4).silhouette && at(3).silhouette - at(4).silhouette <= 0.02);
  assert.equal(choice.k, 4);
  assert.match(
    choice.reason,
    /^k = 4: the elbow's knee is at 4 and its silhouette \(0\.66\) is within 0\.02 of the peak at k = 3 \(0\.66\)/,
  );
});

Deno.test("chooseK's sweep holds the figures of k-means at each k, with a seeded silhouette sample", () => {
  const m = datasetMatrix("overlap");
  const choice = chooseK(m, { seed: 4, kMin: 3, kMax: 6, nInit: 2, silhouetteSampleSize: 150 });
  for (const p of choice.sweep) {
    const fit = fitKMeans(m, { k: p.k, seed: 4, nInit: 2 });
    assert.equal(p.inertia, fit.inertia);
    const expected = silhouetteScore(m, fit.labels, { sampleSize: 150, seed: 4 });
    assert.ok(Math.abs(p.silhouette - expected) < 1e-12, `${p.silhouette} vs ${expected}`);
    assert.equal(p.daviesBouldin, daviesBouldinScore(m, fit.labels));
    assert.equal(p.calinskiHarabasz, calinskiHarabaszScore(m, fit.labels));
  }
  const knee = findKnee(choice.sweep.map((p) => p.k), choice.sweep.map((p) => p.inertia), {
    curve: "convex",
    direction: "decreasing",
  });
  assert.equal(choice.knee, knee);
  assert.equal(
    JSON.stringify(choice),
    JSON.stringify(chooseK(m, { seed: 4, kMin: 3, kMax: 6, nInit: 2, silhouetteSampleSize: 150 })),
  );
});

Deno.test("chooseK caps k at rows − 1 and rejects impossible ranges", () => {
  const m = matrixFromRows([[0], [1], [10], [11], [20]]);
  assert.deepEqual(chooseK(m, { kMax: 10 }).sweep.map((p) => p.k), [2, 3, 4]);
  assert.throws(() => chooseK(m, { kMin: 1 }), InputError);
  assert.throws(() => chooseK(matrixFromRows([[0], [1]])), /Too few rows/);
  assert.throws(() => chooseK(matrixFromRows([[0], [NaN], [2], [3]])), InputError);
});

Deno.test("chooseK past sampleSize rows sweeps a seeded sample of that size and says so in the reason", async () => {
  const { sampleRows } = await import("../../lib/metrics/silhouette.ts");
  const m = datasetMatrix("overlap");
  const size = Math.floor(m.rows / 2);
  const choice = chooseK(m, { seed: 3, kMax: 6, sampleSize: size });
  const rows = sampleRows(m.rows, size, 3);
  const sub = new Float64Array(size * m.cols);
  rows.forEach((i, p) => sub.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), p * m.cols));
  const onSample = chooseK({ data: sub, rows: size, cols: m.cols, columns: m.columns }, {
    seed: 3,
    kMax: 6,
  });
  assert.deepEqual(choice.sweep, onSample.sweep);
  assert.equal(choice.k, onSample.k);
  assert.equal(
    choice.reason,
    `${onSample.reason} (sweep on a seeded sample of ${size} of ${m.rows} rows)`,
  );
  assert.deepEqual(choice.sample, { rows: size, of: m.rows });
  assert.equal(onSample.sample, undefined);
  const all = chooseK(m, { seed: 3, kMax: 6, sampleSize: m.rows });
  assert.equal(all.sample, undefined);
  assert.throws(() => chooseK(m, { sampleSize: 1 }), InputError);
});
