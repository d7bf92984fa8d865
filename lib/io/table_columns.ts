/**
 * Shared steps of every reader: check the file is there, not empty and within
 * the size limit, and turn columns of plain values into an arquero table with
 * safe names and no NaN or infinite numbers.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import type { ColumnValues } from "./duckdb.ts";
import { repeatedHeaderRow } from "./header_row.ts";

/** Options for {@link checkReadable}. */
export interface CheckReadableOptions {
  /** Refuse files larger than this many bytes (default: no limit). */
  maxBytes?: number;
}

/**
 * Throw an {@link InputError} unless `path` is a non-empty readable file no
 * larger than `maxBytes`.
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { checkReadable } from "./table_columns.ts";
 * const path = (await Deno.makeTempDir()) + "/data.csv";
 * await Deno.writeTextFile(path, "a\n1\n");
 * await checkReadable(path, path, { maxBytes: 1024 }); // readable: no error
 * await rejects(checkReadable(path + ".missing"), /File not found/);
 * ```
 */
export async function checkReadable(
  path: string,
  label = path,
  options: CheckReadableOptions = {},
): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch {
    const tried = isAbsolute(path) ? "" : ` (looked for ${resolve(path)})`;
    throw new InputError("File not found", {
      file: label,
      hint: `check the path and try again${tried}`,
    });
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
  checkSize(info.size, label, options.maxBytes);
}

/** Refuse `size` bytes when it is over `maxBytes`. */
export function checkSize(size: number, label: string, maxBytes: number | undefined): void {
  if (maxBytes !== undefined && size > maxBytes) {
    throw new InputError(
      `File is too large: ${formatBytes(size)}, the limit is ${formatBytes(maxBytes)}`,
      {
        file: label,
        hint:
          "raise the maxBytes option if the machine has the memory, or aggregate the file with DuckDB SQL (as the rfm command does), which streams it",
      },
    );
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}

/**
 * The name a column called `__proto__` gets: `_proto_` (then `_proto_2`,
 * `_proto_3`, … if taken). Plain JS objects cannot hold a `__proto__` key, so
 * row objects (`table.objects()`) would silently lose it.
 */
export function safeColumnName(name: string, taken: ReadonlySet<string>): string {
  if (name !== "__proto__") return name;
  let candidate = "_proto_";
  for (let i = 2; taken.has(candidate); i++) candidate = `_proto_${i}`;
  return candidate;
}

/**
 * Build a table from named columns:
 * - duplicate column names are refused;
 * - a column named `__proto__` is renamed by {@link safeColumnName};
 * - NaN becomes a missing value (null);
 * - an infinite number is refused, naming its column and (1-based) row;
 * - a NUL character (`\0`) in a name or value is refused, naming column and row;
 * - a row repeating the header (files joined together) is refused, naming the row.
 *
 * A `Float64Array` column (numbers straight from DuckDB) stays a typed array
 * unless it holds a NaN, which needs the plain array's null. With
 * `finiteNumbers` (a reader that parsed every number itself) those columns
 * are not scanned for NaN and infinity.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { tableFromColumns } from "./table_columns.ts";
 * const t = tableFromColumns({ a: Float64Array.of(1, 2), b: ["x", NaN] }, "t.csv");
 * deepEqual(t.array("b"), ["x", null]);
 * ```
 */
export function tableFromColumns(
  columns: Map<string, ColumnValues> | Record<string, ColumnValues>,
  label: string,
  options: { finiteNumbers?: boolean } = {},
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
    if (name.includes("\0")) throw nulError(label, { column: name.replaceAll("\0", "") });
  }
  for (const [name, values] of entries) {
    if (!Array.isArray(values)) continue;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === "string" && v.includes("\0")) {
        throw nulError(label, { column: name, row: i + 1 });
      }
    }
  }
  const repeated = repeatedHeaderRow(entries.map(([n]) => n), entries.map(([, v]) => v));
  if (repeated !== undefined) {
    throw new InputError("The header is repeated inside the data", {
      file: label,
      row: repeated,
      hint:
        "remove the repeated header line (files joined together often carry one header per part)",
    });
  }
  const out = new Map<string, ColumnValues>();
  for (const [name, values] of entries) {
    const numbers = options.finiteNumbers && values instanceof Float64Array;
    out.set(safeColumnName(name, seen), numbers ? values : cleanNumbers(values, name, label));
  }
  return aq.table(out);
}

function nulError(label: string, where: { column: string; row?: number }): InputError {
  return new InputError("NUL character (\\0) in the file", {
    file: label,
    ...where,
    hint:
      "such bytes come from binary exports or UTF-16 files without a byte order mark: remove them, or save the file again as UTF-8 CSV",
  });
}

function cleanNumbers(values: ColumnValues, column: string, label: string): ColumnValues {
  if (values instanceof Float64Array) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v - v !== 0) return cleanNumbers(Array.from(values), column, label); // NaN or ±Infinity
    }
    return values;
  }
  let copy: unknown[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || Number.isFinite(v)) continue;
    if (Number.isNaN(v)) {
      copy ??= [...values];
      copy[i] = null;
      continue;
    }
    throw new InputError(`Infinite value: ${v > 0 ? "Infinity" : "-Infinity"}`, {
      file: label,
      column,
      row: i + 1,
      hint: "replace it with a number, or leave the cell empty to mark it missing",
    });
  }
  return copy ?? values;
}

/** Refuse a header in which two names are equal (ignoring case, as SQL does). */
export function checkDuplicateHeader(header: readonly string[], label: string): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InputError(`Duplicate column name: "${name.trim()}"`, {
        file: label,
        column: name.trim(),
        hint: `columns ${first + 1} and ${
          i + 1
        } have the same name; rename one so every header is unique`,
      });
    }
    seen.set(key, i);
  });
}
