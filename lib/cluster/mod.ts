/**
 * Numeric matrices, scaling, clustering, metrics and choosing k.
 *
 * @module
 */
export * from "./matrix.ts";
export * from "./scale.ts";
export * from "./kmeans.ts";
export * from "./kmeans_plus_plus.ts";
export * from "./inertia.ts";
export * from "./silhouette.ts";
export * from "./davies_bouldin.ts";
export * from "./calinski_harabasz.ts";
export * from "./knee.ts";
export * from "./choose_k.ts";
export * from "./pca.ts";
export * from "./kd_tree.ts";
export * from "./dbscan.ts";
export * from "./k_distance.ts";
export * from "./adjusted_rand.ts";
export * from "./hierarchical.ts";
export * from "./gmm.ts";
export * from "./run_algorithm.ts";
export * from "./stability.ts";
export * from "./recommend.ts";
export * from "./segmentation.ts";
export * from "./segmentation_parameters.ts";
export * from "./segmentation_outputs.ts";
export * from "./segment_run.ts";
export * from "./kprototypes.ts";
