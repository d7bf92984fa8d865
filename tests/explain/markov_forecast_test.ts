/** Markov forecast of segment sizes from the migration matrix. */
import assert from "node:assert/strict";
import { cleanTransactions, releaseTransactions } from "../../lib/clean/transactions.ts";
import { NOT_YET_CUSTOMER, segmentMigration } from "../../lib/features/segment_migration.ts";
import { forecastRows, markovForecast, transitionRows } from "../../lib/explain/mod.ts";
import { isInputError } from "../../lib/errors.ts";

const SAMPLE = new URL("../../data/transactions_sample.csv", import.meta.url).pathname;
const close = (a: number, b: number, tol = 1e-9) =>
  Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

Deno.test("forecast by hand: two segments, new customers, two periods", () => {
  const f = markovForecast({
    fromDate: "2024-06-01",
    toDate: "2024-12-01",
    matrix: [
      { from: "Loyal", to: "Loyal", customers: 6, share: 0.6 },
      { from: "Loyal", to: "Lost", customers: 4, share: 0.4 },
      { from: "Lost", to: "Loyal", customers: 1, share: 0.1 },
      { from: "Lost", to: "Lost", customers: 9, share: 0.9 },
      { from: NOT_YET_CUSTOMER, to: "Loyal", customers: 2, share: 2 / 3 },
      { from: NOT_YET_CUSTOMER, to: "Lost", customers: 1, share: 1 / 3 },
    ],
  });
  // now = [9, 14]; P = [[.6, .4], [.1, .9]]; arrivals = [2, 1].
  // step 1 = [9·.6 + 14·.1 + 2, 9·.4 + 14·.9 + 1] = [8.8, 17.2]
  // step 2 = [8.8·.6 + 17.2·.1 + 2, 8.8·.4 + 17.2·.9 + 1] = [9, 20]
  const at = (period: number) => f.sizes.filter((s) => s.period === period).map((s) => s.customers);
  assert.deepEqual(at(0), [9, 14]);
  at(1).forEach((v, i) => assert.ok(close(v, [8.8, 17.2][i]!)));
  at(2).forEach((v, i) => assert.ok(close(v, [9, 20][i]!)));
  assert.equal(f.periodDays, 183);
  assert.deepEqual([...new Set(f.sizes.map((s) => s.date))], [
    "2024-12-01",
    "2025-06-02",
    "2025-12-02",
  ]);
  assert.match(f.assumption, /First-order Markov.*3 new customers/);
  const without = markovForecast({
    fromDate: "2024-06-01",
    toDate: "2024-12-01",
    matrix: [
      { from: "Loyal", to: "Loyal", customers: 6, share: 0.6 },
      { from: "Loyal", to: "Lost", customers: 4, share: 0.4 },
      { from: NOT_YET_CUSTOMER, to: "Lost", customers: 5, share: 1 },
    ],
  }, { newCustomers: false, periods: 1 });
  // "Lost" had nobody at the first date: it keeps its customers.
  without.sizes.filter((s) => s.period === 1).forEach((s, i) =>
    assert.ok(close(s.customers, [3.6, 11.4][i]!))
  );
  assert.match(without.assumption, /no new customers.*keep their customers/);
  const first = forecastRows(f)[0]!;
  assert.deepEqual(Object.keys(first), ["segment", "2024-12-01", "2025-06-02", "2025-12-02"]);
  assert.ok(close(first["2025-06-02"] as number, 8.8));
  assert.deepEqual(transitionRows(f)[1], { from: "Lost", Loyal: 0.1, Lost: 0.9 });
});

Deno.test("on the sample, the matrix carries the first date's sizes to the second's", async () => {
  const cleaned = await cleanTransactions(SAMPLE);
  try {
    const moves = await segmentMigration(cleaned, { from: "2024-06-01" });
    const f = markovForecast(moves);
    // Rows of the transition matrix sum to 1.
    for (const s of f.segments) {
      const sum = f.transitions.filter((t) => t.from === s).reduce((a, t) => a + t.share, 0);
      assert.ok(close(sum, 1), `${s} sums to ${sum}`);
    }
    // Sizes at the first date × P + arrivals = the observed sizes at the second date.
    const before = new Map<string, number>();
    for (const c of moves.matrix) {
      if (c.from !== NOT_YET_CUSTOMER) before.set(c.from, (before.get(c.from) ?? 0) + c.customers);
    }
    for (const to of f.segments) {
      let v = f.arrivals.find((a) => a.segment === to)!.customers;
      for (const t of f.transitions) if (t.to === to) v += (before.get(t.from) ?? 0) * t.share;
      const observed = f.sizes.find((s) => s.period === 0 && s.segment === to)!.customers;
      assert.ok(close(v, observed), `${to}: ${v} vs ${observed}`);
    }
    // Every period adds the arrivals to the total.
    const total = (p: number) =>
      f.sizes.filter((s) => s.period === p).reduce((a, s) => a + s.customers, 0);
    const arrivals = f.arrivals.reduce((a, s) => a + s.customers, 0);
    assert.ok(arrivals > 0);
    assert.ok(close(total(1), total(0) + arrivals));
    assert.ok(close(total(2), total(0) + 2 * arrivals));
    assert.equal(JSON.stringify(JSON.parse(JSON.stringify(f))), JSON.stringify(f));
  } finally {
    await releaseTransactions(cleaned);
  }
});

Deno.test("bad forecast input is an InputError", () => {
  const cases: [() => unknown, RegExp][] = [
    [
      () => markovForecast({ fromDate: "2024-01-01", toDate: "2024-02-01", matrix: [] }),
      /No customers/,
    ],
    [
      () =>
        markovForecast({
          fromDate: "2024-03-01",
          toDate: "2024-02-01",
          matrix: [{ from: "A", to: "A", customers: 1, share: 1 }],
        }),
      /must come before/,
    ],
    [
      () =>
        markovForecast({
          fromDate: "2024-01-01",
          toDate: "2024-02-01",
          matrix: [{ from: "A", to: "A", customers: 1, share: 1 }],
        }, { periods: 0 }),
      /Invalid number of periods/,
    ],
  ];
  for (const [run, message] of cases) {
    assert.throws(run, (e: unknown) => isInputError(e) && message.test((e as Error).message));
  }
});
