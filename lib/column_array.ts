/**
 * A column of an arquero table as the array it is held in, without a copy.
 *
 * @module
 */
import type { ColumnTable } from "arquero";

/**
 * A column's values without a copy when the table is neither filtered nor
 * ordered (arquero's `array()` copies value by value), else `table.array`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { columnValues } from "./column_array.ts";
 * equal(columnValues(aq.table({ a: [1, 2] }), "a")[1], 2);
 * equal(columnValues(aq.table({ a: [1, 2] }).orderby(aq.desc("a")), "a")[1], 1);
 * ```
 */
export function columnValues(table: ColumnTable, name: string): ArrayLike<unknown> {
  if (!table.isFiltered() && !table.isOrdered()) {
    const column = table.column(name) as unknown;
    if (Array.isArray(column) || ArrayBuffer.isView(column)) return column as ArrayLike<unknown>;
  }
  return table.array(name) as ArrayLike<unknown>;
}
