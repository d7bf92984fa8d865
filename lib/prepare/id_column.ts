/**
 * Which column identifies the customers: the one a map's hover text and a
 * CRM export name each row by.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { isMissingCell } from "./column_values.ts";

/**
 * The first column whose values name every row once (prefers a name ending
 * in "id"), or undefined.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { idColumnOf } from "./id_column.ts";
 * equal(idColumnOf(aq.table({ age: [30, 30], customer_id: ["a", "b"] })), "customer_id");
 * ```
 */
export function idColumnOf(table: ColumnTable): string | undefined {
  const names = table.columnNames();
  const ordered = [
    ...names.filter((n) => /(^|[^a-z])id$|_id$|^id/i.test(n)),
    ...names.filter((n) => !/(^|[^a-z])id$|_id$|^id/i.test(n)),
  ];
  for (const name of ordered) {
    const values = table.array(name) as ArrayLike<unknown>;
    const seen = new Set<unknown>();
    let ok = values.length > 0;
    for (let i = 0; i < values.length && ok; i++) {
      const v = values[i];
      if (isMissingCell(v) || (typeof v !== "string" && typeof v !== "number")) ok = false;
      else if (seen.has(v)) ok = false;
      else seen.add(v);
    }
    if (ok && (typeof values[0] === "string" || /id/i.test(name))) return name;
  }
  return undefined;
}
