/**
 * DBSCAN in the registry: it finds the number of clusters itself, from its
 * radius (`eps`, suggested at the k-distance knee when not given) and
 * `minSamples`; new rows go to the nearest cluster mean, never to noise.
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
import { fitDBSCAN } from "./dbscan.ts";
import { formatFigure } from "./figure.ts";
import { suggestEps } from "./k_distance.ts";
import { declareParameter, parameterValue, positiveNumber, wholeNumber } from "./parameter.ts";

/** DBSCAN's radius in scaled units; blank: from the k-distance knee. */
export const EPS = declareParameter<number | undefined>({
  name: "eps",
  label: "Radius (eps)",
  values: "X",
  defaultText: "",
  help: "radius in scaled units; blank: from the k-distance knee",
  algorithm: "dbscan",
  parse: positiveNumber("eps", "a distance above 0 in scaled units"),
});

/** DBSCAN's min_samples, the point itself counted. */
export const MIN_SAMPLES = declareParameter<number>({
  name: "minSamples",
  label: "Min samples",
  values: "N",
  defaultText: "5",
  help: "rows within eps, the row itself counted, for a core row",
  algorithm: "dbscan",
  parse: wholeNumber("min-samples", 1),
});

/** DBSCAN: its entry in the registry. */
export const DBSCAN: ClusterAlgorithm<CentroidModel> = {
  name: "dbscan",
  title: "DBSCAN",
  choiceText: "DBSCAN (density; finds k itself)",
  usesK: false,
  parameters: [EPS, MIN_SAMPLES],
  fit(data, { parameters }) {
    const m = data.scaled;
    const minSamples = parameterValue(MIN_SAMPLES, parameters);
    let eps = parameterValue(EPS, parameters), how = "given";
    if (eps === undefined) {
      const suggestion = suggestEps(m, { minSamples });
      eps = suggestion.eps;
      how = `from the ${suggestion.reason}`;
    }
    const fit = fitDBSCAN(m, { eps, minSamples });
    const share = fit.nNoise / m.rows;
    const used = { eps, minSamples };
    return {
      labels: fit.labels,
      model: centroidModel("dbscan", m, { ...fit, parameters: used }),
      nClusters: fit.nClusters,
      parameters: used,
      description:
        `DBSCAN with eps = ${formatFigure(eps)} (${how}) and min samples ${minSamples}: ` +
        `${fit.nClusters} cluster${fit.nClusters === 1 ? "" : "s"}, ` +
        `${fit.nNoise} noise row${fit.nNoise === 1 ? "" : "s"} (${(100 * share).toFixed(1)}%)`,
    };
  },
  assign: (model, data) => nearestCentre(model.centroids, data.scaled),
  checkModel: centroidModelProblem,
};
