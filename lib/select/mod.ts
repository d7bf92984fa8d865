/**
 * Choosing a model: the number of segments (elbow knee, silhouette), DBSCAN's radius from the
 * k-distance knee, stability under resampling, and a recommendation between algorithms.
 *
 * @module
 */
export * from "./choose_k.ts";
export * from "./stability.ts";
export * from "./recommend.ts";
