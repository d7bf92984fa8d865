import assert from "node:assert/strict";
import { InputError } from "../../lib/errors.ts";
import { createRandom } from "../../lib/random.ts";
import { createMatrix, matrixFromRows } from "../../lib/matrix.ts";
import { applyScaler, fitScaler } from "../../lib/prepare/scale.ts";
import { assignKMeans, fitKMeans } from "../../lib/cluster/kmeans.ts";
import { inertia } from "../../lib/metrics/inertia.ts";
import { kmeansPlusPlus } from "../../lib/cluster/kmeans_plus_plus.ts";
import { datasetMatrix, DATASETS, reference } from "./cluster_reference.ts";

/** Real groups in each fixture (make_blobs centres; the hand data has two). */
const GROUPS = { blobs: 4, overlap: 5, hand: 2 };

for (const name of DATASETS) {
  Deno.test(`k-means inertia is within 0.1% of scikit-learn's best of 10 on ${name}`, () => {
    const m = datasetMatrix(name);
    const scaled = applyScaler(fitScaler(m, { kind: "standard" }), m);
    for (const ref of reference.datasets[name].kmeans) {
      // Best of 10 for seeds 0..10. Up to the number of real groups every seed must be within
      // 0.1%; beyond it k-means has many local optima and a best of 10 varies by ~0.3% between
      // seeds (in scikit-learn too), so the median seed is held to 0.1%.
      const fits = Array.from({ length: 11 }, (_, seed) => seed).map((seed) =>
        fitKMeans(scaled, { k: ref.k, seed, nInit: 10 })
      );
      const values = fits.map((f) => f.inertia).sort((a, b) => a - b);
      const checked = ref.k <= GROUPS[name] ? values : [values[5]!];
      for (const v of checked) {
        assert.ok(v <= ref.inertia * 1.001, `k = ${ref.k}: ours ${v}, scikit-learn ${ref.inertia}`);
        assert.ok(v >= ref.inertia * 0.995, `k = ${ref.k}: ours ${v} suspiciously low`);
      }
      for (const fit of fits) {
        const direct = inertia(scaled, fit.labels, fit.model.centroids);
        assert.ok(Math.abs(direct - fit.inertia) <= 1e-9 * fit.inertia);
      }
    }
  });
}

Deno.test("k-means centroids are the means of their rows and labels the nearest centroid", () => {
  const m = datasetMatrix("overlap");
  const fit = fitKMeans(m, { k: 5, seed: 3 });
  const { centroids } = fit.model;
  for (let c = 0; c < 5; c++) {
    const sum = new Float64Array(m.cols);
    let count = 0;
    fit.labels.forEach((l, i) => {
      if (l !== c) return;
      count++;
      for (let j = 0; j < m.cols; j++) sum[j]! += m.data[i * m.cols + j]!;
    });
    assert.ok(count > 0);
    for (let j = 0; j < m.cols; j++) {
      assert.ok(Math.abs(sum[j]! / count - centroids[c]![j]!) < 1e-9);
    }
  }
  assert.deepEqual(assignKMeans(fit.model, m), fit.labels);
});

Deno.test("k-means is deterministic per seed and the model survives JSON", () => {
  const m = datasetMatrix("blobs");
  const a = fitKMeans(m, { k: 4, seed: 42, nInit: 3 });
  const b = fitKMeans(m, { k: 4, seed: 42, nInit: 3 });
  assert.deepEqual(a.labels, b.labels);
  assert.equal(JSON.stringify(a.model), JSON.stringify(b.model));
  const model = JSON.parse(JSON.stringify(a.model));
  assert.deepEqual(assignKMeans(model, m), a.labels);
  assert.equal(model.kind, "kmeans");
  assert.equal(model.seed, 42);
});

Deno.test("k-means stops early on a tolerance and never exceeds maxIter", () => {
  const m = datasetMatrix("overlap");
  const loose = fitKMeans(m, { k: 6, seed: 1, nInit: 1, tol: 0.5 });
  const strict = fitKMeans(m, { k: 6, seed: 1, nInit: 1, tol: 0 });
  assert.ok(loose.nIter <= strict.nIter);
  const capped = fitKMeans(m, { k: 6, seed: 1, nInit: 1, maxIter: 2 });
  assert.ok(capped.nIter <= 2);
  assert.deepEqual(assignKMeans(capped.model, m), capped.labels);
});

Deno.test("k-means with k = 1 and k = rows", () => {
  const m = matrixFromRows([[1, 2], [3, 4], [5, 9]]);
  const one = fitKMeans(m, { k: 1 });
  assert.deepEqual(one.model.centroids, [[3, 5]]);
  const all = fitKMeans(m, { k: 3 });
  assert.equal(all.inertia, 0);
  assert.equal(new Set(all.labels).size, 3);
});

Deno.test("k-means++ picks distinct far-apart seeds", () => {
  const x = Float64Array.from([0, 0, 0.1, 0, 100, 100, 100.1, 100, -100, 50, -100.1, 50]);
  const centers = kmeansPlusPlus(x, { rows: 6, cols: 2, k: 3, random: createRandom(5) });
  const xs = [centers[0]!, centers[2]!, centers[4]!].map(Math.round).sort((a, b) => a - b);
  assert.deepEqual(xs, [-100, 0, 100]);
});

Deno.test("empty clusters are refilled: duplicates with fewer distinct rows than k are refused", () => {
  const m = matrixFromRows([[1], [1], [1], [2], [2]]);
  assert.throws(() => fitKMeans(m, { k: 3 }), (e) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /distinct rows: k = 3, 2 distinct/);
    return true;
  });
  assert.equal(fitKMeans(m, { k: 2 }).inertia, 0);
});

Deno.test("bad k-means input is an InputError", () => {
  const m = matrixFromRows([[1], [2], [3]], ["spend"]);
  assert.throws(() => fitKMeans(m, { k: 4 }), /Fewer rows than clusters: 3 rows for k = 4/);
  assert.throws(() => fitKMeans(m, { k: 0 }), InputError);
  assert.throws(() => fitKMeans(m, { k: 1.5 }), InputError);
  assert.throws(() => fitKMeans(m, { k: 2, nInit: 0 }), InputError);
  assert.throws(() => fitKMeans(matrixFromRows([[1], [NaN], [3]], ["spend"]), { k: 2 }), (e) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /column "spend", row 2/);
    return true;
  });
  assert.throws(() => fitKMeans(createMatrix(0, 2), { k: 1 }), InputError);
  const fit = fitKMeans(m, { k: 2 });
  assert.throws(() => assignKMeans(fit.model, matrixFromRows([[1, 2]])), InputError);
});

/** Plain Lloyd as scikit-learn runs it (every distance, every iteration), from a given start. */
function plainLloyd(x: Float64Array, n: number, d: number, start: Float64Array, tol: number) {
  const k = start.length / d;
  let centers = start.slice();
  const labels = new Int32Array(n).fill(-1);
  const assign = (c: Float64Array) => {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0, bestD = Infinity;
      for (let a = 0; a < k; a++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (x[i * d + j]! - c[a * d + j]!) ** 2;
        if (s < bestD) [best, bestD] = [a, s];
      }
      if (labels[i] !== best) changed++;
      labels[i] = best;
    }
    return changed;
  };
  let strict = false, iterations = 0;
  for (let it = 0; it < 300; it++) {
    const changed = assign(centers);
    const next = new Float64Array(k * d), counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      counts[labels[i]!]!++;
      for (let j = 0; j < d; j++) next[labels[i]! * d + j]! += x[i * d + j]!;
    }
    let shift = 0;
    for (let a = 0; a < k; a++) {
      for (let j = 0; j < d; j++) {
        if (counts[a]! > 0) next[a * d + j]! /= counts[a]!;
        shift += (next[a * d + j]! - centers[a * d + j]!) ** 2;
      }
    }
    centers = next;
    iterations = it + 1;
    if (changed === 0) {
      strict = true;
      break;
    }
    if (shift <= tol) break;
  }
  if (!strict) assign(centers);
  return { labels, iterations };
}

Deno.test("Hamerly's bounds give exactly the labels of plain Lloyd from the same start", () => {
  for (let seed = 0; seed < 12; seed++) {
    const random = createRandom(100 + seed);
    const n = 400, d = 1 + (seed % 5), k = 2 + (seed % 7);
    const m = createMatrix(n, d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) m.data[i * d + j] = (i % 3) * 2 + random.normal() * (1 + j);
    }
    // Same start as fitKMeans: k-means++ on the centred data with the seed's first draws.
    const x = m.data.slice();
    let variance = 0;
    for (let j = 0; j < d; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += x[i * d + j]! / n;
      for (let i = 0; i < n; i++) {
        x[i * d + j]! -= mean;
        variance += x[i * d + j]! ** 2 / n / d;
      }
    }
    const start = kmeansPlusPlus(x, { rows: n, cols: d, k, random: createRandom(seed) });
    const plain = plainLloyd(x, n, d, start, variance * 1e-4);
    const fit = fitKMeans(m, { k, seed, nInit: 1 });
    assert.deepEqual(fit.labels, plain.labels, `seed ${seed}`);
    assert.equal(fit.nIter, plain.iterations, `seed ${seed}`);
  }
});

Deno.test("a fit does not depend on the fits before it (scratch space reused between fits)", () => {
  const random = createRandom(7);
  const rows = (n: number, d: number) => {
    const m = createMatrix(n, d);
    for (let p = 0; p < m.data.length; p++) m.data[p] = random.normal() * 10 + (p % 3);
    return m;
  };
  // Same padded size (40 × 8 and 80 × 4 values) but different padding columns.
  const wide = rows(40, 5), narrow = rows(80, 3);
  const first = fitKMeans(wide, { k: 3, nInit: 2 });
  fitKMeans(narrow, { k: 4, nInit: 2 });
  const again = fitKMeans(wide, { k: 3, nInit: 2 });
  assert.deepEqual(again.labels, first.labels);
  assert.equal(again.inertia, first.inertia);
  assert.deepEqual(again.model.centroids, first.model.centroids);
});
