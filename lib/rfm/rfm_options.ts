/**
 * The options of the RFM pipeline ({@link runRFM}): those of `deno task rfm`,
 * one field per flag, plus the segment map a notebook may edit. Defaults and
 * checks are here, once.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { CleanTransactionsOptions } from "../clean/transactions.ts";
import type { RFMSegmentRule } from "../features/rfm_segments.ts";
import { checkCLVOptions } from "../clv/customer_value.ts";
import { MEMORY_LIMIT_PATTERN } from "./memory_limit.ts";

/**
 * Options of {@link runRFM}. The cleaning options (`columns`, `outliers`,
 * `outlierThreshold`, `netCancellations`, `dropDuplicates`, `dateFormat`,
 * `sheet`, `headerRow`, `description`) are `cleanTransactions`'.
 */
export interface RFMOptions extends CleanTransactionsOptions {
  /** As-of date YYYY-MM-DD (`--as-of`); default the day after the last kept line. */
  asOf?: string;
  /**
   * The run's memory budget, e.g. "8GB" (`--memory-limit`): DuckDB gets what the
   * rest of the process leaves of it, and work beyond that spills to a temporary folder.
   */
  memoryLimit?: string;
  /** Depth of the decision tree behind `segment_rules.csv` (`--rule-depth`), 1–8, default 3. */
  ruleDepth?: number;
  /** An earlier date YYYY-MM-DD (`--from`): adds the migration since then and its forecast. */
  from?: string;
  /**
   * Add customer lifetime value (`--clv`): P(alive), expected purchases and value, CLV per
   * customer in `rfm.csv`, and `clv_segments.csv`, `clv_slipping.csv`, `clv_holdout.csv`.
   */
  clv?: boolean;
  /** CLV horizon in days (`--horizon`), default 365. */
  horizonDays?: number;
  /** Yearly discount rate of CLV (`--discount`), default 0.1. */
  discount?: number;
  /** The segment map (default the usual one, Champions … Lost). */
  segmentRules?: readonly RFMSegmentRule[];
  /** Write the files into this folder (`--out`); without it nothing is written. */
  out?: string;
  /**
   * Write one CSV of customer ids per segment and `segments_index.csv` here (`--export-segments`);
   * a folder inside `out` is written with it, as one unit.
   */
  exportSegments?: string;
  /** Receives a line for each thing worth saying about the output folders (files removed). */
  onNote?: (line: string) => void;
  /** Hold SIGINT/SIGTERM while an output folder is swapped in (for the command line). */
  holdSignals?: boolean;
}

/** Default depth of the rules' decision tree. */
export const RFM_RULE_DEPTH = 3;

// What a memory limit looks like, defined beside how it is read (memory_limit.ts).
export { MEMORY_LIMIT_PATTERN };

/**
 * Refuse options no run could use (a rule depth outside 1–8, a memory limit
 * without a unit), in one line saying what to give instead.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkRFMOptions } from "./rfm_options.ts";
 * checkRFMOptions({ ruleDepth: 4, memoryLimit: "2GB" });
 * throws(() => checkRFMOptions({ ruleDepth: 0 }), {
 *   message: "Invalid rule depth: 0. Give a whole number from 1 to 8 (--rule-depth).",
 * });
 * throws(() => checkRFMOptions({ memoryLimit: "lots" }), { name: "InputError" });
 * ```
 */
export function checkRFMOptions(options: RFMOptions): void {
  const depth = options.ruleDepth;
  if (depth !== undefined && (!Number.isInteger(depth) || depth < 1 || depth > 8)) {
    throw new InputError(`Invalid rule depth: ${depth}`, {
      hint: "give a whole number from 1 to 8 (--rule-depth)",
    });
  }
  checkCLVOptions(options);
  const limit = options.memoryLimit;
  if (limit !== undefined && !MEMORY_LIMIT_PATTERN.test(limit)) {
    throw new InputError(`Invalid memory limit: "${limit}"`, {
      hint: "write it like 512MB or 2GB (--memory-limit)",
    });
  }
}
