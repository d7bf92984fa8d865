import assert from "node:assert/strict";
import * as aq from "arquero";
import { profileClusters, profileIndex } from "../../lib/profile/profile_clusters.ts";
import { segmentOverviewChart } from "../../lib/plot/segment_overview_chart.ts";
import { profileHeatmap } from "../../lib/plot/profile_heatmap.ts";
import { boxStats, featureDistributions } from "../../lib/plot/feature_distributions.ts";
import { renderPlot } from "../../lib/plot/chart.ts";
import { NOISE_COLOR, SEGMENT_COLORS, segmentColors } from "../../lib/plot/palette.ts";
import { segmentDomain } from "../../lib/segment_names.ts";
import * as Plot from "@observablehq/plot";
import { InputError } from "../../lib/errors.ts";
import { assertSnapshot } from "./snapshot.ts";

// Twelve customers in three segments plus one noise point: fixed, hand-checkable data.
const customers = aq.table({
  income: [20, 24, 28, 31, 55, 60, 62, 58, 95, 110, 120, 40],
  visits: [1, 2, 1, 2, 4, 5, 4, 6, 8, 9, 7, 3],
  revenue: [50, 60, 40, 70, 200, 220, 180, 240, 900, 1100, 1000, 30],
});
const labels = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, -1];
const names = ["Budget", "Regulars", "High-Value"];
const features = ["income", "visits"];

Deno.test("segment overview chart matches its snapshot", async () => {
  const profile = profileClusters(customers, labels, {
    features,
    segmentNames: names,
    valueColumn: "revenue",
  });
  const chart = segmentOverviewChart(profile, { valueLabel: "revenue" });
  assert.match(chart.html, /Share of revenue \(%\)/);
  assert.match(chart.html, /High-Value/);
  await assertSnapshot("segment_overview", chart.html);
});

Deno.test("segment overview without value shows sizes as bars", async () => {
  const profile = profileClusters(customers, labels, { features, segmentNames: names });
  const chart = segmentOverviewChart(profile);
  assert.match(chart.html, /Segment sizes/);
  assert.match(chart.html, />33%</); // 4 of 12 customers
  await assertSnapshot("segment_sizes", chart.html);
});

Deno.test("profile heatmap matches its snapshot and prints each index", async () => {
  const index = profileIndex(customers, labels, { features, segmentNames: names });
  const chart = profileHeatmap(index);
  // Budget income mean 25.75 vs overall 58.5833… → index 44.
  assert.match(chart.html, />44</);
  await assertSnapshot("profile_heatmap", chart.html);
});

Deno.test("feature distributions match their snapshot", async () => {
  const chart = featureDistributions(customers, labels, {
    features,
    segmentNames: names,
    featureLabels: { income: "Income (k$)", visits: "Visits per month" },
  });
  assert.match(chart.html, /Income \(k\$\)/);
  assert.equal(chart.html.match(/<svg/g)?.length, 2);
  await assertSnapshot("feature_distributions", chart.html);
});

Deno.test("boxStats uses numpy's linear percentiles", () => {
  // numpy.percentile([1, 2, 3, 4, 10], [5, 25, 50, 75, 95]) = [1.2, 2, 3, 4, 8.8]
  const s = boxStats("A", Float64Array.from([4, 1, 10, 3, 2]));
  assert.deepEqual([s.q1, s.median, s.q3], [2, 3, 4]);
  assert.ok(Math.abs(s.p05 - 1.2) < 1e-12 && Math.abs(s.p95 - 8.8) < 1e-12);
});

Deno.test("segments keep their colours with or without noise", () => {
  assert.deepEqual(segmentDomain([2, -1, 0, 1], names), [
    "Budget",
    "Regulars",
    "High-Value",
    "Noise",
  ]);
  const withNoise = segmentColors(segmentDomain([2, -1, 0, 1], names));
  const without = segmentColors(segmentDomain([2, 0, 1], names));
  assert.deepEqual(withNoise.slice(0, 3), without);
  assert.deepEqual(without, SEGMENT_COLORS.slice(0, 3));
  assert.equal(withNoise[3], NOISE_COLOR);
});

Deno.test("continuous colour legends render without a browser canvas", () => {
  const chart = renderPlot({
    color: { type: "linear", legend: true },
    marks: [Plot.dot([{ x: 1, v: 1 }, { x: 2, v: 2 }], { x: "x", fill: "v" })],
  });
  assert.match(chart.html, /<image[^>]+href="data:image\/svg\+xml;base64,/);
});

Deno.test("charts reject empty profiles with an InputError", () => {
  assert.throws(() => segmentOverviewChart([]), InputError);
  assert.throws(
    () => featureDistributions(customers, [0, 1], { features }),
    (e) => e instanceof InputError && /2 labels for 12 rows/.test(e.message),
  );
});
