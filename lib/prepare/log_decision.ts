/**
 * Whether a numeric or date column is log1p-transformed: by skewness with
 * `log: "auto"` (only skewed counts and amounts, and only when it helps), or
 * because the column is named in `--log` (refused for values of -1 or below).
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { skewness } from "../features/transform.ts";

/** Skewness above which `log: "auto"` log-transforms a non-negative column. */
export const SKEW_LIMIT = 2;

/** Options for {@link decideLog}. */
export interface LogDecisionOptions {
  /** Decide by skewness (`log: "auto"`); otherwise the column was named and is transformed. */
  auto: boolean;
  /** The column, for messages. */
  column: string;
  /** Source name for messages. */
  file?: string;
}

/** The outcome: transformed, with skewness before and after, or left as it is with its skewness. */
export type LogDecision =
  | { log: true; before: number; after: number }
  | { log: false; skew: number };

/**
 * Decide the log transform of a column from its present values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decideLog } from "./log_decision.ts";
 * const spend = Float64Array.from([1, 2, 2, 3, 3, 3, 4, 5, 8, 400]);
 * assert.equal(decideLog(spend, { auto: true, column: "spend" }).log, true);
 * const flags = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
 * assert.equal(decideLog(flags, { auto: true, column: "flag" }).log, false);
 * ```
 */
export function decideLog(x: Float64Array, options: LogDecisionOptions): LogDecision {
  const before = skewness(x);
  let min = Infinity;
  for (const v of x) if (v < min) min = v;
  if (options.auto) {
    let max = -Infinity;
    for (const v of x) if (v > max) max = v;
    // Only skewed counts and amounts: not 0/1 flags, not shares in [0, 1], and only when it helps.
    const after = skewness(log1pOf(x));
    if (
      !(min >= 0 && before > SKEW_LIMIT) || max <= 1 || fewValues(x, 2) ||
      !(Math.abs(after) < Math.abs(before))
    ) {
      return { log: false, skew: before };
    }
  } else if (min <= -1) {
    throw new InputError(`Cannot log-transform values of ${min} or below -1`, {
      file: options.file,
      column: options.column,
      hint: "log1p needs values above -1; leave this column out of --log",
    });
  }
  return { log: true, before, after: skewness(log1pOf(x)) };
}

/** True when `x` holds at most `n` distinct values (a 0/1 flag is not log-transformed). */
function fewValues(x: Float64Array, n: number): boolean {
  const seen = new Set<number>();
  for (const v of x) {
    seen.add(v);
    if (seen.size > n) return false;
  }
  return true;
}

function log1pOf(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.log1p(x[i]!);
  return out;
}
