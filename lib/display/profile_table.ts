/**
 * The segment profile as a readable table: segment colour swatches, sizes,
 * shares with bars, and feature means and medians with units in the headers.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { type Chart } from "../plot/chart.ts";
import { humanise, isYearLikeName } from "../format.ts";
import { isIdLikeName } from "../features/pick_features.ts";
import { type ColumnFormat, COMPACT_AFTER, formatNumber, htmlTable } from "./html_table.ts";

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
  /**
   * "wide": one row per segment; "long": one row per measure and one column
   * per segment, for profiles with many features; "auto" (default): long when
   * the wide form would have more than {@link COMPACT_AFTER} columns, so the
   * table fits a page instead of being cut off.
   */
  layout?: "auto" | "wide" | "long";
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
  const layout = options.layout ?? "auto";
  if (layout === "long" || (layout === "auto" && names.length > COMPACT_AFTER)) {
    return longProfileTable(profile, names, { labels, units, formats }, options);
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

/** The profile turned round: a row per measure (customers, shares, each mean and median), a column per segment. */
function longProfileTable(
  profile: ColumnTable,
  names: string[],
  wide: {
    labels: Record<string, string>;
    units: Record<string, string>;
    formats: Record<string, ColumnFormat>;
  },
  options: ProfileTableOptions,
): Chart {
  const segments = (profile.array("segment") as unknown[]).map(String);
  const rows: Record<string, string>[] = [];
  for (const n of names) {
    if (n === "segment" || n === "cluster") continue;
    const values = Array.from(profile.array(n) as ArrayLike<unknown>, Number);
    const format = wide.formats[n];
    let largest = 0;
    for (const v of values) if (Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
    const decimals = largest >= 1000 ? 0 : largest >= 100 ? 1 : 2;
    // Years and identifiers read as written (Year_Birth mean 1968, not 1,968).
    const grouping = !isYearLikeName(n) && !isIdLikeName(n);
    const show = (v: number) =>
      format === "percent"
        ? `${formatNumber(v * 100, 1)}%`
        : formatNumber(v, format === "integer" ? 0 : decimals, grouping);
    const unit = wide.units[n];
    const label = wide.labels[n] ?? n;
    const row: Record<string, string> = { measure: unit ? `${label} (${unit})` : label };
    segments.forEach((segment, i) => (row[segment] = show(values[i]!)));
    rows.push(row);
  }
  return htmlTable(rows, {
    caption: options.caption ?? "Segment profiles",
    labels: { measure: "" },
    alignRight: segments,
    maxRows: rows.length,
  });
}
