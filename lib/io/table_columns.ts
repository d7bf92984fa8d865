/**
 * Shared steps of every reader: check the file is there and not empty, and
 * turn columns of plain values into an arquero table with safe names.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";

/** Throw an {@link InputError} unless `path` is a non-empty readable file. */
export async function checkReadable(path: string, label = path): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch {
    throw new InputError("File not found", { file: label, hint: "check the path and try again" });
  }
  if (!info.isFile) {
    throw new InputError("Not a file", {
      file: label,
      hint: "give the path of a CSV, XLSX or Parquet file",
    });
  }
  if (info.size === 0) {
    throw new InputError("File is empty", {
      file: label,
      hint: "export the data again with a header row and at least one data row",
    });
  }
}

/**
 * Build a table from named columns, refusing duplicate or blank column names.
 * Columns are collected in a Map so names such as `__proto__` stay plain data.
 */
export function tableFromColumns(
  columns: Map<string, unknown[]> | Record<string, unknown[]>,
  label: string,
): ColumnTable {
  const entries = columns instanceof Map ? [...columns.entries()] : Object.entries(columns);
  const seen = new Set<string>();
  for (const [name] of entries) {
    if (seen.has(name)) {
      throw new InputError(`Duplicate column name: "${name}"`, {
        file: label,
        hint: "rename one of the columns so every header is unique",
      });
    }
    seen.add(name);
  }
  return aq.table(new Map(entries));
}
