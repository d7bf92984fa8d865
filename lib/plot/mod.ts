/**
 * Chart builders (Observable Plot, rendered server-side).
 *
 * @module
 */
export {
  type Chart,
  chartDocument,
  chartFromHTML,
  composeFigure,
  type FigureParts,
  renderPlot,
} from "./chart.ts";
export {
  DARK_TEXT,
  NOISE_COLOR,
  SEGMENT_COLORS,
  segmentColors,
  segmentColorScale,
  textColorOn,
} from "./palette.ts";
export { CHART_FONT, CHART_STYLE, textWidth } from "./theme.ts";
export {
  type ProfileLike,
  profileRows,
  segmentOverviewChart,
  type SegmentOverviewOptions,
} from "./segment_overview_chart.ts";
export { profileHeatmap, type ProfileHeatmapOptions } from "./profile_heatmap.ts";
export {
  type BoxStats,
  boxStats,
  featureDistributions,
  type FeatureDistributionsOptions,
} from "./feature_distributions.ts";
export {
  checkSweep,
  CHOICE_COLOR,
  elbowChart,
  type ElbowChartOptions,
  usedKReason,
} from "./elbow_chart.ts";
export { silhouetteByKChart, type SilhouetteByKOptions } from "./silhouette_by_k_chart.ts";
export { pcaScatter, type PCAScatterOptions } from "./pca_scatter.ts";
export { clusterSizesChart, type ClusterSizesOptions } from "./cluster_sizes_chart.ts";
export { kDistanceChart, type KDistanceChartOptions } from "./k_distance_chart.ts";
export { dendrogramChart, type DendrogramChartOptions } from "./dendrogram_chart.ts";
export { silhouetteKnifeChart, type SilhouetteKnifeOptions } from "./silhouette_knife_chart.ts";
export { centreHeatmap, type CentreHeatmapOptions } from "./centre_heatmap.ts";
export { pairScatter, type PairScatterOptions } from "./pair_scatter.ts";
export { stabilityChart, type StabilityChartOptions } from "./stability_chart.ts";
export { bicChart, type BICChartOptions } from "./bic_chart.ts";
export { rfmDistributionsChart, type RFMDistributionsOptions } from "./rfm_distributions.ts";
export {
  rfmGridChart,
  rfmSegmentColorScale,
  rfmSegmentsChart,
  type RFMSegmentsChartOptions,
} from "./rfm_segments_chart.ts";
export { migrationChart, type MigrationChartOptions } from "./migration_chart.ts";
export { productLiftChart, type ProductLiftChartOptions } from "./product_lift_chart.ts";
export { forecastChart, type ForecastChartOptions } from "./forecast_chart.ts";
export { pAliveHeatmap, type PAliveHeatmapOptions } from "./p_alive_heatmap.ts";
export { clvSegmentsChart, type CLVSegmentsChartOptions } from "./clv_segments_chart.ts";
export { holdoutChart, type HoldoutChartOptions } from "./holdout_chart.ts";
