/**
 * Binning numbers into labelled ranges (age bands such as "20s", membership
 * bands such as "0–4 years"). Bins are [edge_i, edge_i+1), the last one open.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";

/** Bin edges (ascending) and one label per bin (the last bin is open-ended). */
export interface BinSpec {
  edges: readonly number[];
  labels?: readonly string[];
}

/** Age in decades: under 20, 20s, 30s … 70+. */
export const AGE_BANDS: BinSpec = {
  edges: [0, 20, 30, 40, 50, 60, 70],
  labels: ["under 20", "20s", "30s", "40s", "50s", "60s", "70+"],
};

/** Years as a member: 0–4, 5–9, 10–19, 20+. */
export const MEMBERSHIP_BANDS: BinSpec = {
  edges: [0, 5, 10, 20],
  labels: ["0–4 years", "5–9 years", "10–19 years", "20+ years"],
};

/**
 * The labels of a spec: given ones, or "a–b" from whole-number edges (b = next edge − 1)
 * and "a+" for the last.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { binLabels } from "./bin.ts";
 * deepEqual(binLabels({ edges: [0, 10, 20] }), ["0–9", "10–19", "20+"]);
 * ```
 */
export function binLabels(spec: BinSpec): string[] {
  const { edges } = spec;
  if (edges.length === 0) throw new InputError("Bins need at least one edge");
  for (let i = 1; i < edges.length; i++) {
    if (!(edges[i]! > edges[i - 1]!)) {
      throw new InputError(`Bin edges must increase: ${edges.join(", ")}`);
    }
  }
  if (spec.labels) {
    if (spec.labels.length !== edges.length) {
      throw new InputError(`Expected ${edges.length} bin labels, got ${spec.labels.length}`, {
        hint: "give one label per edge (the last bin is open-ended)",
      });
    }
    return [...spec.labels];
  }
  const whole = edges.every(Number.isInteger);
  return edges.map((e, i) => {
    const next = edges[i + 1];
    if (next === undefined) return `${e}+`;
    return whole ? `${e}–${next - 1}` : `${e}–<${next}`;
  });
}

/**
 * The bin label of every value (null for missing). A value below the first
 * edge is an {@link InputError} naming the row.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { AGE_BANDS, binValues } from "./bin.ts";
 * deepEqual(binValues([19, 20, 34, 71, null], AGE_BANDS), ["under 20", "20s", "30s", "70+", null]);
 * ```
 */
export function binValues(
  values: ArrayLike<unknown>,
  spec: BinSpec,
  options: { column?: string } = {},
): (string | null)[] {
  const labels = binLabels(spec);
  const { edges } = spec;
  return Array.from(values, (v, i) => {
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return null;
    if (typeof v !== "number") {
      throw new InputError(`Non-numeric value ${JSON.stringify(String(v))}`, {
        column: options.column,
        row: i + 1,
        hint: "bin numeric columns only",
      });
    }
    if (v < edges[0]!) {
      throw new InputError(`Value ${v} is below the first bin edge ${edges[0]}`, {
        column: options.column,
        row: i + 1,
        hint: "fix the value or add a lower edge",
      });
    }
    let b = edges.length - 1;
    while (v < edges[b]!) b--;
    return labels[b]!;
  });
}

/**
 * Add a binned copy of a column.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { binColumn, MEMBERSHIP_BANDS } from "./bin.ts";
 * const t = binColumn(aq.table({ years_member: [3, 12] }), "years_member", { ...MEMBERSHIP_BANDS, to: "membership_band" });
 * deepEqual(t.array("membership_band"), ["0–4 years", "10–19 years"]);
 * ```
 */
export function binColumn(
  table: ColumnTable,
  column: string,
  options: BinSpec & { to: string },
): ColumnTable {
  if (!table.columnNames().includes(column)) {
    throw new InputError(`Column not found: "${column}"`, {
      hint: `available columns: ${table.columnNames().join(", ")}`,
    });
  }
  const bins = binValues(table.array(column) as ArrayLike<unknown>, options, { column });
  return table.assign(aq.table({ [options.to]: bins }));
}
