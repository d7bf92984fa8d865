import assert from "node:assert/strict";
import type { KChoice } from "../../lib/select/choose_k.ts";
import { InputError } from "../../lib/errors.ts";
import { elbowChart } from "../../lib/plot/elbow_chart.ts";
import { silhouetteByKChart } from "../../lib/plot/silhouette_by_k_chart.ts";
import { assertSnapshot } from "./snapshot.ts";

/** A fixed sweep (figures from the blobs fixture, rounded) so the snapshot tracks the chart only. */
export const CHOICE: KChoice = {
  k: 4,
  knee: 4,
  reason: "k = 4: the elbow's knee is at 4 and silhouette peaks there (0.67)",
  sweep: [
    [2, 665.2, 0.494, 0.81, 310.5],
    [3, 253.7, 0.639, 0.55, 702.3],
    [4, 113.3, 0.667, 0.49, 1471.2],
    [5, 101.1, 0.558, 0.83, 1316.9],
    [6, 89.7, 0.459, 1.02, 1192.4],
    [7, 78.9, 0.368, 1.11, 1155.0],
  ].map(([k, inertia, silhouette, daviesBouldin, calinskiHarabasz]) => ({
    k: k!,
    inertia: inertia!,
    silhouette: silhouette!,
    daviesBouldin: daviesBouldin!,
    calinskiHarabasz: calinskiHarabasz!,
  })),
};

Deno.test("elbow chart matches its snapshot", async () => {
  await assertSnapshot("elbow_chart", elbowChart(CHOICE).html);
});

Deno.test("elbow chart marks the knee and the chosen k, and states the reason", () => {
  const html = elbowChart(CHOICE).html;
  assert.match(html, /knee: k = 4/);
  assert.match(html, /chosen k = 4/);
  assert.ok(html.includes("silhouette peaks there (0.67)"));
  const noKnee = elbowChart({ ...CHOICE, knee: undefined, k: 3 }).html;
  assert.doesNotMatch(noKnee, /knee: k =/);
  assert.match(noKnee, /chosen k = 3/);
  assert.throws(() => elbowChart({ ...CHOICE, sweep: [] }), InputError);
});

Deno.test("silhouette-by-k chart marks the peak and the chosen k", () => {
  const html = silhouetteByKChart({ ...CHOICE, k: 3 }).html;
  assert.ok(html.startsWith("<figure"));
  assert.match(html, /peak 0\.67/);
  assert.match(html, /chosen k = 3/);
  assert.match(html, /Mean silhouette/);
});

Deno.test("elbow chart marks the k actually used and says why, not the sweep's own pick", () => {
  // notebook 02: the sweep prefers k = 2 by silhouette, the notebook fits the knee, k = 4
  const choice: KChoice = {
    ...CHOICE,
    k: 2,
    reason: "k = 2: silhouette peaks there (0.49), so silhouette was preferred",
  };
  const html = elbowChart(choice, { k: 4 }).html;
  assert.match(html, /used k = 4/);
  assert.doesNotMatch(html, /chosen k = 2|silhouette was preferred/);
  assert.ok(
    html.includes("k = 4 is used: the elbow&#x27;s knee.") ||
      html.includes("k = 4 is used: the elbow's knee."),
  );
  assert.ok(html.includes("would be k = 2 (silhouette 0.49 there, 0.67 at k = 4)"));
  assert.match(elbowChart(choice, { k: 3 }).html, /k = 3 is used: given\./);
  assert.match(elbowChart(choice, { k: 2 }).html, /chosen k = 2/); // the choice's own k
  const silhouettes = silhouetteByKChart(choice, { k: 4 }).html;
  assert.match(silhouettes, /used k = 4/);
  assert.doesNotMatch(silhouettes, /chosen k = 2/);
});

Deno.test("elbow chart's inertia axis starts at 0, not 0k, and writes thousands with separators", () => {
  const big: KChoice = {
    ...CHOICE,
    sweep: CHOICE.sweep.map((p) => ({ ...p, inertia: p.inertia * 8 })),
  };
  const ticks = [...elbowChart(big).html.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.ok(ticks.includes("0") && ticks.includes("1,000"), ticks.join(" "));
  assert.ok(!ticks.some((t) => /^0k$|^\d+k$/.test(t!)), ticks.join(" "));
});

Deno.test("elbow chart's inertia axis uses one unit for every tick (no '8,000' beside '12k')", () => {
  const big: KChoice = {
    ...CHOICE,
    sweep: CHOICE.sweep.map((p) => ({ ...p, inertia: p.inertia * 24 })), // up to about 16,000
  };
  const html = elbowChart(big).html;
  const ticks = [...html.matchAll(/<text[^>]*>([\d.,]+k?)<\/text>/g)].map((m) => m[1]!);
  const thousands = ticks.filter((t) => t !== "0" && /\d{1,3},\d{3}|\dk$/.test(t));
  assert.ok(thousands.length >= 3, `ticks found: ${ticks.join(" ")}`);
  assert.ok(thousands.every((t) => t.endsWith("k")), `mixed units: ${thousands.join(" ")}`);
});
