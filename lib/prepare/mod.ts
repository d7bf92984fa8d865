/**
 * The fitted preparation of a customer table before clustering: missing
 * values, text columns (levels, one-hot), dates to days-since and skew
 * transforms, as plain JSON applied again when assigning new rows.
 *
 * @module
 */
export * from "./column_values.ts";
export * from "./preparation.ts";
export * from "./fit_preparation.ts";
export type { ColumnReport } from "./column_report.ts";
export { MAX_AUTO_LEVELS } from "./text_levels.ts";
export { SKEW_LIMIT } from "./log_decision.ts";
export { stepNumbers } from "./step_numbers.ts";
export * from "./apply_preparation.ts";
export * from "./preparation_report.ts";
export * from "./prepared_table.ts";
export * from "./id_column.ts";
export * from "./scale.ts";
