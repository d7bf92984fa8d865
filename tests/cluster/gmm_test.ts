import assert from "node:assert/strict";
import { assignGMM, type CovarianceType, fitGMM, sweepGMM } from "../../lib/cluster/gmm.ts";
import { matrixFromRows } from "../../lib/matrix.ts";
import { adjustedRandIndex } from "../../lib/metrics/adjusted_rand.ts";
import { InputError } from "../../lib/errors.ts";
import { fixture, fixtureMatrix } from "./algorithms_fixture.ts";

function close(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));
}

for (const c of fixture.gmm) {
  Deno.test(
    `fitGMM matches scikit-learn from the same start: k=${c.k}, ${c.covariance}, ${c.rows} rows`,
    () => {
      const all = fixtureMatrix(c.data);
      const m = { ...all, rows: c.rows, data: all.data.slice(0, c.rows * all.cols) };
      const fit = fitGMM(m, {
        k: c.k,
        covariance: c.covariance as CovarianceType,
        initLabels: c.initLabels,
      });
      assert.ok(
        close(fit.meanLogLikelihood, c.meanLogLikelihood, 1e-6),
        `log-likelihood ${fit.meanLogLikelihood} vs ${c.meanLogLikelihood}`,
      );
      assert.ok(close(fit.bic, c.bic, 1e-6), `bic ${fit.bic} vs ${c.bic}`);
      assert.ok(close(fit.aic, c.aic, 1e-6), `aic ${fit.aic} vs ${c.aic}`);
      assert.equal(fit.model.nIter, c.nIter);
      assert.equal(fit.model.converged, c.converged);
      assert.deepEqual(Array.from(fit.labels), c.labels);
      fit.model.weights.forEach((w, i) => assert.ok(close(w, c.weights[i], 1e-6)));
      fit.model.means.flat().forEach((v, i) => assert.ok(close(v, c.means.flat()[i], 1e-6)));
      // full: k×d×d matrices; diag: k×d variances, as scikit-learn's covariances_
      const covariances = (fit.model.covariances as number[][]).flat(2) as number[];
      const expected = (c.covariances as number[][]).flat(2) as number[];
      assert.equal(covariances.length, expected.length);
      covariances.forEach((v, i) =>
        assert.ok(close(v, expected[i]!, 1e-6), `covariance ${i}: ${v} vs ${expected[i]}`)
      );
      const probability = (i: number, j: number) => fit.probabilities.data[i * c.k + j]!;
      for (let i = 0; i < 5; i++) {
        for (let j = 0; j < c.k; j++) {
          assert.ok(Math.abs(probability(i, j) - c.probabilitiesHead[i][j]) < 1e-6);
        }
      }
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < c.k; j++) {
          const row = c.rows - 3 + i;
          assert.ok(Math.abs(probability(row, j) - c.probabilitiesTail[i][j]) < 1e-6);
        }
      }
    },
  );
}

Deno.test("fitGMM: probabilities sum to one, same seed gives the same fit, assign agrees", () => {
  const m = fixtureMatrix("X5");
  const a = fitGMM(m, { k: 3, seed: 4 });
  const b = fitGMM(m, { k: 3, seed: 4 });
  assert.equal(JSON.stringify(a.model), JSON.stringify(b.model));
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let c = 0; c < 3; c++) s += a.probabilities.data[i * 3 + c]!;
    assert.ok(Math.abs(s - 1) < 1e-12);
  }
  const assigned = assignGMM(JSON.parse(JSON.stringify(a.model)), m);
  assert.deepEqual(Array.from(assigned.labels), Array.from(a.labels));
  const diag = fitGMM(m, { k: 3, covariance: "diag", seed: 4 });
  assert.deepEqual(Array.from(assignGMM(diag.model, m).labels), Array.from(diag.labels));
  // the three generating groups are recovered
  const truth = Array.from({ length: m.rows }, (_, i) => (i < 150 ? 0 : i < 270 ? 1 : 2));
  assert.ok(adjustedRandIndex(a.labels, truth) > 0.8);
});

Deno.test("sweepGMM prefers the generating number of components by BIC", () => {
  const { bestK, sweep } = sweepGMM(fixtureMatrix("X5"), { kMin: 1, kMax: 5 });
  assert.equal(sweep.length, 5);
  assert.equal(bestK, 3);
  assert.ok(sweep.every((p) => Number.isFinite(p.bic) && Number.isFinite(p.aic)));
});

Deno.test("fitGMM rejects bad input", () => {
  const m = matrixFromRows([[0, 1], [1, 1], [1, 1]]);
  assert.throws(() => fitGMM(m, { k: 3 }), /larger than the number of distinct rows/);
  assert.throws(
    () => fitGMM(m, { k: 2, covariance: "tied" as CovarianceType }),
    /Unknown covariance/,
  );
  assert.throws(() => fitGMM(matrixFromRows([[Infinity, 1]]), { k: 1 }), InputError);
  assert.throws(() => fitGMM(m, { k: 2, initLabels: [0, 2, 1] }), /initLabels/);
});
