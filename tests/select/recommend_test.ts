import assert from "node:assert/strict";
import {
  type ClusteringSummary,
  comparisonRows,
  recommendClustering,
  summariseClustering,
} from "../../lib/select/recommend.ts";
import { silhouetteScore } from "../../lib/metrics/silhouette.ts";
import { matrixFromRows } from "../../lib/matrix.ts";
import { fixtureMatrix } from "../cluster/algorithms_fixture.ts";

function summary(over: Partial<ClusteringSummary> & { name: string }): ClusteringSummary {
  return {
    nClusters: 4,
    noiseShare: 0,
    sizes: [25, 25, 25, 25],
    smallestShare: 0.25,
    notes: [],
    ...over,
  };
}

Deno.test("summariseClustering drops noise from the metrics and states undefined ones", () => {
  const m = fixtureMatrix("X1");
  const labels = Array.from(
    { length: m.rows },
    (_, i) => (i < 80 ? 0 : i < 160 ? 1 : i < 240 ? 2 : -1),
  );
  const s = summariseClustering(m, labels, { name: "DBSCAN" });
  assert.equal(s.noiseShare, 40 / 280);
  assert.deepEqual(s.sizes, [80, 80, 80]);
  const inner = matrixFromRows(
    Array.from({ length: 240 }, (_, i) => [m.data[2 * i]!, m.data[2 * i + 1]!]),
  );
  assert.equal(s.silhouette, silhouetteScore(inner, labels.slice(0, 240)));
  const one = summariseClustering(m, new Array(m.rows).fill(0), { name: "one" });
  assert.equal(one.silhouette, undefined);
  assert.deepEqual(one.notes, ["Metrics undefined: one cluster"]);
  assert.ok(!JSON.stringify(one).includes("NaN"));
});

Deno.test("recommendClustering takes the best silhouette among qualifying results", () => {
  const r = recommendClustering([
    summary({ name: "k-means", silhouette: 0.41, daviesBouldin: 0.9, calinskiHarabasz: 500 }),
    summary({
      name: "Gaussian mixture",
      silhouette: 0.47,
      daviesBouldin: 0.8,
      calinskiHarabasz: 520,
    }),
    summary({ name: "DBSCAN", silhouette: 0.6, noiseShare: 0.35, nClusters: 2 }),
  ]);
  assert.equal(r.choice, "Gaussian mixture");
  assert.equal(r.reasons[0], "Recommended: Gaussian mixture.");
  assert.ok(r.text.includes("DBSCAN is left out: 35.0% of customers are noise (more than 20.0%)."));
  assert.ok(
    r.text.includes("Gaussian mixture has the highest silhouette (0.470; next: k-means, 0.410)."),
  );
  assert.ok(r.text.includes("Davies–Bouldin 0.800 (lowest), Calinski–Harabasz 520.0 (highest)"));
});

Deno.test("recommendClustering breaks a near-tie by stability and drops unstable results", () => {
  const stable = { minJaccard: 0.9, medianAri: 0.95, stable: true };
  const shaky = { minJaccard: 0.7, medianAri: 0.8, stable: false };
  const tie = recommendClustering([
    summary({ name: "A", silhouette: 0.50, stability: { ...stable, minJaccard: 0.8 } }),
    summary({ name: "B", silhouette: 0.49, stability: stable }),
  ]);
  assert.equal(tie.choice, "B");
  assert.match(tie.text, /practically tied on silhouette \(0\.500 vs 0\.490\); B is more stable/);
  const drop = recommendClustering([
    summary({ name: "A", silhouette: 0.6, stability: shaky }),
    summary({ name: "B", silhouette: 0.4, stability: stable }),
  ]);
  assert.equal(drop.choice, "B");
  assert.match(drop.text, /A is left out: its weakest cluster keeps a mean Jaccard of only 0\.70/);
  const none = recommendClustering([summary({ name: "A", nClusters: 1 })]);
  assert.equal(none.choice, undefined);
  assert.match(none.text, /No result qualifies/);
});

Deno.test("comparisonRows shows undefined metrics as words and the rest at fixed precision", () => {
  const rows = comparisonRows([
    summary({ name: "A", silhouette: 0.5, daviesBouldin: 1, calinskiHarabasz: 100 }),
    summary({ name: "B", nClusters: 1 }),
  ]);
  assert.equal(rows[0]!.silhouette, "0.500");
  assert.equal(rows[0]!.stable, "not measured");
  assert.equal(rows[1]!.silhouette, "undefined");
});

Deno.test("near-tied results with nearly the same partitions are said to agree (adjusted Rand)", () => {
  const m = fixtureMatrix("X1");
  const a = Array.from({ length: m.rows }, (_, i) => Math.floor(i / 70) % 4);
  const b = a.map((l, i) => (i === 5 ? (l + 1) % 4 : l)); // one row differs
  const kmeans = summariseClustering(m, a, { name: "k-means" });
  const gmm = summariseClustering(m, b, { name: "Gaussian mixture" });
  assert.ok(!("labels" in JSON.parse(JSON.stringify(kmeans))), "labels stay out of the JSON");
  const r = recommendClustering([
    { ...kmeans, silhouette: 0.408, labels: a } as ClusteringSummary,
    { ...gmm, silhouette: 0.409, labels: b } as ClusteringSummary,
  ]);
  assert.match(
    r.text,
    /Gaussian mixture and k-means agree: their segments are nearly the same \(adjusted Rand index 0\.9\d between the two\) and their silhouettes are practically equal \(0\.409 vs 0\.408\)/,
  );
  assert.doesNotMatch(r.text, /narrowly ahead/);
  assert.equal(
    r.reasons[0],
    "Recommended: Gaussian mixture, which agrees with k-means (nearly the same segments).",
  );
  // partitions that differ: a near tie is still reported as one
  const c = a.map((l, i) => (i % 2 === 0 ? l : (l + 1) % 4));
  const apart = recommendClustering([
    { ...kmeans, silhouette: 0.408, labels: a } as ClusteringSummary,
    { ...gmm, silhouette: 0.409, labels: c } as ClusteringSummary,
  ]);
  assert.match(apart.text, /narrowly ahead of k-means/);
});

Deno.test("one cluster is not a stable segmentation: no stability figures, no 'yes'", () => {
  const m = fixtureMatrix("X1");
  const one = new Array(m.rows).fill(0);
  const s = summariseClustering(m, one, {
    name: "DBSCAN",
    stability: {
      algorithm: "dbscan",
      mode: "bootstrap",
      runs: 2,
      reference: Int32Array.from(one),
      ari: { values: [1, 1], mean: 1, median: 1, min: 1, max: 1 },
      clusters: [{
        cluster: 0,
        size: m.rows,
        meanJaccard: 1,
        minJaccard: 1,
        maxJaccard: 1,
        dissolved: 0,
        rating: "single cluster",
      }],
      stable: false,
      threshold: 0.75,
      verdict: "Only one cluster was found.",
    },
  });
  assert.equal(s.stability, undefined);
  assert.ok(s.notes.includes("Stability not assessed: one cluster is not a segmentation"));
  const row = comparisonRows([s])[0]!;
  assert.equal(row.medianAri, "undefined");
  assert.equal(row.stable, "n/a (one cluster)");
});
