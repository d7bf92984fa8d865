/**
 * The per-customer history the buy-till-you-die models take, as
 * `lifetimes` names it: `frequency` (repeat purchases: purchase occasions
 * after the first), `recency` (time from the first to the last occasion) and
 * `T` (time from the first occasion to the end of the period), in one time
 * unit; `monetary` the mean value of the repeat occasions (0 without any).
 * Customers with the same history are one pattern with a weight, so a fit on a
 * million customers evaluates each distinct history once.
 *
 * @module
 */
import { InputError } from "../errors.ts";

/** Histories, one entry per customer (or per pattern, with `weight`). */
export interface RepeatHistory {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
}

/** Distinct (frequency, recency, T) histories with how many customers share each. */
export interface HistoryPatterns extends RepeatHistory {
  weight: Float64Array;
  /** The distinct frequencies, and each pattern's position among them (terms that depend on x only). */
  xValues?: Float64Array;
  xIndex?: Int32Array;
}

/**
 * Check the histories: whole non-negative frequencies, 0 ≤ recency ≤ T,
 * recency 0 without repeat purchases. Throws InputError naming the first bad row.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkHistory } from "./repeat_data.ts";
 * checkHistory({ frequency: Float64Array.of(1), recency: Float64Array.of(2), T: Float64Array.of(3) });
 * throws(() => checkHistory({ frequency: Float64Array.of(1), recency: Float64Array.of(4), T: Float64Array.of(3) }));
 * ```
 */
export function checkHistory(history: RepeatHistory, source = "customer summary"): void {
  const { frequency, recency, T } = history;
  if (recency.length !== frequency.length || T.length !== frequency.length) {
    throw new InputError(`${source}: frequency, recency and T differ in length`, {
      hint: "give one value of each per customer",
    });
  }
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!, tx = recency[i]!, t = T[i]!;
    const bad = !(Number.isInteger(x) && x >= 0)
      ? "frequency is not a whole number ≥ 0"
      : !(tx >= 0 && Number.isFinite(tx))
      ? "recency is negative or not a number"
      : !(t >= tx && Number.isFinite(t))
      ? "recency is larger than T"
      : x === 0 && tx !== 0
      ? "recency is not 0 for a customer without repeat purchases"
      : undefined;
    if (bad !== undefined) {
      throw new InputError(
        `${source}: row ${i + 1}: ${bad} (frequency ${x}, recency ${tx}, T ${t})`,
        {
          hint: "build the summary with transactionSummary, or check the columns' meaning",
        },
      );
    }
  }
}

/**
 * Group identical histories.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { historyPatterns } from "./repeat_data.ts";
 * const p = historyPatterns({
 *   frequency: Float64Array.of(0, 0, 2), recency: Float64Array.of(0, 0, 5), T: Float64Array.of(9, 9, 9),
 * });
 * deepEqual(Array.from(p.weight), [2, 1]);
 * ```
 */
export function historyPatterns(history: RepeatHistory): HistoryPatterns {
  const index = new Map<string, number>();
  const x: number[] = [], tx: number[] = [], t: number[] = [], w: number[] = [];
  for (let i = 0; i < history.frequency.length; i++) {
    const key = `${history.frequency[i]},${history.recency[i]},${history.T[i]}`;
    const at = index.get(key);
    if (at !== undefined) {
      w[at]!++;
      continue;
    }
    index.set(key, x.length);
    x.push(history.frequency[i]!);
    tx.push(history.recency[i]!);
    t.push(history.T[i]!);
    w.push(1);
  }
  const xValues = [...new Set(x)].sort((a, b) => a - b);
  const position = new Map(xValues.map((v, i) => [v, i]));
  return {
    frequency: Float64Array.from(x),
    recency: Float64Array.from(tx),
    T: Float64Array.from(t),
    weight: Float64Array.from(w),
    xValues: Float64Array.from(xValues),
    xIndex: Int32Array.from(x, (v) => position.get(v)!),
  };
}
