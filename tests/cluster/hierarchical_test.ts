import assert from "node:assert/strict";
import { cutTree, fitAgglomerative, type Linkage } from "../../lib/cluster/hierarchical.ts";
import { matrixFromRows } from "../../lib/matrix.ts";
import { InputError } from "../../lib/errors.ts";
import { canonical, fixture, fixtureMatrix, tieHeavy } from "./algorithms_fixture.ts";

for (const c of fixture.agglomerative) {
  Deno.test(`fitAgglomerative matches scikit-learn: ${c.linkage}, k=${c.k}`, () => {
    const fit = fitAgglomerative(fixtureMatrix(c.data), { k: c.k, linkage: c.linkage as Linkage });
    // same labels, numbering included
    assert.deepEqual(Array.from(fit.labels), c.labels);
    assert.deepEqual(canonical(fit.labels), canonical(c.labels));
    // same tree: children and merge heights
    assert.deepEqual(fit.merges.map((m) => [m.left, m.right]), c.children);
    fit.merges.forEach((m, i) => {
      assert.ok(
        Math.abs(m.height - c.distances[i]) <= 1e-9 * Math.max(1, c.distances[i]),
        `merge ${i}`,
      );
    });
    assert.equal(fit.merges.at(-1)!.size, fit.labels.length);
  });
}

Deno.test("cutTree gives nested partitions from one tree", () => {
  const m = fixtureMatrix("X4");
  const fit = fitAgglomerative(m, { k: 2 });
  const three = cutTree(fit.merges, m.rows, 3);
  const two = fit.labels;
  // every cluster of the 3-cut lies inside one cluster of the 2-cut
  for (let c = 0; c < 3; c++) {
    const parents = new Set<number>();
    three.forEach((v, i) => v === c && parents.add(two[i]!));
    assert.equal(parents.size, 1);
  }
  assert.deepEqual(Array.from(cutTree(fit.merges, m.rows, 1)), new Array(m.rows).fill(0));
  assert.equal(new Set(cutTree(fit.merges, m.rows, m.rows)).size, m.rows);
});

Deno.test("fitAgglomerative rejects bad k, linkage and values", () => {
  const m = matrixFromRows([[0], [0], [1]]);
  assert.throws(() => fitAgglomerative(m, { k: 3 }), /larger than the number of distinct rows/);
  assert.throws(() => fitAgglomerative(m, { k: 0 }), InputError);
  assert.throws(
    () => fitAgglomerative(m, { k: 2, linkage: "single" as Linkage }),
    /Unknown linkage/,
  );
  assert.throws(() => fitAgglomerative(matrixFromRows([[NaN], [1]]), { k: 1 }), /NaN/);
  assert.throws(() => fitAgglomerative(m, { k: 2, maxRows: 2 }), /too many/);
  assert.deepEqual(Array.from(fitAgglomerative(m, { k: 2 }).labels), [0, 0, 1].map((v) => v));
});

Deno.test("merge sizes count the rows under each node, as SciPy's linkage does", () => {
  // 2,000 rows on a 6-level grid: Ward heights tie and rounding puts some
  // merges below ones made before them; sizes must follow the sorted tree
  const m = tieHeavy(2000, 4, 6, 4);
  const { merges } = fitAgglomerative(m, { k: 5 });
  const sizeOf = (node: number) => node < m.rows ? 1 : merges[node - m.rows]!.size;
  merges.forEach((merge, i) => {
    assert.equal(merge.size, sizeOf(merge.left) + sizeOf(merge.right), `merge ${i}`);
    assert.ok(merge.left < m.rows + i && merge.right < m.rows + i, `merge ${i} children`);
  });
});
