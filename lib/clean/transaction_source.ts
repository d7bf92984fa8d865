/**
 * A transaction file as a DuckDB table expression: CSV and Parquet are read
 * by DuckDB straight from the file (streaming); a workbook's sheet is read
 * here and handed to DuckDB as a temporary CSV. UTF-16 text is first
 * decoded to a temporary UTF-8 copy, and title lines above the header are
 * refused naming the header's line unless `headerRow` gives it (then the
 * lines above it are left out), as `segment` reads them; blank files are
 * refused in one line.
 *
 * @module
 */
import { extname } from "node:path";
import { InputError } from "../errors.ts";
import { sqlString } from "../io/duckdb.ts";
import { checkDelimitedText } from "../io/file_kind.ts";
import { readyTextSource } from "../io/text_source.ts";
import { checkParquetFile, readTable } from "../io/read_table.ts";
import { checkReadable } from "../io/table_columns.ts";
import { checkHeaderRow } from "../io/header_row.ts";
import { toCSV } from "../io/write_table.ts";

/** A source of lines for DuckDB and what to do once read. */
export interface TransactionSource {
  /** The table expression, with some columns read as the given DuckDB types (CSV only). */
  expression: (overrides: Record<string, string>) => string;
  /** Remove whatever was made to read the file (a workbook's temporary CSV). */
  cleanup: () => Promise<void>;
  /** Whether the columns' types are DuckDB's guesses from a sample of text (CSV, workbook). */
  sniffed: boolean;
}

/** Options for {@link openTransactionSource}. */
export interface TransactionSourceOptions {
  /** Sheet of a workbook. */
  sheet?: string;
  /** The header's line (CSV) or row (workbook) when title rows sit above it. */
  headerRow?: number;
}

/**
 * Open a CSV, TSV, Parquet or XLSX file of transaction lines for DuckDB.
 * Call `cleanup()` when the lines have been read.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { openTransactionSource } from "./transaction_source.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "CustomerID,InvoiceDate,Amount\nA,2024-01-02,3\n");
 * const source = await openTransactionSource(path);
 * deepEqual(
 *   source.expression({ CustomerID: "VARCHAR" }),
 *   `read_csv('${path}', header = true, types = {'CustomerID': 'VARCHAR'})`,
 * );
 * await source.cleanup();
 * ```
 */
export async function openTransactionSource(
  path: string,
  options: TransactionSourceOptions = {},
): Promise<TransactionSource> {
  await checkReadable(path);
  const ext = extname(path).toLowerCase();
  const csv = (file: string) => (overrides: Record<string, string>) => {
    const types = Object.entries(overrides).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`);
    return `read_csv(${sqlString(file)}, header = true${
      types.length > 0 ? `, types = {${types.join(", ")}}` : ""
    })`;
  };
  switch (ext) {
    case ".csv":
    case ".tsv":
    case ".txt": {
      await checkDelimitedText(path); // gzip, a zip, Parquet or .xls under a .csv name
      checkHeaderRow(options.headerRow, path);
      // DuckDB streams UTF-8: UTF-16 ("Unicode text") is read from a UTF-8 copy.
      const temporary: string[] = [];
      const cleanup = async () => {
        for (const file of temporary) await Deno.remove(file).catch(() => {});
      };
      try {
        const source = await readyTextSource(path, {
          label: path,
          headerRow: options.headerRow,
          temporary,
        });
        return { expression: csv(source), cleanup, sniffed: true };
      } catch (error) {
        await cleanup();
        throw error;
      }
    }
    case ".parquet":
      await checkParquetFile(path);
      return {
        expression: () => `read_parquet(${sqlString(path)})`,
        cleanup: async () => {},
        sniffed: false,
      };
    case ".xlsx":
    case ".xlsm":
    case ".xls": {
      // Workbooks are small (a sheet holds at most ~1M rows): read them, then
      // hand DuckDB the same rows as a temporary CSV.
      const table = await readTable(path, { sheet: options.sheet, headerRow: options.headerRow });
      const tmp = await Deno.makeTempFile({ suffix: ".csv" });
      await Deno.writeTextFile(tmp, toCSV(table));
      return {
        expression: csv(tmp),
        cleanup: () => Deno.remove(tmp).catch(() => {}),
        sniffed: true,
      };
    }
    default:
      throw new InputError(`Unsupported file type: "${ext || "(none)"}"`, {
        file: path,
        hint: "use a .csv, .parquet or .xlsx file",
      });
  }
}
