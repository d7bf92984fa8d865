import assert from "node:assert/strict";
import { matrixFromRows } from "../../lib/matrix.ts";
import { fitAgglomerative } from "../../lib/cluster/hierarchical.ts";
import { suggestEps } from "../../lib/cluster/k_distance.ts";
import { sweepGMM } from "../../lib/cluster/gmm.ts";
import { clusterStability } from "../../lib/select/stability.ts";
import { silhouetteSamples } from "../../lib/metrics/silhouette.ts";
import { clusterCentroids } from "../../lib/cluster/run_algorithm.ts";
import { kDistanceChart } from "../../lib/plot/k_distance_chart.ts";
import { dendrogramChart } from "../../lib/plot/dendrogram_chart.ts";
import { silhouetteKnifeChart } from "../../lib/plot/silhouette_knife_chart.ts";
import { centreHeatmap } from "../../lib/plot/centre_heatmap.ts";
import { pairScatter } from "../../lib/plot/pair_scatter.ts";
import { stabilityChart } from "../../lib/plot/stability_chart.ts";
import { bicChart } from "../../lib/plot/bic_chart.ts";
import { segmentColors } from "../../lib/plot/palette.ts";
import { fixture } from "../cluster/algorithms_fixture.ts";

const m = matrixFromRows(fixture.data.X4 as number[][], ["income", "score", "age"]);
const fit = fitAgglomerative(m, { k: 4 });

function isFigure(html: string): void {
  assert.ok(html.startsWith("<figure"), html.slice(0, 60));
  assert.ok(html.includes("<svg"));
  assert.ok(!/NaN|undefined/.test(html), "no NaN or undefined in the markup");
}

Deno.test("dendrogram marks the cut and colours leaves with the segment colours", () => {
  const html = dendrogramChart(fit.merges, { k: 4, leaves: 12 }).html;
  isFigure(html);
  assert.ok(html.includes("cut: k = 4"));
  for (const colour of segmentColors(["Cluster 0", "Cluster 1", "Cluster 2", "Cluster 3"])) {
    assert.ok(html.includes(colour), colour);
  }
  assert.equal((html.match(/\(\d+\)<\/text>/g) ?? []).length, 12);
});

Deno.test("k-distance, BIC, knife, centres, pairs and stability charts render", () => {
  const eps = suggestEps(m, { minSamples: 5 });
  const kd = kDistanceChart(eps).html;
  isFigure(kd);
  assert.ok(kd.includes(`eps = ${Number(eps.eps.toPrecision(3))}`));
  const bic = sweepGMM(m, { kMin: 1, kMax: 5 });
  const b = bicChart(bic.sweep).html;
  isFigure(b);
  assert.ok(b.includes(`lowest BIC: k = ${bic.bestK}`));
  const knife = silhouetteKnifeChart(silhouetteSamples(m, fit.labels), fit.labels).html;
  isFigure(knife);
  assert.ok(knife.includes("Average silhouette"));
  const centres = centreHeatmap(clusterCentroids(m, fit.labels, 4), m.columns).html;
  isFigure(centres);
  assert.ok(centres.includes("income"));
  const pairs = pairScatter(m, fit.labels).html;
  isFigure(pairs);
  assert.equal((pairs.match(/<circle/g) ?? []).length, 3 * m.rows);
  const stability = clusterStability(m, { algorithm: "agglomerative", k: 4, runs: 3 });
  const s = stabilityChart(stability).html;
  isFigure(s);
  assert.ok(s.includes(stability.verdict.slice(0, 20)));
});
