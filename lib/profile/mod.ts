/**
 * Segment profiles, findings and naming.
 *
 * @module
 */
export * from "./profile_clusters.ts";
export * from "./segment_names.ts";
export * from "./value_labels.ts";
export * from "./segment_shares.ts";
export * from "./level_profile.ts";
