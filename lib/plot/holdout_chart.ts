/**
 * The calibration/holdout check as Fader, Hardie & Lee draw it (2005,
 * figure 4): for each number of repeat purchases in the calibration period,
 * the mean number of purchases in the holdout period, actual against what
 * the model fitted on the calibration period predicted.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { InputError } from "../errors.ts";
import type { HoldoutRow } from "../clv/holdout_check.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { CHART_STYLE } from "./theme.ts";

/** Options for {@link holdoutChart}. */
export interface HoldoutChartOptions {
  /** Calibration end and holdout length, for the subtitle. */
  calibrationEnd?: string;
  holdoutDays?: number;
  title?: string;
  width?: number;
}

/**
 * Lines of actual and predicted mean holdout purchases per calibration frequency.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { holdoutChart } from "./holdout_chart.ts";
 * const chart = holdoutChart([
 *   { frequency: "0", customers: 10, actual: 0.2, predicted: 0.25 },
 *   { frequency: "1", customers: 5, actual: 0.6, predicted: 0.5 },
 * ]);
 * ok(chart.html.includes("Predicted"));
 * ```
 */
export function holdoutChart(
  rows: readonly HoldoutRow[],
  options: HoldoutChartOptions = {},
): Chart {
  if (rows.length === 0) throw new InputError("No frequency groups to chart the holdout check");
  const data = rows.flatMap((r) => [
    { frequency: r.frequency, series: "Actual", purchases: r.actual, customers: r.customers },
    { frequency: r.frequency, series: "Predicted", purchases: r.predicted, customers: r.customers },
  ]);
  const actual = rows.reduce((s, r) => s + r.actual * r.customers, 0);
  const predicted = rows.reduce((s, r) => s + r.predicted * r.customers, 0);
  const period = options.calibrationEnd === undefined
    ? "the holdout period"
    : `the ${options.holdoutDays ?? ""} days from ${options.calibrationEnd}`.replace("  ", " ");
  return renderPlot({
    title: options.title ?? "Calibration/holdout check: purchases in the holdout period",
    subtitle: `Mean purchases per customer in ${period}, by repeat purchases before it: actual ${
      Math.round(actual).toLocaleString("en-US")
    } in all, predicted ${Math.round(predicted).toLocaleString("en-US")}.`,
    width: options.width ?? 720,
    height: 360,
    style: CHART_STYLE,
    x: {
      label: "Repeat purchases in the calibration period →",
      domain: rows.map((r) => r.frequency),
      type: "point",
      padding: 0.3,
    },
    y: { label: "↑ Mean purchases in the holdout", grid: true, zero: true },
    color: { domain: ["Actual", "Predicted"], range: ["#222222", "#e15759"], legend: true },
    marks: [
      Plot.line(data, { x: "frequency", y: "purchases", stroke: "series", strokeWidth: 2 }),
      Plot.dot(data, { x: "frequency", y: "purchases", fill: "series", r: 3.5 }),
      Plot.ruleY([0]),
    ],
  });
}
