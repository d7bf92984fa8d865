import assert from "node:assert/strict";
import * as aq from "arquero";
import { rfmDistributionsChart } from "../../lib/plot/rfm_distributions.ts";
import {
  rfmGridChart,
  rfmSegmentColorScale,
  rfmSegmentsChart,
} from "../../lib/plot/rfm_segments_chart.ts";
import { migrationChart } from "../../lib/plot/migration_chart.ts";
import { migrationMatrix } from "../../lib/features/segment_migration.ts";
import { assertSnapshot } from "./snapshot.ts";

const scored = aq.table({
  r_score: [5, 5, 4, 3, 1, 1, 2],
  f_score: [5, 4, 1, 3, 1, 2, 5],
  segment: [
    "Champions",
    "Champions",
    "Promising",
    "Need Attention",
    "Lost",
    "Lost",
    "Can't Lose Them",
  ],
  monetary: [900, 700, 50, 120, 10, 20, 600],
  recency: [1, 3, 20, 60, 300, 280, 200],
  frequency: [12, 8, 1, 3, 1, 1, 9],
});

Deno.test("Every RFM segment keeps one colour, the 11th included", () => {
  const scale = rfmSegmentColorScale();
  assert.equal(scale.domain.length, 12); // 11 segments + Unclassified
  assert.equal(new Set(scale.range).size, 12);
});

Deno.test("RFM segment chart: bars in rule order with shares of customers and value", async () => {
  const chart = rfmSegmentsChart(scored);
  assert.ok(chart.html.includes("7 customers by the R/F segment map"));
  assert.ok(chart.html.includes("2 (29%) · 67% of value"));
  await assertSnapshot("rfm_segments", chart.html);
});

Deno.test("R×F grid chart labels each occupied cell with its segment and count", () => {
  const html = rfmGridChart(scored).html;
  for (const s of ["Champions", "Promising", "Lost", "Can't Lose Them"]) {
    assert.ok(html.includes(s.replace("'", "&#39;")) || html.includes(s), s);
  }
});

Deno.test("Distributions chart: raw and log1p histograms with skewness", () => {
  const html = rfmDistributionsChart(scored).html;
  assert.equal((html.match(/<svg/g) ?? []).length, 6);
  assert.match(html, /Skewness: recency [\d.-]+ → [\d.-]+/);
  assert.throws(() => rfmDistributionsChart(scored, { features: ["tenure"] }), /Column not found/);
});

Deno.test("Migration heatmap: rows from, columns to, labelled counts", async () => {
  const from = ["Champions", "Champions", "Lost", "Not yet a customer"];
  const to = ["Champions", "At Risk", "Lost", "Champions"];
  const order = ["Champions", "At Risk", "Lost", "Not yet a customer"];
  const chart = migrationChart({
    fromDate: "2024-06-01",
    toDate: "2024-12-01",
    customers: aq.table({ customer_id: ["a", "b", "c", "d"], from_segment: from, to_segment: to }),
    matrix: migrationMatrix(from, to, { order }),
    fromSegments: ["Champions", "Lost", "Not yet a customer"],
    toSegments: ["Champions", "At Risk", "Lost"],
  });
  assert.ok(chart.html.includes("Segment migration 2024-06-01 → 2024-12-01"));
  assert.ok(
    chart.html.includes(
      "4 customers; of the 3 already buying at 2024-06-01, 67% kept their segment",
    ),
  );
  // Shares 0, 0.5 and 1 get three different blues (a share of 0.5 is not drawn as full).
  const cellFills = new Set(
    [...chart.html.matchAll(/<rect[^>]*fill="([^"]+)"/g)].map((m) => m[1]),
  );
  assert.ok(cellFills.size >= 3, `cell colours: ${[...cellFills].join(", ")}`);
  await assertSnapshot("rfm_migration", chart.html);
});

Deno.test("rfmGridChart's legend lists only the segments on the map, in the shared colours", () => {
  const t = aq.table({
    r_score: [5, 1, 1],
    f_score: [5, 1, 2],
    segment: ["Champions", "Lost", "Lost"],
  });
  const html = rfmGridChart(t).html;
  assert.ok(html.includes("Champions") && html.includes("Lost"));
  assert.ok(!html.includes("Unclassified"), "a segment with no cell is not in the legend");
  const scale = rfmSegmentColorScale();
  const lost = scale.range[scale.domain.indexOf("Lost")]!;
  assert.ok(html.toLowerCase().includes(lost.toLowerCase()), `Lost keeps its colour ${lost}`);
});

Deno.test("RFM grid: dark labels on light cells (pink, grey, yellow), white on dark ones", () => {
  const html = rfmGridChart(scored).html;
  const scale = rfmSegmentColorScale();
  const colorOf = (segment: string) => scale.range[scale.domain.indexOf(segment)]!;
  // Each label is a <text> whose fill follows the cell's colour.
  const labels = [...html.matchAll(/<text[^>]*fill="([^"]+)"[^>]*>(?:<tspan[^>]*>)?([^<]+)</g)]
    .map((m) => ({ fill: m[1]!, text: m[2]! }));
  const fillOf = (segment: string) => labels.find((l) => l.text === segment)?.fill;
  assert.equal(fillOf("Lost"), "white", colorOf("Lost"));
  assert.equal(fillOf("Champions"), "white");
  assert.equal(fillOf("Need Attention"), "#222222", colorOf("Need Attention")); // yellow
  assert.ok(/#222222/.test(html) && /fill="white"/.test(html));
});

Deno.test("Migration legend leaves room for its first and last tick labels", () => {
  const from = ["Champions", "Lost"], to = ["Lost", "Lost"];
  const html = migrationChart({
    fromDate: "2024-06-01",
    toDate: "2024-12-01",
    customers: aq.table({ customer_id: ["a", "b"], from_segment: from, to_segment: to }),
    matrix: migrationMatrix(from, to, { order: ["Champions", "Lost"] }),
    fromSegments: ["Champions", "Lost"],
    toSegments: ["Lost"],
  }).html;
  const ramp = /<svg viewBox="0 0 (\d+) 50"[^>]*class="[^"]*-ramp">(.*?)<\/svg>/s.exec(html);
  assert.ok(ramp, "a colour ramp legend");
  const xs = [...ramp[2]!.matchAll(/<g transform="translate\(([\d.]+),0\)"[^>]*class="tick">/g)]
    .map((m) => Number(m[1]));
  // "0" and "100" are centred on their ticks: half a label (about 10 px) must fit on each side.
  assert.ok(xs.length >= 2 && xs[0]! >= 8, `first legend tick at x = ${xs[0]}`);
  assert.ok(Number(ramp[1]) - xs.at(-1)! >= 10, `last legend tick at x = ${xs.at(-1)}`);
});
