/**
 * K-means in the registry: seeded k-means++ restarts (`nInit`), new rows to
 * the nearest centre, k chosen by the elbow and silhouette of the k sweep.
 *
 * @module
 */
import type { ClusterAlgorithm } from "./algorithm.ts";
import { type CentroidModel, centroidModelProblem, nearestCentre } from "./centroids.ts";
import { formatFigure } from "./figure.ts";
import { fitKMeans } from "./kmeans.ts";

/** K-means: its entry in the registry. */
export const KMEANS: ClusterAlgorithm<CentroidModel> = {
  name: "kmeans",
  title: "k-means",
  choiceText: "k-means",
  usesK: true,
  parameters: [],
  fit(data, { k, seed, nInit }) {
    const fit = fitKMeans(data.scaled, { k, seed, nInit });
    const centroids = fit.model.centroids.map((c) => [...c]);
    return {
      labels: fit.labels,
      model: {
        kind: "kmeans",
        columns: [...data.scaled.columns],
        centroids,
        nClusters: k,
        parameters: { k },
      },
      nClusters: k,
      centroids,
      inertia: fit.inertia,
      parameters: { k },
      description: `k-means with k = ${k} (${nInit} seeded starts, seed ${seed}): ` +
        `inertia ${formatFigure(fit.inertia)} after ${fit.nIter} iterations`,
    };
  },
  assign: (model, data) => nearestCentre(model.centroids, data.scaled),
  checkModel: centroidModelProblem,
};
