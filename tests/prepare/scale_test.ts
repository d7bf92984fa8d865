import assert from "node:assert/strict";
import { InputError } from "../../lib/errors.ts";
import { matrixFromRows } from "../../lib/matrix.ts";
import {
  applyScaler,
  constantColumns,
  fitScaler,
  invertScaler,
  percentileSorted,
  type ScalerKind,
} from "../../lib/prepare/scale.ts";
import {
  assertClose,
  assertMatrixClose,
  datasetMatrix,
  DATASETS,
  reference,
} from "../cluster/cluster_reference.ts";

for (const name of DATASETS) {
  for (const kind of ["standard", "minmax", "robust"] as const) {
    Deno.test(`${kind} scaler matches scikit-learn on ${name}`, () => {
      const ref = reference.datasets[name].scalers[kind];
      const m = datasetMatrix(name);
      const model = fitScaler(m, { kind });
      ref.center.forEach((v, j) => assertClose(model.center[j]!, v, 1e-12, `center ${j}`));
      ref.scale.forEach((v, j) => assertClose(model.scale[j]!, v, 1e-12, `scale ${j}`));
      assertMatrixClose(applyScaler(model, m).data, ref.out, 1e-12, "scaled");
    });
  }
}

Deno.test("every scaler round-trips and survives JSON", () => {
  const m = datasetMatrix("hand");
  for (const kind of ["standard", "minmax", "robust", "none"] as ScalerKind[]) {
    const model = JSON.parse(JSON.stringify(fitScaler(m, { kind })));
    const back = invertScaler(model, applyScaler(model, m));
    m.data.forEach((v, i) => assertClose(back.data[i]!, v, 1e-12, kind));
    assert.deepEqual(model.columns, m.columns);
  }
});

Deno.test("scalers leave the input unchanged", () => {
  const m = matrixFromRows([[1, 2], [3, 5], [4, 9]]);
  const copy = m.data.slice();
  applyScaler(fitScaler(m, { kind: "standard" }), m);
  assert.deepEqual(m.data, copy);
});

Deno.test("constant columns get scale 1 and are reported", () => {
  const m = matrixFromRows([[1, 7, 0], [2, 7, 0], [3, 7, 1]], ["a", "b", "c"]);
  assert.deepEqual(constantColumns(m), ["b"]);
  for (const kind of ["standard", "minmax", "robust"] as const) {
    const model = fitScaler(m, { kind });
    assert.equal(model.scale[1], 1, kind);
  }
  // robust: IQR of column c is 0.5 here, but a column mostly of one value has IQR 0 → scale 1.
  const skewed = matrixFromRows([[0], [0], [0], [0], [5]]);
  assert.equal(fitScaler(skewed, { kind: "robust" }).scale[0], 1);
  assert.deepEqual(constantColumns(skewed), []);
});

Deno.test("percentiles interpolate linearly like numpy", () => {
  const s = Float64Array.from([1, 2, 3, 4, 10]);
  assert.equal(percentileSorted(s, 25), 2);
  assert.equal(percentileSorted(s, 75), 4);
  assert.equal(percentileSorted(Float64Array.from([1, 2, 3, 4]), 25), 1.75);
  assert.equal(percentileSorted(Float64Array.from([1, 2, 3, 4]), 75), 3.25);
});

Deno.test("bad input to scalers is an InputError", () => {
  assert.throws(
    () => fitScaler(matrixFromRows([[1], [NaN]], ["age"]), { kind: "standard" }),
    (e) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /NaN.*column "age".*row 2/);
      return true;
    },
  );
  assert.throws(
    () => fitScaler(matrixFromRows([[1]]), { kind: "zscore" as ScalerKind }),
    InputError,
  );
  const model = fitScaler(matrixFromRows([[1, 2]]), { kind: "none" });
  assert.throws(() => applyScaler(model, matrixFromRows([[1]])), InputError);
});
