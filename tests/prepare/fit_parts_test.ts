/**
 * The preparation's fit in its parts: the public names stay importable from
 * `lib/prepare/mod.ts`, and the parts decide a small table as the whole fit
 * does (roles, text levels, dates, fills and the log decision).
 *
 * @module
 */
import { deepEqual, equal, ok } from "node:assert/strict";
import * as aq from "arquero";
import * as prepare from "../../lib/prepare/mod.ts";
import { columnCandidate } from "../../lib/prepare/column_report.ts";
import { decideColumn } from "../../lib/prepare/column_roles.ts";
import { numericFill } from "../../lib/prepare/fill_values.ts";
import { decideLog } from "../../lib/prepare/log_decision.ts";
import { presentNumbers } from "../../lib/prepare/step_numbers.ts";

const table = aq.table({
  customer_id: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  spend: [1, 2, 2, 3, 3, 3, 4, 5, 8, 400],
  joined: [
    "2024-01-01",
    "2024-01-31",
    null,
    "2024-03-01",
    "2024-01-01",
    "2024-02-01",
    "2024-02-11",
    "2024-01-21",
    "2024-01-11",
    "2024-03-01",
  ],
  education: ["PhD", "Master", "PhD", null, "Basic", "PhD", "Master", "PhD", "Basic", "PhD"],
});

Deno.test("the preparation's public names are importable from its mod.ts", () => {
  equal(typeof prepare.fitPreparation, "function");
  equal(typeof prepare.stepNumbers, "function");
  equal(prepare.MAX_AUTO_LEVELS, 20);
  equal(prepare.SKEW_LIMIT, 2);
});

Deno.test("the fit's parts decide each column as fitPreparation does", () => {
  const fit = prepare.fitPreparation(table);
  const ctx = {
    given: undefined,
    categorical: "auto" as const,
    dates: "days-since" as const,
    rareShare: 0.01,
    options: {},
  };
  for (const column of table.columnNames()) {
    const c = columnCandidate(table, column);
    const step = decideColumn(c, ctx);
    const report = fit.columns.find((r) => r.column === column)!;
    equal(c.report.reason, report.reason, column);
    const fitted = fit.model.steps.find((s) => s.column === column);
    equal(step?.kind, fitted?.kind, column);
    if (step === null || step.kind === "categorical") continue;
    const present = presentNumbers(c, step);
    deepEqual(numericFill(present, { missing: "median", count: c.missing }), fitted!.fill);
    // log: "auto" considers numeric columns only; dates stay as days.
    const wanted = step.kind === "numeric" && decideLog(present, { auto: true, column }).log;
    equal(wanted, (fitted as typeof step).log, column);
  }
  ok(fit.model.steps.some((s) => s.kind === "date" && s.log === false));
  equal(fit.columns.find((r) => r.column === "spend")!.log !== undefined, true);
});
