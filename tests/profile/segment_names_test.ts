import assert from "node:assert/strict";
import * as aq from "arquero";
import {
  MEMBER_SEGMENT_RULES,
  nameSegments,
  segmentNamesTable,
  type SegmentRule,
  segmentRulesTable,
} from "../../lib/profile/segment_names.ts";

/** Four clusters of two members each, built so each matches one rule. */
const members = aq.table({
  purchases: [40, 44, 4, 6, 14, 16, 18, 20],
  amount_spent: [4000, 4400, 300, 340, 600, 640, 700, 720],
  annual_income: [80, 84, 130, 126, 38, 40, 42, 44],
  age: [44, 46, 52, 54, 24, 26, 62, 64],
  years_member: [8, 10, 6, 8, 1, 2, 16, 18],
});
const labels = [0, 0, 1, 1, 2, 2, 3, 3];

Deno.test("each cluster gets the first rule its profile satisfies", () => {
  const { names, segments } = nameSegments(members, labels);
  assert.deepEqual(names, ["High-Value", "At-Risk", "New & Young", "Loyal Budget"]);
  assert.match(segments[0]!.recommendation, /loyalty programme and exclusive perks/);
  assert.match(segments[1]!.recommendation, /re-engagement campaign/);
  assert.equal(segments[0]!.rule, "purchases ≥ 130 and amount spent ≥ 130");
  assert.match(segments[0]!.evidence, /^purchases \d+ · amount_spent \d+$/);
  assert.equal(segments[0]!.size, 2);
});

Deno.test("names follow the rules, not the label numbers", () => {
  const swapped = labels.map((l) => 3 - l);
  assert.deepEqual(nameSegments(members, swapped).names, [
    "Loyal Budget",
    "New & Young",
    "At-Risk",
    "High-Value",
  ]);
});

Deno.test("two clusters earning the same name: the larger keeps it", () => {
  const t = aq.table({ purchases: [10, 10, 10, 10, 10], amount_spent: [1, 1, 1, 1, 1] });
  const rules: SegmentRule[] = [{
    name: "Everyone",
    when: "always",
    recommendation: "r",
    features: ["purchases"],
    matches: () => true,
  }];
  const { names } = nameSegments(t, [1, 0, 0, 1, 1], { rules });
  assert.deepEqual(names, ["Everyone (2)", "Everyone"]);
});

Deno.test("the last member rule always matches, and the rule tables show every rule", () => {
  assert.ok(MEMBER_SEGMENT_RULES.at(-1)!.matches({}));
  assert.equal(segmentRulesTable().numRows(), MEMBER_SEGMENT_RULES.length);
  const table = segmentNamesTable(nameSegments(members, labels));
  assert.deepEqual(table.columnNames(), [
    "cluster",
    "segment",
    "members",
    "rule",
    "evidence",
    "recommendation",
  ]);
});
