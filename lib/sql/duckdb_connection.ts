/**
 * A DuckDB database file through the embedded DuckDB (its own instance, not
 * the shared in-memory one of `lib/io/duckdb.ts`). The file must exist: a
 * mistyped name is an error, never a new empty database.
 *
 * @module
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { InputError, isInputError } from "../errors.ts";
import {
  commonType,
  plainValue,
  type SqlConnection,
  type SqlRunResult,
  type SqlStatement,
  type TableColumn,
} from "./connection.ts";
import { DUCKDB } from "./duckdb_dialect.ts";
import { runStatements } from "./run_statements.ts";

/** One line for a DuckDB error: the first line of its message, with what to do. */
export function duckdbError(
  error: unknown,
  where: { database: string; table?: string },
): InputError {
  if (isInputError(error)) return error;
  const message = String((error as Error)?.message ?? error).split("\n")[0]!;
  const column = /Referenced column "([^"]+)" not found/.exec(message)?.[1];
  if (/Table with name .* does not exist|Catalog Error: Table/.test(message)) {
    return new InputError(`Table not found: ${message}`, {
      ...where,
      hint: "check --table (schema.table for another schema)",
    });
  }
  if (column !== undefined) {
    return new InputError(`Column not found: ${message}`, {
      ...where,
      column,
      hint: "check the column options",
    });
  }
  if (/Conversion Error|Binder Error: No function matches|Could not convert/.test(message)) {
    return new InputError(`A column of the wrong type: ${message}`, {
      ...where,
      hint: "check that each role's column has the type it needs (numbers, dates, text)",
    });
  }
  if (/Could not set lock/.test(message)) {
    return new InputError("The database file is in use by another program", {
      ...where,
      hint: "close the program holding it (DuckDB allows one writer), then run again",
    });
  }
  if (/read-only|Permission denied|Cannot open file/i.test(message)) {
    return new InputError(`Permission denied: ${message}`, {
      ...where,
      hint: "the file must be readable (and writable for --into)",
    });
  }
  return new InputError(`The database refused a statement: ${message}`, {
    ...where,
    hint: "see the message",
  });
}

/** Options for {@link openDuckDBFile}. */
export interface DuckDBFileOptions {
  /** Open for reading only (default); `--into` needs writing. */
  readOnly?: boolean;
}

/**
 * Open a DuckDB database file.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { DuckDBInstance } from "@duckdb/node-api";
 * import { openDuckDBFile } from "./duckdb_connection.ts";
 * const path = (await Deno.makeTempDir()) + "/shop.duckdb";
 * const made = await (await DuckDBInstance.create(path)).connect();
 * await made.run("CREATE TABLE t AS SELECT 1 AS a, 'x' AS b");
 * made.closeSync();
 * const db = await openDuckDBFile(path);
 * deepEqual((await db.describe("t")).map((c) => c.type), ["BIGINT", "VARCHAR"]);
 * const run = await db.run([{ sql: "SELECT a + 1 AS n FROM t", result: "n" }]);
 * deepEqual(run.results.get("n"), [{ n: 2 }]);
 * await db.close();
 * ```
 */
export async function openDuckDBFile(
  path: string,
  options: DuckDBFileOptions = {},
): Promise<SqlConnection> {
  const label = path;
  try {
    const info = await Deno.stat(path);
    if (!info.isFile) throw new Error("not a file");
  } catch {
    throw new InputError("Database file not found", {
      database: label,
      hint: "check the path of the .duckdb file",
    });
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      access_mode: options.readOnly === false ? "READ_WRITE" : "READ_ONLY",
    });
  } catch (error) {
    throw duckdbError(error, { database: label });
  }
  const con = await instance.connect();
  const where = (table?: string) => ({ database: label, table });
  const rowsOf = async (sql: string) => {
    const reader = await con.runAndReadAll(sql);
    return (reader.getRowObjectsJS() as Record<string, unknown>[]).map((row) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) out[k] = plainValue(v);
      return out;
    });
  };
  return {
    dialect: DUCKDB,
    label,
    async describe(table: string): Promise<TableColumn[]> {
      let rows: Record<string, unknown>[];
      try {
        rows = await rowsOf(`DESCRIBE ${DUCKDB.tableName(table)}`);
      } catch (error) {
        throw duckdbError(error, where(table));
      }
      return rows.map((r) => ({
        name: String(r.column_name),
        engineType: String(r.column_type),
        type: commonType(String(r.column_type)),
      }));
    },
    run(statements: readonly SqlStatement[], context = {}): Promise<SqlRunResult> {
      return runStatements(statements, {
        execute: async (sql, rows) => {
          if (rows) return await rowsOf(sql);
          await con.run(sql);
          return undefined;
        },
        error: (error) => duckdbError(error, where(context.table)),
      });
    },
    close(): Promise<void> {
      con.closeSync();
      instance.closeSync();
      return Promise.resolve();
    },
  };
}
