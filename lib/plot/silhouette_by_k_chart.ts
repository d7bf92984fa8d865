/**
 * Mean silhouette by number of clusters, with the peak and the recommended k
 * marked.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { KChoice } from "../select/choose_k.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { checkSweep, CHOICE_COLOR } from "./elbow_chart.ts";
import { CHART_STYLE } from "./theme.ts";

/** Options for {@link silhouetteByKChart}. */
export interface SilhouetteByKOptions {
  /** Chart title (default "Silhouette by number of clusters"). */
  title?: string;
  /** Subtitle (default explains how to read it). */
  subtitle?: string;
  /** Width in pixels (default 640). */
  width?: number;
  /** The k actually used, when it is not the choice's own: it is the one marked. */
  k?: number;
}

/**
 * Silhouette (−1 to 1, higher means tighter, better separated clusters) against k.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { silhouetteByKChart } from "./silhouette_by_k_chart.ts";
 * const chart = silhouetteByKChart({
 *   k: 3, reason: "k = 3: example",
 *   sweep: [2, 3, 4].map((k) => ({ k, inertia: 1, silhouette: k === 3 ? 0.6 : 0.4, daviesBouldin: 1, calinskiHarabasz: 1 })),
 * });
 * ok(chart.html.includes("peak"));
 * ```
 */
export function silhouetteByKChart(choice: KChoice, options: SilhouetteByKOptions = {}): Chart {
  const sweep = checkSweep(choice);
  const ks = sweep.map((p) => p.k);
  let peak = sweep[0]!;
  for (const p of sweep) if (p.silhouette > peak.silhouette) peak = p;
  const usedK = options.k ?? choice.k;
  const chosen = sweep.find((p) => p.k === usedK);
  const lo = Math.min(0, ...sweep.map((p) => p.silhouette));
  const hi = Math.max(...sweep.map((p) => p.silhouette));
  const marks: Plot.Markish[] = [
    Plot.ruleY([0]),
    Plot.line(sweep, { x: "k", y: "silhouette", stroke: "#59a14f", strokeWidth: 2 }),
    Plot.dot(sweep, { x: "k", y: "silhouette", fill: "#59a14f", r: 3.5 }),
    Plot.text([peak], {
      x: "k",
      y: "silhouette",
      text: (p: { silhouette: number }) => `peak ${p.silhouette.toFixed(2)}`,
      dy: -12,
      fill: "#2f6b2a",
    }),
  ];
  if (chosen) {
    marks.push(
      Plot.ruleX([chosen.k], { stroke: CHOICE_COLOR, strokeDasharray: "4,3" }),
      Plot.dot([chosen], { x: "k", y: "silhouette", r: 7, stroke: CHOICE_COLOR, strokeWidth: 2.5 }),
      Plot.text([chosen], {
        x: "k",
        y: () => lo,
        text: () => `${usedK === choice.k ? "chosen" : "used"} k = ${chosen.k}`,
        textAnchor: "start",
        dx: 5,
        dy: -6,
        fill: CHOICE_COLOR,
        fontWeight: 600,
      }),
    );
  }
  return renderPlot({
    title: options.title ?? "Silhouette by number of clusters",
    subtitle: options.subtitle ??
      "Mean silhouette: near 1, rows sit well inside their cluster; near 0, clusters overlap",
    width: options.width ?? 640,
    height: 300,
    marginLeft: 60,
    marginRight: 30,
    style: CHART_STYLE,
    x: { label: "Number of clusters (k) →", ticks: ks, tickFormat: "d", labelAnchor: "right" },
    y: { label: "↑ Mean silhouette", grid: true, domain: [lo, Math.max(hi + 0.08, 0.1)] },
    marks,
  });
}
