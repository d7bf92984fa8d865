/**
 * Numbers written as text: thousands separators (`1,234.50`, `1.234,50`,
 * `1 234`, `1'234`, and Indian lakh grouping `1,23,456.0`), currency symbols or codes before or after (`$3.50`,
 * `€ 3,50`, `3.50 EUR`), a sign before or after the symbol. A text column
 * whose every non-empty value reads this way becomes a number column.
 *
 * The decimal separator is `.` unless the caller says `,` (the CSV reader does
 * for `;`-delimited files, the usual European export). A value such as
 * `1,234` is therefore 1234 in a comma file and 1.234 in a semicolon file.
 * Percentages, accounting brackets `(3.50)` and codes with a leading zero
 * (`007`) are left as text.
 *
 * @module
 */

/** Which character separates the decimals. */
export type DecimalSeparator = "." | ",";

const CURRENCY = String
  .raw`(?:[$€£¥₹₩₽¢]|US\$|CHF|USD|EUR|GBP|JPY|SEK|NOK|DKK|CAD|AUD|NZD|INR|CNY|PLN|CZK|HUF|BRL|ZAR|kr)`;
const AFFIX = new RegExp(
  String.raw`^([-+]?)\s*(?:${CURRENCY}\s*)?([-+]?)\s*(.*?)\s*(?:${CURRENCY})?\s*$`,
  "u",
);
const DOT_DECIMAL =
  /^(?:\d{1,3}(?:([, '\u00a0\u202f])\d{3})?(?:\1\d{3})*|\d{1,2}(?:,\d{2})+,\d{3}|\d+)(?:\.\d+)?$|^\.\d+$/;
const COMMA_DECIMAL = /^(?:\d{1,3}(?:([. '\u00a0\u202f])\d{3})?(?:\1\d{3})*|\d+)(?:,\d+)?$|^,\d+$/;

/** Lakh grouping with at least two separators (`12,34,567`), which western grouping cannot be. */
const INDIAN_GROUPS = /\d,\d\d,\d{3}(?:\D|$)/;
/** Western grouping with at least two separators (`1,234,567`), which lakh grouping cannot be. */
const WESTERN_GROUPS = /\d,\d{3},\d{3}(?:\D|$)/;

/**
 * Read one text value as a number, or `undefined` when it is not one.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { parseNumericText } from "./numeric_text.ts";
 * equal(parseNumericText("$1,234.50", "."), 1234.5);
 * equal(parseNumericText("1.234,50 €", ","), 1234.5);
 * equal(parseNumericText("₹1,23,456.0", "."), 123456);
 * equal(parseNumericText("12 apples", "."), undefined);
 * ```
 */
export function parseNumericText(text: string, decimal: DecimalSeparator): number | undefined {
  const match = AFFIX.exec(text);
  if (match === null) return undefined;
  const [, sign1 = "", sign2 = "", body = ""] = match;
  if (body === "" || (sign1 !== "" && sign2 !== "")) return undefined;
  const pattern = decimal === "." ? DOT_DECIMAL : COMMA_DECIMAL;
  // A leading zero ("007", "0123") marks a code, not a quantity: keep it as text.
  if (!pattern.test(body) || /^0\d/.test(body)) return undefined;
  const digits = decimal === "."
    ? body.replace(/[, '\u00a0\u202f]/g, "")
    : body.replace(/[. '\u00a0\u202f]/g, "").replace(",", ".");
  const value = Number(digits);
  if (!Number.isFinite(value)) return undefined;
  return sign1 === "-" || sign2 === "-" ? -value : value;
}

/**
 * Convert a column of text to numbers when every non-empty value is numeric
 * text (see {@link parseNumericText}); otherwise return `undefined`. Blank
 * strings become missing values (null).
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { numericTextColumn } from "./numeric_text.ts";
 * deepEqual(numericTextColumn(["1,200", null, "$3.50"], "."), [1200, null, 3.5]);
 * deepEqual(numericTextColumn(["1,23,456.0", "2,000.5"], "."), [123456, 2000.5]);
 * equal(numericTextColumn(["12,34,567", "1,234,567"], "."), undefined); // two groupings
 * equal(numericTextColumn(["1,200", "n/a"], "."), undefined);
 * ```
 */
export function numericTextColumn(
  values: readonly unknown[],
  decimal: DecimalSeparator,
): (number | null)[] | undefined {
  const out: (number | null)[] = new Array(values.length);
  let numbers = 0;
  let indian = false, western = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) {
      out[i] = null;
      continue;
    }
    if (typeof v !== "string") return undefined;
    const n = parseNumericText(v, decimal);
    if (n === undefined) return undefined;
    if (decimal === ".") {
      if (INDIAN_GROUPS.test(v)) indian = true;
      else if (WESTERN_GROUPS.test(v)) western = true;
      // `12,34,567` beside `1,234,567`: two ways of grouping, so no one reading.
      if (indian && western) return undefined;
    }
    out[i] = n;
    numbers++;
  }
  return numbers > 0 ? out : undefined;
}
