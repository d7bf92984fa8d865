/**
 * The registry of clustering algorithms: one line per algorithm. Adding an
 * algorithm is one new file declaring a {@link ClusterAlgorithm} and one
 * `registerAlgorithm` line here (or in the caller's code, before it runs).
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { ClusterAlgorithm } from "./algorithm.ts";
import type { ParameterDeclaration } from "./parameter.ts";
import { KMEANS } from "./kmeans_entry.ts";
import { KPROTOTYPES } from "./kprototypes_entry.ts";
import { GMM } from "./gmm_entry.ts";
import { AGGLOMERATIVE } from "./agglomerative_entry.ts";
import { DBSCAN } from "./dbscan_entry.ts";

const REGISTRY = new Map<string, ClusterAlgorithm>();

/**
 * Add an algorithm to the registry (its name must be new); the segmentation
 * pipeline, the command line's `--algorithm` and the app then know it.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { algorithmEntry, registerAlgorithm } from "./registry.ts";
 * registerAlgorithm({
 *   name: "one-cluster", title: "One cluster", choiceText: "one cluster", usesK: false, parameters: [],
 *   fit: (data) => ({
 *     labels: new Int32Array(data.scaled.rows), model: {}, nClusters: 1, parameters: {},
 *     description: "every row in one cluster",
 *   }),
 *   assign: (_model, data) => new Int32Array(data.scaled.rows),
 *   checkModel: () => undefined,
 * });
 * equal(algorithmEntry("one-cluster").title, "One cluster");
 * ```
 */
export function registerAlgorithm<M>(entry: ClusterAlgorithm<M>): void {
  if (REGISTRY.has(entry.name)) {
    throw new InputError(`An algorithm named "${entry.name}" is already registered`, {
      hint: "give the new algorithm a name of its own",
    });
  }
  for (const p of entry.parameters) {
    if (p.algorithm !== entry.name) {
      throw new InputError(
        `Parameter ${p.name} of ${entry.name} declares algorithm ${p.algorithm}`,
        {
          hint: `declare it with algorithm: "${entry.name}"`,
        },
      );
    }
  }
  REGISTRY.set(entry.name, entry as ClusterAlgorithm);
}

/**
 * The names of the registered algorithms, in the order they are offered.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { algorithmNames } from "./registry.ts";
 * deepEqual(algorithmNames().slice(0, 5), ["kmeans", "kprototypes", "gmm", "agglomerative", "dbscan"]);
 * ```
 */
export function algorithmNames(): string[] {
  return [...REGISTRY.keys()];
}

/**
 * The registry's entry for a name; an unknown name is an {@link InputError} listing the known ones.
 *
 * @example
 * ```ts
 * import { equal, throws } from "node:assert/strict";
 * import { algorithmEntry } from "./registry.ts";
 * equal(algorithmEntry("gmm").title, "Gaussian mixture");
 * throws(() => algorithmEntry("spectral"), /Unknown algorithm: "spectral"/);
 * ```
 */
export function algorithmEntry(name: string): ClusterAlgorithm {
  const entry = REGISTRY.get(name);
  if (entry === undefined) {
    throw new InputError(`Unknown algorithm: "${name}"`, {
      hint: `use one of ${algorithmNames().join(", ")}`,
    });
  }
  return entry;
}

/**
 * Every registered algorithm's own parameters, each naming its algorithm.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { algorithmParameters } from "./registry.ts";
 * deepEqual(
 *   algorithmParameters().slice(0, 5).map((p) => `${p.algorithm}.${p.name}`),
 *   ["kprototypes.gamma", "gmm.covariance", "agglomerative.linkage", "dbscan.eps", "dbscan.minSamples"],
 * );
 * ```
 */
export function algorithmParameters(): ParameterDeclaration[] {
  return [...REGISTRY.values()].flatMap((entry) => entry.parameters);
}

registerAlgorithm(KMEANS);
registerAlgorithm(KPROTOTYPES);
registerAlgorithm(GMM);
registerAlgorithm(AGGLOMERATIVE);
registerAlgorithm(DBSCAN);
