import { deepEqual, equal, match, ok } from "node:assert/strict";
import { matrixFromRows } from "../../lib/matrix.ts";
import { createRandom } from "../../lib/random.ts";
import { explainSegments } from "../../lib/explain/explain_segments.ts";
import { DESCRIBED, segmentRuleSentence } from "../../lib/explain/segment_rule.ts";

/** Ten groups on a 5 × 2 grid of (income, score), 40 rows each, seeded. */
function tenGroups() {
  const random = createRandom(5);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let g = 0; g < 10; g++) {
    for (let i = 0; i < 40; i++) {
      rows.push([
        (g % 5) * 20 + 10 + random.normal() * 2,
        Math.floor(g / 5) * 50 + 25 + random.normal() * 4,
      ]);
      labels.push(g);
    }
  }
  return { x: matrixFromRows(rows, ["income", "score"]), labels };
}

Deno.test("one rule for every segment even past eight, where a depth-3 tree must leave some out", () => {
  const { x, labels } = tenGroups();
  const explained = explainSegments(x, labels);
  const leafSegments = new Set(explained.rules.map((r) => r.cluster));
  ok(leafSegments.size <= 8, `a depth-3 tree names ${leafSegments.size} segments`);
  deepEqual(explained.perSegment.map((r) => r.cluster), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  for (const r of explained.perSegment) {
    ok(r.described, `segment ${r.cluster}: ${segmentRuleSentence(r)}`);
    ok(r.conditions.length >= 1 && r.conditions.length <= 3);
    equal(r.size, 40);
    // Support and precision as counted by hand from the conditions.
    let selected = 0, hits = 0;
    for (let i = 0; i < x.rows; i++) {
      const pass = r.conditions.every((c) => {
        const v = x.data[i * 2 + x.columns.indexOf(c.feature)]!;
        return c.op === "<=" ? v <= c.value : v > c.value;
      });
      if (pass) {
        selected++;
        if (labels[i] === r.cluster) hits++;
      }
    }
    equal(r.rows, selected);
    equal(r.support, hits / 40);
    equal(r.precision, hits / selected);
    ok(r.precision >= DESCRIBED.precision && r.support >= DESCRIBED.support);
  }
});

Deno.test("a segment no short rule describes is said so plainly, with the closest rule", () => {
  // Segment 1 is a random third of the rows: no condition on x separates it.
  const random = createRandom(9);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 300; i++) {
    const v = random.next() * 100;
    rows.push([v]);
    labels.push(v > 80 ? 2 : random.next() < 0.33 ? 1 : 0);
  }
  const explained = explainSegments(matrixFromRows(rows, ["spend"]), labels);
  const one = explained.perSegment.find((r) => r.cluster === 1)!;
  equal(one.described, false);
  match(
    one.note!,
    /^no short rule describes this segment: the best on 3 or fewer features selects \d+% of it with \d+% precision/,
  );
  match(
    segmentRuleSentence(one),
    /^Cluster 1: no short rule describes this segment: .* \(closest: .*spend/,
  );
  const two = explained.perSegment.find((r) => r.cluster === 2)!;
  equal(two.described, true);
  deepEqual(two.conditions.map((c) => [c.feature, c.op]), [["spend", ">"]]);
  ok(Math.abs(two.conditions[0]!.value - 80) < 2);
});

Deno.test("one segment: its rule is every row, described, with nothing to set it apart from", () => {
  const x = matrixFromRows([[1], [2], [3]], ["spend"]);
  const [rule] = explainSegments(x, [0, 0, 0]).perSegment;
  deepEqual(rule, {
    cluster: 0,
    conditions: [],
    support: 1,
    precision: 1,
    rows: 3,
    size: 3,
    described: true,
  });
  equal(
    segmentRuleSentence(rule!),
    "Cluster 0: all rows (covers 100% of the segment, 100% of the rows it selects are in it)",
  );
});
