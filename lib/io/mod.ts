/**
 * Reading and writing data files.
 *
 * @module
 */
export { assertNotInput } from "./assert_not_input.ts";
export { writeFileAtomic, type WriteFileAtomicOptions } from "./atomic_write.ts";
export {
  type ColumnValues,
  duckdb,
  fromDuckValue,
  queryColumnArrays,
  queryColumns,
  sqlIdentifier,
  sqlString,
} from "./duckdb.ts";
export { fromCSV, loadCSV, type ReadCSVOptions } from "./read_csv.ts";
export { checkParquetFile, loadParquet, readTable, type ReadTableOptions } from "./read_table.ts";
export {
  DEFAULT_XLSX_MAX_BYTES,
  DEFAULT_XLSX_TIMEOUT_MS,
  fromXLSX,
  loadXLSX,
  type ReadXLSXOptions,
  workbookColumns,
} from "./read_xlsx.ts";
export {
  csvAndXLSX,
  csvChunks,
  EXCEL_MAX_CELL_TEXT,
  EXCEL_MAX_COLUMNS,
  EXCEL_MAX_DATA_ROWS,
  isFormulaText,
  neutraliseFormula,
  shortText,
  type TableFiles,
  toCSV,
  toCSVBytes,
  toXLSX,
  writeCSV,
  type WriteCSVOptions,
  writeXLSX,
  type WriteXLSXOptions,
  type XLSXFit,
  xlsxFits,
  type XLSXLimitOptions,
  xlsxTableFits,
} from "./write_table.ts";
export { checkReadable, type CheckReadableOptions } from "./table_columns.ts";
export { type DecimalSeparator, numericTextColumn, parseNumericText } from "./numeric_text.ts";
export {
  BASE_BYTES,
  BYTES_PER_FILE_BYTE,
  checkFitsInMemory,
  type MemoryCheckOptions,
} from "./memory_check.ts";
export { writeFilesAtomic } from "./write_files.ts";
export {
  MANIFEST,
  type OutputFolderOptions,
  type OutputFolderResult,
  type OutputStep,
  writeOutputFolder,
} from "./output_folder.ts";
export { checkHeaderRow, parseHeaderRow } from "./header_row.ts";
export { checkDelimitedText, type FileKind, fileKind } from "./file_kind.ts";
