/**
 * Statements run one by one, as the engines with a session to talk to
 * (DuckDB, PostgreSQL) run them: a guard checks an earlier result and stops
 * the run there without an error, a statement with a result name brings its
 * rows back, and the first engine error stops the run as the engine's one line.
 * Spark, which runs a whole list as one script, has its own loop.
 *
 * @module
 */
import type { InputError } from "../errors.ts";
import type { SqlRunResult, SqlStatement } from "./connection.ts";

/** How one engine runs one statement, and what its errors say. */
export interface StatementEngine {
  /** Run `sql`; its rows as objects of plain values when `rows` is true (else anything). */
  execute(sql: string, rows: boolean): Promise<Record<string, unknown>[] | undefined>;
  /** The engine's error as one line naming the database and table. */
  error(error: unknown): InputError;
}

/**
 * Run statements in order: the rows of those with a `result` name, and
 * whether a guard stopped the run early.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { InputError } from "../errors.ts";
 * import { runStatements } from "./run_statements.ts";
 * const engine = {
 *   execute: (sql: string) => Promise.resolve([{ sql }]),
 *   error: (e: unknown) => new InputError(String(e)),
 * };
 * const run = await runStatements([
 *   { sql: "SELECT 0 AS bad", result: "check" },
 *   { sql: "", guard: { result: "check", passes: () => false, failedWhen: "bad > 0" } },
 *   { sql: "CREATE TABLE t AS SELECT 1" },
 * ], engine);
 * deepEqual(run, { results: new Map([["check", [{ sql: "SELECT 0 AS bad" }]]]), stopped: true });
 * ```
 */
export async function runStatements(
  statements: readonly SqlStatement[],
  engine: StatementEngine,
): Promise<SqlRunResult> {
  const results = new Map<string, Record<string, unknown>[]>();
  for (const statement of statements) {
    if (statement.guard !== undefined) {
      if (!statement.guard.passes(results.get(statement.guard.result) ?? [])) {
        return { results, stopped: true };
      }
      continue;
    }
    let rows: Record<string, unknown>[] | undefined;
    try {
      rows = await engine.execute(statement.sql, statement.result !== undefined);
    } catch (error) {
      throw engine.error(error);
    }
    if (statement.result !== undefined) results.set(statement.result, rows ?? []);
  }
  return { results, stopped: false };
}
