/**
 * The segmentation pipeline: read → prepare → scale → cluster → metrics → explain → write, the
 * one the command line, the app and notebook 04 run; its parameters (declared once), fitting and
 * assigning a table, the saved model and the output files.
 *
 * @module
 */
export {
  assertNoConstantFeatures,
  assignRows,
  assignSegmentation,
  checkModel,
  fitSegmentation,
  labelsOfRowsUsed,
  type SegmentationAlgorithm,
  type SegmentationFit,
  type SegmentationMetrics,
  type SegmentationModel,
  type SegmentationOptions,
} from "./segmentation.ts";
export { modelFromText, type SavedClustering } from "./segmentation_model.ts";
export { inertiaAbout, segmentationMetrics } from "./segmentation_metrics.ts";
export {
  type BICChoice,
  isBICChoice,
  isSweepChoice,
  segmentCount,
  type SegmentCountChoice,
  type SegmentCountOptions,
} from "./segment_count.ts";
export { clusterData } from "./cluster_data.ts";
export { type AssignedTable, assignTable, type SegmentAssignment } from "./assign_table.ts";
export {
  parseSegmentationParameters,
  type SegmentationParameters,
  type SegmentationParameterText,
} from "./parameters.ts";
export {
  ALGORITHM,
  AS_OF,
  CATEGORICAL,
  DATE_FORMAT,
  DATES,
  FEATURES,
  K,
  K_MAX,
  K_MIN,
  LOG,
  MISSING,
  N_INIT,
  PIPELINE_PARAMETERS,
  SCALE,
  SEED,
  segmentationParameterDeclarations,
} from "./segmentation_parameters.ts";
export { notebookParameterLines, notebookParameterObject } from "./parameter_cell.ts";
export {
  assignmentNotes,
  enrichedTable,
  segmentationFiles,
  type SegmentationOutputOptions,
  segmentationSummary,
  writeSegmentationOutputs,
} from "./outputs.ts";
export { type SegmentRun, type SegmentRunOptions, segmentTable } from "./segment_table.ts";
