/**
 * Clustering algorithms, one file each, behind one registry: k-means, k-prototypes, DBSCAN,
 * agglomerative (Ward, complete, average) and the Gaussian mixture.
 *
 * @module
 */
export * from "./kmeans.ts";
export * from "./kmeans_plus_plus.ts";
export * from "./kd_tree.ts";
export * from "./dbscan.ts";
export * from "./hierarchical.ts";
export * from "./gmm.ts";
export * from "./kprototypes.ts";
export * from "./run_algorithm.ts";
export * from "./knee.ts";
export * from "./k_distance.ts";
