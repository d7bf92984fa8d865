/**
 * Alias maps: the canonical schema a set of files is brought into, with every
 * spelling of each column name (and of category values) that the sources use.
 * Header matching ignores case, spaces and punctuation, so "Cred Card User",
 * "cred_card_user" and "CRED-CARD USER" are the same header.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import * as aq from "arquero";
import { InputError } from "../errors.ts";

/** How a canonical column's values are read. */
export type CanonicalType = "string" | "number" | "date" | "raw";

/** One column of the canonical schema and the headers that mean it. */
export interface CanonicalColumn {
  /** Canonical (snake_case) name. */
  name: string;
  /** Header spellings that mean this column, as written in the sources. */
  aliases: readonly string[];
  type: CanonicalType;
  /** A source without this column is an error rather than a column of blanks. */
  required?: boolean;
}

/** The canonical schema: columns in output order. */
export type AliasMap = readonly CanonicalColumn[];

/**
 * The member schema of the bundled regional files: each office's header
 * spellings for the same thing.
 */
export const MEMBER_ALIASES: AliasMap = [
  {
    name: "national_id",
    aliases: ["NRIC", "National ID", "ID Number", "National ID Number"],
    type: "string",
    required: true,
  },
  { name: "first_name", aliases: ["Given Name", "First Name", "MemberName"], type: "string" },
  { name: "last_name", aliases: ["Surname", "Last Name", "Family Name"], type: "string" },
  { name: "email", aliases: ["Email", "E-mail", "Email Address"], type: "string" },
  { name: "gender", aliases: ["Gender", "Sex"], type: "string" },
  { name: "birth_date", aliases: ["Birth Date", "DOB", "Date of Birth"], type: "date" },
  { name: "year_joined", aliases: ["Year Joined", "Joined", "Member Since"], type: "number" },
  {
    name: "annual_income",
    aliases: ["Annual Income", "Income", "Annual Income (USD)"],
    type: "number",
  },
  {
    name: "purchases",
    aliases: ["Purchases", "No. of Purchases", "Purchase Count"],
    type: "number",
  },
  { name: "amount_spent", aliases: ["Amount Spent", "Total Spent", "Spend"], type: "number" },
  {
    name: "credit_card",
    aliases: ["Cred Card User", "Credit Card", "Credit Card Holder"],
    type: "raw",
  },
  { name: "newsletter", aliases: ["Newsletter", "Email Opt-In"], type: "raw" },
  { name: "region", aliases: ["Region", "Area"], type: "string" },
];

/** Columns of {@link MEMBER_ALIASES} that identify a person directly. */
export const MEMBER_DIRECT_IDENTIFIERS = ["national_id", "first_name", "last_name", "email"];

/** Spellings of gender values in the sources, mapped to one spelling. */
export const GENDER_VALUES: Readonly<Record<string, string>> = {
  f: "Female",
  female: "Female",
  w: "Female",
  woman: "Female",
  m: "Male",
  male: "Male",
  man: "Male",
};

/**
 * The comparison key of a header: lower case, letters and digits only.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { normaliseHeader } from "./aliases.ts";
 * equal(normaliseHeader("Cred. Card User"), "credcarduser");
 * ```
 */
export function normaliseHeader(header: string): string {
  return header.normalize("NFKD").toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** How one source's headers matched the schema. */
export interface HeaderMatch {
  /** Canonical name → the source header it came from. */
  matched: Record<string, string>;
  /** Source headers that matched no alias. */
  unmatched: string[];
  /** Canonical columns the source does not have. */
  missing: string[];
}

/**
 * Match a source's headers against an alias map. The canonical name itself
 * always counts as an alias. Two headers meaning the same column is an error.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { matchHeaders, MEMBER_ALIASES } from "./aliases.ts";
 * const m = matchHeaders(["NRIC", "Given Name", "Fax"], MEMBER_ALIASES);
 * equal(m.matched.national_id, "NRIC");
 * deepEqual(m.unmatched, ["Fax"]);
 * ```
 */
export function matchHeaders(
  headers: readonly string[],
  schema: AliasMap,
  options: { file?: string } = {},
): HeaderMatch {
  const byKey = new Map<string, string>();
  for (const column of schema) {
    for (const alias of [column.name, ...column.aliases]) {
      const key = normaliseHeader(alias);
      const owner = byKey.get(key);
      if (owner !== undefined && owner !== column.name) {
        throw new InputError(
          `Alias "${alias}" is declared for both "${owner}" and "${column.name}"`,
          {
            hint: "give each alias to one canonical column",
          },
        );
      }
      byKey.set(key, column.name);
    }
  }
  const matched: Record<string, string> = {};
  const unmatched: string[] = [];
  for (const header of headers) {
    const name = byKey.get(normaliseHeader(header));
    if (name === undefined) {
      unmatched.push(header);
      continue;
    }
    const previous = matched[name];
    if (previous !== undefined) {
      throw new InputError(`Two columns mean "${name}": "${previous}" and "${header}"`, {
        file: options.file,
        hint: "remove or rename one of them, or adjust the alias map",
      });
    }
    matched[name] = header;
  }
  const missing = schema.filter((c) => matched[c.name] === undefined).map((c) => c.name);
  return { matched, unmatched, missing };
}

/** Options for {@link standardiseValues}. */
export interface StandardiseValuesOptions {
  /** Lower-cased spelling → canonical value. */
  values: Readonly<Record<string, string>>;
  /** Column holding each row's file name, for error messages (default "source_file"). */
  fileColumn?: string;
  /** Column holding each row's 1-based row number in its file (default "source_row"). */
  rowColumn?: string;
}

/**
 * Map the spellings of a category column onto one spelling (e.g. F/female →
 * "Female"). Blanks stay missing; an unknown spelling is an {@link InputError}
 * naming the file, column, row and value.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { GENDER_VALUES, standardiseValues } from "./aliases.ts";
 * const t = standardiseValues(aq.table({ gender: ["F", "male", null] }), "gender", { values: GENDER_VALUES });
 * deepEqual(t.array("gender"), ["Female", "Male", null]);
 * ```
 */
export function standardiseValues(
  table: ColumnTable,
  column: string,
  options: StandardiseValuesOptions,
): ColumnTable {
  requireColumn(table, column);
  const values = table.array(column) as ArrayLike<unknown>;
  const files = optionalColumn(table, options.fileColumn ?? "source_file");
  const rows = optionalColumn(table, options.rowColumn ?? "source_row");
  const out = new Array<string | null>(table.numRows());
  const allowed = Object.fromEntries(
    Object.entries(options.values).map(([k, v]) => [k.toLowerCase(), v]),
  );
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || String(v).trim() === "") {
      out[i] = null;
      continue;
    }
    const key = String(v).trim().toLowerCase();
    const mapped = Object.hasOwn(allowed, key) ? allowed[key] : undefined;
    if (mapped === undefined) {
      throw new InputError(`Unknown value ${JSON.stringify(String(v))}`, {
        file: files ? String(files[i]) : undefined,
        column,
        row: rows ? Number(rows[i]) : i + 1,
        hint: `expected one of: ${[...new Set(Object.keys(allowed))].join(", ")}`,
      });
    }
    out[i] = mapped;
  }
  return table.assign(aq.table({ [column]: out }));
}

/** Throw a clear error when `column` is not in `table`. */
export function requireColumn(table: ColumnTable, column: string, file?: string): void {
  if (!table.columnNames().includes(column)) {
    throw new InputError(`Column not found: "${column}"`, {
      file,
      hint: `available columns: ${table.columnNames().join(", ")}`,
    });
  }
}

function optionalColumn(table: ColumnTable, name: string): ArrayLike<unknown> | undefined {
  return table.columnNames().includes(name) ? table.array(name) as ArrayLike<unknown> : undefined;
}
