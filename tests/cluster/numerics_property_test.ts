// Property tests for the core numerics on random matrices (fast-check, fixed
// seed): scalers round-trip, k-means never increases inertia from one
// iteration to the next, labels stay in range, metrics stay within bounds.
import { ok } from "node:assert/strict";
import fc from "fast-check";
import {
  adjustedRandIndex,
  applyScaler,
  calinskiHarabaszScore,
  daviesBouldinScore,
  fitKMeans,
  fitScaler,
  inertia,
  invertScaler,
  matrixFromRows,
  type ScalerKind,
  silhouetteSamples,
  silhouetteScore,
} from "../../lib/mod.ts";
import { countDistinctRows } from "../../lib/cluster/algorithm_input.ts";

const SEED = 20241123;

/** A matrix of 2–60 rows and 1–5 columns with values of mixed magnitudes and some repeats. */
const matrix = fc.integer({ min: 1, max: 5 }).chain((cols) =>
  fc.array(
    fc.array(
      fc.oneof(
        fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: -5, max: 5 }),
      ),
      { minLength: cols, maxLength: cols },
    ),
    { minLength: 2, maxLength: 60 },
  ).map((rows) => matrixFromRows(rows))
);

function close(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(scale));
}

Deno.test("property: every scaler's inverse gives back the data", () => {
  fc.assert(
    fc.property(
      matrix,
      fc.constantFrom<ScalerKind>("standard", "minmax", "robust", "none"),
      (m, kind) => {
        const model = fitScaler(m, { kind });
        const back = invertScaler(model, applyScaler(model, m));
        for (let i = 0; i < m.data.length; i++) {
          ok(close(back.data[i]!, m.data[i]!, 1e6), `${kind}: ${back.data[i]} vs ${m.data[i]}`);
        }
        const json = JSON.parse(JSON.stringify(model));
        ok(applyScaler(json, m).data.every((x, i) => x === applyScaler(model, m).data[i]));
      },
    ),
    { seed: SEED, numRuns: 200 },
  );
});

Deno.test("property: k-means inertia never increases from one iteration to the next", () => {
  fc.assert(
    fc.property(
      matrix,
      fc.integer({ min: 1, max: 6 }),
      fc.nat({ max: 1000 }),
      (m, kWanted, seed) => {
        const k = Math.min(kWanted, m.rows);
        let previous = Infinity;
        for (let maxIter = 1; maxIter <= 12; maxIter++) {
          const fit = fitKMeans(m, { k, seed, nInit: 1, maxIter, tol: 0 });
          ok(
            fit.inertia <= previous * (1 + 1e-12) + 1e-9,
            `iteration ${maxIter}: ${fit.inertia} > ${previous}`,
          );
          previous = fit.inertia;
          if (fit.nIter < maxIter) break;
        }
      },
    ),
    { seed: SEED, numRuns: 100 },
  );
});

Deno.test("property: k-means labels are in 0..k-1, inertia matches them, no better nearest centre", () => {
  fc.assert(
    fc.property(
      matrix,
      fc.integer({ min: 1, max: 6 }),
      fc.nat({ max: 1000 }),
      (m, kWanted, seed) => {
        const k = Math.min(kWanted, m.rows);
        const fit = fitKMeans(m, { k, seed, nInit: 2 });
        ok(fit.labels.length === m.rows);
        ok(fit.labels.every((l) => Number.isInteger(l) && l >= 0 && l < k), "label out of range");
        ok(fit.inertia >= 0);
        const recomputed = inertia(m, fit.labels, fit.model.centroids);
        ok(close(recomputed, fit.inertia, fit.inertia), `${recomputed} vs ${fit.inertia}`);
        ok(
          new Set(fit.labels).size <= countDistinctRows(m),
          "more clusters than distinct rows",
        );
      },
    ),
    { seed: SEED, numRuns: 150 },
  );
});

/** Random labels over the rows with at least two clusters and at most rows − 1. */
const labelled = matrix.filter((m) => m.rows >= 3).chain((m) =>
  fc.array(fc.integer({ min: 0, max: Math.min(4, m.rows - 2) }), {
    minLength: m.rows,
    maxLength: m.rows,
  }).filter((labels) => {
    const n = new Set(labels).size;
    return n >= 2 && n < m.rows;
  }).map((labels) => ({ m, labels }))
);

Deno.test("property: silhouette in [-1, 1], Davies–Bouldin and Calinski–Harabasz at least 0", () => {
  fc.assert(
    fc.property(labelled, ({ m, labels }) => {
      const samples = silhouetteSamples(m, labels);
      ok(samples.every((s) => s >= -1 - 1e-12 && s <= 1 + 1e-12), "sample out of [-1, 1]");
      const score = silhouetteScore(m, labels);
      ok(score >= -1 - 1e-12 && score <= 1 + 1e-12, `silhouette ${score}`);
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      ok(close(score, mean, 1), `score ${score} is not the mean of the samples ${mean}`);
      const db = daviesBouldinScore(m, labels);
      ok(Number.isFinite(db) && db >= 0, `Davies–Bouldin ${db}`);
      const ch = calinskiHarabaszScore(m, labels);
      ok(ch >= 0 && !Number.isNaN(ch), `Calinski–Harabasz ${ch}`);
    }),
    { seed: SEED, numRuns: 150 },
  );
});

Deno.test("property: adjusted Rand index is symmetric, at most 1, and 1 under renumbering", () => {
  const labels = fc.integer({ min: 2, max: 40 }).chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
    )
  );
  fc.assert(
    fc.property(labels, ([a, b]) => {
      const ab = adjustedRandIndex(a, b);
      ok(close(ab, adjustedRandIndex(b, a), 1), "not symmetric");
      ok(ab <= 1 + 1e-12, `ARI ${ab} above 1`);
      ok(ab === 1 || adjustedRandIndex(a, a.map((x) => 7 - x)) === 1, "renumbering changes ARI");
    }),
    { seed: SEED, numRuns: 300 },
  );
});
