/**
 * Chart builders (Observable Plot, rendered server-side).
 *
 * @module
 */
export * from "./chart.ts";
export * from "./palette.ts";
export * from "./theme.ts";
export * from "./segment_overview_chart.ts";
export * from "./profile_heatmap.ts";
export * from "./feature_distributions.ts";
export * from "./elbow_chart.ts";
export * from "./silhouette_by_k_chart.ts";
export * from "./pca_scatter.ts";
export * from "./cluster_sizes_chart.ts";
export * from "./k_distance_chart.ts";
export * from "./dendrogram_chart.ts";
export * from "./silhouette_knife_chart.ts";
export * from "./centre_heatmap.ts";
export * from "./pair_scatter.ts";
export * from "./stability_chart.ts";
export * from "./bic_chart.ts";
export * from "./rfm_distributions.ts";
export * from "./rfm_segments_chart.ts";
export * from "./migration_chart.ts";
export * from "./product_lift_chart.ts";
export * from "./forecast_chart.ts";
