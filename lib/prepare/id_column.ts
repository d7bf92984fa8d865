/**
 * Which column identifies the customers: the one a map's hover text and a
 * CRM export name each row by.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { isMissingCell } from "./column_values.ts";
import { isIdLikeName } from "../features/pick_features.ts";
import type { RoleOverrides } from "./role_overrides.ts";

/**
 * The first column whose values name every row once (prefers a name that
 * reads like an identifier in any casing: `CustomerID`, `CUST_ID`, `Kunden-Nr`), or undefined.
 * With roles given, a column given `identifier` comes first and is taken
 * when no cell of it is blank; a column given another role is never taken.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { idColumnOf } from "./id_column.ts";
 * equal(idColumnOf(aq.table({ age: [30, 30], customer_id: ["a", "b"] })), "customer_id");
 * equal(idColumnOf(aq.table({ customer_id: ["a", "b"], member: [7, 7] }), { member: "identifier" }), "member");
 * ```
 */
export function idColumnOf(table: ColumnTable, roles?: RoleOverrides): string | undefined {
  const role = (n: string) => roles !== undefined && Object.hasOwn(roles, n) ? roles[n] : undefined;
  const names = table.columnNames().filter((n) =>
    role(n) === undefined || role(n) === "identifier"
  );
  for (const name of names.filter((n) => role(n) === "identifier")) {
    const values = table.array(name) as ArrayLike<unknown>;
    if (values.length > 0 && Array.from(values).every((v) => !isMissingCell(v))) return name;
  }
  const ordered = [
    ...names.filter((n) => isIdLikeName(n)),
    ...names.filter((n) => !isIdLikeName(n)),
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
    if (ok && (typeof values[0] === "string" || isIdLikeName(name))) return name;
  }
  return undefined;
}
