/**
 * The fitted preparation of a customer table before clustering: missing
 * values, text columns (levels, one-hot), dates to days-since and skew
 * transforms, as plain JSON applied again when assigning new rows.
 *
 * @module
 */
export {
  type ColumnType,
  columnType,
  columnValues,
  type DateReading,
  dateValue,
  type DayMonthOrder,
  isMissingCell,
  levelText,
  readDateOrder,
} from "./column_values.ts";
export {
  type CategoricalChoice,
  type CategoricalStep,
  type DateChoice,
  type DateStep,
  type Fill,
  type LogChoice,
  MISSING_STRATEGIES,
  type MissingStrategy,
  type NumericStep,
  OTHER_LEVEL,
  type PreparationModel,
  type PreparationOptions,
  type PreparationStep,
  preparedFeatures,
} from "./preparation.ts";
export { fitPreparation, type PreparationFit } from "./fit_preparation.ts";
export type { ColumnReport } from "./column_report.ts";
export { MAX_AUTO_LEVELS } from "./text_levels.ts";
export { SKEW_LIMIT } from "./log_decision.ts";
export { stepNumbers } from "./step_numbers.ts";
export {
  applyPreparation,
  type ApplyPreparationOptions,
  type CategoricalCodes,
  type PreparedData,
} from "./apply_preparation.ts";
export {
  preparationLines,
  type PreparationRow,
  preparationRows,
  preparationSummary,
} from "./preparation_report.ts";
export { ignoredNumbers, numericFeatures, preparedTable } from "./prepared_table.ts";
export { idColumnOf } from "./id_column.ts";
export {
  CUSTOMER_ROLES,
  type CustomerRole,
  type FeatureKind,
  type InferredRole,
  inferRole,
  nameWords,
  ROLE_PATTERNS,
  type RolePattern,
  type ValueFacts,
  valueFacts,
} from "./role_inference.ts";
export {
  checkRoleOverrides,
  COLUMN_ROLES,
  type ColumnRole,
  givenRole,
  isCustomerRole,
  parseRoleOverrides,
  ROLE_ALIASES,
  type RoleCheckOptions,
  type RoleOverrides,
  roleOverridesOf,
  validRolesText,
} from "./role_overrides.ts";
export { reportRole } from "./column_meaning.ts";
export {
  applyScaler,
  constantColumns,
  fitScaler,
  invertScaler,
  magnitudeLimit,
  percentileSorted,
  SCALER_KINDS,
  type ScalerKind,
  type ScalerModel,
  type ScalerOptions,
} from "./scale.ts";
