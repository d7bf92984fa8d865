/**
 * CSV reading through DuckDB's sniffer: delimiter (`,` `;` tab `|`), header,
 * UTF-8 BOM, quoted fields with newlines, numbers and dates. `fromCSV` parses
 * text; `loadCSV` reads a file.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { queryColumns, sqlString } from "./duckdb.ts";
import { checkReadable, tableFromColumns } from "./table_columns.ts";

/** Options for reading delimited text. */
export interface ReadCSVOptions {
  /** Force a delimiter instead of sniffing it. */
  delimiter?: string;
  /** Name to use for the source in error messages (defaults to the path). */
  label?: string;
}

/**
 * Read a CSV (or TSV) file into an arquero table.
 *
 * @example
 * ```ts
 * import { loadCSV } from "./read_csv.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "id;spend\n1;10.5\n2;3\n");
 * const table = await loadCSV(path);
 * table.numRows(); // 2
 * ```
 */
export async function loadCSV(path: string, options: ReadCSVOptions = {}): Promise<ColumnTable> {
  const label = options.label ?? path;
  await checkReadable(path, label);
  const args = [sqlString(path), "header = true", "sample_size = -1"];
  if (options.delimiter !== undefined) args.push(`delim = ${sqlString(options.delimiter)}`);
  let columns: Record<string, unknown[]>;
  try {
    columns = await queryColumns(`SELECT * FROM read_csv(${args.join(", ")})`);
  } catch (error) {
    throw new InputError(`Cannot read CSV: ${firstLine(error)}`, {
      file: label,
      hint: "check that the file is a delimited text file with one header row",
    });
  }
  return tableFromColumns(columns, label);
}

/**
 * Parse CSV text into an arquero table (the text goes through a temporary file
 * so the same sniffer applies).
 *
 * @example
 * ```ts
 * import { fromCSV } from "./read_csv.ts";
 * const table = await fromCSV("a,b\n1,x\n2,y\n");
 * table.columnNames(); // ["a", "b"]
 * ```
 */
export async function fromCSV(text: string, options: ReadCSVOptions = {}): Promise<ColumnTable> {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    await Deno.writeTextFile(path, text);
    return await loadCSV(path, { ...options, label: options.label ?? "CSV text" });
  } finally {
    await Deno.remove(path).catch(() => {});
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n").find((l) => l.trim() !== "")?.trim() ?? message;
}
