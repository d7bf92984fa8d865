/**
 * Where segments head next: each segment's size now and one and two periods
 * ahead (a Markov forecast), as grouped horizontal bars.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { SegmentForecast } from "../explain/markov_forecast.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { CHART_STYLE, textWidth } from "./theme.ts";

/** Options for {@link forecastChart}. */
export interface ForecastChartOptions {
  title?: string;
  width?: number;
}

/**
 * Segment sizes at each period of a forecast.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { forecastChart } from "./forecast_chart.ts";
 * import { markovForecast } from "../explain/markov_forecast.ts";
 * const chart = forecastChart(markovForecast({
 *   fromDate: "2024-06-01", toDate: "2024-12-01",
 *   matrix: [{ from: "Loyal", to: "Loyal", customers: 8, share: 0.8 }, { from: "Loyal", to: "Lost", customers: 2, share: 0.2 }],
 * }));
 * ok(chart.html.includes("2025-06-02"));
 * ```
 */
export function forecastChart(
  forecast: SegmentForecast,
  options: ForecastChartOptions = {},
): Chart {
  const dates = [...new Set(forecast.sizes.map((s) => s.date))];
  const label = (date: string) => {
    const period = forecast.sizes.find((s) => s.date === date)!.period;
    return period === 0 ? `${date} (observed)` : `${date} (forecast, +${period})`;
  };
  const data = forecast.sizes.map((s) => ({ ...s, when: label(s.date) }));
  const whens = dates.map(label);
  const marginLeft = Math.max(...forecast.segments.map((s) => textWidth(s))) + 14;
  return renderPlot({
    title: options.title ?? "Segment sizes now and ahead (Markov forecast)",
    subtitle: forecast.assumption,
    width: options.width ?? 760,
    height: 80 + forecast.segments.length * dates.length * 9 + forecast.segments.length * 8,
    marginLeft,
    style: CHART_STYLE,
    fy: { label: null, domain: forecast.segments, padding: 0.15 },
    y: { axis: null, domain: whens },
    x: { label: "Customers →", grid: true },
    color: whens.length <= 3
      ? {
        domain: whens,
        range: ["#4e79a7", "#a0cbe8", "#d4e6f4"].slice(0, whens.length),
        legend: true,
      }
      : { domain: whens, scheme: "blues", reverse: true, legend: true },
    marks: [
      Plot.barX(data, { x: "customers", y: "when", fy: "segment", fill: "when" }),
      Plot.frame({ anchor: "left", stroke: "#bbb" }),
    ],
  });
}
