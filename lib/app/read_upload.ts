/**
 * Reading an upload, on the server's main thread: `readTable` as the CLI
 * calls it, with one embedded DuckDB for the whole app (a DuckDB opened in
 * a worker is not given back when the worker ends), and the columns handed
 * to the analysis worker as plain arrays.
 *
 * @module
 */
import { readTable } from "../io/read_table.ts";
import type { Upload } from "./analysis.ts";
import { type TableColumns, tableColumns } from "./table_transfer.ts";

/** Read an upload with the library's reader (CSV/TSV, XLSX, Parquet). */
export async function readUpload(upload: Upload): Promise<TableColumns> {
  return tableColumns(await readTable(upload.path));
}
