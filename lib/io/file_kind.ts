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
