/**
 * Segment profiles, findings and naming.
 *
 * @module
 */
export {
  type IndexMethod,
  type Labels,
  profileClusters,
  type ProfileIndex,
  profileIndex,
  type ProfileIndexCell,
  type ProfileIndexOptions,
  type ProfileOptions,
} from "./profile_clusters.ts";
export {
  type FeatureIndex,
  MEMBER_SEGMENT_RULES,
  nameSegments,
  type NameSegmentsOptions,
  type SegmentNamesResult,
  segmentNamesTable,
  type SegmentNaming,
  type SegmentRule,
  segmentRulesTable,
} from "./segment_names.ts";
export {
  type RelativeLevels,
  rfmProfileRows,
  rfmValueLabels,
  VALUE_LABEL_RULES,
  type ValueLabel,
  valueLabelNames,
  type ValueLabelRule,
} from "./value_labels.ts";
export { type SegmentShare, segmentShares, type SegmentSharesOptions } from "./segment_shares.ts";
export {
  levelHighlights,
  type LevelProfileOptions,
  type LevelShare,
  profileLevels,
  textColumns,
} from "./level_profile.ts";
export { featureLabel, type FeatureRole, featureRoles, roleRows } from "./customer_roles.ts";
export {
  describeSegments,
  type DescribeSegmentsOptions,
  parseSegmentRenames,
  renameSegments,
  type SegmentDescription,
  type SegmentDescriptions,
  type SegmentTrait,
} from "./segment_descriptions.ts";
