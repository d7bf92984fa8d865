import assert from "node:assert/strict";
import * as aq from "arquero";
import { matrixFromRows, matrixToRows } from "../../lib/matrix.ts";
import { imputeKNN, imputeTableKNN, nanEuclidean } from "../../lib/clean/impute_knn.ts";
import { isInputError } from "../../lib/errors.ts";

interface Case {
  name: string;
  X: (number | null)[][];
  donors: (number | null)[][] | null;
  n_neighbors: number;
  weights: "uniform" | "distance";
  expected: (number | null)[][];
}
const fixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/knn_imputer_reference.json", import.meta.url)),
) as { cases: Case[]; distances: { X: (number | null)[][]; expected: (number | null)[][] } };

const toRows = (rows: (number | null)[][]) => rows.map((r) => r.map((v) => v ?? NaN));

for (const c of fixture.cases) {
  Deno.test(`imputeKNN matches scikit-learn KNNImputer: ${c.name}`, () => {
    const m = matrixFromRows(toRows(c.X));
    const donors = c.donors ? matrixFromRows(toRows(c.donors)) : undefined;
    const out = matrixToRows(
      imputeKNN(m, { nNeighbors: c.n_neighbors, weights: c.weights, donors }),
    );
    c.expected.forEach((row, i) =>
      row.forEach((want, j) => {
        const got = out[i]![j]!;
        assert.ok(want !== null, "reference has no gaps left");
        assert.ok(
          Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)),
          `row ${i} col ${j}: got ${got}, scikit-learn ${want}`,
        );
      })
    );
  });
}

Deno.test("nanEuclidean matches scikit-learn nan_euclidean_distances", () => {
  const X = toRows(fixture.distances.X);
  fixture.distances.expected.forEach((row, i) =>
    row.forEach((want, j) => {
      const got = nanEuclidean(X[i]!, X[j]!);
      if (want === null) assert.ok(Number.isNaN(got));
      else assert.ok(Math.abs(got - want) < 1e-9, `(${i},${j}) ${got} vs ${want}`);
    })
  );
});

Deno.test("imputeKNN leaves present values untouched and the input unmodified", () => {
  const m = matrixFromRows([[1, NaN], [2, 4], [3, 6]]);
  const before = Float64Array.from(m.data);
  const out = imputeKNN(m, { nNeighbors: 1 });
  assert.deepEqual(Array.from(m.data), Array.from(before));
  assert.equal(out.data[0], 1);
  assert.equal(out.data[1], 4);
});

Deno.test("imputeKNN rejects bad options and all-missing columns", () => {
  const m = matrixFromRows([[1, NaN], [2, NaN]], ["a", "b"]);
  assert.throws(() => imputeKNN(m), (e) => isInputError(e) && /column "b"/.test(e.message));
  assert.throws(() => imputeKNN(matrixFromRows([[1]]), { nNeighbors: 0 }), isInputError);
});

Deno.test("imputeTableKNN standardises, fills in original units and rounds", () => {
  const t = aq.table({
    purchases: [10, 12, null, 40, 41],
    amount_spent: [1000, 1200, 1100, 4000, 4100],
  });
  const { table, imputed } = imputeTableKNN(t, {
    columns: ["purchases", "amount_spent"],
    nNeighbors: 2,
    round: { purchases: 0 },
  });
  assert.equal(table.get("purchases", 2), 11);
  assert.deepEqual(imputed, { purchases: 1 });
  assert.equal(table.get("amount_spent", 2), 1100);
});

Deno.test("imputeTableKNN rounds to hundreds with negative decimals", () => {
  const t = aq.table({ a: [1, 2, 3], income: [52345, null, 52389] });
  const { table } = imputeTableKNN(t, {
    columns: ["a", "income"],
    nNeighbors: 2,
    standardise: false,
    round: { income: -2 },
  });
  assert.equal(table.get("income", 1), 52400);
});
