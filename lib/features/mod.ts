/**
 * Feature building: derived columns, binning, encoding and transforms.
 *
 * @module
 */
export * from "./bin.ts";
export * from "./derive.ts";
export * from "./encode.ts";
export * from "./rfm.ts";
export * from "./rfm_scores.ts";
export * from "./rfm_segments.ts";
export * from "./transform.ts";
export * from "./pick_features.ts";
export * from "./segment_migration.ts";
export * from "./pca.ts";
