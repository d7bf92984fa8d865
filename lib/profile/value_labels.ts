/**
 * Business labels for customer clusters from their relative levels: each
 * cluster's median recency, frequency, monetary and tenure divided by the
 * median over all customers (1 = typical). The rules, first match wins:
 *
 * | label | when |
 * |---|---|
 * | New customers | tenure ≤ 0.5× and recency ≤ 1× (joined lately, still active) |
 * | At-risk high-value | recency ≥ 2× and monetary ≥ 2× (spent a lot, gone quiet) |
 * | At-risk mid-value | recency ≥ 2× and monetary ≥ 0.75× |
 * | Inactive | recency ≥ 2× (lapsed, little spend) |
 * | High-value | monetary ≥ 2× and frequency ≥ 1.5× |
 * | Mid-value | monetary ≥ 0.75× |
 * | Low-value | otherwise |
 *
 * Medians, not means, so a few very large customers do not decide a label.
 * Two clusters with the same label are numbered by median monetary.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";

/** A cluster's medians relative to all customers' medians (1 = typical). */
export interface RelativeLevels {
  recency: number;
  frequency: number;
  monetary: number;
  tenure: number;
}

/** One labelling rule. */
export interface ValueLabelRule {
  label: string;
  /** The rule in words, shown beside the label. */
  description: string;
  when: (levels: RelativeLevels) => boolean;
}

/** The rules, in order (first match wins). */
export const VALUE_LABEL_RULES: readonly ValueLabelRule[] = [
  {
    label: "New customers",
    description: "tenure ≤ 0.5× typical and recency ≤ typical",
    when: (l) => l.tenure <= 0.5 && l.recency <= 1,
  },
  {
    label: "At-risk high-value",
    description: "recency ≥ 2× typical and monetary ≥ 2× typical",
    when: (l) => l.recency >= 2 && l.monetary >= 2,
  },
  {
    label: "At-risk mid-value",
    description: "recency ≥ 2× and monetary ≥ 0.75× typical",
    when: (l) => l.recency >= 2 && l.monetary >= 0.75,
  },
  {
    label: "Inactive",
    description: "recency ≥ 2× typical",
    when: (l) => l.recency >= 2,
  },
  {
    label: "High-value",
    description: "monetary ≥ 2× and frequency ≥ 1.5× typical",
    when: (l) => l.monetary >= 2 && l.frequency >= 1.5,
  },
  {
    label: "Mid-value",
    description: "monetary ≥ 0.75× typical",
    when: (l) => l.monetary >= 0.75,
  },
  { label: "Low-value", description: "otherwise", when: () => true },
];

/** A cluster's label and the levels behind it. */
export interface ValueLabel {
  cluster: number;
  size: number;
  label: string;
  levels: RelativeLevels;
  /** e.g. "recency 0.3×, frequency 3.2×, monetary 4.1×, tenure 1.1×" */
  reason: string;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

function ratio(part: number, whole: number): number {
  if (whole === 0) return part === 0 ? 1 : Infinity;
  return part / whole;
}

/**
 * Label each cluster of an RFM table (columns recency, frequency, monetary,
 * tenure in original units). Labels -1 (noise) are labelled "Noise".
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { rfmValueLabels } from "./value_labels.ts";
 * const t = aq.table({
 *   recency: [5, 8, 300, 280, 20, 30], frequency: [12, 9, 1, 2, 3, 2],
 *   monetary: [5000, 4000, 60, 90, 400, 300], tenure: [360, 340, 320, 300, 200, 250],
 * });
 * deepEqual(rfmValueLabels(t, [0, 0, 1, 1, 2, 2]).map((v) => v.label), ["High-value", "Inactive", "Mid-value"]);
 * ```
 */
export function rfmValueLabels(
  table: ColumnTable,
  labels: ArrayLike<number>,
  rules: readonly ValueLabelRule[] = VALUE_LABEL_RULES,
): ValueLabel[] {
  const names = ["recency", "frequency", "monetary", "tenure"] as const;
  for (const name of names) {
    if (!table.columnNames().includes(name)) {
      throw new InputError(`Column not found: "${name}"`, {
        hint: "label clusters of a table from transactionsToRFM",
      });
    }
  }
  if (labels.length !== table.numRows()) {
    throw new InputError(`Labels (${labels.length}) and rows (${table.numRows()}) differ`);
  }
  const cols = names.map((n) => Array.from(table.array(n) as ArrayLike<number>));
  const overall = cols.map(median);
  const clusters = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const out: ValueLabel[] = clusters.map((cluster) => {
    const rows: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === cluster) rows.push(i);
    const med = cols.map((c) => median(rows.map((i) => c[i]!)));
    const levels: RelativeLevels = {
      recency: ratio(med[0]!, overall[0]!),
      frequency: ratio(med[1]!, overall[1]!),
      monetary: ratio(med[2]!, overall[2]!),
      tenure: ratio(med[3]!, overall[3]!),
    };
    const label = cluster === -1 ? "Noise" : rules.find((r) => r.when(levels))?.label ?? "Other";
    const reason = names.map((n) => `${n} ${levels[n].toFixed(1)}×`).join(", ");
    return { cluster, size: rows.length, label, levels, reason };
  });
  // Number repeated labels by median monetary, highest first.
  const byLabel = new Map<string, ValueLabel[]>();
  for (const v of out) byLabel.set(v.label, [...(byLabel.get(v.label) ?? []), v]);
  for (const group of byLabel.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => b.levels.monetary - a.levels.monetary || a.cluster - b.cluster)
      .forEach((v, i) => (v.label = `${v.label} ${i + 1}`));
  }
  return out;
}

/** Names by cluster label, for charts and profile tables (`segmentNames`). */
export function valueLabelNames(labels: readonly ValueLabel[]): Record<number, string> {
  return Object.fromEntries(labels.map((v) => [v.cluster, v.label]));
}

/**
 * The RFM profile table per cluster: size, median recency, frequency,
 * monetary, total quantity and average basket, the label and why.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { rfmProfileRows, rfmValueLabels } from "./value_labels.ts";
 * const t = aq.table({
 *   recency: [5, 300], frequency: [9, 1], monetary: [900, 20], tenure: [300, 300],
 *   total_quantity: [90, 2], avg_basket_value: [100, 20],
 * });
 * equal(rfmProfileRows(t, [0, 1], rfmValueLabels(t, [0, 1]))[0]!.size, 1);
 * ```
 */
export function rfmProfileRows(
  table: ColumnTable,
  labels: ArrayLike<number>,
  valueLabels: readonly ValueLabel[],
): Record<string, string | number>[] {
  const columns = ["recency", "frequency", "monetary", "total_quantity", "avg_basket_value"];
  const present = columns.filter((c) => table.columnNames().includes(c));
  const values = present.map((c) => Array.from(table.array(c) as ArrayLike<number>));
  return valueLabels.map((v) => {
    const rows: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === v.cluster) rows.push(i);
    const out: Record<string, string | number> = { cluster: v.cluster, size: v.size };
    present.forEach((c, j) => {
      const xs = rows.map((i) => values[j]![i]!).filter((x) => Number.isFinite(x));
      out[c] = xs.length > 0 ? median(xs) : NaN;
    });
    out.profile = v.label;
    out.why = v.reason;
    return out;
  });
}
