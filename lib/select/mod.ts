/**
 * Choosing a model: the number of segments (elbow knee, silhouette), DBSCAN's radius from the
 * k-distance knee, stability under resampling, and a recommendation between algorithms.
 *
 * @module
 */
export {
  CHOOSE_K_SAMPLE_SIZE,
  chooseK,
  type ChooseKOptions,
  type KChoice,
  type KSweepPoint,
  SILHOUETTE_MARGIN,
} from "./choose_k.ts";
export {
  type ClusterStability,
  clusterStability,
  type StabilityOptions,
  type StabilityResult,
} from "./stability.ts";
export {
  clusteredRows,
  type ClusteringSummary,
  comparisonRows,
  type Recommendation,
  recommendClustering,
  type RecommendOptions,
  summariseClustering,
  type SummariseOptions,
} from "./recommend.ts";
