/**
 * Reading and writing data files.
 *
 * @module
 */
export * from "./assert_not_input.ts";
export * from "./atomic_write.ts";
export * from "./duckdb.ts";
export * from "./read_csv.ts";
export * from "./read_table.ts";
export * from "./read_xlsx.ts";
export * from "./write_table.ts";
export { checkReadable, type CheckReadableOptions } from "./table_columns.ts";
export { type DecimalSeparator, numericTextColumn, parseNumericText } from "./numeric_text.ts";
export * from "./memory_check.ts";
export * from "./write_files.ts";
export * from "./output_folder.ts";
export { checkHeaderRow, parseHeaderRow } from "./header_row.ts";
export { checkDelimitedText, type FileKind, fileKind } from "./file_kind.ts";
