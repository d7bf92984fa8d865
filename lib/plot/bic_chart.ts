/**
 * BIC and AIC of Gaussian mixtures by number of components, lowest BIC
 * marked: the mixture's evidence for k.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { InputError } from "../errors.ts";
import type { GMMSweepPoint } from "../cluster/gmm.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { CHART_STYLE } from "./theme.ts";

/** Options for {@link bicChart}. */
export interface BICChartOptions {
  title?: string;
  width?: number;
}

/**
 * Lines of BIC and AIC against k; the k with the lowest BIC is ringed.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { bicChart } from "./bic_chart.ts";
 * const sweep = [1, 2, 3].map((k) => ({ k, bic: 100 - 10 * k + 4 * k * k, aic: 90 - 12 * k + 3 * k * k, logLikelihood: -40, converged: true }));
 * ok(bicChart(sweep).html.includes("BIC"));
 * ```
 */
export function bicChart(sweep: readonly GMMSweepPoint[], options: BICChartOptions = {}): Chart {
  if (sweep.length === 0) throw new InputError("BIC chart: the sweep is empty");
  const long = sweep.flatMap((p) => [
    { k: p.k, criterion: "BIC", value: p.bic },
    { k: p.k, criterion: "AIC", value: p.aic },
  ]);
  const best = sweep.reduce((a, b) => (b.bic < a.bic ? b : a));
  const bestAic = sweep.reduce((a, b) => (b.aic < a.aic ? b : a));
  return renderPlot({
    title: options.title ?? "Gaussian mixture: information criteria by number of components",
    subtitle: `Lower is better. BIC is lowest at k = ${best.k}, AIC at k = ${bestAic.k}.`,
    width: options.width ?? 640,
    height: 320,
    marginLeft: 70,
    style: CHART_STYLE,
    x: {
      label: "Components (k) →",
      ticks: sweep.map((p) => p.k),
      tickFormat: "d",
      labelAnchor: "right",
    },
    y: { label: "↑ Criterion (lower is better)", grid: true },
    color: { domain: ["BIC", "AIC"], range: ["#4e79a7", "#f28e2c"], legend: true },
    marks: [
      Plot.line(long, { x: "k", y: "value", stroke: "criterion", strokeWidth: 2 }),
      Plot.dot(long, { x: "k", y: "value", fill: "criterion", r: 3 }),
      Plot.dot([best], { x: "k", y: "bic", r: 8, stroke: "#e15759", strokeWidth: 2.5 }),
      Plot.text([best], {
        x: "k",
        y: "bic",
        text: () => `lowest BIC: k = ${best.k}`,
        dy: -14,
        fill: "#e15759",
        fontWeight: 600,
      }),
    ],
  });
}
