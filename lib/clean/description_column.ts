/**
 * Which column of a transaction file describes its products ("Description"
 * in Online Retail): the one given, or the first of its usual spellings. The
 * cleaning stages it beside the product id, so the descriptions come from the
 * same single read of the file as everything else.
 *
 * @module
 */
import { InputError } from "../errors.ts";

/** Usual spellings of a product description column (compared ignoring case and punctuation). */
export const DESCRIPTION_ALIASES: readonly string[] = [
  "Description",
  "product_name",
  "item_name",
  "product_description",
  "name",
];

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * The description column among `columns`: the one given (an error naming the
 * columns when it is not there), or the first alias found, or undefined.
 *
 * @example
 * ```ts
 * import { equal, throws } from "node:assert/strict";
 * import { findDescriptionColumn } from "./description_column.ts";
 * equal(findDescriptionColumn(["StockCode", "Product Name"]), "Product Name");
 * equal(findDescriptionColumn(["StockCode"]), undefined);
 * throws(() => findDescriptionColumn(["StockCode"], "Label", "lines.csv"), { name: "InputError" });
 * ```
 */
export function findDescriptionColumn(
  columns: readonly string[],
  given?: string,
  file?: string,
): string | undefined {
  if (given !== undefined) {
    if (!columns.includes(given)) {
      throw new InputError(`Column not found: "${given}"`, {
        file,
        hint: `the description column must be one of: ${columns.join(", ")}`,
      });
    }
    return given;
  }
  for (const alias of DESCRIPTION_ALIASES) {
    const hit = columns.find((c) => normalise(c) === normalise(alias));
    if (hit !== undefined) return hit;
  }
  return undefined;
}
