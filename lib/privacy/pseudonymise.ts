/**
 * Pseudonyms for direct identifiers: HMAC-SHA-256 under a secret key (Web
 * Crypto), shown as the first `length` hex characters (default 16 = 64 bits).
 * Without the key nobody can recompute a pseudonym from a guessed national
 * ID, which is what makes a plain hash of a small ID space reversible. Two
 * different originals that end up with the same pseudonym are an error, never
 * a silent merge of two people.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { importHmacKey } from "./key.ts";

/** Default pseudonym length in hex characters. */
export const DEFAULT_DIGEST_LENGTH = 16;

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * HMAC-SHA-256 of a message as 64 hex characters.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { hmacSha256Hex } from "./pseudonymise.ts";
 * // RFC 4231, test case 2
 * equal(await hmacSha256Hex("Jefe", "what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
 * ```
 */
export async function hmacSha256Hex(
  key: CryptoKey | string | Uint8Array,
  message: string | Uint8Array,
): Promise<string> {
  const k = key instanceof CryptoKey ? key : await importHmacKey(key);
  const data = typeof message === "string" ? new TextEncoder().encode(message) : message;
  return hex(await crypto.subtle.sign("HMAC", k, data as Uint8Array<ArrayBuffer>));
}

/** The default normalisation of an identifier before hashing: trimmed, single spaces, upper case. */
export function normaliseIdentifier(value: string): string {
  return value.normalize("NFC").trim().replace(/\s+/g, " ").toUpperCase();
}

/** Options for {@link pseudonymise}. */
export interface PseudonymiseOptions {
  key: CryptoKey;
  /** Hex characters kept (1–64, default 16). */
  length?: number;
  /** Column name, for error messages. */
  column?: string;
  /** Normalisation before hashing (default {@link normaliseIdentifier}). */
  normalise?: (value: string) => string;
}

/**
 * Pseudonymise values (null and blanks stay null). The same original always
 * gives the same pseudonym under the same key; a collision between two
 * different originals is an {@link InputError} naming both rows (not the values).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { importHmacKey } from "./key.ts";
 * import { pseudonymise } from "./pseudonymise.ts";
 * const key = await importHmacKey("a long enough secret");
 * const [a, b, c] = await pseudonymise(["S123", "s123 ", null], { key });
 * deepEqual([a === b, a?.length, c], [true, 16, null]);
 * ```
 */
export async function pseudonymise(
  values: ArrayLike<unknown>,
  options: PseudonymiseOptions,
): Promise<(string | null)[]> {
  const length = options.length ?? DEFAULT_DIGEST_LENGTH;
  if (!Number.isInteger(length) || length < 1 || length > 64) {
    throw new InputError(`Digest length must be 1–64 hex characters, got ${length}`);
  }
  const normalise = options.normalise ?? normaliseIdentifier;
  const cache = new Map<string, string>();
  const owner = new Map<string, { original: string; row: number }>();
  const out = new Array<string | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || String(v).trim() === "") {
      out[i] = null;
      continue;
    }
    const original = normalise(String(v));
    let pseudonym = cache.get(original);
    if (pseudonym === undefined) {
      pseudonym = (await hmacSha256Hex(options.key, original)).slice(0, length);
      cache.set(original, pseudonym);
      const first = owner.get(pseudonym);
      if (first !== undefined && first.original !== original) {
        throw new InputError(
          `Pseudonym collision: rows ${first.row} and ${
            i + 1
          } hold different values with the same ${length}-character pseudonym`,
          {
            column: options.column,
            row: i + 1,
            hint:
              `use a longer digest (length > ${length}) so different people never share a pseudonym`,
          },
        );
      }
      owner.set(pseudonym, { original, row: i + 1 });
    }
    out[i] = pseudonym;
  }
  return out;
}

/** Options for {@link pseudonymiseTable}. */
export interface PseudonymiseTableOptions {
  key: CryptoKey;
  /** The identifier the pseudonym is computed from (e.g. "national_id"). */
  idColumn: string;
  /** All direct identifiers: removed from the table, kept in the lookup (idColumn included). */
  identifiers: readonly string[];
  /** Name of the pseudonym column (default "member_key"). */
  pseudonymColumn?: string;
  /** Hex characters kept (default 16). */
  length?: number;
  /** Columns that locate a row in its source, moved to the lookup too (default source_file, source_row). */
  locators?: readonly string[];
}

/** The de-identified table and the lookup from pseudonyms back to the originals. */
export interface Pseudonymised {
  /** Pseudonym first, then the remaining columns; no direct identifiers. */
  table: ColumnTable;
  /** Pseudonym, the identifiers and locators, one row per input row. */
  lookup: ColumnTable;
}

/**
 * Replace direct identifiers with a keyed pseudonym and split them off into
 * a lookup table. A missing value in the id column is an error (the row
 * could not be linked back).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { importHmacKey } from "./key.ts";
 * import { pseudonymiseTable } from "./pseudonymise.ts";
 * const key = await importHmacKey("a long enough secret");
 * const t = aq.table({ national_id: ["S1", "S2"], name: ["Ann", "Bo"], spend: [3, 4] });
 * const { table, lookup } = await pseudonymiseTable(t, { key, idColumn: "national_id", identifiers: ["national_id", "name"] });
 * deepEqual([table.columnNames(), lookup.numRows()], [["member_key", "spend"], 2]);
 * ```
 */
export async function pseudonymiseTable(
  table: ColumnTable,
  options: PseudonymiseTableOptions,
): Promise<Pseudonymised> {
  const names = table.columnNames();
  const pseudonymColumn = options.pseudonymColumn ?? "member_key";
  const identifiers = [...new Set([options.idColumn, ...options.identifiers])];
  for (const c of identifiers) {
    if (!names.includes(c)) {
      throw new InputError(`Column not found: "${c}"`, {
        hint: `available columns: ${names.join(", ")}`,
      });
    }
  }
  const ids = table.array(options.idColumn) as ArrayLike<unknown>;
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i];
    if (v === null || v === undefined || String(v).trim() === "") {
      throw new InputError("Missing identifier", {
        column: options.idColumn,
        row: i + 1,
        hint: "every row needs an identifier to be pseudonymised; drop or complete such rows first",
      });
    }
  }
  const pseudonyms = await pseudonymise(ids, {
    key: options.key,
    length: options.length,
    column: options.idColumn,
  });
  const locators = (options.locators ?? ["source_file", "source_row"]).filter((c) =>
    names.includes(c)
  );
  const removed = new Set([...identifiers, ...locators]);
  const kept = names.filter((c) => !removed.has(c));
  const out = aq.table({ [pseudonymColumn]: pseudonyms }).assign(table.select(kept));
  const lookupColumns = [...identifiers, ...locators];
  const lookup = aq.table({ [pseudonymColumn]: pseudonyms }).assign(table.select(lookupColumns));
  return { table: out, lookup };
}
