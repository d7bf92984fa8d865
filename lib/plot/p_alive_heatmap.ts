/**
 * P(alive) as a heat map against recency and frequency, from a fitted
 * BG/NBD model: for a customer first seen `age` days ago, each cell is the
 * probability of still being active given the repeat purchases (rows) and
 * the days since the last purchase (columns). Frequent buyers who have gone
 * quiet fall fastest: their silence is the more unusual.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { InputError } from "../errors.ts";
import type { BGNBDParams } from "../clv/bgnbd_likelihood.ts";
import { probabilityAlive } from "../clv/bgnbd_predict.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { CHART_STYLE } from "./theme.ts";

/** Options for {@link pAliveHeatmap}. */
export interface PAliveHeatmapOptions {
  /** The customer's age in days (first purchase to the as-of date). */
  age: number;
  /** Largest number of repeat purchases shown (default 20). */
  maxFrequency?: number;
  /** Columns of days since the last purchase (default 24). */
  columns?: number;
  title?: string;
  width?: number;
}

/**
 * Heat map of P(alive) by repeat purchases and days since the last purchase.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { pAliveHeatmap } from "./p_alive_heatmap.ts";
 * const chart = pAliveHeatmap({ r: 0.5, alpha: 30, a: 0.8, b: 2.4 }, { age: 365 });
 * ok(chart.html.includes("P(alive)"));
 * ```
 */
export function pAliveHeatmap(params: BGNBDParams, options: PAliveHeatmapOptions): Chart {
  const age = options.age;
  if (!(age > 0) || !Number.isFinite(params.r)) {
    throw new InputError("No fitted model or customer age to chart P(alive)", {
      hint: "fit BG/NBD on customers with some history first",
    });
  }
  const maxF = options.maxFrequency ?? 20;
  const columns = options.columns ?? 24;
  const step = age / columns;
  const cells: { frequency: number; since: number; p: number }[] = [];
  for (let x = 0; x <= maxF; x++) {
    for (let j = 0; j < columns; j++) {
      const since = (j + 0.5) * step; // days since the last purchase, mid-column
      const recency = x === 0 ? 0 : age - since;
      cells.push({ frequency: x, since, p: probabilityAlive(params, x, recency, age) });
    }
  }
  return renderPlot({
    title: options.title ?? "Probability a customer is still active (BG/NBD)",
    subtitle: `For a customer who first bought ${
      Math.round(age)
    } days ago: rows are repeat purchases, columns days since the last one. Customers who never bought again count as active (the model's assumption).`,
    width: options.width ?? 720,
    height: 120 + (maxF + 1) * 16,
    marginLeft: 50,
    style: CHART_STYLE,
    x: { label: "Days since the last purchase →", domain: [0, age] },
    y: { label: "↑ Repeat purchases", domain: [-0.5, maxF + 0.5], ticks: 10 },
    color: {
      type: "linear",
      domain: [0, 1],
      scheme: "rdylgn",
      legend: true,
      label: "P(alive)",
    },
    marks: [
      Plot.rect(cells, {
        x1: (d: { since: number }) => d.since - step / 2,
        x2: (d: { since: number }) => d.since + step / 2,
        y1: (d: { frequency: number }) => d.frequency - 0.5,
        y2: (d: { frequency: number }) => d.frequency + 0.5,
        fill: "p",
      }),
    ],
  });
}
