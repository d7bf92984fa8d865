/**
 * Elbow chart: k-means inertia by number of clusters, with the knee found by
 * Kneedle and the recommended k marked, and the reason as subtitle.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { KChoice } from "../select/choose_k.ts";
import { InputError } from "../errors.ts";
import { formatTick } from "../format.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { CHART_STYLE } from "./theme.ts";

/** Options for {@link elbowChart}. */
export interface ElbowChartOptions {
  /** Chart title (default "Elbow: inertia by number of clusters"). */
  title?: string;
  /**
   * Subtitle (default: the choice's reason, or, when `k` differs from the
   * choice's, which k is used and what the sweep alone would have picked).
   */
  subtitle?: string;
  /**
   * The k actually used, when it is not the choice's own (e.g. the knee taken
   * over a silhouette pick, or a k given by the user): it is the one marked.
   */
  k?: number;
  /** Why `k` is used, e.g. "the elbow's knee" or "given" (default: by `k` and the knee). */
  kReason?: string;
  /** Width in pixels (default 640). */
  width?: number;
}

/** Colour of the marks that point at the recommended k. */
export const CHOICE_COLOR = "#e15759";

/**
 * Inertia (within-cluster sum of squares) against k from a {@link KChoice}.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { elbowChart } from "./elbow_chart.ts";
 * const chart = elbowChart({
 *   k: 3, knee: 3, reason: "k = 3: example",
 *   sweep: [2, 3, 4, 5].map((k) => ({ k, inertia: 100 / k ** 2, silhouette: 0.5, daviesBouldin: 1, calinskiHarabasz: 10 })),
 * });
 * ok(chart.html.includes("knee"));
 * ```
 */
export function elbowChart(choice: KChoice, options: ElbowChartOptions = {}): Chart {
  const sweep = checkSweep(choice);
  const ks = sweep.map((p) => p.k);
  const knee = choice.knee === undefined ? undefined : sweep.find((p) => p.k === choice.knee);
  const usedK = options.k ?? choice.k;
  const chosen = sweep.find((p) => p.k === usedK);
  const top = Math.max(...sweep.map((p) => p.inertia));
  const marks: Plot.Markish[] = [
    Plot.ruleY([0]),
    Plot.line(sweep, { x: "k", y: "inertia", stroke: "#4e79a7", strokeWidth: 2 }),
    Plot.dot(sweep, { x: "k", y: "inertia", fill: "#4e79a7", r: 3.5 }),
  ];
  if (knee) {
    marks.push(
      Plot.ruleX([knee.k], { stroke: "#888", strokeDasharray: "4,3" }),
      Plot.text([knee], {
        x: "k",
        y: () => top,
        text: () => `knee: k = ${knee.k}`,
        textAnchor: "start",
        dx: 5,
        dy: 4,
        fill: "#555",
      }),
    );
  }
  if (chosen) {
    marks.push(
      Plot.dot([chosen], { x: "k", y: "inertia", r: 7, stroke: CHOICE_COLOR, strokeWidth: 2.5 }),
      Plot.text([chosen], {
        x: "k",
        y: "inertia",
        text: () => `${usedK === choice.k ? "chosen" : "used"} k = ${chosen.k}`,
        textAnchor: "start",
        dx: 10,
        dy: -10,
        fill: CHOICE_COLOR,
        fontWeight: 600,
      }),
    );
  }
  return renderPlot({
    title: options.title ?? "Elbow: inertia by number of clusters",
    subtitle: options.subtitle ?? usedKReason(choice, sweep, usedK, options.kReason),
    width: options.width ?? 640,
    height: 320,
    marginLeft: 70,
    marginRight: 30,
    style: CHART_STYLE,
    x: { label: "Number of clusters (k) →", ticks: ks, tickFormat: "d", labelAnchor: "right" },
    y: {
      label: "↑ Inertia (within-cluster sum of squares)",
      grid: true,
      domain: [0, top * 1.05],
      tickFormat: (v: number) => formatTick(v, 0, [top * 1.05]), // one unit for the whole axis
    },
    marks,
  });
}

/**
 * The sentence under the chart: the choice's reason when its k is used,
 * otherwise which k is used and why, beside what the sweep would have picked.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { usedKReason } from "./elbow_chart.ts";
 * const sweep = [2, 3, 4].map((k) => ({ k, inertia: 9 / k, silhouette: 0.6 - k / 10, daviesBouldin: 1, calinskiHarabasz: 1 }));
 * equal(
 *   usedKReason({ k: 2, knee: 4, reason: "k = 2: silhouette peaks there", sweep }, sweep, 4),
 *   "k = 4 is used: the elbow's knee. The sweep's own pick would be k = 2 (silhouette 0.40 there, 0.20 at k = 4).",
 * );
 * ```
 */
export function usedKReason(
  choice: KChoice,
  sweep: KChoice["sweep"],
  k: number,
  why?: string,
): string {
  if (k === choice.k && why === undefined) return choice.reason;
  const because = why ?? (k === choice.knee ? "the elbow's knee" : "given");
  if (k === choice.k) return `k = ${k} is used: ${because}.`;
  const at = sweep.find((p) => p.k === k), own = sweep.find((p) => p.k === choice.k);
  const silhouettes = at && own && Number.isFinite(at.silhouette) && Number.isFinite(own.silhouette)
    ? ` (silhouette ${own.silhouette.toFixed(2)} there, ${at.silhouette.toFixed(2)} at k = ${k})`
    : "";
  return `k = ${k} is used: ${because}. The sweep's own pick would be k = ${choice.k}${silhouettes}.`;
}

/** The sweep, checked non-empty and sorted by k. */
export function checkSweep(choice: KChoice): KChoice["sweep"] {
  if (!choice || !Array.isArray(choice.sweep) || choice.sweep.length === 0) {
    throw new InputError("No k sweep to chart", { hint: "pass the result of chooseK" });
  }
  return [...choice.sweep].sort((a, b) => a.k - b.k);
}
