/**
 * What DuckDB's CSV sniffer decided, and the checks that catch what it cannot
 * say itself: a ragged row (the sniffer then falls back to one column), a
 * wrong or mixed delimiter, duplicate header names (DuckDB renames the second
 * `a` to `a_1` silently).
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { duckdb, queryColumns, sqlString } from "./duckdb.ts";

/** Delimiters the checks look for in header names. */
export const DELIMITER_CANDIDATES = [",", ";", "\t", "|"] as const;

/** The dialect the sniffer found on a sample of the file. */
export interface CSVDialect {
  delimiter: string;
  columns: string[];
}

/** Ask DuckDB's sniffer for the delimiter and column names (first 20,480 rows). */
export async function sniffCSV(path: string, delimiter?: string): Promise<CSVDialect> {
  const args = [sqlString(path), "skip = 0"];
  if (delimiter !== undefined) args.push(`delim = ${sqlString(delimiter)}`);
  const out = await queryColumns(`SELECT Delimiter, Columns FROM sniff_csv(${args.join(", ")})`);
  const columns = (out.Columns?.[0] ?? []) as { name: string }[];
  return { delimiter: String(out.Delimiter?.[0] ?? ","), columns: columns.map((c) => c.name) };
}

/** A row DuckDB rejected, with its 1-based line number in the file. */
export interface RejectedRow {
  line: number;
  errorType: string;
  message: string;
  text: string;
}

let rejectCounter = 0;

/**
 * Read the file with `delimiter`, letting DuckDB set bad rows aside, and
 * return the first one (or `undefined` when every row fits).
 */
export async function firstRejectedRow(
  path: string,
  delimiter: string,
): Promise<RejectedRow | undefined> {
  const id = `${Date.now().toString(36)}_${rejectCounter++}`;
  const table = `seg_rejects_${id}`;
  const scan = `seg_reject_scans_${id}`;
  try {
    await queryColumns(
      `SELECT count(*) AS n FROM read_csv(${sqlString(path)}, header = true, skip = 0, delim = ${
        sqlString(delimiter)
      }, sample_size = -1, store_rejects = true, rejects_table = '${table}', rejects_scan = '${scan}')`,
    );
    const rows = await queryColumns(
      `SELECT line, error_type, error_message, csv_line FROM ${table} ORDER BY line LIMIT 1`,
    );
    const line = rows.line?.[0];
    if (typeof line !== "number") return undefined;
    return {
      line,
      errorType: String(rows.error_type?.[0] ?? ""),
      message: String(rows.error_message?.[0] ?? ""),
      text: String(rows.csv_line?.[0] ?? ""),
    };
  } catch {
    return undefined;
  } finally {
    const con = await duckdb();
    await con.run(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    await con.run(`DROP TABLE IF EXISTS ${scan}`).catch(() => {});
  }
}

/** The InputError for a rejected row: which row, how many fields, what to do. */
export function rejectedRowError(
  rejected: RejectedRow,
  delimiter: string,
  label: string,
): InputError {
  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(rejected.message);
  const shown = delimiter === "\t" ? "tab" : `"${delimiter}"`;
  const where = { file: label, row: rejected.line - 1 };
  if (counts !== null) {
    return new InputError(`Row has ${counts[2]} fields, the header has ${counts[1]}`, {
      ...where,
      hint: `fix line ${rejected.line} of the file so it has ${
        counts[1]
      } fields separated by ${shown}, and quote values that contain ${shown}`,
    });
  }
  return new InputError(`Cannot read row: ${rejected.message.split("\n")[0]}`, {
    ...where,
    hint: `fix line ${rejected.line} of the file`,
  });
}

/**
 * The header exactly as written (DuckDB would rename duplicates), read as
 * text from the first line with `delimiter`.
 */
export async function rawHeader(path: string, delimiter: string): Promise<string[]> {
  const out = await queryColumns(
    `SELECT * FROM read_csv(${
      sqlString(path)
    }, header = false, skip = 0, all_varchar = true, delim = ${
      sqlString(delimiter)
    }, null_padding = true, strict_mode = false) LIMIT 1`,
  );
  return Object.values(out).map((values) => String(values[0] ?? ""));
}

/** True when DuckDB may have renamed a duplicate header (`a`, `a_1`). */
export function mayHaveRenamedDuplicates(names: readonly string[]): boolean {
  const lower = new Set(names.map((n) => n.toLowerCase()));
  return names.some((n) => {
    const m = /^(.+)_\d+$/.exec(n);
    return m !== null && lower.has(m[1]!.toLowerCase());
  });
}

/** Delimiter candidates other than `used` that occur in `text`. */
export function otherDelimitersIn(text: string, used: string): string[] {
  return DELIMITER_CANDIDATES.filter((c) => c !== used && text.includes(c));
}

/** How a delimiter reads in a message. */
export function showDelimiter(d: string): string {
  return d === "\t" ? "tab" : `"${d}"`;
}
