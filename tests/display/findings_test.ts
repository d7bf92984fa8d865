import assert from "node:assert/strict";
import * as aq from "arquero";
import { profileClusters } from "../../lib/profile/profile_clusters.ts";
import { summariseFindings } from "../../lib/display/findings.ts";
import { InputError } from "../../lib/errors.ts";

// 10 customers: 6 budget (revenue 10 each), 3 premium (revenue 100 each), 1 noise (revenue 40).
const customers = aq.table({
  income: [20, 22, 18, 20, 21, 19, 100, 110, 90, 40],
  visits: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
  revenue: [10, 10, 10, 10, 10, 10, 100, 100, 100, 40],
});
const labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, -1];

Deno.test("summariseFindings states sizes and value shares computed from the profile", () => {
  const profile = profileClusters(customers, labels, {
    features: ["income", "visits"],
    segmentNames: ["Budget", "Premium"],
    valueColumn: "revenue",
  });
  const findings = summariseFindings({ profile, valueColumn: "revenue" });
  // Premium: 3/10 customers, 300/400 revenue.
  assert.equal(
    findings.headline,
    "2 segments from 10 customers; Premium is 30% of customers and 75% of revenue.",
  );
  // Overall income mean = (120 + 300 + 40) / 10 = 46: Budget 20 → 57% below, Premium 100 → 2.17×.
  assert.deepEqual(findings.points, [
    "The largest segment, Budget, is 60% of customers but 15% of revenue.",
    "Budget: income 57% below average.",
    "Premium: income 2.2× the average.",
    "10% of customers (Noise) fit no segment.",
  ]);
  assert.equal(String(findings), findings.text);
  assert.ok(findings.text.startsWith("2 segments") && findings.text.includes("\n- Budget: income"));
  const bundle = (findings as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ]!();
  assert.match(bundle["text/html"]!, /Key findings/);
});

Deno.test("summariseFindings without a value column names the largest segment", () => {
  const profile = profileClusters(customers, labels, { features: ["visits"] });
  const findings = summariseFindings({ profile, segmentNames: { 0: "Steady" } });
  assert.equal(findings.headline, "2 segments from 10 customers.");
  assert.equal(findings.points[0], "The largest segment is Steady, with 60% of customers.");
  assert.ok(findings.points.includes("Steady: close to average on every feature."));
});

Deno.test("summariseFindings rejects a table that is not a profile", () => {
  assert.throws(
    () => summariseFindings({ profile: aq.table({ a: [1] }) }),
    (e) => e instanceof InputError && /Profile column not found: "segment"/.test(e.message),
  );
});

Deno.test("summariseFindings says campaign answers as shares and keeps numbered labels apart", () => {
  const table = aq.table({
    accepted_campaign_1: [0, 0, 0, 0, 1, 1],
    spend_2024: [10, 12, 11, 9, 60, 58],
  });
  const labels = [0, 0, 0, 0, 1, 1];
  const profile = profileClusters(table, labels, {
    features: ["accepted_campaign_1"],
    segmentNames: ["Quiet", "Responders"],
  });
  const points = summariseFindings({ profile }).points;
  // A 0/1 answer to a campaign is said as shares: 2 of 6 accepted, both responders.
  assert.ok(
    points.includes("Responders: accepted campaign 1: 100% vs 33% overall."),
    points.join(" | "),
  );
  assert.ok(points.includes("Quiet: accepted campaign 1: 0% vs 33% overall."), points.join(" | "));
  // A numbered feature that is not a flag keeps its ratio, apart from its label:
  // 59 against an overall (42 + 118) / 6 = 26.7.
  const spend = profileClusters(table, labels, {
    features: ["spend_2024"],
    segmentNames: ["Low", "High"],
  });
  const said = summariseFindings({ profile: spend }).points;
  assert.ok(said.includes("High: spend 2024: 2.2× the average."), said.join(" | "));
});
