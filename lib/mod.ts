/**
 * The customer-segmentation library: read data, clean, anonymise, build
 * features, cluster, choose k, profile and chart. Notebooks and the command
 * line call into this module.
 *
 * @module
 */
export {
  type ErrorLocation,
  InputError,
  inputErrorWithMessage,
  isInputError,
  type PostedError,
  postedError,
} from "./errors.ts";
export { createRandom, type Random } from "./random.ts";
export {
  createMatrix,
  type Matrix,
  matrixColumn,
  matrixFromRows,
  matrixFromTable,
  type MatrixFromTableOptions,
  matrixRowsAt,
  matrixToRows,
} from "./matrix.ts";
export {
  assertClusterCount,
  assertFiniteMatrix,
  type EncodedLabels,
  encodeLabels,
} from "./check_input.ts";
export { formatCount, formatShare, formatTick, humanise } from "./format.ts";
export {
  NOISE_NAME,
  segmentDomain,
  segmentLabels,
  segmentNameOf,
  type SegmentNames,
} from "./segment_names.ts";
export * from "./io/mod.ts";
export * from "./sql/mod.ts";
export * from "./clean/mod.ts";
export * from "./privacy/mod.ts";
export * from "./features/mod.ts";
export * from "./clv/mod.ts";
export * from "./prepare/mod.ts";
export * from "./cluster/mod.ts";
export * from "./metrics/mod.ts";
export * from "./select/mod.ts";
export * from "./profile/mod.ts";
export * from "./explain/mod.ts";
export * from "./plot/mod.ts";
export * from "./display/mod.ts";
export * from "./segment/mod.ts";
export * from "./rfm/mod.ts";
