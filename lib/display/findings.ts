/**
 * Findings in words, computed from a run's segment profile: how many
 * segments, which one punches above its weight in value, which is largest,
 * and what sets each segment apart — the summary a reader sees first.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { findingsBox } from "./findings_box.ts";
import { segmentNameOf, type SegmentNames } from "../segment_names.ts";
import { formatShare, humanise, labelAndFigure } from "../format.ts";
import { featureLabel, traitText } from "../profile/customer_roles.ts";
import { inferRole } from "../prepare/role_inference.ts";

/** Options for {@link summariseFindings}. */
export interface FindingsOptions {
  /** The table returned by `profileClusters`. */
  profile: ColumnTable;
  /** Names by cluster label, overriding the profile's `segment` column. */
  segmentNames?: SegmentNames;
  /** The value column the profile's `value_share` came from (names it in the text). */
  valueColumn?: string;
  /** How to call the value in text, e.g. "revenue" (default: from `valueColumn`). */
  valueLabel?: string;
  /** Display names for features, e.g. `{ annual_income_k: "annual income" }`. */
  featureLabels?: Readonly<Record<string, string>>;
  /** Traits named per segment (default 2). */
  traits?: number;
}

/** Findings of a run: a headline, bullet points, and the same as plain text. */
export interface Findings {
  headline: string;
  points: string[];
  /** Headline and points as plain text, one per line. */
  text: string;
}

interface Row {
  segment: string;
  cluster: number;
  size: number;
  share: number;
  valueShare?: number;
  means: Map<string, number>;
}

/**
 * A trait in words: a date's days as tenure or recency ("joined long ago
 * (days as a customer 90% above average)"), else the label and the difference.
 */
function traitWords(feature: string, ratio: number, label: (f: string) => string): string {
  const date = /^(.*)_days$/.exec(feature);
  if (date !== null) {
    const inferred = inferRole(date[1]!, "date", []);
    const words = inferred.role === "recency"
      ? "days since the last purchase"
      : "days as a customer";
    return traitText(
      {
        feature,
        column: date[1]!,
        kind: "date",
        role: inferred.role,
        inverse: false,
        label: words,
        reason: "",
      },
      ratio,
    );
  }
  return labelAndFigure(label(feature), percentDiff(ratio));
}

/** A mean against the overall one: "45% above average", or from double on "13.4× the average". */
function percentDiff(ratio: number): string {
  if (ratio >= 2) return `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}× the average`;
  const pct = Math.round((ratio - 1) * 100);
  return pct >= 0 ? `${pct}% above average` : `${-pct}% below average`;
}

/**
 * Summarise a profile in words: "3 segments from 2,000 customers; High-Value
 * is 12% of customers and 41% of revenue", then points on the largest
 * segment, value concentration, noise and each segment's strongest traits
 * (feature means against the overall mean). Shown as a styled box when it is
 * the last expression of a notebook cell; `String(findings)` gives the text.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { profileClusters } from "../profile/profile_clusters.ts";
 * import { summariseFindings } from "./findings.ts";
 * const t = aq.table({ income: [20, 30, 25, 90], spend: [5, 15, 10, 70] });
 * const profile = profileClusters(t, [0, 0, 0, 1], {
 *   features: ["income"], segmentNames: ["Budget", "Premium"], valueColumn: "spend",
 * });
 * equal(summariseFindings({ profile, valueColumn: "spend" }).headline, "2 segments from 4 customers; Premium is 25% of customers and 70% of spend.");
 * ```
 */
export function summariseFindings(options: FindingsOptions): Findings {
  const rows = readRows(options);
  const total = rows.reduce((s, r) => s + r.size, 0);
  const clusters = rows.filter((r) => r.cluster !== -1);
  const noise = rows.find((r) => r.cluster === -1);
  const valueLabel = options.valueLabel ??
    (options.valueColumn ? humanise(options.valueColumn).toLowerCase() : "value");
  const label = (f: string) => options.featureLabels?.[f] ?? featureLabel(f);
  const count = `${clusters.length} segment${clusters.length === 1 ? "" : "s"} from ${
    total.toLocaleString("en-US")
  } customers`;
  const points: string[] = [];
  let headline: string;

  const valued = clusters.filter((r) => r.valueShare !== undefined && r.share > 0);
  const largest = clusters.reduce<Row | undefined>(
    (a, b) => (a === undefined || b.size > a.size ? b : a),
    undefined,
  );
  const of = (r: Row) => `${formatShare(r.valueShare!)} of ${valueLabel}`;
  if (valued.length > 0) {
    const perCustomer = (r: Row) => r.valueShare! / r.share;
    const best = valued.reduce((a, b) => (perCustomer(b) > perCustomer(a) ? b : a));
    const worst = valued.reduce((a, b) => (perCustomer(b) < perCustomer(a) ? b : a));
    headline = `${count}; ${best.segment} is ${formatShare(best.share)} of customers and ${
      of(best)
    }.`;
    if (largest !== undefined && largest !== best && clusters.length > 1) {
      points.push(
        `The largest segment, ${largest.segment}, is ${formatShare(largest.share)} of customers ` +
          `${largest === worst ? "but" : "and"} ${of(largest)}.`,
      );
    }
    if (worst !== best && worst !== largest) {
      points.push(`${worst.segment} is ${formatShare(worst.share)} of customers but ${of(worst)}.`);
    }
  } else {
    headline = `${count}.`;
    if (largest !== undefined && clusters.length > 1) {
      points.push(
        `The largest segment is ${largest.segment}, with ${
          formatShare(largest.share)
        } of customers.`,
      );
    }
  }
  points.push(...traits(rows, total, options.traits ?? 2, label));
  if (noise !== undefined) {
    points.push(`${formatShare(noise.share)} of customers (${noise.segment}) fit no segment.`);
  }
  return makeFindings(headline, points);
}

/** The strongest traits of each segment: feature means furthest from the overall mean. */
function traits(
  rows: Row[],
  total: number,
  perSegment: number,
  label: (f: string) => string,
): string[] {
  const features = [...(rows[0]?.means.keys() ?? [])];
  const overall = new Map<string, number>();
  for (const f of features) {
    overall.set(f, rows.reduce((s, r) => s + r.means.get(f)! * r.size, 0) / total);
  }
  const usable = features.filter((f) =>
    overall.get(f)! > 0 && rows.every((r) => r.means.get(f)! >= 0)
  );
  if (usable.length === 0) return [];
  // 0/1 answers to a campaign: their means are shares, said as such ("12% vs 4% overall").
  const flags = new Set(
    usable.filter((f) =>
      rows.every((r) => r.means.get(f)! <= 1) &&
      inferRole(f, "number", { flag: true, whole: true }).role === "campaign"
    ),
  );
  const lines: string[] = [];
  for (const row of rows) {
    if (row.cluster === -1) continue;
    const ranked = usable
      .map((f) => ({ f, ratio: row.means.get(f)! / overall.get(f)!, mean: row.means.get(f)! }))
      .filter((t) => Math.abs(t.ratio - 1) >= 0.1)
      .sort((a, b) =>
        Math.abs(Math.log(b.ratio || 1e-9)) - Math.abs(Math.log(a.ratio || 1e-9)) ||
        (a.f < b.f ? -1 : 1)
      )
      .slice(0, perSegment);
    if (ranked.length === 0) {
      lines.push(`${row.segment}: close to average on every feature.`);
    } else {
      lines.push(
        `${row.segment}: ${
          ranked.map((t) =>
            flags.has(t.f)
              ? labelAndFigure(
                label(t.f),
                `${formatShare(t.mean)} vs ${formatShare(overall.get(t.f)!)} overall`,
              )
              : traitWords(t.f, t.ratio, label)
          ).join(", ")
        }.`,
      );
    }
  }
  return lines;
}

function makeFindings(headline: string, points: string[]): Findings {
  const text = [headline, ...points.map((p) => `- ${p}`)].join("\n");
  const findings = { headline, points, text };
  Object.defineProperties(findings, {
    toString: { value: () => text, enumerable: false },
    [Symbol.for("Jupyter.display")]: {
      value: () => ({ "text/html": findingsBox(findings).html, "text/plain": text }),
      enumerable: false,
    },
  });
  return findings;
}

function readRows(options: FindingsOptions): Row[] {
  const table = options.profile;
  const names = table.columnNames();
  for (const column of ["segment", "cluster", "size", "share"]) {
    if (!names.includes(column)) {
      throw new InputError(`Profile column not found: "${column}"`, {
        hint: "pass the table returned by profileClusters",
      });
    }
  }
  if (table.numRows() === 0) throw new InputError("Profile is empty: no segments to summarise");
  const meanColumns = names.filter((n) => n.endsWith("_mean"));
  const hasValue = names.includes("value_share");
  return (table.objects() as Record<string, unknown>[]).map((o) => {
    const cluster = Number(o.cluster);
    return {
      segment: options.segmentNames
        ? segmentNameOf(cluster, options.segmentNames)
        : String(o.segment),
      cluster,
      size: Number(o.size),
      share: Number(o.share),
      valueShare: hasValue ? Number(o.value_share) : undefined,
      means: new Map(meanColumns.map((c) => [c.slice(0, -5), Number(o[c])])),
    };
  });
}
