/**
 * One-hot encoding of category columns, as scikit-learn's `OneHotEncoder`:
 * one 0/1 column per category, named `<column>_<category>`, categories
 * sorted unless given. The fitted model is plain JSON, so new rows are
 * encoded with the same columns.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";

/** The categories of every encoded column. */
export interface OneHotModel {
  kind: "onehot";
  columns: { column: string; categories: string[] }[];
}

/** Options for {@link fitOneHot}. */
export interface FitOneHotOptions {
  /** Fixed category order per column (e.g. bin labels); others are sorted. */
  categories?: Record<string, readonly string[]>;
}

function categoryOf(value: unknown, column: string, row: number): string {
  if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) {
    throw new InputError("Missing value", {
      column,
      row,
      hint: "fill or drop missing values before encoding",
    });
  }
  return String(value);
}

/**
 * Learn the categories of each column.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitOneHot } from "./encode.ts";
 * const encoder = fitOneHot(aq.table({ region: ["West", "East", "West"] }), ["region"]);
 * deepEqual(encoder.columns[0]?.categories, ["East", "West"]);
 * ```
 */
export function fitOneHot(
  table: ColumnTable,
  columns: readonly string[],
  options: FitOneHotOptions = {},
): OneHotModel {
  return {
    kind: "onehot",
    columns: columns.map((column) => {
      requireColumn(table, column);
      const seen = new Set<string>();
      Array.from(table.array(column) as ArrayLike<unknown>).forEach((v, i) =>
        seen.add(categoryOf(v, column, i + 1))
      );
      const fixed = options.categories?.[column];
      if (fixed) {
        const extra = [...seen].filter((c) => !fixed.includes(c));
        if (extra.length > 0) {
          throw new InputError(`Category not in the given list: "${extra[0]}"`, {
            column,
            hint: `expected one of: ${fixed.join(", ")}`,
          });
        }
        return { column, categories: [...fixed] };
      }
      return { column, categories: [...seen].sort() };
    }),
  };
}

/** The output column names of a model, in order. */
export function oneHotColumns(model: OneHotModel): string[] {
  return model.columns.flatMap((c) => c.categories.map((cat) => `${c.column}_${cat}`));
}

/** Options for {@link applyOneHot}. */
export interface ApplyOneHotOptions {
  /** "error" (default) or "ignore" (all zeros) for a category the model has not seen. */
  unknown?: "error" | "ignore";
}

/**
 * Add the 0/1 columns of a fitted model to a table (the source columns stay).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { applyOneHot, fitOneHot } from "./encode.ts";
 * const t = aq.table({ region: ["West", "East"] });
 * deepEqual(applyOneHot(fitOneHot(t, ["region"]), t).array("region_East"), [0, 1]);
 * ```
 */
export function applyOneHot(
  model: OneHotModel,
  table: ColumnTable,
  options: ApplyOneHotOptions = {},
): ColumnTable {
  const out: Record<string, Uint8Array> = {};
  for (const { column, categories } of model.columns) {
    requireColumn(table, column);
    const values = table.array(column) as ArrayLike<unknown>;
    const index = new Map(categories.map((c, k) => [c, k]));
    const cols = categories.map(() => new Uint8Array(values.length));
    for (let i = 0; i < values.length; i++) {
      const cat = categoryOf(values[i], column, i + 1);
      const k = index.get(cat);
      if (k === undefined) {
        if (options.unknown === "ignore") continue;
        throw new InputError(`Unknown category "${cat}"`, {
          column,
          row: i + 1,
          hint: `the model knows: ${categories.join(", ")}`,
        });
      }
      cols[k]![i] = 1;
    }
    categories.forEach((cat, k) => (out[`${column}_${cat}`] = cols[k]!));
  }
  const plain: Record<string, number[]> = {};
  for (const [name, values] of Object.entries(out)) plain[name] = Array.from(values);
  return table.assign(aq.table(plain));
}

function requireColumn(table: ColumnTable, column: string): void {
  if (!table.columnNames().includes(column)) {
    throw new InputError(`Column not found: "${column}"`, {
      hint: `available columns: ${table.columnNames().join(", ")}`,
    });
  }
}
