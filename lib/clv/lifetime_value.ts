/**
 * Customer lifetime value over a horizon: expected purchases (BG/NBD) times
 * expected value per purchase (Gamma-Gamma), discounted. The convention is
 * `lifetimes`' `customer_lifetime_value`: the horizon is cut into months, the
 * purchases expected in month i (E[Y(tᵢ)] − E[Y(tᵢ₋₁)], tᵢ the month's end)
 * are valued at the expected value per purchase and discounted by
 * (1 + monthly rate)^i, i.e. at the end of the month. `lifetimes` counts a
 * month as 30 days (4.345 weeks). With a horizon that is not a whole number
 * of months, the last step is the part month, discounted at its end
 * (i = horizon / month); with whole months this is `lifetimes`' figure.
 *
 * @module
 */
import type { BGNBDParams } from "./bgnbd_likelihood.ts";
import { conditionalExpectedPurchases } from "./bgnbd_predict.ts";

/** Options for {@link customerLifetimeValue}. */
export interface LifetimeValueOptions {
  /** Horizon in the model's time unit. */
  horizon: number;
  /** A month in the model's time unit (30 for days, 4.345 for weeks, as lifetimes). */
  month: number;
  /** Discount rate per month (lifetimes' `discount_rate`). */
  monthlyDiscount: number;
}

/**
 * Discounted value of a customer's expected purchases over the horizon.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { customerLifetimeValue } from "./lifetime_value.ts";
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * const history = { frequency: 2, recency: 30.43, T: 38.86, value: 25 };
 * const undiscounted = customerLifetimeValue(params, history, { horizon: 52.14, month: 4.345, monthlyDiscount: 0 });
 * const discounted = customerLifetimeValue(params, history, { horizon: 52.14, month: 4.345, monthlyDiscount: 0.01 });
 * ok(discounted < undiscounted && undiscounted > 0);
 * ```
 */
export function customerLifetimeValue(
  params: BGNBDParams,
  history: { frequency: number; recency: number; T: number; value: number },
  options: LifetimeValueOptions,
): number {
  const { horizon, month, monthlyDiscount } = options;
  const { frequency, recency, T, value } = history;
  let clv = 0, previous = 0;
  const steps = Math.ceil(horizon / month - 1e-9);
  for (let i = 1; i <= steps; i++) {
    const t = Math.min(i * month, horizon);
    const cumulative = conditionalExpectedPurchases(params, t, frequency, recency, T);
    clv += (value * (cumulative - previous)) / (1 + monthlyDiscount) ** (t / month);
    previous = cumulative;
  }
  return clv;
}

/**
 * The monthly rate equivalent to a yearly one, for months of `monthDays` days
 * in a year of 365: (1 + yearly)^(monthDays/365) − 1.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { monthlyRate } from "./lifetime_value.ts";
 * ok(Math.abs((1 + monthlyRate(0.1)) ** (365 / 30) - 1.1) < 1e-12);
 * ```
 */
export function monthlyRate(yearly: number, monthDays = 30): number {
  return (1 + yearly) ** (monthDays / 365) - 1;
}
