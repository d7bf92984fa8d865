import { InputError } from "../errors.ts";
import { readHead } from "./transcode.ts";

/**
 * What a file really is, from its first bytes, whatever its name says: a
 * gzip stream, a zip archive (an Excel workbook is one), a Parquet file, or
 * plain text. Readers use it to say "this .csv is gzip" instead of passing
 * the bytes to a parser that then fails with its own words.
 *
 * @module
 */

/** What the first bytes of a file show. */
export type FileKind = "gzip" | "zip" | "parquet" | "ole" | "text" | "binary";

/**
 * The kind of a file from its first bytes (a few KiB are enough).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { fileKind } from "./file_kind.ts";
 * equal(fileKind(new Uint8Array([0x1f, 0x8b, 8, 0])), "gzip");
 * equal(fileKind(new TextEncoder().encode("PAR1....")), "parquet");
 * equal(fileKind(new TextEncoder().encode("id,spend\n1,2\n")), "text");
 * ```
 */
export function fileKind(head: Uint8Array): FileKind {
  const starts = (magic: number[]) => magic.every((b, i) => head[i] === b);
  if (starts([0x1f, 0x8b])) return "gzip";
  if (starts([0x50, 0x4b, 0x03, 0x04]) || starts([0x50, 0x4b, 0x05, 0x06])) return "zip";
  if (starts([0x50, 0x41, 0x52, 0x31])) return "parquet";
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return "ole";
  return looksLikeText(head) ? "text" : "binary";
}

/**
 * True when the bytes read as text: no control characters other than tab,
 * line ends and form feed, and at most a stray invalid UTF-8 sequence per
 * hundred characters (Windows-1252 text is text too).
 */
export function looksLikeText(head: Uint8Array): boolean {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head);
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) return false;
    if (c === 0xfffd) bad++;
  }
  return bad * 100 <= text.length;
}

/** Files that are not delimited text, by their first bytes: what they are and what to do. */
const NOT_CSV = {
  zip: [
    "a zip archive (an Excel .xlsx workbook is one)",
    "if it is a workbook, rename it to .xlsx; if it is an archive, unzip it and read the CSV inside",
  ],
  parquet: ["a Parquet file", "rename it to .parquet and read it again"],
  ole: [
    "an Excel .xls workbook (or another Office file)",
    "rename it to .xls, or save it from the spreadsheet program as CSV UTF-8",
  ],
  gzip: ["gzip-compressed", "unpack it (gunzip) and run again"],
} as const;

/**
 * The error for a file named as CSV that is something else (`kind` from
 * {@link fileKind}), or `undefined` when it may be text. gzip counts only
 * when `gzip` is true: `loadCSV` unpacks it, a reader streaming the file
 * through DuckDB cannot.
 *
 * @example
 * ```ts
 * import { equal, ok } from "node:assert/strict";
 * import { notCSVError } from "./file_kind.ts";
 * ok(notCSVError("zip", "a.csv")?.message.startsWith("Not a CSV file: it is a zip archive"));
 * equal(notCSVError("gzip", "a.csv"), undefined);
 * ok(notCSVError("gzip", "a.csv", { gzip: true })?.message.startsWith("Not a CSV file: it is gzip-compressed"));
 * equal(notCSVError("text", "a.csv"), undefined);
 * ```
 */
export function notCSVError(
  kind: FileKind,
  label: string,
  options: { gzip?: boolean } = {},
): InputError | undefined {
  if (kind === "gzip" && !options.gzip) return undefined;
  if (!(kind in NOT_CSV)) return undefined;
  const [what, hint] = NOT_CSV[kind as keyof typeof NOT_CSV];
  return new InputError(`Not a CSV file: it is ${what}`, { file: label, hint });
}

/**
 * Refuse a file named as CSV that a streaming reader cannot read as text: a
 * zip, Parquet, .xls or gzip file (for `rfm`, which hands the file to DuckDB).
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { checkDelimitedText } from "./file_kind.ts";
 * const path = (await Deno.makeTempDir()) + "/lines.csv";
 * await Deno.writeFile(path, new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]));
 * await rejects(checkDelimitedText(path), { message: /^Not a CSV file: it is gzip-compressed/ });
 * ```
 */
export async function checkDelimitedText(path: string, label = path): Promise<void> {
  const error = notCSVError(fileKind(await readHead(path, 4096)), label, { gzip: true });
  if (error !== undefined) throw error;
}
