/**
 * Clustering algorithms, one file each, behind one registry: k-means, k-prototypes, DBSCAN,
 * agglomerative (Ward, complete, average) and the Gaussian mixture; their parameters declared
 * once in their registry entries.
 *
 * @module
 */
export * from "./algorithm.ts";
export * from "./parameter.ts";
export * from "./shared_parameters.ts";
export * from "./registry.ts";
export * from "./centroids.ts";
export * from "./kmeans.ts";
export * from "./kmeans_entry.ts";
export * from "./kmeans_plus_plus.ts";
export * from "./kd_tree.ts";
export * from "./dbscan.ts";
export * from "./dbscan_entry.ts";
export * from "./hierarchical.ts";
export * from "./agglomerative_entry.ts";
export * from "./gmm.ts";
export * from "./gmm_entry.ts";
export * from "./kprototypes.ts";
export * from "./kprototypes_entry.ts";
export * from "./run_algorithm.ts";
export * from "./knee.ts";
export * from "./k_distance.ts";
