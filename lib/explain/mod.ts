/**
 * Explaining and acting on segments: readable rules from a shallow decision
 * tree, the features that set each segment apart, what each segment buys,
 * where segments head next, and per-segment exports for a CRM.
 *
 * @module
 */
export {
  applyDecisionTree,
  checkTreeInput,
  type DecisionTreeModel,
  type DecisionTreeOptions,
  fitDecisionTree,
  predictDecisionTree,
  type TreeNode,
} from "./decision_tree.ts";
export {
  formatRuleShare,
  formatThreshold,
  type LeafRule,
  ruleAccuracy,
  type RuleCondition,
  ruleConditionsText,
  ruleSentence,
  type RuleTextOptions,
  segmentLabel,
  segmentRules,
} from "./segment_rules.ts";
export {
  type FeatureDifference,
  type SegmentTopFeatures,
  topFeatures,
  type TopFeaturesOptions,
} from "./top_features.ts";
export {
  explainSegments,
  type ExplainSegmentsOptions,
  type SegmentExplanation,
} from "./explain_segments.ts";
export { explainSegmentsOffThread, OFF_THREAD_ROWS } from "./explain_off_thread.ts";
export {
  type CustomerProducts,
  type CustomerSegments,
  type LiftRecommendation,
  type LiftRecommendationOptions,
  liftRecommendations,
  productLift,
  type ProductLiftOptions,
  type ProductLiftRow,
} from "./product_lift.ts";
export {
  customerProducts,
  customerProductsSQL,
  lineDescriptionsSQL,
  productDescriptions,
  type ProductDescriptionsOptions,
  segmentProducts,
  type SegmentProductsOptions,
} from "./customer_products.ts";
export {
  forecastRows,
  type ForecastSize,
  markovForecast,
  type MarkovForecastOptions,
  type MigrationInput,
  type SegmentForecast,
  transitionRows,
  type TransitionShare,
} from "./markov_forecast.ts";
export {
  indexFromRules,
  type IndexFromRulesOptions,
  type SegmentExport,
  segmentExportFiles,
  segmentFileName,
  type SegmentIndexEntry,
  type SegmentIndexRow,
  writeSegmentExport,
  type WriteSegmentExportOptions,
} from "./crm_export.ts";
export { rfmSegmentDefinitions, rfmSegmentIndex, rfmSegmentLabels } from "./rfm_playbook.ts";
