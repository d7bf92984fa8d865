import assert from "node:assert/strict";
import { InputError } from "../../lib/errors.ts";
import { matrixFromRows } from "../../lib/matrix.ts";
import { applyScaler, fitScaler } from "../../lib/prepare/scale.ts";
import { applyPCA, fitPCA } from "../../lib/features/pca.ts";
import {
  assertClose,
  assertMatrixClose,
  datasetMatrix,
  DATASETS,
  reference,
} from "../cluster/cluster_reference.ts";

for (const name of DATASETS) {
  for (const components of [2, 3] as const) {
    Deno.test(`PCA with ${components} components matches scikit-learn on ${name}`, () => {
      const ref = reference.datasets[name][`pca${components}`];
      const m = datasetMatrix(name);
      const scaled = applyScaler(fitScaler(m, { kind: "standard" }), m);
      const model = JSON.parse(JSON.stringify(fitPCA(scaled, { components })));
      assertMatrixClose(
        Float64Array.from(model.components.flat()),
        ref.components,
        1e-9,
        "components",
      );
      ref.explainedVarianceRatio.forEach((v, i) =>
        assertClose(model.explainedVarianceRatio[i], v, 1e-12, `ratio ${i}`)
      );
      ref.explainedVariance.forEach((v, i) =>
        assertClose(model.explainedVariance[i], v, 1e-12, `var ${i}`)
      );
      const projected = applyPCA(model, scaled);
      assert.deepEqual(
        projected.columns,
        Array.from({ length: components }, (_, i) => `PC${i + 1}`),
      );
      assertMatrixClose(projected.data, ref.transform, 1e-9, "transform");
    });
  }
}

Deno.test("PCA rejects bad input", () => {
  const m = matrixFromRows([[1, 2], [3, 4], [5, 7]]);
  assert.throws(() => fitPCA(m, { components: 3 }), InputError);
  assert.throws(() => fitPCA(m, { components: 0 }), InputError);
  assert.throws(() => fitPCA(matrixFromRows([[1, 1], [1, 1]])), /every feature is constant/);
  assert.throws(() => applyPCA(fitPCA(m), matrixFromRows([[1]])), InputError);
});
