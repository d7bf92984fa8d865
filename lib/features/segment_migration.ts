/**
 * Segment migration: rule-based RFM segments at two as-of dates and the
 * transition matrix between them — who moved from Loyal Customers to At Risk.
 * Each date is scored on its own (quintiles of the customers known then);
 * customers with no purchase before the first date start as
 * "Not yet a customer".
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import type { CleanedTransactions } from "../clean/transactions.ts";
import { queryColumns } from "../io/duckdb.ts";
import { aggregateRFM, parseAsOf } from "./rfm.ts";
import { scoreRFM } from "./rfm_scores.ts";
import {
  assignSegments,
  RFM_SEGMENT_RULES,
  type RFMSegmentRule,
  segmentOrder,
  UNCLASSIFIED,
} from "./rfm_segments.ts";

/** Segment of customers who had not bought yet at the first date. */
export const NOT_YET_CUSTOMER = "Not yet a customer";

/** One cell of the transition matrix. */
export interface MigrationCell {
  from: string;
  to: string;
  customers: number;
  /** Share of the `from` segment's customers (row share). */
  share: number;
}

/** Segments at two dates and the moves between them. */
export interface SegmentMigration {
  fromDate: string;
  toDate: string;
  /** customer_id, from_segment, to_segment */
  customers: ColumnTable;
  /** Every (from, to) pair of the segment order, zeros included. */
  matrix: MigrationCell[];
  /** Row order of `from` (NOT_YET_CUSTOMER last when present). */
  fromSegments: string[];
  /** Column order of `to`. */
  toSegments: string[];
}

/**
 * Count transitions between two segment labellings of the same customers.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { migrationMatrix } from "./segment_migration.ts";
 * const cells = migrationMatrix(["A", "A", "B"], ["A", "B", "B"], { order: ["A", "B"] });
 * equal(cells.find((c) => c.from === "A" && c.to === "B")!.share, 0.5);
 * ```
 */
export function migrationMatrix(
  from: readonly string[],
  to: readonly string[],
  options: { order?: readonly string[] } = {},
): MigrationCell[] {
  if (from.length !== to.length) {
    throw new InputError(`Segment lists differ in length: ${from.length} and ${to.length}`);
  }
  const seen = new Set([...from, ...to]);
  const order = [...(options.order ?? []).filter((s) => seen.has(s))];
  for (const s of [...seen].sort()) if (!order.includes(s)) order.push(s);
  const counts = new Map<string, number>();
  const rows = new Map<string, number>();
  for (let i = 0; i < from.length; i++) {
    const key = `${from[i]}\u0000${to[i]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    rows.set(from[i]!, (rows.get(from[i]!) ?? 0) + 1);
  }
  const cells: MigrationCell[] = [];
  for (const f of order) {
    if (!rows.has(f)) continue;
    for (const t of order) {
      if (t === NOT_YET_CUSTOMER) continue;
      const n = counts.get(`${f}\u0000${t}`) ?? 0;
      cells.push({ from: f, to: t, customers: n, share: n / rows.get(f)! });
    }
  }
  return cells;
}

/** Options for {@link segmentMigration}. */
export interface SegmentMigrationOptions {
  /** Earlier as-of date, YYYY-MM-DD. */
  from: string;
  /** Later as-of date, YYYY-MM-DD (default: the day after the last line). */
  to?: string;
  /** Segment rule table (default the usual map). */
  rules?: readonly RFMSegmentRule[];
  /** The pairs table of these lines (`productPairs`), to count distinct products from. */
  pairs?: string;
}

/**
 * RFM segments of cleaned transactions at two dates and the transitions.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { cleanTransactions, releaseTransactions } from "../clean/transactions.ts";
 * import { segmentMigration } from "./segment_migration.ts";
 * const path = (await Deno.makeTempDir()) + "/lines.csv";
 * await Deno.writeTextFile(path, "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n" +
 *   "1,2,2024-03-01,5,A\n2,1,2024-09-01,5,A\n3,1,2024-02-01,4,B\n4,3,2024-08-15,2,C\n");
 * const cleaned = await cleanTransactions(path, { outliers: "none" });
 * const moves = await segmentMigration(cleaned, { from: "2024-06-01" });
 * equal(moves.toDate, "2024-09-02"); // the day after the last line
 * deepEqual(Array.from(moves.customers.array("customer_id")), ["A", "B", "C"]);
 * equal(moves.customers.get("from_segment", 2), "Not yet a customer"); // C's first line is after June 1
 * await releaseTransactions(cleaned);
 * ```
 */
export async function segmentMigration(
  cleaned: CleanedTransactions,
  options: SegmentMigrationOptions,
): Promise<SegmentMigration> {
  const rules = options.rules ?? RFM_SEGMENT_RULES;
  const fromDate = parseAsOf(options.from);
  const later = await aggregateRFM(cleaned, { asOf: options.to, pairs: options.pairs });
  if (later.asOf <= fromDate) {
    throw new InputError(
      `The first date must come before the second: ${fromDate} ≥ ${later.asOf}`,
      {
        hint: "give an earlier --from date",
      },
    );
  }
  // Nothing bought before the first date: say so in terms of that date, not of an as-of date.
  const first = await queryColumns(
    `SELECT strftime(min(ts), '%Y-%m-%d') AS d FROM ${cleaned.table} WHERE kept`,
  );
  const firstDay = String(first.d?.[0] ?? "");
  if (firstDay >= fromDate) {
    throw new InputError(`No purchases before the first date ${fromDate}`, {
      file: cleaned.report.file,
      hint: `the kept lines start on ${firstDay}: give a later first date (--from)`,
    });
  }
  const earlier = await aggregateRFM(cleaned, { asOf: fromDate, pairs: options.pairs });
  const segmentsAt = (t: ColumnTable) => assignSegments(scoreRFM(t), rules);
  const before = segmentsAt(earlier.table);
  const after = segmentsAt(later.table);
  const beforeBy = new Map<string, string>();
  const ids = before.array("customer_id") as string[];
  const segs = before.array("segment") as string[];
  ids.forEach((id, i) => beforeBy.set(id, segs[i]!));
  const customerIds = after.array("customer_id") as string[];
  const toSeg = after.array("segment") as string[];
  const fromSeg = customerIds.map((id) => beforeBy.get(id) ?? NOT_YET_CUSTOMER);
  const order = [...segmentOrder(rules), UNCLASSIFIED, NOT_YET_CUSTOMER];
  const matrix = migrationMatrix(fromSeg, toSeg, { order });
  const present = (list: string[]) => order.filter((s) => list.includes(s));
  return {
    fromDate,
    toDate: later.asOf,
    customers: aq.table({
      customer_id: customerIds,
      from_segment: fromSeg,
      to_segment: [...toSeg],
    }),
    matrix,
    fromSegments: present(fromSeg),
    toSegments: order.filter((s) => s !== NOT_YET_CUSTOMER && matrix.some((c) => c.to === s)),
  };
}

/** Options for {@link crosstab}. */
export interface CrosstabOptions {
  /** Row order (labels not listed follow, sorted). */
  rowOrder?: readonly string[];
  /** Column order (labels not listed follow, sorted). */
  columnOrder?: readonly string[];
  /** Name of the first column, default "segment". */
  rowLabel?: string;
}

function ordered(values: readonly string[], order: readonly string[] = []): string[] {
  const seen = new Set(values);
  return [
    ...order.filter((s) => seen.has(s)),
    ...[...seen].filter((s) => !order.includes(s)).sort(),
  ];
}

/**
 * Count customers by two labellings (e.g. rule-based segment × cluster), as
 * one row per row label with a column per column label, zeros included.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { crosstab } from "./segment_migration.ts";
 * deepEqual(crosstab(["Lost", "Lost", "Champions"], ["Low", "High", "High"]), [{ segment: "Champions", High: 1, Low: 0 }, { segment: "Lost", High: 1, Low: 1 }]);
 * ```
 */
export function crosstab(
  rows: readonly string[],
  columns: readonly string[],
  options: CrosstabOptions = {},
): Record<string, string | number>[] {
  if (rows.length !== columns.length) {
    throw new InputError(`Label lists differ in length: ${rows.length} and ${columns.length}`);
  }
  const counts = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const key = `${rows[i]}\u0000${columns[i]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const cols = ordered(columns, options.columnOrder);
  return ordered(rows, options.rowOrder).map((r) => {
    const out: Record<string, string | number> = { [options.rowLabel ?? "segment"]: r };
    for (const c of cols) out[c] = counts.get(`${r}\u0000${c}`) ?? 0;
    return out;
  });
}
