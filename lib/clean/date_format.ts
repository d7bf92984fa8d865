/**
 * The format of a date column written as text in a form DuckDB does not read
 * by itself: "12/1/2010 8:26" (the Online Retail file as most copies of it
 * are shared), "01.12.2010", "2010/12/01 08:26". Every distinct value of the
 * column is tried against the common day-first, month-first and year-first
 * formats; a format is taken only when it reads every value, and when both
 * day first and month first do (no day above 12 anywhere) the user is asked
 * which, never guessed for.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { queryColumns, sqlString } from "../io/duckdb.ts";

/**
 * The formats tried, with and without time of day: month first, day first
 * (slashes, dots, dashes), year first with slashes, and two-digit years.
 */
export const DATE_FORMATS: readonly string[] = [
  "%m/%d/%Y",
  "%d/%m/%Y",
  "%d.%m.%Y",
  "%d-%m-%Y",
  "%Y/%m/%d",
  "%m/%d/%y",
  "%d/%m/%y",
  "%d.%m.%y",
].flatMap((date) => [`${date} %H:%M`, `${date} %H:%M:%S`, date]);

/** A format that reads every value of a column, and a value it reads that no other format does. */
export interface FoundDateFormat {
  format: string;
  /** A value read only this way (e.g. "12/13/2010 8:26" for month first), else the first value. */
  example: string;
  /** How it was read, YYYY-MM-DD HH:MM:SS (e.g. "2010-12-13 08:26:00"). */
  read: string;
}

/**
 * The line telling the user which format their dates were read with, and how
 * to read them otherwise.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { dateFormatNote } from "./date_format.ts";
 * equal(
 *   dateFormatNote({ format: "%m/%d/%Y %H:%M", example: "12/13/2010 8:26", read: "2010-12-13 08:26:00" }, "InvoiceDate"),
 *   'Dates of "InvoiceDate" read as %m/%d/%Y %H:%M ("12/13/2010 8:26" is 2010-12-13 08:26:00), ' +
 *     "the one format that reads them all; give --date-format to read them otherwise",
 * );
 * ```
 */
export function dateFormatNote(found: FoundDateFormat, column: string): string {
  return `Dates of "${column}" read as ${found.format} ("${found.example}" is ${found.read}), ` +
    "the one format that reads them all; give --date-format to read them otherwise";
}

/** Where {@link findDateFormat} looks. */
export interface FindDateFormatOptions {
  /** A table or a subquery in parentheses. */
  table: string;
  /** The SQL of the date values in it (a column, e.g. `date_raw`). */
  value: string;
  /** The file and its column, for the error. */
  file: string;
  column: string;
}

/**
 * Find the one format of {@link DATE_FORMATS} that reads every non-blank
 * value (trimmed; a four-digit year must have four digits). Returns
 * undefined when none does (the values mix formats or are not dates: the
 * caller's error stands); throws an InputError naming the file and column
 * when day first and month first both read every value.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { findDateFormat } from "./date_format.ts";
 * const table = "(SELECT * FROM (VALUES ('12/1/2010 8:26'), ('12/13/2010 9:01'), (NULL)) t(d))";
 * deepEqual(await findDateFormat({ table, value: "d", file: "lines.csv", column: "InvoiceDate" }), {
 *   format: "%m/%d/%Y %H:%M",
 *   example: "12/13/2010 9:01",
 *   read: "2010-12-13 09:01:00",
 * });
 * ```
 */
export async function findDateFormat(
  options: FindDateFormatOptions,
): Promise<FoundDateFormat | undefined> {
  const text = `trim(CAST(${options.value} AS VARCHAR))`;
  const values = `SELECT DISTINCT ${text} AS d FROM ${options.table} WHERE ${text} <> ''`;
  const reads = (format: string) =>
    `try_strptime(d, ${sqlString(format)}) IS NOT NULL${
      format.includes("%Y") ? ` AND year(try_strptime(d, ${sqlString(format)})) >= 1000` : ""
    }`;
  const counts = await queryColumns(
    `SELECT count(*) AS n, min(d) AS first,
${DATE_FORMATS.map((f, i) => `  count_if(${reads(f)}) AS f${i}`).join(",\n")}
FROM (${values})`,
  );
  const n = Number(counts.n?.[0] ?? 0);
  if (n === 0) return undefined;
  const fits = DATE_FORMATS.filter((_, i) => Number(counts[`f${i}`]?.[0]) === n);
  if (fits.length === 0) return undefined;
  const first = String(counts.first?.[0]);
  if (fits.length > 1) {
    const order = (f: string) => (f.indexOf("%d") < f.indexOf("%m") ? "day" : "month");
    throw new InputError(`Dates such as "${first}" read either day first or month first`, {
      file: options.file,
      column: options.column,
      hint: `give their format with --date-format: ${
        fits.map((f) => `"${f}" (${order(f)} first)`).join(" or ")
      }`,
    });
  }
  const format = fits[0]!;
  // A value the other order cannot read shows which order was found.
  const swapped = format.replace("%d", "%DAY").replace("%m", "%d").replace("%DAY", "%m");
  const shown = await queryColumns(
    `SELECT d, strftime(strptime(d, ${sqlString(format)}), '%Y-%m-%d %H:%M:%S') AS t FROM (
  SELECT coalesce(min(d), ${sqlString(first)}) AS d FROM (${values}) WHERE NOT (${reads(swapped)})
)`,
  );
  return { format, example: String(shown.d?.[0]), read: String(shown.t?.[0]) };
}
