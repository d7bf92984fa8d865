/**
 * From the per-customer summary (time in days) to what each customer is
 * worth next: BG/NBD and Gamma-Gamma fitted on it, then per customer
 * `p_alive`, `expected_purchases` over the horizon, `expected_value` per
 * purchase and the discounted `clv`. Defaults: a 365-day horizon and 10% a
 * year, discounted per 30-day month at (1.10)^(30/365) − 1 a month (see
 * lifetime_value.ts for the convention).
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { type BGNBDFit, fitBGNBD } from "./bgnbd_fit.ts";
import { conditionalExpectedPurchases, probabilityAlive } from "./bgnbd_predict.ts";
import { expectedAverageValue, fitGammaGamma, type GammaGammaFit } from "./gamma_gamma.ts";
import { customerLifetimeValue, monthlyRate } from "./lifetime_value.ts";

/** Default horizon of `clv` and `expected_purchases`, in days. */
export const CLV_HORIZON_DAYS = 365;
/** Default yearly discount rate. */
export const CLV_DISCOUNT = 0.1;
/** Days in a month of the discounting (lifetimes' convention for days). */
export const CLV_MONTH_DAYS = 30;
/** The columns {@link customerValue} adds, in order (after `customer_id`). */
export const CLV_COLUMNS = ["p_alive", "expected_purchases", "expected_value", "clv"] as const;

/** Options for {@link customerValue}. */
export interface CustomerValueOptions {
  /** Horizon in days (default 365). */
  horizonDays?: number;
  /** Yearly discount rate, e.g. 0.1 for 10% (default 0.1). */
  discount?: number;
  /** Where the data came from, for messages. */
  source?: string;
}

/** Per-customer value and the fits behind it. */
export interface CustomerValue {
  /** customer_id, p_alive, expected_purchases, expected_value, clv. */
  table: ColumnTable;
  bgnbd: BGNBDFit;
  gammaGamma: GammaGammaFit;
  horizonDays: number;
  discount: number;
  /** One line per fit that should not be trusted. */
  warnings: string[];
}

/**
 * Check a horizon (days) and a yearly discount rate; InputError naming the flag otherwise.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkCLVOptions } from "./customer_value.ts";
 * checkCLVOptions({ horizonDays: 730, discount: 0.08 });
 * throws(() => checkCLVOptions({ horizonDays: 0 }), { name: "InputError" });
 * ```
 */
export function checkCLVOptions(options: CustomerValueOptions): void {
  const h = options.horizonDays;
  if (h !== undefined && !(Number.isFinite(h) && h > 0)) {
    throw new InputError(`Invalid CLV horizon: ${h} days`, {
      hint: "give a positive number of days (--horizon)",
    });
  }
  const d = options.discount;
  if (d !== undefined && !(Number.isFinite(d) && d >= 0 && d < 10)) {
    throw new InputError(`Invalid discount rate: ${d}`, {
      hint: "give a yearly rate as a fraction, e.g. 0.1 for 10% (--discount)",
    });
  }
}

/**
 * Fit the models on a summary (customer_id, frequency, recency, T,
 * monetary_value; time in days) and value every customer.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { customerValue } from "./customer_value.ts";
 * const n = 40;
 * const summary = aq.table({
 *   customer_id: Array.from({ length: n }, (_, i) => `c${i}`),
 *   frequency: Array.from({ length: n }, (_, i) => i % 5),
 *   recency: Array.from({ length: n }, (_, i) => (i % 5) * 30 + (i % 5 > 0 ? i : 0)),
 *   T: Array.from({ length: n }, () => 300),
 *   monetary_value: Array.from({ length: n }, (_, i) => (i % 5 > 0 ? 10 + ((i * 7) % 13) * 4 : 0)),
 * });
 * const value = customerValue(summary);
 * ok(value.table.numRows() === n && (value.table.get("clv", 4) as number) > 0);
 * ```
 */
export function customerValue(
  summary: ColumnTable,
  options: CustomerValueOptions = {},
): CustomerValue {
  checkCLVOptions(options);
  const horizonDays = options.horizonDays ?? CLV_HORIZON_DAYS;
  const discount = options.discount ?? CLV_DISCOUNT;
  const source = options.source ?? "customer summary";
  const column = (name: string) => Float64Array.from(summary.array(name) as ArrayLike<number>);
  const frequency = column("frequency"), recency = column("recency"), T = column("T");
  const monetary = column("monetary_value");
  const bgnbd = fitBGNBD({ frequency, recency, T }, { source });
  const gammaGamma = fitGammaGamma(frequency, monetary, { source });
  const n = frequency.length;
  const pAlive = new Float64Array(n), expected = new Float64Array(n);
  const value: (number | null)[] = new Array(n), clv: (number | null)[] = new Array(n);
  const usable = Number.isFinite(bgnbd.params.r);
  // A fit that stopped short (its warning says so) still gives figures while they are finite.
  const { p, q, gamma } = gammaGamma.params;
  const ggUsable = [p, q, gamma].every(Number.isFinite) && q > 1;
  const timing = { horizon: horizonDays, month: CLV_MONTH_DAYS, monthlyDiscount: 0 };
  timing.monthlyDiscount = monthlyRate(discount, CLV_MONTH_DAYS);
  // Customers with one history share every figure but the value: compute each history once.
  const cache = new Map<string, [number, number, number]>();
  for (let i = 0; i < n; i++) {
    const x = frequency[i]!, tx = recency[i]!, t = T[i]!;
    const key = `${x},${tx},${t}`;
    let figures = cache.get(key);
    if (figures === undefined) {
      figures = usable
        ? [
          probabilityAlive(bgnbd.params, x, tx, t),
          conditionalExpectedPurchases(bgnbd.params, horizonDays, x, tx, t),
          // Discounted purchases: CLV per unit of value per purchase.
          customerLifetimeValue(
            bgnbd.params,
            { frequency: x, recency: tx, T: t, value: 1 },
            timing,
          ),
        ]
        : [NaN, NaN, NaN];
      cache.set(key, figures);
    }
    pAlive[i] = figures[0];
    expected[i] = figures[1];
    const perPurchase = ggUsable ? expectedAverageValue(gammaGamma.params, x, monetary[i]!) : NaN;
    value[i] = Number.isFinite(perPurchase) ? perPurchase : null;
    clv[i] = Number.isFinite(perPurchase) && Number.isFinite(figures[2])
      ? perPurchase * figures[2]
      : null;
  }
  const warnings = [bgnbd.warning, gammaGamma.warning].filter((w): w is string => w !== undefined);
  return {
    table: aq.table({
      customer_id: summary.array("customer_id") as string[],
      p_alive: pAlive,
      expected_purchases: expected,
      expected_value: value,
      clv,
    }),
    bgnbd,
    gammaGamma,
    horizonDays,
    discount,
    warnings,
  };
}
