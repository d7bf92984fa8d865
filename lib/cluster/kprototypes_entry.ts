/**
 * K-prototypes in the registry: numbers and text levels clustered together
 * (text columns as level codes, `gamma` weighing one mismatch), started by
 * Cao's method; new rows go to the nearest prototype.
 *
 * @module
 */
import type { ClusterAlgorithm } from "./algorithm.ts";
import { formatFigure } from "./figure.ts";
import { assignKPrototypes, fitKPrototypes, type KPrototypesModel } from "./kprototypes.ts";
import { declareParameter, parameterValue } from "./parameter.ts";
import { InputError } from "../errors.ts";

/** Weight of one text mismatch; blank: half the mean standard deviation of the scaled numbers. */
export const GAMMA = declareParameter<number | undefined>({
  name: "gamma",
  label: "Text weight (gamma)",
  values: "X",
  defaultText: "",
  help: "weight of one text mismatch; blank: 0.5 × mean SD of the numbers",
  algorithm: "kprototypes",
  parse(text) {
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) {
      throw new InputError(`Invalid gamma: "${text}"`, { hint: "give a number, 0 or more" });
    }
    return n;
  },
});

/** K-prototypes: its entry in the registry. */
export const KPROTOTYPES: ClusterAlgorithm<KPrototypesModel> = {
  name: "kprototypes",
  title: "k-prototypes",
  choiceText: "k-prototypes (numbers and text)",
  usesK: true,
  parameters: [GAMMA],
  fit(data, { k, seed, nInit, parameters }) {
    const fit = fitKPrototypes(data.numeric, data.categorical, {
      k,
      seed,
      nInit,
      gamma: parameterValue(GAMMA, parameters),
      init: "cao",
    });
    return {
      labels: fit.labels,
      model: fit.model,
      nClusters: k,
      inertia: fit.cost,
      parameters: { k, gamma: fit.model.gamma, init: fit.model.init },
      description: `k-prototypes with k = ${k}, gamma ${formatFigure(fit.model.gamma)} ` +
        `(${nInit} starts, seed ${seed}): cost ${formatFigure(fit.cost)}`,
    };
  },
  assign: (model, data) => assignKPrototypes(model, data.numeric, data.categorical),
  checkModel(model, { k }) {
    const m = model as Partial<KPrototypesModel> | null;
    if (m === null || typeof m !== "object" || m.kind !== "kprototypes") return "no prototypes";
    if (
      !Array.isArray(m.centroidsNumeric) || !Array.isArray(m.centroidsCategorical) ||
      m.k !== k || m.centroidsNumeric.length !== k || m.centroidsCategorical.length !== k
    ) {
      return `k-prototypes needs ${k} prototypes`;
    }
    return undefined;
  },
};
