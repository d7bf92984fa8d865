/**
 * Feature building: derived columns, binning, encoding and transforms.
 *
 * @module
 */
export {
  AGE_BANDS,
  binColumn,
  binLabels,
  type BinSpec,
  binValues,
  MEMBERSHIP_BANDS,
} from "./bin.ts";
export {
  deriveMemberFeatures,
  type DeriveMemberOptions,
  latestYear,
  resolveAsOfYear,
} from "./derive.ts";
export {
  applyOneHot,
  type ApplyOneHotOptions,
  fitOneHot,
  type FitOneHotOptions,
  oneHotColumns,
  type OneHotModel,
} from "./encode.ts";
export {
  aggregateRFM,
  type AggregateRFMOptions,
  defaultAsOf,
  parseAsOf,
  RFM_FEATURES,
  type RFMAggregateOptions,
  rfmAggregateSQL,
  rfmPipelineSQL,
  type RFMResult,
  type TransactionsRFM,
  transactionsToRFM,
  type TransactionsToRFMOptions,
} from "./rfm.ts";
export {
  quantileScores,
  type QuantileScoresOptions,
  type QuintileMethod,
  rankFirst,
  scoreRFM,
  type ScoreRFMOptions,
  sortedQuantile,
} from "./rfm_scores.ts";
export {
  assignSegments,
  RFM_SEGMENT_ACTIONS,
  RFM_SEGMENT_RULES,
  type RFMSegmentRule,
  rfmSegments,
  segmentGrid,
  segmentOrder,
  UNCLASSIFIED,
} from "./rfm_segments.ts";
export { log1pMatrix, type Log1pOptions, skewedColumns, skewness } from "./transform.ts";
export {
  type FeaturePick,
  isIdLikeName,
  pickNumericFeatures,
  type SkippedColumn,
} from "./pick_features.ts";
export {
  crosstab,
  type CrosstabOptions,
  type MigrationCell,
  migrationMatrix,
  NOT_YET_CUSTOMER,
  type SegmentMigration,
  segmentMigration,
  type SegmentMigrationOptions,
} from "./segment_migration.ts";
export { applyPCA, fitPCA, type PCAModel, type PCAOptions } from "./pca.ts";
