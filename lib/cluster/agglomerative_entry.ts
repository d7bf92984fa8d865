/**
 * Agglomerative clustering in the registry: the merge tree cut at k, its
 * linkage declared once; new rows go to the nearest cluster mean.
 *
 * @module
 */
import type { ClusterAlgorithm } from "./algorithm.ts";
import {
  type CentroidModel,
  centroidModel,
  centroidModelProblem,
  nearestCentre,
} from "./centroids.ts";
import { formatFigure } from "./figure.ts";
import { fitAgglomerative, type Linkage } from "./hierarchical.ts";
import { declareParameter, oneOf, parameterValue } from "./parameter.ts";

const LINKAGES = ["ward", "complete", "average"] as const satisfies readonly Linkage[];

/** How clusters merge: `ward` (default), `complete` or `average`. */
export const LINKAGE = declareParameter<Linkage>({
  name: "linkage",
  label: "Linkage",
  values: LINKAGES.join("|"),
  defaultText: "ward",
  help: "how clusters merge",
  algorithm: "agglomerative",
  choices: [["ward", "Ward"], ["complete", "complete"], ["average", "average"]],
  parse: oneOf("linkage", LINKAGES),
});

/** Agglomerative clustering: its entry in the registry. */
export const AGGLOMERATIVE: ClusterAlgorithm<CentroidModel> = {
  name: "agglomerative",
  title: "Agglomerative",
  choiceText: "agglomerative (hierarchical)",
  usesK: true,
  parameters: [LINKAGE],
  fit(data, { k, parameters }) {
    const linkage = parameterValue(LINKAGE, parameters);
    const fit = fitAgglomerative(data.scaled, { k, linkage });
    const top = fit.merges.at(-(k - 1) || fit.merges.length);
    const used = { k, linkage };
    return {
      labels: fit.labels,
      model: centroidModel("agglomerative", data.scaled, {
        labels: fit.labels,
        nClusters: k,
        parameters: used,
      }),
      nClusters: k,
      parameters: used,
      description: `Agglomerative clustering with ${linkage} linkage cut at k = ${k}` +
        (top && k > 1
          ? ` (the next merge would join clusters at height ${formatFigure(top.height)})`
          : ""),
    };
  },
  assign: (model, data) => nearestCentre(model.centroids, data.scaled),
  checkModel: centroidModelProblem,
};
