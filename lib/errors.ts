/**
 * The one error type for mistakes a user can cause: a missing file or column,
 * a non-numeric value, empty data, a bad option. Its message names the file,
 * column and row where known and says what to do; the CLI prints it on one
 * line without a stack and exits with code 2.
 *
 * @module
 */

/** Where in the input a problem was found. Rows are 1-based data rows (the header is row 0). */
export interface ErrorLocation {
  file?: string;
  /** A database, as its URL with the password redacted (see `lib/sql/connection_url.ts`). */
  database?: string;
  /** A table of that database. */
  table?: string;
  column?: string;
  row?: number;
}

/**
 * An error caused by the input or the options, not by a bug.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { InputError } from "./errors.ts";
 * const e = new InputError("Column not found: \"income\"", { file: "a.csv", hint: "pick one of: age, spend" });
 * equal(e.message, 'Column not found: "income" (file a.csv). Pick one of: age, spend.');
 * // A huge column name or value is cut, so the message stays one short line.
 * const long = new InputError("Duplicate column name", { column: "x".repeat(100_000) });
 * equal(long.message, `Duplicate column name (column "${"x".repeat(60)}… (100000 characters)")`);
 * ```
 */
export class InputError extends Error {
  readonly file?: string;
  readonly column?: string;
  readonly row?: number;

  constructor(problem: string, where: ErrorLocation & { hint?: string } = {}) {
    super(formatMessage(problem, where));
    this.name = "InputError";
    this.file = where.file;
    this.column = where.column;
    this.row = where.row;
  }
}

/** Longest column name or problem shown whole in a message; longer ones are cut. */
const SHOWN = { column: 60, problem: 300 };

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

function formatMessage(problem: string, where: ErrorLocation & { hint?: string }): string {
  const parts: string[] = [];
  problem = cut(problem, SHOWN.problem);
  if (where.file !== undefined) parts.push(`file ${where.file}`);
  if (where.database !== undefined) parts.push(`database ${where.database}`);
  if (where.table !== undefined) parts.push(`table ${where.table}`);
  if (where.column !== undefined) parts.push(`column "${cut(where.column, SHOWN.column)}"`);
  if (where.row !== undefined) parts.push(`row ${where.row}`);
  let message = parts.length > 0 ? `${problem} (${parts.join(", ")})` : problem;
  if (where.hint) {
    const hint = where.hint.charAt(0).toUpperCase() + where.hint.slice(1);
    message += `. ${hint.endsWith(".") ? hint : hint + "."}`;
  }
  return message;
}

/** True when `error` is an {@link InputError}, even across module copies. */
export function isInputError(error: unknown): error is InputError {
  return error instanceof Error && error.name === "InputError";
}

/**
 * An {@link InputError} whose message is already written (by another
 * InputError, here or on a worker): the message kept as it is, with its file,
 * column and row.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { InputError, inputErrorWithMessage } from "./errors.ts";
 * const first = new InputError("Missing value", { file: "a.csv", row: 3 });
 * const again = inputErrorWithMessage(first.message, first);
 * equal(again.message, first.message);
 * equal(again.row, 3);
 * ```
 */
export function inputErrorWithMessage(
  message: string,
  where: { file?: string; column?: string; row?: number },
): InputError {
  return Object.assign(new InputError("x"), {
    message,
    file: where.file,
    column: where.column,
    row: where.row,
  });
}

/** An error as a worker posts it to the main thread: its message, its place, whether it is an {@link InputError}. */
export interface PostedError {
  input: boolean;
  message: string;
  file?: string;
  column?: string;
  row?: number;
}

/**
 * `error` as a worker posts it ({@link PostedError}, which a message can carry).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { InputError, postedError } from "./errors.ts";
 * deepEqual(postedError(new InputError("Bad", { column: "x" })), {
 *   input: true, message: 'Bad (column "x")', file: undefined, column: "x", row: undefined,
 * });
 * ```
 */
export function postedError(error: unknown): PostedError {
  const e = error as Error & { file?: string; column?: string; row?: number };
  return {
    input: isInputError(error),
    message: e instanceof Error ? e.message : String(error),
    file: e.file,
    column: e.column,
    row: e.row,
  };
}
