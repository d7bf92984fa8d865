import assert from "node:assert/strict";
import { fitDBSCAN } from "../../lib/cluster/dbscan.ts";
import { kDistances, suggestEps } from "../../lib/cluster/k_distance.ts";
import { type Matrix, matrixFromRows } from "../../lib/matrix.ts";
import { createRandom } from "../../lib/random.ts";
import { InputError } from "../../lib/errors.ts";
import { fixture, fixtureMatrix } from "./algorithms_fixture.ts";

for (const c of fixture.dbscan) {
  Deno.test(`fitDBSCAN matches scikit-learn: ${c.name}`, () => {
    const fit = fitDBSCAN(fixtureMatrix(c.data), { eps: c.eps, minSamples: c.minSamples });
    // identical labels, numbering included (clusters start from core points in row order)
    assert.deepEqual(Array.from(fit.labels), c.labels);
    assert.deepEqual(Array.from(fit.coreIndices), c.coreIndices);
    assert.equal(fit.nClusters, Math.max(-1, ...c.labels) + 1);
    assert.equal(fit.nNoise, c.labels.filter((v: number) => v === -1).length);
  });
}

/** Quadratic DBSCAN straight from the definition, to check the k-d tree. */
function bruteDBSCAN(m: Matrix, eps: number, minSamples: number): number[] {
  const n = m.rows, d = m.cols;
  const nb: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (m.data[i * d + t]! - m.data[j * d + t]!) ** 2;
      if (s <= eps * eps) row.push(j);
    }
    nb.push(row);
  }
  const labels = new Array<number>(n).fill(-1);
  let label = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== -1 || nb[i]!.length < minSamples) continue;
    const queue = [i];
    labels[i] = label;
    while (queue.length > 0) {
      const p = queue.shift()!;
      if (nb[p]!.length < minSamples) continue;
      for (const q of nb[p]!) {
        if (labels[q] === -1) {
          labels[q] = label;
          queue.push(q);
        }
      }
    }
    label++;
  }
  return labels;
}

Deno.test("fitDBSCAN agrees with a quadratic implementation on random data", () => {
  const random = createRandom(11);
  for (
    const [n, d, eps, ms] of [
      [400, 2, 0.08, 4],
      [300, 3, 0.2, 6],
      [250, 6, 0.6, 3],
      [50, 1, 0.01, 2],
      [500, 8, 0.9, 12],
    ] as const
  ) {
    const rows = Array.from({ length: n }, () => Array.from({ length: d }, () => random.next()));
    const m = matrixFromRows(rows);
    assert.deepEqual(
      Array.from(fitDBSCAN(m, { eps, minSamples: ms }).labels),
      bruteDBSCAN(m, eps, ms),
    );
  }
});

Deno.test("fitDBSCAN agrees with a quadratic implementation on duplicates, any leaf size", () => {
  // values on a coarse grid (many duplicates, whole k-d tree nodes within eps
  // of each other), minSamples at some point's exact neighbour count
  const random = createRandom(3);
  for (let trial = 0; trial < 60; trial++) {
    const n = 100 + Math.floor(random.next() * 300), d = [1, 2, 3, 8][trial % 4]!;
    const grid = 2 + Math.floor(random.next() * 12);
    const rows = Array.from(
      { length: n },
      () => Array.from({ length: d }, () => Math.round(random.next() * grid) / grid),
    );
    const m = matrixFromRows(rows);
    const eps = (1 + Math.floor(random.next() * 4)) / grid;
    const probe = Math.floor(random.next() * n);
    let count = 0;
    for (const row of rows) {
      if (row.reduce((s, v, j) => s + (v - rows[probe]![j]!) ** 2, 0) <= eps * eps) count++;
    }
    const minSamples = count + (trial % 2);
    const expected = bruteDBSCAN(m, eps, minSamples);
    for (const leafSize of [1, 3, 30]) {
      assert.deepEqual(
        Array.from(fitDBSCAN(m, { eps, minSamples, leafSize }).labels),
        expected,
        `trial ${trial}, leaf size ${leafSize}`,
      );
    }
  }
});

Deno.test("fitDBSCAN: two core points within eps of one leaf, but not of each other, stay apart", () => {
  // With one point per leaf the tree puts a1 and a2 in one leaf and b, b' in
  // another, all of b within eps of all of a; b is not core, so a1 and a2 are
  // two clusters (c1, c2 give them their extra neighbours).
  const a1 = [-1, -1, 0], a2 = [1, 1, 0], b = [0, 0, 2.1];
  const c1 = [-1, -1, -2.2], c2 = [1, 1, -2.2];
  const m = matrixFromRows([a1, a2, b, b, c1, c1, c2, c2]);
  const expected = [0, 1, 0, 0, 0, 0, 1, 1];
  assert.deepEqual(bruteDBSCAN(m, 2.6, 5), expected);
  for (const leafSize of [1, 2, 30]) {
    assert.deepEqual(
      Array.from(fitDBSCAN(m, { eps: 2.6, minSamples: 5, leafSize }).labels),
      expected,
    );
  }
});

Deno.test("fitDBSCAN with minSamples 1 makes every point core; duplicates count", () => {
  const m = matrixFromRows([[0], [0], [0], [5]]);
  assert.deepEqual(Array.from(fitDBSCAN(m, { eps: 0.1, minSamples: 1 }).labels), [0, 0, 0, 1]);
  assert.deepEqual(Array.from(fitDBSCAN(m, { eps: 0.1, minSamples: 3 }).labels), [0, 0, 0, -1]);
  const all = fitDBSCAN(m, { eps: 0.1, minSamples: 4 });
  assert.equal(all.nClusters, 0);
  assert.equal(all.nNoise, 4);
});

Deno.test("fitDBSCAN rejects bad options and values", () => {
  const m = matrixFromRows([[0, 1], [1, 2]]);
  assert.throws(() => fitDBSCAN(m, { eps: 0 }), InputError);
  assert.throws(() => fitDBSCAN(m, { eps: -1 }), /eps must be a positive number/);
  assert.throws(() => fitDBSCAN(m, { eps: NaN }), InputError);
  assert.throws(() => fitDBSCAN(m, { eps: 1, minSamples: 0 }), /minSamples must be a whole number/);
  assert.throws(() => fitDBSCAN(m, { eps: 1, minSamples: 2.5 }), InputError);
  assert.throws(() => fitDBSCAN(m, { eps: 1, leafSize: 0 }), /leafSize must be a whole number/);
  const bad = matrixFromRows([[0, 1], [NaN, 2]], ["age", "income"]);
  assert.throws(() => fitDBSCAN(bad, { eps: 1 }), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.equal(e.column, "age");
    assert.equal(e.row, 2);
    return true;
  });
  const inf = matrixFromRows([[0, Infinity]]);
  assert.throws(() => fitDBSCAN(inf, { eps: 1 }), /infinite/);
});

for (const c of fixture.kDistance) {
  Deno.test(`kDistances matches scikit-learn's NearestNeighbors (${c.data}, k=${c.k})`, () => {
    const ours = kDistances(fixtureMatrix(c.data), c.k);
    assert.equal(ours.length, c.distances.length);
    ours.forEach((v, i) =>
      assert.ok(Math.abs(v - c.distances[i]) <= 1e-12, `row ${i}: ${v} vs ${c.distances[i]}`)
    );
  });
}

Deno.test("suggestEps finds the knee between dense blobs and scattered noise", () => {
  const random = createRandom(3);
  const rows: number[][] = [];
  for (const [cx, cy] of [[0, 0], [5, 5]] as const) {
    for (let i = 0; i < 150; i++) {
      rows.push([cx + 0.2 * random.normal(), cy + 0.2 * random.normal()]);
    }
  }
  for (let i = 0; i < 15; i++) rows.push([-10 + 25 * random.next(), -10 + 25 * random.next()]);
  const m = matrixFromRows(rows);
  const s = suggestEps(m, { minSamples: 5 });
  assert.ok(
    s.kneeIndex !== undefined && s.kneeIndex > 250 && s.kneeIndex < 315,
    `knee at ${s.kneeIndex}`,
  );
  assert.match(s.reason, /knee of the 5-distance curve/);
  const fit = fitDBSCAN(m, { eps: s.eps, minSamples: 5 });
  assert.equal(fit.nClusters, 2);
  assert.ok(fit.nNoise >= 5 && fit.nNoise <= 20, `noise ${fit.nNoise}`);
});

Deno.test("kDistances rejects k larger than the rows", () => {
  assert.throws(() => kDistances(matrixFromRows([[1], [2]]), 3), /larger than the number of rows/);
});
