/**
 * Dendrogram of an agglomerative clustering, truncated to its last merges
 * (like SciPy's `truncate_mode="lastp"`): each leaf is a group of customers
 * with its size, links drawn at their merge height, the cut at k marked and
 * leaves coloured by the cluster they fall in.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { InputError } from "../errors.ts";
import { cutTree, type Merge } from "../cluster/hierarchical.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { segmentColorScale } from "./palette.ts";
import { segmentDomain, segmentNameOf, type SegmentNames } from "../segment_names.ts";
import { CHART_STYLE } from "./theme.ts";

/** Options for {@link dendrogramChart}. */
export interface DendrogramChartOptions {
  /** Cut the tree here: the cut is drawn and leaves coloured by cluster. */
  k?: number;
  /** Leaves shown: the tree above its last `leaves − 1` merges (default 30). */
  leaves?: number;
  segmentNames?: SegmentNames;
  title?: string;
  width?: number;
}

/**
 * Draw the top of a merge tree (`fit.merges` from fitAgglomerative, with n rows).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { fitAgglomerative } from "../cluster/hierarchical.ts";
 * import { dendrogramChart } from "./dendrogram_chart.ts";
 * const fit = fitAgglomerative(matrixFromRows([[0], [0.3], [4], [4.2], [9]]), { k: 2 });
 * ok(dendrogramChart(fit.merges, { k: 2 }).html.includes("cut"));
 * ```
 */
export function dendrogramChart(
  merges: readonly Merge[],
  options: DendrogramChartOptions = {},
): Chart {
  const n = merges.length + 1;
  if (merges.length === 0) throw new InputError("Dendrogram: the tree has a single row");
  const p = Math.min(options.leaves ?? 30, n);
  const firstShown = n - 1 - (p - 1); // merges at index ≥ firstShown are drawn
  const labels = options.k !== undefined ? cutTree(merges, n, options.k) : undefined;
  const sizeOf = (node: number) => (node < n ? 1 : merges[node - n]!.size);
  const anyRow = (node: number): number => {
    while (node >= n) node = merges[node - n]!.left;
    return node;
  };
  // leaves in drawing order: depth-first from the root through shown merges
  const x = new Map<number, number>();
  const leaves: { node: number; x: number; size: number; segment: string }[] = [];
  const visit = (node: number) => {
    if (node >= n && node - n >= firstShown) {
      visit(merges[node - n]!.left);
      visit(merges[node - n]!.right);
      return;
    }
    const position = leaves.length;
    x.set(node, position);
    leaves.push({
      node,
      x: position,
      size: sizeOf(node),
      segment: labels ? segmentNameOf(labels[anyRow(node)]!, options.segmentNames) : "all",
    });
  };
  visit(2 * n - 2);
  const height = (
    node: number,
  ) => (node >= n && node - n >= firstShown ? merges[node - n]!.height : 0);
  const links: { x1: number; y1: number; x2: number; y2: number }[] = [];
  for (let i = firstShown; i < merges.length; i++) {
    const m = merges[i]!;
    const xl = x.get(m.left)!, xr = x.get(m.right)!;
    x.set(n + i, (xl + xr) / 2);
    links.push(
      { x1: xl, y1: height(m.left), x2: xl, y2: m.height },
      { x1: xr, y1: height(m.right), x2: xr, y2: m.height },
      { x1: xl, y1: m.height, x2: xr, y2: m.height },
    );
  }
  const marks: Plot.Markish[] = [
    Plot.link(links, { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: "#555", strokeWidth: 1.2 }),
    Plot.dot(leaves, { x: "x", y: 0, fill: labels ? "segment" : "#888", r: 4 }),
    Plot.text(leaves, {
      x: "x",
      y: 0,
      text: (d: { size: number }) => `(${d.size})`,
      dy: 14,
      fontSize: 10,
      fill: "#555",
      rotate: leaves.length > 20 ? -90 : 0,
      textAnchor: leaves.length > 20 ? "end" : "middle",
    }),
  ];
  let subtitle = `The last ${
    p - 1
  } merges; each leaf is a group of customers with its size in brackets.`;
  if (options.k !== undefined && options.k > 1 && options.k <= p) {
    const above = merges[n - 1 - (options.k - 1)]!.height;
    const below = options.k < n ? merges[n - 1 - options.k]?.height ?? 0 : 0;
    const cut = (above + below) / 2;
    marks.push(
      Plot.ruleY([cut], { stroke: "#e15759", strokeDasharray: "5,4" }),
      Plot.text([cut], {
        x: leaves.length - 1,
        y: (d: number) => d,
        text: () => `cut: k = ${options.k}`,
        textAnchor: "end",
        dy: -6,
        fill: "#e15759",
        fontWeight: 600,
      }),
    );
    subtitle += ` Cutting between heights ${below.toFixed(2)} and ${
      above.toFixed(2)
    } gives ${options.k} clusters.`;
  }
  const domain = labels ? segmentDomain(labels, options.segmentNames) : [];
  return renderPlot({
    title: options.title ?? "Dendrogram (agglomerative clustering)",
    subtitle,
    width: options.width ?? 680,
    height: 360,
    marginLeft: 60,
    marginBottom: leaves.length > 20 ? 50 : 30,
    style: CHART_STYLE,
    x: { axis: null, domain: [-0.5, leaves.length - 0.5] },
    y: { label: "↑ Merge height (linkage distance)", grid: true },
    ...(labels ? { color: segmentColorScale(domain) } : {}),
    marks,
  });
}
