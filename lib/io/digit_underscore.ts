/**
 * A byte scan for a digit, an underscore and a digit (`1_000`), which DuckDB
 * reads as the number 1000 in a whole-number column.
 *
 * @module
 */

const UNDERSCORE = 0x5f;

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

/**
 * True when the file holds a digit, `_` and a digit in a row anywhere
 * (header included), read in chunks of a mebibyte. A `false` means no value
 * in it can be an underscore-grouped number such as `1_000`; a `true` only
 * that one may be, for a closer look.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { hasDigitUnderscoreDigit } from "./digit_underscore.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "tenure_days,code\n12,A_1\n");
 * equal(await hasDigitUnderscoreDigit(path), false);
 * await Deno.writeTextFile(path, "tenure_days,code\n12,1_000\n");
 * equal(await hasDigitUnderscoreDigit(path), true);
 * ```
 */
export async function hasDigitUnderscoreDigit(path: string): Promise<boolean> {
  const file = await Deno.open(path, { read: true });
  try {
    const buffer = new Uint8Array(1 << 20);
    // The last two bytes of the chunk before, so a match across chunks is seen.
    let before2: number | undefined, before1: number | undefined;
    for (;;) {
      const got = await file.read(buffer);
      if (got === null) return false;
      const bytes = buffer.subarray(0, got);
      if (before1 === UNDERSCORE && isDigit(before2) && isDigit(bytes[0])) return true;
      if (bytes[0] === UNDERSCORE && isDigit(before1) && isDigit(bytes[1])) return true;
      for (let i = bytes.indexOf(UNDERSCORE, 1); i !== -1; i = bytes.indexOf(UNDERSCORE, i + 1)) {
        if (isDigit(bytes[i - 1]) && isDigit(bytes[i + 1])) return true;
      }
      before2 = got > 1 ? bytes[got - 2] : before1;
      before1 = bytes[got - 1];
    }
  } finally {
    file.close();
  }
}
