import { deepEqual, equal, match, ok, throws } from "node:assert/strict";
import { algorithmEntry, algorithmNames, registerAlgorithm } from "../../lib/cluster/registry.ts";
import type { ClusterData } from "../../lib/cluster/algorithm.ts";
import { categoricalFromRows } from "../../lib/cluster/categorical_matrix.ts";
import { fitKMeans } from "../../lib/cluster/kmeans.ts";
import { sweepGMM } from "../../lib/cluster/gmm_sweep.ts";
import { fixtureMatrix } from "./algorithms_fixture.ts";

const scaled = fixtureMatrix("X4");
const data: ClusterData = {
  scaled,
  numeric: scaled,
  categorical: categoricalFromRows(Array.from({ length: scaled.rows }, () => [])),
};
const settings = { k: 4, seed: 3, nInit: 10 };

Deno.test("the registry offers the five algorithms, each declaring its own parameters", () => {
  deepEqual(algorithmNames(), ["kmeans", "kprototypes", "gmm", "agglomerative", "dbscan"]);
  const owned = algorithmNames().flatMap((name) =>
    algorithmEntry(name).parameters.map((p) => `${p.algorithm}.${p.name}=${p.defaultText}`)
  );
  deepEqual(owned, [
    "kprototypes.gamma=",
    "gmm.covariance=full",
    "agglomerative.linkage=ward",
    "dbscan.eps=",
    "dbscan.minSamples=5",
  ]);
  equal(algorithmEntry("dbscan").usesK, false);
  ok(algorithmNames().every((n) => n === "dbscan" || algorithmEntry(n).usesK));
});

Deno.test("every algorithm's saved model is plain JSON that assigns its training rows to their clusters", () => {
  for (const name of algorithmNames()) {
    const entry = algorithmEntry(name);
    const parameters = {};
    const fit = entry.fit(data, { ...settings, parameters });
    const model = JSON.parse(JSON.stringify(fit.model));
    equal(entry.checkModel(model, { width: scaled.cols, k: fit.nClusters }), undefined, name);
    const again = entry.assign(model, data);
    const clustered = Array.from(fit.labels.keys()).filter((i) => fit.labels[i]! >= 0);
    ok(clustered.length > scaled.rows * 0.5, `${name}: most rows clustered (${clustered.length})`);
    const agree = clustered.filter((i) => again[i] === fit.labels[i]).length;
    // k-means, k-prototypes and the mixture assign exactly; the others by the nearest mean.
    ok(
      agree / clustered.length >= (["dbscan", "agglomerative"].includes(name) ? 0.95 : 1),
      `${name}: ${agree} of ${clustered.length} rows assigned to their own cluster`,
    );
    match(fit.description, /\d/, name);
    ok(again.every((l) => l >= 0), `${name} never assigns noise`);
  }
});

Deno.test("k-means through the registry is fitKMeans; the mixture chooses k by its own BIC sweep", () => {
  const fit = algorithmEntry("kmeans").fit(data, { ...settings, parameters: {} });
  deepEqual(fit.labels, fitKMeans(scaled, { k: 4, seed: 3, nInit: 10 }).labels);
  const choice = algorithmEntry("gmm").chooseK!(data, {
    kMin: 1,
    kMax: 6,
    seed: 0,
    parameters: {},
  });
  const bic = sweepGMM(scaled, { kMin: 1, kMax: 6, seed: 0 });
  equal(choice.k, bic.bestK);
  equal(choice.criterion, "bic");
  deepEqual(choice.sweep, bic.sweep);
  match(choice.reason, new RegExp(`^k = ${bic.bestK}: lowest BIC of the mixtures tried`));
  equal(algorithmEntry("kmeans").chooseK, undefined);
});

Deno.test("a saved model that does not fit its algorithm is named, and names are registered once", () => {
  const gmm = algorithmEntry("gmm");
  equal(gmm.checkModel({ kind: "kmeans" }, { width: 2, k: 2 }), "no mixture");
  match(
    String(
      algorithmEntry("kmeans").checkModel({ centroids: [[0, 0]], nClusters: 1 }, {
        width: 2,
        k: 2,
      }),
    ),
    /1 centres for k = 2/,
  );
  throws(() => registerAlgorithm(gmm), /An algorithm named "gmm" is already registered/);
  throws(() => algorithmEntry("spectral"), /Unknown algorithm: "spectral".*kmeans, kprototypes/);
});
