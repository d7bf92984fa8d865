import assert from "node:assert/strict";
import { InputError } from "../../lib/errors.ts";
import { matrixFromRows } from "../../lib/matrix.ts";
import { chooseByBIC, chooseK } from "../../lib/select/choose_k.ts";
import { clusterStability } from "../../lib/select/stability.ts";
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
  assert.ok(
    choice.reason.startsWith(
      "k = 5: the elbow's knee is at 5 and silhouette peaks there (0.64) among k = 3–8. " +
        "Runner-up k = 6: silhouette 0.60, 0.040 lower. Stable under resampling: mean adjusted " +
        "Rand over 8 bootstrap samples ",
    ),
    choice.reason,
  );
  // The stability figures are clusterStability's, on the same seed, 8 runs and 3 restarts.
  for (const s of choice.stability!) {
    const direct = clusterStability(datasetMatrix("overlap"), {
      algorithm: "kmeans",
      k: s.k,
      seed: 0,
      runs: 8,
      nInit: 3,
    });
    assert.equal(s.meanARI, direct.ari.mean);
    assert.ok(choice.reason.includes(`${s.meanARI.toFixed(2)} for k = ${s.k}`));
  }
  assert.deepEqual(choice.stability!.map((s) => s.k), [5, 6]);
  assert.equal(
    chooseK(datasetMatrix("overlap"), { seed: 0, stability: false }).stability,
    undefined,
  );
  assert.deepEqual(choice.range, { min: 3, max: 8 });
  assert.equal(choice.runnerUp?.k, 6);
  assert.equal(choice.edge, undefined);
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
    /^k = 4: the elbow's knee is at 4 and its silhouette \(0\.66\) is within 0\.02 of the best among k = 3–8 \(0\.66 at k = 3\)\. Runner-up k = 3: its silhouette \(0\.66\) is only 0\.004 higher, within the 0\.02 margin/,
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

/** Round blobs of `per` points around each centre, spread `sd`, seeded. */
function blobs(centres: number[][], per: number, sd: number, seed: number) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const rows: number[][] = [];
  for (const c of centres) for (let i = 0; i < per; i++) rows.push(c.map((v) => v + sd * normal()));
  return matrixFromRows(rows);
}

Deno.test("chooseK takes k = 2 on strong evidence only, and says why", () => {
  const two = chooseK(blobs([[0, 0], [20, 0]], 60, 1, 1), { seed: 0 });
  assert.equal(two.k, 2);
  assert.match(two.reason, /^k = 2: strong evidence for two segments: silhouette 0\.\d\d/);
  assert.ok(two.runnerUp !== undefined && two.runnerUp.k >= 3);
  // Two loose groups: k = 2 scores best but not strongly; a k from the range is taken.
  const loose = blobs([[0, 0], [3, 0]], 100, 1, 2);
  const choice = chooseK(loose, { seed: 0 });
  const at = (k: number) => choice.sweep.find((p) => p.k === k)!;
  assert.ok(at(2).silhouette > at(choice.k).silhouette, "k = 2 has the higher silhouette");
  assert.ok(choice.k >= 3 && choice.k <= 8, `k = ${choice.k}`);
  assert.match(choice.reason, /k = 2 scores higher \(silhouette 0\.\d\d\) but was not taken/);
});

Deno.test("chooseK at the top of the range looks past it and says what it saw", () => {
  const centres = Array.from({ length: 10 }, (_, i) => [(i % 5) * 12, Math.floor(i / 5) * 12]);
  const m = blobs(centres, 30, 1, 3);
  const choice = chooseK(m, { seed: 0, kMax: 10 });
  assert.equal(choice.k, 8);
  assert.equal(choice.sweep.at(-1)!.k, 10);
  assert.match(
    choice.edge ?? "",
    /^k = 8 is at the top of the range and silhouette is higher past it \(k = 9: 0\.\d\d, k = 10: 0\.\d\d\)/,
  );
  assert.ok(choice.reason.includes(choice.edge!));
  // Given a range of 3–10, the ten groups are found, with no edge note.
  const wide = chooseK(m, { seed: 0, kMax: 12, range: { min: 3, max: 12 } });
  assert.equal(wide.k, 10);
  assert.equal(wide.edge, undefined);
});

Deno.test("chooseByBIC: lowest BIC in the range, k = 2 only when more than 10 lower, edges stated", () => {
  const sweep = (f: (k: number) => number) =>
    [2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => ({ k, bic: f(k) }));
  const five = chooseByBIC(sweep((k) => (k - 5) ** 2 * 30), { min: 3, max: 8 });
  assert.equal(five.k, 5);
  assert.deepEqual(five.runnerUp, {
    k: 4,
    why: "BIC 30.0, 30.0 higher (above 10: very strong evidence against it)",
  });
  // k = 2 lower by 5: not enough.
  const weak = chooseByBIC(sweep((k) => (k === 2 ? -5 : (k - 4) ** 2)), { min: 3, max: 8 });
  assert.equal(weak.k, 4);
  assert.match(weak.reason, /k = 2 has a lower BIC \(-5\.0\) but not by more than 10/);
  const strong = chooseByBIC(sweep((k) => (k === 2 ? -50 : (k - 4) ** 2)), { min: 3, max: 8 });
  assert.equal(strong.k, 2);
  const falling = chooseByBIC(sweep((k) => -k * 100), { min: 3, max: 8 });
  assert.equal(falling.k, 8);
  assert.match(falling.edge!, /BIC is lower past it \(k = 9: -900\.0, k = 10: -1000\.0\)/);
  const rising = chooseByBIC(sweep((k) => (k <= 8 ? -k * 100 : 0)), { min: 3, max: 8 });
  assert.match(rising.edge!, /BIC rises past it .* so it is a true minimum/);
});

Deno.test("chooseK on a wide file: weak silhouettes defer to the clearly more stable runner-up", async () => {
  const { createRandom } = await import("../../lib/random.ts");
  // 1,500 customers in four planted groups over 100 columns (60 shifted amounts, 40 counts),
  // standard-scaled: every column separates the groups a little, so distances crowd together
  // and the silhouette peaks at 3 (0.07) while the elbow's knee is at the planted 4.
  const rnd = createRandom(4);
  const n = 1500;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const g = i % 4;
    rows.push([
      ...Array.from({ length: 60 }, () => rnd.normal() + 0.5 * g),
      ...Array.from({ length: 40 }, () => rnd.int(6 + 3 * g)),
    ]);
  }
  for (let j = 0; j < rows[0]!.length; j++) {
    const mean = rows.reduce((s, r) => s + r[j]!, 0) / n;
    const sd = Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean) ** 2, 0) / n);
    for (const r of rows) r[j] = (r[j]! - mean) / sd;
  }
  const choice = chooseK(matrixFromRows(rows), { seed: 0 });
  assert.equal(choice.knee, 4);
  assert.equal(choice.k, 4);
  const stability = new Map(choice.stability!.map((s) => [s.k, s.meanARI]));
  // k = 3 is not doubtful on its own (at least 0.8): the weak silhouettes are what let 4 in.
  assert.ok(stability.get(3)! >= 0.8 && stability.get(4)! - stability.get(3)! >= 0.1);
  assert.match(choice.reason, /both silhouettes under 0\.25, too weak to tell them apart/);
  assert.equal(choice.runnerUp?.k, 3);
});
