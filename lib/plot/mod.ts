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
