import assert from "node:assert/strict";
import * as aq from "arquero";
import { featureDistributions, isFlag, niceTicks } from "../../lib/plot/feature_distributions.ts";
import { textWidth } from "../../lib/plot/theme.ts";

/** The panels of a feature-distributions figure: width, and each x tick's position and label. */
function panels(html: string): { width: number; ticks: { x: number; text: string }[] }[] {
  return [...html.matchAll(/<svg[^>]*viewBox="0 0 (\d+) \d+"[^>]*>(.*?)<\/svg>/gs)].map((m) => {
    const axis = /aria-label="x-axis tick label"[^>]*>(.*?)<\/g>/s.exec(m[2]!)?.[1] ?? "";
    const ticks = [
      ...axis.matchAll(/<text[^>]*transform="translate\(([\d.]+),[\d.]+\)"[^>]*>([^<]*)</g),
    ]
      .map((t) => ({ x: Number(t[1]), text: t[2]! }));
    return { width: Number(m[1]), ticks };
  });
}

const n = 400;
const members = aq.table({
  annual_income: Array.from({ length: n }, (_, i) => 18_000 + (i * 7919) % 104_000),
  amount_spent: Array.from({ length: n }, (_, i) => (i * 37) % 1_260),
  newsletter: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)),
});
const labels = Array.from({ length: n }, (_, i) => i % 4);

Deno.test("distribution panels: tick labels never touch and the last one fits in the chart", () => {
  const html = featureDistributions(members, labels, {
    features: ["annual_income", "amount_spent"],
    segmentNames: ["New & Young", "High-Value", "Loyal Budget", "At-Risk"],
  }).html;
  const found = panels(html);
  assert.equal(found.length, 2);
  for (const { width, ticks } of found) {
    assert.ok(ticks.length >= 2, JSON.stringify(ticks));
    for (let i = 1; i < ticks.length; i++) {
      const gap = ticks[i]!.x - ticks[i - 1]!.x;
      const room = (textWidth(ticks[i]!.text, 10) + textWidth(ticks[i - 1]!.text, 10)) / 2;
      assert.ok(gap >= room + 6, `"${ticks[i - 1]!.text}" and "${ticks[i]!.text}" collide`);
    }
    const last = ticks.at(-1)!;
    assert.ok(last.x + textWidth(last.text, 10) / 2 <= width, `"${last.text}" is clipped`);
  }
  assert.ok(html.includes(">100k<") || html.includes(">120k<"), "incomes in k");
  assert.ok(html.includes(">1,200<") || html.includes(">1,000<"), "spend with a separator");
});

Deno.test("a 0/1 flag gets the share with 1 per segment, not a box plot", () => {
  assert.ok(isFlag([0, 1, 1, 0]) && !isFlag([0, 1, 2]) && !isFlag([]));
  const html = featureDistributions(members, labels, { features: ["newsletter"] }).html;
  assert.ok(html.includes("newsletter: share with 1"));
  assert.ok(html.includes("Yes/no (0/1) columns"));
  assert.ok(html.includes(">33%<") || html.includes(">34%<"));
  assert.ok(!html.includes('aria-label="tick"'), "no median ticks (no boxes) for a flag");
});

Deno.test("niceTicks steps by 1, 2, 2.5 or 5 times a power of ten", () => {
  assert.deepEqual(niceTicks(0, 1260, 4).ticks, [0, 500, 1000, 1500]);
  assert.deepEqual(niceTicks(18, 70, 6).ticks, [0, 20, 40, 60, 80]);
  assert.deepEqual(niceTicks(5, 5, 3).domain[0] < 5, true);
});
