/**
 * The one-line errors of transaction cleaning that are about DuckDB rather
 * than one bad line: a file it could not read, a step that ran out of the
 * memory it may use, and no lines left after the rules.
 *
 * @module
 */
import { InputError, isInputError } from "../errors.ts";
import type { TransactionCleaningReport } from "./transaction_report.ts";

/** The first non-blank line of an error's message (DuckDB's run to several). */
export function firstErrorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n").find((l) => l.trim() !== "")?.trim() ?? message;
}

/**
 * When DuckDB ran out of the memory it may use (`--memory-limit`), the
 * one-line error saying so; otherwise `undefined`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { outOfMemoryError } from "./transaction_errors.ts";
 * const e = outOfMemoryError(
 *   new Error("Out of Memory Error: failed to allocate data of size 2.0 MiB (1.0 MiB/1.0 MiB used)"),
 *   "lines.csv",
 * );
 * deepEqual(e?.message.split(". ")[0],
 *   "Not enough memory under the memory limit (a step needed 2.0 MiB at once) (file lines.csv)");
 * deepEqual(outOfMemoryError(new Error("Binder Error"), "lines.csv"), undefined);
 * ```
 */
export function outOfMemoryError(error: unknown, path: string): InputError | undefined {
  if (isInputError(error) || !/Out of Memory Error/i.test(firstErrorLine(error))) return undefined;
  // DuckDB's own wording runs to several sentences; keep only the size it needed.
  const size = /of size ([\d.]+ ?[KMGT]?i?B)/i.exec(firstErrorLine(error))?.[1];
  const needed = size === undefined ? "" : ` (a step needed ${size} at once)`;
  return new InputError(`Not enough memory under the memory limit${needed}`, {
    file: path,
    hint:
      "raise --memory-limit (work beyond it spills to disk, but each step needs some memory: 256MB or more) or leave it unset",
  });
}

/**
 * The error for a file DuckDB could not read: out of memory, or its first
 * line of explanation.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { transactionReadError } from "./transaction_errors.ts";
 * deepEqual(
 *   transactionReadError(new Error("Invalid Input Error: bad\nmore"), "x.csv").message,
 *   "Cannot read the file: Invalid Input Error: bad (file x.csv)",
 * );
 * ```
 */
export function transactionReadError(error: unknown, path: string, hint?: string): InputError {
  return outOfMemoryError(error, path) ??
    new InputError(`Cannot read the file: ${firstErrorLine(error)}`, { file: path, hint });
}

/**
 * The one-line error when every line failed a cleaning rule: which rules
 * dropped how many, and where the cleaning report was written (when it was).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { noLinesLeftError } from "./transaction_errors.ts";
 * const e = noLinesLeftError({
 *   file: "x.csv", linesIn: 2, linesOut: 0, customers: 0, netCancellations: false,
 *   outliers: { method: "none" }, columns: { customer: "c", date: "d" },
 *   rules: [{ rule: "cancellation", description: "", action: "dropped", lines: 2 }],
 * }, "out/rfm/cleaning_report.csv");
 * ok(e.message.startsWith("No lines left after cleaning: 2 lines dropped (cancellation 2)"));
 * ok(e.message.includes("the cleaning report in out/rfm/cleaning_report.csv"));
 * ```
 */
export function noLinesLeftError(
  report: TransactionCleaningReport,
  reportPath?: string,
): InputError {
  const dropped = report.rules.filter((r) => r.lines > 0 && r.action !== "kept")
    .map((r) => `${r.rule} ${r.lines}`);
  const why = dropped.length > 0 ? ` (${dropped.join(", ")})` : "";
  const where = reportPath === undefined
    ? "see the cleaning report"
    : `see the cleaning report in ${reportPath}`;
  return new InputError(`No lines left after cleaning: ${report.linesIn} lines dropped${why}`, {
    file: report.file,
    hint: `${where}, and check the column choices (--customer, --quantity, --price) and --outliers`,
  });
}
