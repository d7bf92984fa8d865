/**
 * Where segments head next: a first-order Markov forecast of segment sizes
 * from the migration between two dates (`segmentMigration`).
 *
 * Assumptions, stated with every forecast:
 * - a customer's next segment depends only on their current one, with the
 *   shares observed between the two dates (the transition matrix), and the
 *   period ahead is as long as the observed one;
 * - each period brings as many new customers as the observed one did,
 *   landing in segments as they did (`newCustomers: false` leaves them out);
 * - a segment nobody was in at the first date keeps its customers (no moves
 *   were observed from it).
 *
 * Sizes are expected numbers of customers, so they have decimals.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { type MigrationCell, NOT_YET_CUSTOMER } from "../features/segment_migration.ts";

/** What the forecast needs from a migration: the dates and the cells. */
export interface MigrationInput {
  fromDate: string;
  toDate: string;
  matrix: readonly MigrationCell[];
}

/** Options for {@link markovForecast}. */
export interface MarkovForecastOptions {
  /** Periods ahead (default 2). */
  periods?: number;
  /** Add new customers each period as observed (default true). */
  newCustomers?: boolean;
}

/** One segment's size at one period (0 = the second date, observed). */
export interface ForecastSize {
  segment: string;
  period: number;
  /** YYYY-MM-DD: the second date plus `period` periods. */
  date: string;
  customers: number;
}

/** One entry of the transition matrix: the share of `from` moving to `to` each period. */
export interface TransitionShare {
  from: string;
  to: string;
  share: number;
}

/** A Markov forecast: the matrix it rests on, its assumption and the sizes. */
export interface SegmentForecast {
  fromDate: string;
  toDate: string;
  periodDays: number;
  /** The assumption in one paragraph, to print beside the figures. */
  assumption: string;
  /** Segments in order. */
  segments: string[];
  /** Row-stochastic transitions between segments (rows sum to 1). */
  transitions: TransitionShare[];
  /** New customers per period, by the segment they start in. */
  arrivals: { segment: string; customers: number }[];
  /** Sizes per segment and period, period 0 first. */
  sizes: ForecastSize[];
}

function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Segment sizes one, two (or `periods`) periods after the second date.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { markovForecast } from "./markov_forecast.ts";
 * const forecast = markovForecast({
 *   fromDate: "2024-06-01", toDate: "2024-12-01",
 *   matrix: [
 *     { from: "Loyal", to: "Loyal", customers: 8, share: 0.8 },
 *     { from: "Loyal", to: "Lost", customers: 2, share: 0.2 },
 *     { from: "Lost", to: "Loyal", customers: 0, share: 0 },
 *     { from: "Lost", to: "Lost", customers: 5, share: 1 },
 *   ],
 * });
 * deepEqual(forecast.sizes.filter((s) => s.period === 1).map((s) => s.customers), [6.4, 8.6]);
 * ```
 */
export function markovForecast(
  migration: MigrationInput,
  options: MarkovForecastOptions = {},
): SegmentForecast {
  const periods = options.periods ?? 2;
  if (!Number.isInteger(periods) || periods < 1) {
    throw new InputError(`Invalid number of periods: ${periods}`, {
      hint: "give a whole number of periods ahead, 1 or more",
    });
  }
  if (migration.matrix.length === 0) {
    throw new InputError("No customers in the migration to forecast from", {
      hint: "pick an earlier first date, so that some customers have bought by then",
    });
  }
  const periodDays = Math.round(
    (Date.parse(`${migration.toDate}T00:00:00Z`) - Date.parse(`${migration.fromDate}T00:00:00Z`)) /
      86_400_000,
  );
  if (!(periodDays > 0)) {
    throw new InputError(
      `The first date must come before the second: ${migration.fromDate} ≥ ${migration.toDate}`,
    );
  }
  const segments: string[] = [];
  for (const c of migration.matrix) {
    for (const s of [c.from, c.to]) {
      if (s !== NOT_YET_CUSTOMER && !segments.includes(s)) segments.push(s);
    }
  }
  const at = new Map(segments.map((s, i) => [s, i]));
  const k = segments.length;
  const counts = Array.from({ length: k }, () => new Float64Array(k));
  const rowTotal = new Float64Array(k);
  const now = new Float64Array(k);
  const arrivals = new Float64Array(k);
  for (const c of migration.matrix) {
    const to = at.get(c.to)!;
    now[to] = now[to]! + c.customers;
    if (c.from === NOT_YET_CUSTOMER) {
      arrivals[to] = arrivals[to]! + c.customers;
      continue;
    }
    const from = at.get(c.from)!;
    counts[from]![to] = counts[from]![to]! + c.customers;
    rowTotal[from] = rowTotal[from]! + c.customers;
  }
  const addNew = options.newCustomers ?? true;
  const transitions: TransitionShare[] = [];
  const p = counts.map((row, i) =>
    row.map((n, j) => (rowTotal[i]! > 0 ? n / rowTotal[i]! : i === j ? 1 : 0))
  );
  p.forEach((row, i) =>
    row.forEach((share, j) => transitions.push({ from: segments[i]!, to: segments[j]!, share }))
  );
  const sizes: ForecastSize[] = [];
  let current = now;
  const record = (period: number, v: Float64Array) =>
    segments.forEach((segment, j) =>
      sizes.push({
        segment,
        period,
        date: addDays(migration.toDate, period * periodDays),
        customers: v[j]!,
      })
    );
  record(0, current);
  for (let t = 1; t <= periods; t++) {
    const next = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) next[j] = next[j]! + current[i]! * p[i]![j]!;
    }
    if (addNew) { for (let j = 0; j < k; j++) next[j] = next[j]! + arrivals[j]!; }
    record(t, next);
    current = next;
  }
  const totalNew = arrivals.reduce((a, b) => a + b, 0);
  const assumption =
    `First-order Markov forecast: each customer's next segment depends only on their current one, ` +
    `with the shares observed from ${migration.fromDate} to ${migration.toDate} ` +
    `(${periodDays} days, the length of each period ahead)` +
    (addNew
      ? `; each period brings ${totalNew.toLocaleString("en-US")} new customers, ` +
        `landing in segments as this period's did.`
      : `; no new customers are added.`) +
    (rowTotal.some((n) => n === 0)
      ? ` Segments nobody was in at ${migration.fromDate} are assumed to keep their customers.`
      : "");
  return {
    fromDate: migration.fromDate,
    toDate: migration.toDate,
    periodDays,
    assumption,
    segments,
    transitions,
    arrivals: segments.map((segment, j) => ({ segment, customers: arrivals[j]! })),
    sizes,
  };
}

/**
 * The forecast as one row per segment (`now`, then one column per period
 * ahead, named by its date), for a table.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { forecastRows } from "./markov_forecast.ts";
 * const rows = forecastRows({
 *   fromDate: "2024-06-01", toDate: "2024-12-01", periodDays: 183, assumption: "", segments: ["A"],
 *   transitions: [], arrivals: [],
 *   sizes: [{ segment: "A", period: 0, date: "2024-12-01", customers: 5 }, { segment: "A", period: 1, date: "2025-06-02", customers: 6 }],
 * });
 * deepEqual(rows, [{ segment: "A", "2024-12-01": 5, "2025-06-02": 6 }]);
 * ```
 */
export function forecastRows(forecast: SegmentForecast): Record<string, string | number>[] {
  return forecast.segments.map((segment) => {
    const row: Record<string, string | number> = { segment };
    for (const s of forecast.sizes) if (s.segment === segment) row[s.date] = s.customers;
    return row;
  });
}

/**
 * The transition matrix as one row per `from` segment with a share column per `to` segment.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { transitionRows } from "./markov_forecast.ts";
 * const rows = transitionRows({
 *   fromDate: "", toDate: "", periodDays: 1, assumption: "", segments: ["A", "B"], arrivals: [], sizes: [],
 *   transitions: [{ from: "A", to: "A", share: 0.5 }, { from: "A", to: "B", share: 0.5 },
 *     { from: "B", to: "A", share: 0 }, { from: "B", to: "B", share: 1 }],
 * });
 * deepEqual(rows[0], { from: "A", A: 0.5, B: 0.5 });
 * ```
 */
export function transitionRows(forecast: SegmentForecast): Record<string, string | number>[] {
  return forecast.segments.map((from) => {
    const row: Record<string, string | number> = { from };
    for (const t of forecast.transitions) if (t.from === from) row[t.to] = t.share;
    return row;
  });
}
