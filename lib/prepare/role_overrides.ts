/**
 * Column roles the user gives (`--roles "CustomerID=identifier,Kidhome=ignore"`,
 * `BYOD_ROLES`, the app's role selects): what each named column is, in place
 * of what its name and values suggest. `identifier` and `ignore` leave the
 * column out of the clustering (kept in `segments.csv` and the profiles);
 * `demographic` uses it as text levels, numbers included; the other roles
 * use it as a feature (even one the preparation would skip) and name the
 * segments by that role. Saved in the model (`preparation.roles`).
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { CUSTOMER_ROLES, type CustomerRole } from "./role_inference.ts";

/** Every role a column can be given, the customer roles after the two that leave it out. */
export const COLUMN_ROLES = ["identifier", "ignore", ...CUSTOMER_ROLES] as const;

/** A role a column can be given: a {@link CustomerRole}, `identifier` or `ignore`. */
export type ColumnRole = typeof COLUMN_ROLES[number];

/** Other words accepted for a role. */
export const ROLE_ALIASES: Readonly<Record<string, ColumnRole>> = {
  id: "identifier",
  exclude: "ignore",
  monetary: "spend",
  text: "demographic",
  flag: "campaign",
};

/** The roles the user gave, by column. */
export type RoleOverrides = Readonly<Record<string, ColumnRole>>;

/** The valid roles as a hint: "roles: identifier, ignore, spend, … (also id, exclude, …)". */
export function validRolesText(): string {
  return `valid roles: ${COLUMN_ROLES.join(", ")} (also ${
    Object.entries(ROLE_ALIASES).map(([alias, role]) => `${alias} for ${role}`).join(", ")
  })`;
}

const FORM_HINT =
  'give column=role pairs separated by commas, e.g. "CustomerID=identifier,Kidhome=ignore"';

/**
 * Column roles given as `column=role` entries, checked: a column, a known
 * role (or an alias of one), no column twice. Throws one
 * {@link InputError} line naming the column and the valid roles otherwise.
 *
 * @example
 * ```ts
 * import { deepEqual, throws } from "node:assert/strict";
 * import { parseRoleOverrides } from "./role_overrides.ts";
 * deepEqual(parseRoleOverrides(["CustomerID=id", " Income = income ", "Kidhome=exclude"]),
 *   { CustomerID: "identifier", Income: "income", Kidhome: "ignore" });
 * throws(() => parseRoleOverrides(["Income=salary"]),
 *   /Unknown role "salary" \(column "Income"\)\. Valid roles: identifier, ignore, spend/);
 * throws(() => parseRoleOverrides(["Income"]), /Invalid roles: "Income"/);
 * ```
 */
export function parseRoleOverrides(entries: readonly string[]): Record<string, ColumnRole> {
  const out: Record<string, ColumnRole> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf("=");
    const column = entry.slice(0, Math.max(at, 0)).trim();
    const word = entry.slice(at + 1).trim().toLowerCase();
    if (at < 0 || column === "" || word === "") {
      throw new InputError(`Invalid roles: "${entry}"`, { hint: FORM_HINT });
    }
    const role = (COLUMN_ROLES as readonly string[]).includes(word)
      ? word as ColumnRole
      : ROLE_ALIASES[word];
    if (role === undefined) {
      throw new InputError(`Unknown role "${entry.slice(at + 1).trim()}"`, {
        column,
        hint: validRolesText(),
      });
    }
    if (Object.hasOwn(out, column)) {
      throw new InputError("Column given two roles", { column, hint: "give each column one role" });
    }
    out[column] = role;
  }
  return out;
}

/** Options for {@link checkRoleOverrides}: the other column lists of the run. */
export interface RoleCheckOptions {
  /** `--features`, when given. */
  features?: readonly string[];
  /** `--categorical` as a list, when given. */
  categorical?: readonly string[];
  /** `--log` as a list, when given. */
  log?: readonly string[];
  file?: string;
}

/**
 * Refuse roles that name a column the table does not have, and roles that
 * leave out (`identifier`, `ignore`) a column named as a feature, a text
 * column or a log column.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkRoleOverrides } from "./role_overrides.ts";
 * checkRoleOverrides({ id: "identifier" }, ["id", "spend"]);
 * throws(() => checkRoleOverrides({ ID: "identifier" }, ["id", "spend"]),
 *   /Column not found in --roles: "ID"\. Available columns: id, spend/);
 * throws(() => checkRoleOverrides({ spend: "ignore" }, ["id", "spend"], { features: ["spend"] }),
 *   /Role "ignore" leaves out a column named in --features \(column "spend"\)/);
 * ```
 */
export function checkRoleOverrides(
  roles: RoleOverrides,
  names: readonly string[],
  options: RoleCheckOptions = {},
): void {
  const { file } = options;
  for (const [column, role] of Object.entries(roles)) {
    if (!names.includes(column)) {
      throw new InputError(`Column not found in --roles: "${column}"`, {
        file,
        hint: `available columns: ${names.join(", ")}`,
      });
    }
    if (role !== "identifier" && role !== "ignore") continue;
    for (
      const [list, option] of [[options.features, "features"], [
        options.categorical,
        "categorical",
      ], [options.log, "log"]] as const
    ) {
      if (list?.includes(column)) {
        throw new InputError(`Role "${role}" leaves out a column named in --${option}`, {
          file,
          column,
          hint: `give it a role that uses it (${
            CUSTOMER_ROLES.join(", ")
          }), or leave it out of --${option}`,
        });
      }
    }
  }
}

/**
 * The role given to a column, if any.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { givenRole } from "./role_overrides.ts";
 * equal(givenRole({ a: "spend" }, "a"), "spend");
 * equal(givenRole(undefined, "a"), undefined);
 * ```
 */
export function givenRole(
  roles: RoleOverrides | undefined,
  column: string,
): ColumnRole | undefined {
  return roles !== undefined && Object.hasOwn(roles, column) ? roles[column] : undefined;
}

/** True when a role uses the column as a feature. */
export function isCustomerRole(role: ColumnRole | undefined): role is CustomerRole {
  return role !== undefined && role !== "identifier" && role !== "ignore";
}

/**
 * Roles by column, from roles by column or `column=role` entries (as the
 * `--roles` parameter gives them).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { roleOverridesOf } from "./role_overrides.ts";
 * deepEqual(roleOverridesOf(["a=id"]), { a: "identifier" });
 * deepEqual(roleOverridesOf({ a: "spend" }), { a: "spend" });
 * ```
 */
export function roleOverridesOf(
  roles: RoleOverrides | readonly string[] | undefined,
): RoleOverrides | undefined {
  return isEntryList(roles) ? parseRoleOverrides(roles) : roles;
}

function isEntryList(
  roles: RoleOverrides | readonly string[] | undefined,
): roles is readonly string[] {
  return Array.isArray(roles);
}
