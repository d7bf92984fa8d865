import assert from "node:assert/strict";
import { InputError } from "../../lib/errors.ts";
import { matrixFromRows } from "../../lib/matrix.ts";
import { clusterSizesChart } from "../../lib/plot/cluster_sizes_chart.ts";
import { pcaScatter } from "../../lib/plot/pca_scatter.ts";
import { SEGMENT_COLORS } from "../../lib/plot/palette.ts";
import { assertSnapshot } from "./snapshot.ts";

const LABELS = [0, 0, 0, 1, 1, 2, 2, 2, 2, 2, -1];

Deno.test("cluster sizes chart matches its snapshot", async () => {
  const chart = clusterSizesChart(LABELS, { segmentNames: ["Budget", "Premium", "Young savers"] });
  await assertSnapshot("cluster_sizes_chart", chart.html);
});

Deno.test("cluster sizes chart shows counts and shares, noise last in grey", () => {
  const html = clusterSizesChart(LABELS).html;
  assert.match(html, /3 \(27%\)/);
  assert.match(html, /5 \(45%\)/);
  assert.ok(html.indexOf("Cluster 2") < html.indexOf("Noise"));
  assert.ok(html.includes("#9e9e9e"));
  assert.throws(() => clusterSizesChart([]), InputError);
});

Deno.test("PCA scatter labels axes with explained variance and colours segments consistently", () => {
  const points = matrixFromRows([[0, 1], [1, 0], [5, 5], [6, 5]], ["PC1", "PC2"]);
  const html = pcaScatter(points, [0, 0, 1, 1], {
    explained: [0.62, 0.25],
    segmentNames: ["Budget", "Premium"],
  }).html;
  assert.match(html, /PC1 \(62% of variance\)/);
  assert.match(html, /PC2 \(25% of variance\)/);
  assert.match(html, /87% of the variance/);
  assert.ok(html.includes(SEGMENT_COLORS[0]!) && html.includes(SEGMENT_COLORS[1]!));
  assert.match(html, /Budget/);
  assert.equal((html.match(/<circle/g) ?? []).length, 4);
  const thinned = pcaScatter(points, [0, 0, 1, 1], { maxPoints: 2 }).html;
  assert.equal((thinned.match(/<circle/g) ?? []).length, 2);
  assert.match(thinned, /2 of 4 rows shown/);
  assert.throws(() => pcaScatter(points, [0, 1]), InputError);
});
