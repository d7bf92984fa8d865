import assert from "node:assert/strict";
import * as aq from "arquero";
import {
  quantileScores,
  rankFirst,
  scoreRFM,
  sortedQuantile,
} from "../../lib/features/rfm_scores.ts";
import { assignSegments } from "../../lib/features/rfm_segments.ts";
import { transactionsToRFM } from "../../lib/features/rfm.ts";

const fixtures = new URL("../fixtures/", import.meta.url).pathname;
const expected = JSON.parse(await Deno.readTextFile(`${fixtures}rfm_expected.json`));

Deno.test("Quantile edges match pandas Series.quantile (numpy linear)", () => {
  for (const c of expected.qcut) {
    const sorted = Float64Array.from(c.values as number[]).sort();
    const edges = [0, 1, 2, 3, 4, 5].map((i) => sortedQuantile(sorted, i === 5 ? 1 : i * 0.2));
    edges.forEach((e, i) => assert.ok(Math.abs(e - c.quantiles[i]) <= 1e-12 * Math.max(1, e)));
  }
});

Deno.test("Quintile scores match pandas qcut, reversed, and ranked first", () => {
  for (const c of expected.qcut) {
    assert.deepEqual(Array.from(quantileScores(c.values, {})), c.score);
    assert.deepEqual(Array.from(quantileScores(c.values, { reverse: true })), c.score_reversed);
    assert.deepEqual(
      Array.from(quantileScores(c.values, { method: "rank-first" })),
      c.score_rank_first,
    );
  }
});

Deno.test("Repeated edges fall back to ranking first (pandas would raise)", () => {
  // 1 1 1 1 2 2 3 … : the 0 and 0.2 quantiles are both 1.
  const values = [1, 1, 1, 1, 2, 2, 3, 5, 8, 13, 21, 34];
  assert.deepEqual(
    Array.from(quantileScores(values, {})),
    Array.from(quantileScores(values, { method: "rank-first" })),
  );
});

Deno.test("rankFirst breaks ties by position", () => {
  assert.deepEqual(Array.from(rankFirst([3, 1, 3, 1])), [3, 1, 4, 2]);
});

Deno.test("Every score is 1–5 and each quintile holds a fifth of customers", () => {
  const values = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
  const scores = quantileScores(values, {});
  const counts = [0, 0, 0, 0, 0];
  for (const s of scores) counts[s - 1]!++;
  assert.deepEqual(counts, [200, 200, 200, 200, 200]);
});

Deno.test("R, F, M scores and segments of the fixture match pandas", async () => {
  const want = expected.transactions.configs.iqr.scores;
  const { table } = await transactionsToRFM(`${fixtures}rfm_transactions.csv`);
  const scored = assignSegments(scoreRFM(table));
  assert.deepEqual(Array.from(scored.array("r_score") as ArrayLike<number>), want.r);
  assert.deepEqual(Array.from(scored.array("f_score") as ArrayLike<number>), want.f);
  assert.deepEqual(Array.from(scored.array("m_score") as ArrayLike<number>), want.m);
  assert.deepEqual(Array.from(scored.array("segment") as ArrayLike<string>), want.segment);
  const code = scored.array("rfm_score") as string[];
  assert.equal(code[0], `${want.r[0]}${want.f[0]}${want.m[0]}`);
});

Deno.test("Recency is scored in reverse: the most recent buyers get 5", () => {
  const t = scoreRFM(aq.table({
    recency: [1, 2, 3, 4, 5, 300, 301, 302, 303, 304],
    frequency: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    monetary: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  }));
  assert.deepEqual(Array.from(t.array("r_score") as ArrayLike<number>), [
    5,
    5,
    4,
    4,
    3,
    3,
    2,
    2,
    1,
    1,
  ]);
  // All frequencies tie: ranked first, in row order.
  assert.deepEqual(Array.from(t.array("f_score") as ArrayLike<number>), [
    1,
    1,
    2,
    2,
    3,
    3,
    4,
    4,
    5,
    5,
  ]);
});

Deno.test("Missing values cannot be scored", () => {
  assert.throws(
    () => quantileScores([1, NaN, 3], {}),
    /Cannot score a missing or infinite value.*row 2/,
  );
  assert.throws(() => scoreRFM(aq.table({ recency: [1] })), /Column not found: "frequency"/);
});
