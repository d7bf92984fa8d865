/**
 * Files that are not UTF-8: spreadsheet programs on Windows still save CSV as
 * Windows-1252 ("ANSI", a superset of Latin-1). Such a file is decoded as
 * Windows-1252 and streamed into a temporary UTF-8 copy, so memory stays flat
 * whatever its size.
 *
 * @module
 */

/**
 * Copy `path` into a new temporary UTF-8 file, decoding it as `encoding`
 * (default Windows-1252); returns the temporary path, which the caller removes.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { transcodeToUTF8 } from "./transcode.ts";
 * const path = (await Deno.makeTempDir()) + "/data.csv";
 * await Deno.writeFile(path, new Uint8Array([0x4a, 0x6f, 0x73, 0xe9])); // "José" in Latin-1
 * const utf8 = await transcodeToUTF8(path);
 * equal(await Deno.readTextFile(utf8), "José");
 * await Deno.remove(utf8);
 * ```
 */
export async function transcodeToUTF8(path: string, encoding = "windows-1252"): Promise<string> {
  const out = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    const source = await Deno.open(path, { read: true });
    const target = await Deno.open(out, { write: true, truncate: true });
    await source.readable
      .pipeThrough(new TextDecoderStream(encoding))
      .pipeThrough(new TextEncoderStream())
      .pipeTo(target.writable);
    return out;
  } catch (error) {
    await Deno.remove(out).catch(() => {});
    throw error;
  }
}

/**
 * The UTF-16 encoding of a file from its first bytes: by its byte order mark
 * (FF FE little endian, FE FF big endian), or, without one, when text that
 * is mostly ASCII shows as every other byte zero. `undefined` otherwise.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { utf16Encoding } from "./transcode.ts";
 * equal(utf16Encoding(new Uint8Array([0xff, 0xfe, 0x61, 0x00])), "utf-16le");
 * equal(utf16Encoding(new Uint8Array([0x00, 0x61, 0x00, 0x2c, 0x00, 0x62, 0x00, 0x0a])), "utf-16be");
 * equal(utf16Encoding(new TextEncoder().encode("a,b\n")), undefined);
 * ```
 */
export function utf16Encoding(head: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  const pairs = Math.min(256, Math.floor(head.length / 2));
  if (pairs < 2) return undefined;
  let zeroOdd = 0, zeroEven = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) zeroEven++;
    if (head[2 * i + 1] === 0) zeroOdd++;
  }
  if (zeroOdd >= 0.9 * pairs && zeroEven === 0) return "utf-16le";
  if (zeroEven >= 0.9 * pairs && zeroOdd === 0) return "utf-16be";
  return undefined;
}

/** The first `n` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, n = 64 * 1024): Promise<Uint8Array> {
  const file = await Deno.open(path, { read: true });
  try {
    const buffer = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const got = await file.read(buffer.subarray(filled));
      if (got === null) break;
      filled += got;
    }
    return buffer.subarray(0, filled);
  } finally {
    file.close();
  }
}

/** True when a file holds only spaces, tabs and line breaks (read until the first other byte). */
export async function isBlankFile(path: string): Promise<boolean> {
  const file = await Deno.open(path, { read: true });
  try {
    const buffer = new Uint8Array(64 * 1024);
    for (;;) {
      const got = await file.read(buffer);
      if (got === null) return true;
      for (let i = 0; i < got; i++) {
        const b = buffer[i]!;
        if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0b && b !== 0x0c) {
          return false;
        }
      }
    }
  } finally {
    file.close();
  }
}

/**
 * Copy `path` without its first `lines` lines into a new temporary file;
 * returns its path, which the caller removes.
 */
export async function dropFirstLines(path: string, lines: number): Promise<string> {
  const out = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    const source = await Deno.open(path, { read: true });
    const target = await Deno.open(out, { write: true, truncate: true });
    let left = lines;
    await source.readable.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          let i = 0;
          while (left > 0 && i < chunk.length) {
            const nl = chunk.indexOf(0x0a, i);
            if (nl < 0) {
              i = chunk.length;
              break;
            }
            i = nl + 1;
            left--;
          }
          if (i < chunk.length) controller.enqueue(chunk.subarray(i));
        },
      }),
    ).pipeTo(target.writable);
    return out;
  } catch (error) {
    await Deno.remove(out).catch(() => {});
    throw error;
  }
}

/** True when a DuckDB error says the bytes are not valid UTF-8. */
export function isEncodingError(message: string): boolean {
  return /invalid unicode|not utf-8 encoded/i.test(message);
}
