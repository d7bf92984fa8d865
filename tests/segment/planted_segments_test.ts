import { deepEqual, equal, match, ok } from "node:assert/strict";
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { readTable } from "../../lib/io/mod.ts";
import { fitSegmentation } from "../../lib/segment/segmentation.ts";
import { adjustedRandIndex } from "../../lib/metrics/adjusted_rand.ts";
import { profileLevels } from "../../lib/profile/level_profile.ts";
import { createRandom } from "../../lib/random.ts";
import { generateCustomersWithTruth } from "../../data/generate_customers.ts";
import { generateMessyCustomers } from "../../data/generate_messy_customers.ts";
import { generateCardHolders, generateMarketingCampaign } from "../../data/generate_lookalikes.ts";

const CUSTOMERS = new URL("../../data/customers.csv", import.meta.url).pathname;
const MESSY = new URL("../../data/customers_messy.tsv", import.meta.url).pathname;

/** The table with a two-level text column drawn independently of everything else. */
function withUnrelatedColumn(table: ColumnTable, seed: number): ColumnTable {
  const random = createRandom(seed);
  const channel = Array.from(
    { length: table.numRows() },
    () => random.next() < 0.45 ? "App" : "Web",
  );
  return table.assign({ channel });
}

function used(fit: ReturnType<typeof fitSegmentation>, column: string): boolean {
  return fit.preparation.columns.find((c) => c.column === column)!.used;
}

Deno.test("customers.csv by default: the five planted segments, gender left out of the clustering", async () => {
  const table = await readTable(CUSTOMERS);
  const { truth } = generateCustomersWithTruth();
  const fit = fitSegmentation(table, { seed: 0 });
  equal(fit.model.k, 5);
  const ari = adjustedRandIndex(fit.labels, truth);
  ok(ari >= 0.9, `ARI ${ari.toFixed(3)}`);
  equal(used(fit, "gender"), false);
  match(
    fit.preparation.columns.find((c) => c.column === "gender")!.reason,
    /^text, not used: its levels explain 0\.\d% of \w+'s variance at most \(under 2\.0% of every number\)/,
  );
  ok(!fit.model.features.some((f) => f.startsWith("gender")));
  // The profiles still show it: each segment about 56% female, as drawn.
  const shares = profileLevels(table, fit.labels).filter((s) => s.column === "gender");
  ok(shares.length > 0);
  for (const s of shares.filter((s) => s.level === "Female")) {
    ok(Math.abs(s.shareInSegment - 0.56) < 0.1, `segment ${s.cluster}: ${s.shareInSegment}`);
  }
  // Named explicitly, it is used (the user decides).
  const named = fitSegmentation(table, { seed: 0, k: 5, features: ["gender", "age"] });
  ok(named.model.features.includes("gender=Female"));
});

Deno.test("a planted unrelated two-level text column splits no segment, in both bundled files", async () => {
  const customers = withUnrelatedColumn(await readTable(CUSTOMERS), 11);
  const c = fitSegmentation(customers, { seed: 0 });
  equal(c.model.k, 5);
  const ariC = adjustedRandIndex(c.labels, generateCustomersWithTruth().truth);
  ok(ariC >= 0.9, `customers ARI ${ariC.toFixed(3)}`);
  equal(used(c, "channel"), false);

  const messy = withUnrelatedColumn(await readTable(MESSY), 12);
  const m = fitSegmentation(messy, { seed: 0 });
  equal(m.model.k, 4);
  const ariM = adjustedRandIndex(m.labels, generateMessyCustomers().truth);
  ok(ariM >= 0.95, `messy ARI ${ariM.toFixed(3)}`);
  equal(used(m, "channel"), false);
  // The text levels that define its segments are still used; its country is not.
  deepEqual(
    m.textAssociation.filter((a) => a.related).map((a) => [a.column, a.kind]),
    [
      ["Education", "text"],
      ["Marital_Status", "text"],
      ["AcceptedCmp1", "flag"],
      ["Response", "flag"],
    ],
  );
  ok(used(m, "Education") && used(m, "Marital_Status") && !used(m, "Country"));
});

Deno.test("lookalike files: the default k is in 3–8, an edge stated, the runner-up named", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/cards.csv`, generateCardHolders());
    await Deno.writeTextFile(`${dir}/marketing.tsv`, generateMarketingCampaign());
    for (const name of ["cards.csv", "marketing.tsv"]) {
      const fit = fitSegmentation(await readTable(`${dir}/${name}`), { seed: 0 });
      const { k, choice } = { k: fit.model.k, choice: fit.choice! };
      ok(k >= 3 && k <= 8, `${name}: k = ${k}`);
      // At an edge of the range, the reason says what lies past it.
      if (k === 3 || k === 8) ok(choice.edge !== undefined && choice.reason.includes(choice.edge));
      deepEqual(choice.range, { min: 3, max: 8 });
      ok(choice.runnerUp !== undefined, name);
      match(choice.reason, new RegExp(`^k = ${k}: .*\\. Runner-up k = ${choice.runnerUp!.k}: `));
      // k = 2 scores a higher silhouette on both, and the reason says why it was not taken.
      match(choice.reason, /k = 2 scores higher \(silhouette 0\.2\d\) but was not taken/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a rare 0/1 flag unrelated to behaviour makes no segment of its own; a related one stays", async () => {
  const table = await readTable(CUSTOMERS);
  const random = createRandom(21);
  const n = table.numRows();
  const spend = table.array("spending_score") as ArrayLike<number>;
  const t = table.assign({
    complained: Array.from({ length: n }, () => (random.next() < 0.015 ? 1 : 0)),
    big_spender: Array.from({ length: n }, (_, i) => (spend[i]! > 70 ? 1 : 0)),
  });
  const fit = fitSegmentation(t, { seed: 0, k: 5 });
  equal(used(fit, "complained"), false);
  match(
    fit.preparation.columns.find((c) => c.column === "complained")!.reason,
    /^0\/1 flag, not used: its two values explain 0\.\d% of /,
  );
  equal(used(fit, "big_spender"), true);
  // With the unrelated flag alone, the default still finds the five planted segments.
  const alone = fitSegmentation(t.select(aq.not("big_spender")), { seed: 0 });
  equal(alone.model.k, 5);
  const ari = adjustedRandIndex(alone.labels, generateCustomersWithTruth().truth);
  ok(ari >= 0.9, `ARI ${ari.toFixed(3)}`);
  // Named as features, both are used.
  const named = fitSegmentation(t, { seed: 0, k: 5, features: ["age", "complained"] });
  ok(named.model.features.includes("complained"));
});
