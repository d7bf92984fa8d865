/**
 * The parameters every seeded algorithm shares, declared once: the seed of
 * every random step and the number of k-means restarts (k-means,
 * k-prototypes and the k sweep).
 *
 * @module
 */
import { declareParameter, wholeNumber } from "./parameter.ts";

/** The seed of every random step. */
export const SEED = declareParameter<number>({
  name: "seed",
  label: "Seed",
  values: "N",
  defaultText: "0",
  help: "seed of every random step (same seed, same segments)",
  parse: wholeNumber("seed", 0),
});

/** K-means restarts. */
export const N_INIT = declareParameter<number>({
  name: "nInit",
  label: "Restarts",
  values: "N",
  defaultText: "10",
  help: "k-means restarts, best kept (k-means, k-prototypes and the k sweep)",
  parse: wholeNumber("n-init", 1),
});
