/**
 * Cleaning: consolidate files through an alias map, standardise values,
 * remove duplicates, check and repair inconsistencies, impute gaps.
 *
 * @module
 */
export * from "./aliases.ts";
export * from "./booleans.ts";
export * from "./cleaning_report.ts";
export * from "./consistency_rules.ts";
export * from "./consolidate.ts";
export * from "./duplicates.ts";
export * from "./impute_knn.ts";
export * from "./missing.ts";
export * from "./transaction_columns.ts";
export * from "./transaction_errors.ts";
export * from "./transaction_netting_sql.ts";
export * from "./transaction_outliers_sql.ts";
export * from "./transaction_report.ts";
export * from "./transaction_source.ts";
export * from "./transaction_validation.ts";
export * from "./transactions.ts";
export * from "./transactions_sql.ts";
