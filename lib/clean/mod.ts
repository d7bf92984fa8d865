/**
 * Cleaning: consolidate files through an alias map, standardise values,
 * remove duplicates, check and repair inconsistencies, impute gaps.
 *
 * @module
 */
export {
  type AliasMap,
  type CanonicalColumn,
  type CanonicalType,
  GENDER_VALUES,
  type HeaderMatch,
  matchHeaders,
  MEMBER_ALIASES,
  MEMBER_DIRECT_IDENTIFIERS,
  normaliseHeader,
  requireColumn,
  standardiseValues,
  type StandardiseValuesOptions,
} from "./aliases.ts";
export {
  type BooleanLocation,
  headersBySource,
  parseBoolean,
  standardiseBooleans,
  type StandardiseBooleansOptions,
} from "./booleans.ts";
export {
  type CleaningLine,
  type CleaningReport,
  cleaningReport,
  cleaningReportTable,
  type CleaningResults,
} from "./cleaning_report.ts";
export {
  applyRepairs,
  asNumber,
  checkConsistency,
  type ConsistencyRule,
  describeRepair,
  MEMBER_RULES,
  type Repaired,
  type RuleContext,
  type RuleRepair,
  type RuleResult,
  ruleSummary,
  yearOf,
} from "./consistency_rules.ts";
export {
  consolidateFiles,
  consolidateTables,
  type Consolidation,
  type DateOrder,
  parseDate,
  parseNumber,
  type SourceFile,
  type SourceReport,
  type SourceTable,
} from "./consolidate.ts";
export {
  type Deduplication,
  dropDuplicates,
  type DropDuplicatesOptions,
  takeRows,
} from "./duplicates.ts";
export {
  imputeKNN,
  type ImputeKNNOptions,
  imputeTableKNN,
  type ImputeTableKNNOptions,
  type KNNWeights,
  nanEuclidean,
  type TableImputation,
} from "./impute_knn.ts";
export { assignMatrix, isMissing, matrixWithMissing, missingSummary } from "./missing.ts";
export {
  resolveTransactionColumns,
  TRANSACTION_ALIASES,
  type TransactionColumns,
} from "./transaction_columns.ts";
export {
  firstErrorLine,
  noLinesLeftError,
  outOfMemoryError,
  transactionReadError,
} from "./transaction_errors.ts";
export { cancellationNettingCTEs } from "./transaction_netting_sql.ts";
export {
  OUTLIER_DEFAULTS,
  type OutlierMethod,
  type OutlierStepOptions,
  outlierStepSQL,
  outlierValues,
} from "./transaction_outliers_sql.ts";
export { quantilesByCountsSQL, valuesRepeat } from "./quartiles_by_counts.ts";
export {
  applicableRules,
  type RuleAction,
  TRANSACTION_RULES,
  type TransactionCleaningReport,
  transactionCleaningReport,
  type TransactionReportRow,
  transactionReportRows,
  type TransactionRuleCount,
} from "./transaction_report.ts";
export { DESCRIPTION_ALIASES, findDescriptionColumn } from "./description_column.ts";
export {
  openTransactionSource,
  type TransactionSource,
  type TransactionSourceOptions,
} from "./transaction_source.ts";
export { validateStagedLines } from "./transaction_validation.ts";
export {
  type CleanedTransactions,
  cleanTransactions,
  type CleanTransactionsOptions,
  releaseTransactions,
} from "./transactions.ts";
export {
  dateExpression,
  dropsDuplicates,
  duplicatesCTE,
  excelSerialExpression,
  transactionCleaningSQL,
  transactionReportSQL,
  type TransactionRoles,
  transactionRulesSQL,
  type TransactionSQLOptions,
  transactionStageSQL,
  transactionTables,
  transactionValidateSQL,
  type ValidationCheck,
  validationChecks,
  valueMode,
} from "./transactions_sql.ts";
