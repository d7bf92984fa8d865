/**
 * A table as it crosses from the server's main thread to an analysis worker:
 * column names and their values (structured-cloned).
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";

/** A table as it crosses to a worker: column names and their values, in order. */
export interface TableColumns {
  names: string[];
  columns: ArrayLike<unknown>[];
}

/** A table's columns, ready to post to a worker. */
export function tableColumns(table: ColumnTable): TableColumns {
  const names = table.columnNames();
  return { names, columns: names.map((n) => table.array(n) as ArrayLike<unknown>) };
}

/**
 * The table again from its columns (in the worker).
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { tableColumns, tableFromColumnsCopy } from "./table_transfer.ts";
 * const t = aq.table({ a: new Float64Array([1, 2]), b: ["x", null] });
 * tableFromColumnsCopy(tableColumns(t)).array("b"); // ["x", null]
 * ```
 */
export function tableFromColumnsCopy(data: TableColumns): ColumnTable {
  return aq.table(new Map(data.names.map((n, i) => [n, data.columns[i]!])));
}
