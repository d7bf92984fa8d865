/**
 * The two outputs of anonymisation: `cleaned_data.xlsx` (shareable, no
 * direct identifiers) and `lookup.xlsx` (pseudonym → originals, owner-only
 * file mode 0600, for the few who may re-identify). Before writing, every
 * cell of the cleaned table is checked against every original identifier
 * value; a match stops the export.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { join } from "node:path";
import { writeXLSX } from "../io/write_table.ts";
import { normaliseIdentifier } from "./pseudonymise.ts";

/** A cell of the cleaned table that holds an original identifier. */
export interface IdentifierCell {
  column: string;
  /** 1-based row. */
  row: number;
  /** The identifier column whose value it matches. */
  matches: string;
}

/** Options for {@link findIdentifierCells}. */
export interface FindIdentifierOptions {
  /** Identifier values shorter than this only match whole cells, longer ones also inside text (default 6). */
  minSubstringLength?: number;
}

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return normaliseIdentifier(String(value));
}

/**
 * Find cells of `table` that contain an identifier value from `originals`
 * (identifier column → values): whole-cell matches for every value, and
 * matches inside text for values of at least 6 characters (IDs, e-mails).
 * Column names are checked too (reported with row 0).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { findIdentifierCells } from "./lookup.ts";
 * const cleaned = aq.table({ key: ["ab12"], note: ["call S1234567A"] });
 * equal(findIdentifierCells(cleaned, { national_id: ["S1234567A"] }).length, 1);
 * ```
 */
export function findIdentifierCells(
  table: ColumnTable,
  originals: Record<string, ArrayLike<unknown>>,
  options: FindIdentifierOptions = {},
): IdentifierCell[] {
  const minLength = options.minSubstringLength ?? 6;
  const exact = new Map<string, string>();
  const long: [string, string][] = [];
  for (const [column, values] of Object.entries(originals)) {
    for (let i = 0; i < values.length; i++) {
      const text = cellText(values[i]);
      if (text === null || text === "") continue;
      if (!exact.has(text)) {
        exact.set(text, column);
        if (text.length >= minLength) long.push([text, column]);
      }
    }
  }
  const found: IdentifierCell[] = [];
  const check = (text: string, column: string, row: number) => {
    const hit = exact.get(text) ?? long.find(([value]) => text.includes(value))?.[1];
    if (hit !== undefined) found.push({ column, row, matches: hit });
  };
  for (const name of table.columnNames()) {
    check(normaliseIdentifier(name), name, 0);
    const values = table.array(name) as ArrayLike<unknown>;
    for (let i = 0; i < values.length; i++) {
      const text = cellText(values[i]);
      if (text !== null && text !== "") check(text, name, i + 1);
    }
  }
  return found;
}

/** Options for {@link writeAnonymisedOutputs}. */
export interface WriteAnonymisedOptions {
  /** Output folder (created if needed), e.g. "out/01_members". */
  outDir: string;
  /** Identifier columns of the lookup checked against the cleaned table (default: all but the first). */
  identifierColumns?: readonly string[];
}

/** Paths of the files written. */
export interface AnonymisedOutputs {
  cleanedPath: string;
  lookupPath: string;
}

/**
 * Write `cleaned_data.xlsx` and `lookup.xlsx` (mode 0600) into `outDir`,
 * after checking that no cell of the cleaned table holds an identifier from
 * the lookup. A hit throws (an Error, not an InputError: it is a bug in the
 * pipeline, not in the input) and nothing is written.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { writeAnonymisedOutputs } from "./lookup.ts";
 * const outDir = await Deno.makeTempDir();
 * const cleaned = aq.table({ member_key: ["3f9a"], spend: [10] });
 * const lookup = aq.table({ member_key: ["3f9a"], national_id: ["S1234567A"] });
 * const { lookupPath } = await writeAnonymisedOutputs(cleaned, lookup, { outDir });
 * equal(((await Deno.stat(lookupPath)).mode! & 0o777).toString(8), "600");
 * ```
 */
export async function writeAnonymisedOutputs(
  cleaned: ColumnTable,
  lookup: ColumnTable,
  options: WriteAnonymisedOptions,
): Promise<AnonymisedOutputs> {
  const identifierColumns = options.identifierColumns ?? lookup.columnNames().slice(1);
  const originals: Record<string, ArrayLike<unknown>> = {};
  for (const c of identifierColumns) {
    if (c === "source_file" || c === "source_row") continue;
    originals[c] = lookup.array(c) as ArrayLike<unknown>;
  }
  const hits = findIdentifierCells(cleaned, originals);
  if (hits.length > 0) {
    const first = hits[0]!;
    throw new Error(
      `Refusing to write cleaned data: ${hits.length} cell(s) hold direct identifiers, first in column "${first.column}" row ${first.row} (matches ${first.matches})`,
    );
  }
  const cleanedPath = join(options.outDir, "cleaned_data.xlsx");
  const lookupPath = join(options.outDir, "lookup.xlsx");
  await writeXLSX(cleaned, cleanedPath, { sheet: "Members" });
  await writeXLSX(lookup, lookupPath, { sheet: "Lookup", mode: 0o600 });
  return { cleanedPath, lookupPath };
}
