import assert from "node:assert/strict";
import * as aq from "arquero";
import { profileClusters, profileIndex } from "../../lib/profile/profile_clusters.ts";
import { InputError } from "../../lib/errors.ts";

interface Fixture {
  features: string[];
  data: Record<string, number[]>;
  labels: number[];
  expected: Record<string, number>[];
}

const fixture: Fixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/profile_clusters.json", import.meta.url)),
);
const table = aq.table(fixture.data);
const labels = Int32Array.from(fixture.labels);

function close(actual: number, expected: number, what: string, tol = 1e-9) {
  assert.ok(
    Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs pandas ${expected}`,
  );
}

Deno.test("profileClusters matches pandas groupby means, medians, shares and value share", () => {
  const profile = profileClusters(table, labels, {
    features: fixture.features,
    valueColumn: "revenue",
  });
  assert.equal(profile.numRows(), fixture.expected.length);
  const rows = profile.objects() as Record<string, number>[];
  fixture.expected.forEach((want, i) => {
    const got = rows[i]!;
    assert.equal(got.cluster, want.cluster);
    assert.equal(got.size, want.size);
    close(got.share!, want.share!, "share");
    close(got.value_share!, want.value_share!, "value_share");
    for (const f of fixture.features) {
      close(got[`${f}_mean`]!, want[`${f}_mean`]!, `${f} mean, cluster ${want.cluster}`);
      close(got[`${f}_median`]!, want[`${f}_median`]!, `${f} median, cluster ${want.cluster}`);
    }
  });
});

Deno.test("profileClusters orders clusters by label with noise last and names them", () => {
  const profile = profileClusters(table, labels, {
    features: ["age"],
    segmentNames: { 0: "Young", 2: "Mid", [-1]: "Unassigned" },
  });
  assert.deepEqual(profile.array("cluster"), [0, 1, 2, 3, -1]);
  assert.deepEqual(profile.array("segment"), [
    "Young",
    "Cluster 1",
    "Mid",
    "Cluster 3",
    "Unassigned",
  ]);
  assert.deepEqual(profile.columnNames(), [
    "segment",
    "cluster",
    "size",
    "share",
    "age_mean",
    "age_median",
  ]);
});

Deno.test("profileIndex ratio and z-score match pandas", () => {
  const ratio = profileIndex(table, labels, { features: fixture.features, method: "ratio" });
  const z = profileIndex(table, labels, { features: fixture.features, method: "zscore" });
  assert.equal(ratio.method, "ratio");
  assert.equal(ratio.cells.length, fixture.expected.length * fixture.features.length);
  fixture.expected.forEach((want, i) => {
    fixture.features.forEach((f, j) => {
      const k = i * fixture.features.length + j;
      assert.equal(ratio.cells[k]!.feature, f);
      close(ratio.cells[k]!.index, want[`${f}_ratio`]!, `${f} ratio index`);
      close(z.cells[k]!.index, want[`${f}_z`]!, `${f} z-score`);
    });
  });
});

Deno.test("profileIndex auto falls back to z-scores when a mean is not positive", () => {
  const t = aq.table({ change: [-5, -3, 1, 2], spend: [1, 2, 3, 4] });
  assert.equal(profileIndex(t, [0, 0, 1, 1], { features: ["spend"] }).method, "ratio");
  assert.equal(profileIndex(t, [0, 0, 1, 1], { features: ["change", "spend"] }).method, "zscore");
  assert.throws(
    () => profileIndex(t, [0, 0, 1, 1], { features: ["change"], method: "ratio" }),
    (e) => e instanceof InputError && /positive overall mean.*column "change"/.test(e.message),
  );
});

Deno.test("profileClusters rejects mismatched labels, unknown columns and a non-positive value total", () => {
  const t = aq.table({ a: [1, 2, 3], v: [0, 0, 0] });
  assert.throws(
    () => profileClusters(t, [0, 1], { features: ["a"] }),
    (e) => e instanceof InputError && /2 labels for 3 rows/.test(e.message),
  );
  assert.throws(
    () => profileClusters(t, [0, 1, 1], { features: ["b"], file: "c.csv" }),
    (e) => e instanceof InputError && /Column not found: "b" \(file c.csv\)/.test(e.message),
  );
  assert.throws(
    () => profileClusters(t, [0, 1, 1], { features: ["a"], valueColumn: "v" }),
    (e) => e instanceof InputError && /positive total.*column "v"/.test(e.message),
  );
  assert.throws(
    () => profileClusters(t, [0, 1.5, 1], { features: ["a"] }),
    (e) => e instanceof InputError && /Invalid cluster label: 1.5.*row 2/.test(e.message),
  );
});
