import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { pAliveHeatmap } from "../../lib/plot/p_alive_heatmap.ts";
import { clvSegmentsChart } from "../../lib/plot/clv_segments_chart.ts";
import { holdoutChart } from "../../lib/plot/holdout_chart.ts";
import { probabilityAlive } from "../../lib/clv/bgnbd_predict.ts";

const PARAMS = { r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 };

function svgOf(html: string) {
  return parseHTML(`<html><body>${html}</body></html>`).document;
}

Deno.test("P(alive) heat map: one cell per frequency and column, coloured by the model's P(alive)", () => {
  const chart = pAliveHeatmap(PARAMS, { age: 273, maxFrequency: 5, columns: 10 });
  const doc = svgOf(chart.html);
  const cells = [...doc.querySelectorAll('g[aria-label="rect"] rect')];
  assert.equal(cells.length, 6 * 10);
  // Never bought again: active by assumption, the same colour in every column.
  assert.ok(chart.html.includes("first bought 273 days ago"));
  const fills = cells.map((c) => c.getAttribute("fill"));
  assert.equal(new Set(fills.slice(0, 10)).size, 1);
  // The model's own figure decides the order: 5 purchases, last one long ago, is the least alive.
  assert.ok(
    probabilityAlive(PARAMS, 5, 273 - 260, 273) < probabilityAlive(PARAMS, 1, 273 - 260, 273),
  );
  assert.throws(() => pAliveHeatmap(PARAMS, { age: 0 }), /No fitted model or customer age/);
});

Deno.test("CLV by segment: a bar per segment in the given order, labelled with share and mean", () => {
  const rows = [
    {
      segment: "Champions",
      customers: 10,
      clv: 5000,
      clv_mean: 500,
      clv_share: 0.8,
      expected_purchases: 40,
      p_alive_mean: 0.9,
    },
    {
      segment: "Lost",
      customers: 20,
      clv: 1250,
      clv_mean: 62.5,
      clv_share: 0.2,
      expected_purchases: 5,
      p_alive_mean: 0.2,
    },
  ];
  const chart = clvSegmentsChart(rows, { horizonDays: 365, currency: "£" });
  const doc = svgOf(chart.html);
  assert.equal(doc.querySelectorAll('g[aria-label="bar"] rect').length, 2);
  assert.ok(chart.html.includes("80% · £500 each"));
  assert.ok(chart.html.includes("over the next 365 days"));
  assert.throws(() => clvSegmentsChart([]), /No segments/);
});

Deno.test("Holdout chart: actual and predicted per frequency group, totals in the subtitle", () => {
  const chart = holdoutChart([
    { frequency: "0", customers: 100, actual: 0.2, predicted: 0.25 },
    { frequency: "1", customers: 50, actual: 0.6, predicted: 0.5 },
    { frequency: "2+", customers: 10, actual: 1.5, predicted: 1.4 },
  ], { calibrationEnd: "2024-06-01", holdoutDays: 183 });
  const doc = svgOf(chart.html);
  assert.equal(doc.querySelectorAll('g[aria-label="line"] path').length, 2);
  assert.equal(doc.querySelectorAll('g[aria-label="dot"] circle').length, 6);
  // 100 × 0.2 + 50 × 0.6 + 10 × 1.5 = 65 actual; 25 + 25 + 14 = 64 predicted.
  assert.ok(chart.html.includes("actual 65 in all, predicted 64"), chart.html.slice(0, 400));
  assert.ok(chart.html.includes("183 days from 2024-06-01"));
});
