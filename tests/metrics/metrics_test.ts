import assert from "node:assert/strict";
import { InputError } from "../../lib/errors.ts";
import { createMatrix, matrixFromRows } from "../../lib/matrix.ts";
import { createRandom } from "../../lib/random.ts";
import { sampleRows, silhouetteSamples, silhouetteScore } from "../../lib/metrics/silhouette.ts";
import { daviesBouldinScore } from "../../lib/metrics/davies_bouldin.ts";
import { calinskiHarabaszScore } from "../../lib/metrics/calinski_harabasz.ts";
import { assertClose, datasetMatrix, DATASETS, reference } from "../cluster/cluster_reference.ts";

// Tolerance 1e-9, relative for values above 1 (Calinski–Harabasz runs into the thousands).
const TOL = 1e-9;

for (const name of DATASETS) {
  Deno.test(`silhouette, Davies–Bouldin and Calinski–Harabasz match scikit-learn on ${name}`, () => {
    const m = datasetMatrix(name);
    for (const ref of reference.datasets[name].metrics) {
      const labels = Int32Array.from(ref.values);
      assertClose(silhouetteScore(m, labels), ref.silhouette, TOL, `${ref.labels} silhouette`);
      assertClose(daviesBouldinScore(m, labels), ref.daviesBouldin, TOL, `${ref.labels} DB`);
      assertClose(
        calinskiHarabaszScore(m, ref.values),
        ref.calinskiHarabasz,
        TOL,
        `${ref.labels} CH`,
      );
      if (ref.silhouetteSamples) {
        const samples = silhouetteSamples(m, labels);
        ref.silhouetteSamples.forEach((v, i) =>
          assertClose(samples[i]!, v, TOL, `${ref.labels} s[${i}]`)
        );
      }
    }
  });
}

Deno.test("silhouette of a row alone in its cluster is 0", () => {
  const ref = reference.datasets.hand.metrics.find((r) => r.labels === "singleton")!;
  const samples = silhouetteSamples(datasetMatrix("hand"), ref.values);
  assert.equal(samples[0], 0);
  assert.equal(ref.silhouetteSamples![0], 0);
});

Deno.test("labels need not be 0..k-1: any integers are encoded like scikit-learn", () => {
  const m = datasetMatrix("blobs");
  const ref = reference.datasets.blobs.metrics[1]!;
  const shifted = ref.values.map((v) => v * 7 - 3);
  assertClose(silhouetteScore(m, shifted), ref.silhouette, TOL);
  assertClose(daviesBouldinScore(m, shifted), ref.daviesBouldin, TOL);
  assertClose(calinskiHarabaszScore(m, shifted), ref.calinskiHarabasz, TOL);
});

Deno.test("sampled silhouette: seeded, deterministic, the exact score of the sampled rows", () => {
  const m = datasetMatrix("overlap");
  const labels = reference.datasets.overlap.metrics[1]!.values;
  const a = silhouetteScore(m, labels, { sampleSize: 200, seed: 9 });
  const b = silhouetteScore(m, labels, { sampleSize: 200, seed: 9 });
  const c = silhouetteScore(m, labels, { sampleSize: 200, seed: 10 });
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.ok(Math.abs(a - reference.datasets.overlap.metrics[1]!.silhouette) < 0.05);
  assert.equal(silhouetteScore(m, labels, { sampleSize: 10_000 }), silhouetteScore(m, labels));
  const rows = Array.from(sampleRows(m.rows, 200, 9));
  const sub = matrixFromRows(
    rows.map((i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols))),
  );
  assert.equal(silhouetteScore(sub, rows.map((i) => labels[i]!)), a);
});

Deno.test("metrics are undefined for one cluster or as many clusters as rows", () => {
  const m = matrixFromRows([[1], [2], [3]]);
  for (const f of [silhouetteScore, daviesBouldinScore, calinskiHarabaszScore]) {
    assert.throws(() => f(m, [0, 0, 0]), (e) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /undefined: one cluster/);
      return true;
    });
    assert.throws(() => f(m, [0, 1, 2]), InputError);
    assert.throws(() => f(m, [0, 1]), InputError);
  }
  assert.throws(
    () => silhouetteScore(m, [0, 0, 0]),
    /^InputError: Silhouette undefined: one cluster/,
  );
  assert.throws(() => silhouetteScore(matrixFromRows([[1], [NaN], [3]]), [0, 1, 1]), InputError);
  assert.throws(() => silhouetteScore(m, [0, 1, 1], { sampleSize: 1 }), InputError);
});

Deno.test("identical rows in different clusters score 0, not NaN", () => {
  const m = matrixFromRows([[1], [1], [1], [1]]);
  const s = silhouetteSamples(m, [0, 0, 1, 1]);
  assert.deepEqual(Array.from(s), [0, 0, 0, 0]);
  assert.equal(daviesBouldinScore(m, [0, 0, 1, 1]), 0);
  assert.equal(calinskiHarabaszScore(m, [0, 0, 1, 1]), 1);
});

Deno.test("silhouette agrees with a direct computation for every row width", () => {
  const random = createRandom(8);
  for (const d of [1, 3, 4, 5, 8, 9, 13]) {
    const n = 60;
    const m = createMatrix(n, d);
    const labels = Array.from({ length: n }, (_, i) => i % 3);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) m.data[i * d + j] = labels[i]! + random.normal();
    }
    const dist = (a: number, b: number) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += (m.data[a * d + j]! - m.data[b * d + j]!) ** 2;
      return Math.sqrt(s);
    };
    const got = silhouetteSamples(m, labels);
    for (let i = 0; i < n; i++) {
      const mean = [0, 1, 2].map((c) => {
        const others = labels.flatMap((l, r) => (l === c && r !== i ? [dist(i, r)] : []));
        return others.reduce((s, v) => s + v, 0) / others.length;
      });
      const a = mean[labels[i]!]!;
      const b = Math.min(...mean.filter((_, c) => c !== labels[i]));
      assertClose(got[i]!, (b - a) / Math.max(a, b), 1e-12, `d = ${d}, row ${i}`);
    }
  }
});
