/**
 * The Gaussian mixture in the registry: its covariance declared once, new
 * rows to their most probable component, and its own way of choosing k: the
 * lowest BIC of a mixture per k.
 *
 * @module
 */
import type { ClusterAlgorithm } from "./algorithm.ts";
import { formatFigure } from "./figure.ts";
import { assignGMM, type CovarianceType, fitGMM, type GMMModel } from "./gmm.ts";
import { type GMMSweepPoint, sweepGMM } from "./gmm_sweep.ts";
import { declareParameter, oneOf, parameterValue } from "./parameter.ts";

/** The mixture's covariance: `full` (default) or `diag`. */
export const COVARIANCE = declareParameter<CovarianceType>({
  name: "covariance",
  label: "Covariance",
  values: "full|diag",
  defaultText: "full",
  help: "each component's covariance; --k auto picks the lowest BIC",
  algorithm: "gmm",
  choices: [["full", "full"], ["diag", "diagonal"]],
  parse: oneOf("covariance", ["full", "diag"] as const),
});

/** The Gaussian mixture: its entry in the registry. */
export const GMM: ClusterAlgorithm<GMMModel> = {
  name: "gmm",
  title: "Gaussian mixture",
  choiceText: "Gaussian mixture",
  usesK: true,
  parameters: [COVARIANCE],
  fit(data, { k, seed, parameters }) {
    const covariance = parameterValue(COVARIANCE, parameters);
    const fit = fitGMM(data.scaled, { k, covariance, seed, file: data.file });
    const nClusters = new Set(fit.labels).size;
    return {
      labels: fit.labels,
      model: fit.model,
      nClusters,
      parameters: { k: nClusters, covariance: fit.model.covariance },
      description: `Gaussian mixture with k = ${k}, ${covariance} covariance (seed ${seed}): ` +
        `log-likelihood ${formatFigure(fit.logLikelihood)}, BIC ${formatFigure(fit.bic)}, ` +
        (fit.model.converged
          ? `converged after ${fit.model.nIter} iterations`
          : `not converged after ${fit.model.nIter} iterations`),
    };
  },
  assign: (model, data) => assignGMM(model, data.scaled).labels,
  checkModel(model, { width, k }) {
    const m = model as Partial<GMMModel> | null;
    if (m === null || typeof m !== "object" || m.kind !== "gmm") return "no mixture";
    if (
      !Array.isArray(m.means) || !Array.isArray(m.weights) || m.means.length !== m.k ||
      m.weights.length !== m.k || m.k! < k
    ) {
      return `the mixture needs ${k} means and weights`;
    }
    if (m.means.some((mean) => !Array.isArray(mean) || mean.length !== width)) {
      return `each mixture mean needs ${width} numbers`;
    }
    return undefined;
  },
  chooseK(data, { kMin, kMax, seed, parameters, onProgress }) {
    const covariance = parameterValue(COVARIANCE, parameters);
    const bic = sweepGMM(data.scaled, {
      kMin,
      kMax,
      seed,
      covariance,
      file: data.file,
      onProgress,
    });
    const best = bic.sweep.find((p) => p.k === bic.bestK)!;
    return {
      k: bic.bestK,
      reason: `k = ${bic.bestK}: lowest BIC of the mixtures tried (${best.bic.toFixed(1)})`,
      criterion: "bic",
      sweep: bic.sweep satisfies GMMSweepPoint[],
    };
  },
};
