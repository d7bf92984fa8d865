import assert from "node:assert/strict";
import * as aq from "arquero";
import { COMPACT_CUT, formatNumber, htmlTable } from "../../lib/display/html_table.ts";
import { profileTable } from "../../lib/display/profile_table.ts";
import { findingsBox } from "../../lib/display/findings_box.ts";
import { profileClusters } from "../../lib/profile/profile_clusters.ts";
import { SEGMENT_COLORS } from "../../lib/plot/palette.ts";

function cells(html: string): string[] {
  return [...html.matchAll(/<td style="([^"]*)">(.*?)<\/td>/g)].map((m) => `${m[1]}|${m[2]}`);
}

Deno.test("htmlTable right-aligns formatted numbers and leaves text left", () => {
  const html = htmlTable([{ name: "A & B", spend: 1234567.891, visits: 3 }]).html;
  const [name, spend, visits] = cells(html);
  assert.match(name!, /text-align:left;\|A &amp; B$/);
  assert.match(spend!, /text-align:right;.*\|1,234,568$/); // ≥ 1,000 → no decimals
  assert.match(visits!, /text-align:right;.*\|3$/);
  assert.match(html, /<th style="[^"]*text-align:right;">spend<\/th>/);
});

Deno.test("htmlTable shows units in headers, percents, and a dash for non-finite numbers", () => {
  const html = htmlTable([{ m: 12.345, s: 0.1234, x: NaN }], {
    labels: { m: "Monetary" },
    units: { m: "£" },
    formats: { s: "percent" },
  }).html;
  assert.match(html, />Monetary \(£\)<\/th>/);
  assert.ok(html.includes(">12.35<") && html.includes(">12.3%<") && html.includes(">–<"));
  assert.ok(!html.includes("NaN"));
  assert.equal(formatNumber(Infinity), "–");
});

Deno.test("htmlTable limits rows, draws bars to scale and segment swatches in palette colours", () => {
  const rows = [
    { segment: "B", share: 0.25 },
    { segment: "A", share: 0.5 },
    { segment: "C", share: 0.25 },
  ];
  const html = htmlTable(rows, { bars: ["share"], segments: ["A", "B", "C"], maxRows: 2 }).html;
  assert.match(html, /… and 1 more rows/);
  assert.equal(cells(html).length, 4);
  assert.ok(html.includes(`background-color:${SEGMENT_COLORS[1]};"></span>B`));
  assert.ok(html.includes("width:28px;height:9px") && html.includes("width:56px;height:9px"));
});

Deno.test("profileTable labels means and medians with units and formats shares", () => {
  const t = aq.table({ income: [20, 30, 90, 110], spend: [1, 1, 3, 5] });
  const profile = profileClusters(t, [0, 0, 1, 1], {
    features: ["income"],
    segmentNames: ["Budget", "Premium"],
    valueColumn: "spend",
  });
  const html = profileTable(profile, { units: { income: "k$" }, valueLabel: "revenue" }).html;
  for (
    const header of ["Income mean (k$)", "Income median (k$)", "Share of revenue", "Customers"]
  ) {
    assert.ok(html.includes(`>${header}</th>`), header);
  }
  assert.ok(html.includes(">50.0%<") && html.includes(">80.0%<"));
});

Deno.test("findingsBox renders a headline and escaped points, from text too", () => {
  const html = findingsBox("2 segments\n- A is <small>\n- B is big").html;
  assert.match(html, /<p style="[^"]*">2 segments<\/p>/);
  assert.equal(html.match(/<li/g)?.length, 2);
  assert.ok(html.includes("A is &lt;small&gt;"));
});

Deno.test("htmlTable wraps long text cells and lets long headers break after underscores", () => {
  const long = "young, recently joined — onboarding journey and first-year rewards for members";
  const html = htmlTable([{ segment: "A", recommendation: long, years_member_median: 2 }]).html;
  const [segment, recommendation, years] = cells(html);
  assert.match(segment!, /white-space:nowrap;/);
  assert.match(recommendation!, /white-space:nowrap;.*white-space:normal;.*max-width:30em;/);
  assert.match(years!, /white-space:nowrap;text-align:left;text-align:right;/);
  assert.ok(html.includes(">years_<wbr>member_<wbr>median</th>"));
});

Deno.test("profileTable turns a profile with many features round: a row per measure", () => {
  const n = 8;
  const columns: Record<string, number[]> = {};
  for (const f of ["age", "years_member", "annual_income", "purchases", "amount_spent", "flag"]) {
    columns[f] = Array.from({ length: n }, (_, i) => (i % 2) * 1000 + i);
  }
  const profile = profileClusters(aq.table(columns), [0, 0, 0, 0, 1, 1, 1, 1], {
    features: Object.keys(columns),
    segmentNames: ["Budget", "Premium"],
  });
  const html = profileTable(profile, { units: { annual_income: "$" } }).html;
  const headers = [...html.matchAll(/<th style="[^"]*">(.*?)<\/th>/g)].map((m) => m[1]);
  assert.deepEqual(headers, ["", "Budget", "Premium"]);
  assert.ok(html.includes(">Annual income mean ($)</td>"));
  assert.ok(html.includes(">Customers</td>") && html.includes(">50.0%</td>"));
  assert.match(html, /text-align:right;[^"]*">501\.5<\/td>/); // right-aligned, as numbers
  // a short profile keeps one row per segment
  const short = profileTable(profile.select("segment", "cluster", "size", "share", "age_mean"));
  assert.ok(short.html.includes(">Age mean</th>"));
  assert.ok(profileTable(profile, { layout: "wide" }).html.includes(">Age mean</th>"));
});

Deno.test("years and identifiers without thousands separators, no negative zero, other figures grouped", () => {
  const t = htmlTable([
    { ID: 5524, Year_Birth: 1957, Year_Birth_mean: 1968.4, income: 58138.25, change: -0.004 },
    { ID: 2174, Year_Birth: 1954, Year_Birth_mean: 1971.9, income: 46344.5, change: 0.2 },
  ]);
  for (const text of [">5524<", ">2174<", ">1957<", ">1968<", ">1972<", ">58,138<", ">0.00<"]) {
    assert.ok(t.html.includes(text), text);
  }
  for (const text of ["5,524", "1,957", "1,968", "-0.00"]) assert.ok(!t.html.includes(text), text);
});

Deno.test("a long profile shows a birth year's mean without a thousands separator", () => {
  const n = 8;
  const columns: Record<string, number[]> = {};
  for (const f of ["Year_Birth", "Income", "MntWines", "Recency", "Kidhome", "Teenhome"]) {
    columns[f] = Array.from({ length: n }, (_, i) => (f === "Year_Birth" ? 1950 + i : 20000 + i));
  }
  const profile = profileClusters(aq.table(columns), [0, 0, 0, 0, 1, 1, 1, 1], {
    features: Object.keys(columns),
  });
  const html = profileTable(profile, { layout: "long" }).html;
  assert.match(html, /Year Birth mean<\/td><td[^>]*>1952<\/td><td[^>]*>1956<\/td>/);
  assert.match(html, /Income mean<\/td><td[^>]*>20,002<\/td>/);
  assert.ok(!html.includes("1,952") && !html.includes("1,956"));
});

Deno.test("htmlTable cuts long text at maxTextChars, whole in the tooltip, emoji unsplit", () => {
  const comment = "Called twice about the delivery <late>; asked for a refund 😀 and a discount";
  const html = htmlTable([{ id: 1, comment }, { id: 2, comment: "short" }], { maxTextChars: 60 })
    .html;
  const cut = Array.from(comment).slice(0, 59).join("");
  assert.ok(html.includes(`${cut.replace("<", "&lt;").replace(">", "&gt;")}…</td>`), html);
  assert.ok(html.includes(`title="${comment.replace("<", "&lt;").replace(">", "&gt;")}"`));
  assert.ok(html.includes(">short</td>"));
  assert.ok(!htmlTable([{ comment }]).html.includes("…"), "no cut without the option");
  // A table of many (narrow) columns cuts at two lines' worth instead.
  const wide = Object.fromEntries(Array.from({ length: 11 }, (_, j) => [`c${j}`, j]));
  const compact = htmlTable([{ ...wide, comment }], { maxTextChars: 60 }).html;
  assert.ok(compact.includes(`${Array.from(comment).slice(0, COMPACT_CUT - 1).join("")}…</td>`));
  assert.ok(!compact.includes(`${cut.replace("<", "&lt;").replace(">", "&gt;")}…</td>`));
});
