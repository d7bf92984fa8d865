/**
 * The segment profile as a readable table: segment colour swatches, sizes,
 * shares with bars, and feature means and medians with units in the headers.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { type Chart } from "../plot/chart.ts";
import { humanise } from "../format.ts";
import { type ColumnFormat, htmlTable } from "./html_table.ts";

/** Options for {@link profileTable}. */
export interface ProfileTableOptions {
  /** Caption (default "Segment profiles"). */
  caption?: string;
  /** Feature display names, e.g. `{ annual_income_k: "Annual income" }`. */
  featureLabels?: Readonly<Record<string, string>>;
  /** Feature units, e.g. `{ annual_income_k: "k$", age: "years" }`. */
  units?: Readonly<Record<string, string>>;
  /** What `value_share` measures, e.g. "revenue" (default "value"). */
  valueLabel?: string;
  /** Show the numeric `cluster` label column (default true). */
  showCluster?: boolean;
  /** Show medians beside means (default true). */
  medians?: boolean;
}

/**
 * Render a `profileClusters` table as styled HTML.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { profileClusters } from "../profile/profile_clusters.ts";
 * import { profileTable } from "./profile_table.ts";
 * const t = aq.table({ income: [20, 30, 90, 110] });
 * const profile = profileClusters(t, [0, 0, 1, 1], { features: ["income"] });
 * ok(profileTable(profile, { units: { income: "k$" } }).html.includes("Income mean (k$)"));
 * ```
 */
export function profileTable(profile: ColumnTable, options: ProfileTableOptions = {}): Chart {
  const showCluster = options.showCluster ?? true;
  const medians = options.medians ?? true;
  const names = profile.columnNames().filter((n) =>
    (showCluster || n !== "cluster") && (medians || !n.endsWith("_median"))
  );
  const labels: Record<string, string> = {
    segment: "Segment",
    cluster: "Cluster",
    size: "Customers",
    share: "Share of customers",
    value_share: `Share of ${options.valueLabel ?? "value"}`,
  };
  const units: Record<string, string> = {};
  const formats: Record<string, ColumnFormat> = {
    cluster: "integer",
    size: "integer",
    share: "percent",
    value_share: "percent",
  };
  for (const n of names) {
    const match = /^(.*)_(mean|median)$/.exec(n);
    if (match === null || n in labels) continue;
    const feature = match[1]!;
    labels[n] = `${options.featureLabels?.[feature] ?? humanise(feature)} ${match[2]}`;
    const unit = options.units?.[feature];
    if (unit) units[n] = unit;
  }
  return htmlTable(profile.select(names), {
    caption: options.caption ?? "Segment profiles",
    labels,
    units,
    formats,
    bars: ["share", "value_share"],
    segments: profile.array("segment") as string[],
    maxRows: Math.max(20, profile.numRows()),
  });
}
