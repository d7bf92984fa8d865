/**
 * Numeric matrices, scaling, clustering, metrics and choosing k.
 *
 * @module
 */
export * from "./matrix.ts";
export * from "./kd_tree.ts";
export * from "./dbscan.ts";
export * from "./k_distance.ts";
export * from "./adjusted_rand.ts";
