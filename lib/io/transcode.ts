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

/**
 * Copy a gzip-compressed file into a new temporary file, unpacked; returns its
 * path, which the caller removes. Past `maxBytes` unpacked bytes it stops and
 * returns `undefined` (a small archive can unpack to a huge file).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { gunzipToTemp } from "./transcode.ts";
 * const path = (await Deno.makeTempDir()) + "/data.csv";
 * const packed = new Blob([new TextEncoder().encode("a\n1\n")]).stream()
 *   .pipeThrough(new CompressionStream("gzip"));
 * await Deno.writeFile(path, new Uint8Array(await new Response(packed).arrayBuffer()));
 * const plain = await gunzipToTemp(path);
 * equal(await Deno.readTextFile(plain!), "a\n1\n");
 * await Deno.remove(plain!);
 * ```
 */
export async function gunzipToTemp(path: string, maxBytes?: number): Promise<string | undefined> {
  const out = await Deno.makeTempFile({ suffix: ".csv" });
  let written = 0;
  let tooLarge = false;
  try {
    const source = await Deno.open(path, { read: true });
    const target = await Deno.open(out, { write: true, truncate: true });
    await source.readable
      .pipeThrough(new DecompressionStream("gzip"))
      .pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            written += chunk.length;
            if (maxBytes !== undefined && written > maxBytes) {
              tooLarge = true;
              controller.error(new Error("unpacked file too large"));
              return;
            }
            controller.enqueue(chunk);
          },
        }),
      )
      .pipeTo(target.writable);
    return out;
  } catch (error) {
    await Deno.remove(out).catch(() => {});
    if (tooLarge) return undefined;
    throw error;
  }
}

/**
 * Whether text mixes line ends: two or more of CRLF, LF alone and CR alone.
 * DuckDB's sniffer gives up on such a file ("Error when sniffing file").
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { mixedLineEnds } from "./transcode.ts";
 * equal(mixedLineEnds(new TextEncoder().encode("a\r\n1\n2\r3\r\n")), true);
 * equal(mixedLineEnds(new TextEncoder().encode("a\r\n1\r\n")), false);
 * ```
 */
export function mixedLineEnds(bytes: Uint8Array): boolean {
  let crlf = false, lf = false, cr = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a) lf = true;
    else if (b === 0x0d) {
      if (bytes[i + 1] === 0x0a) {
        crlf = true;
        i++;
      } else if (i + 1 < bytes.length) cr = true;
    }
  }
  return Number(crlf) + Number(lf) + Number(cr) >= 2;
}

/** True when a whole file mixes line ends (read in pieces; see {@link mixedLineEnds}). */
export async function fileMixesLineEnds(path: string): Promise<boolean> {
  const file = await Deno.open(path, { read: true });
  try {
    let crlf = false, lf = false, cr = false;
    let pendingCR = false;
    const buffer = new Uint8Array(1 << 20);
    for (;;) {
      const got = await file.read(buffer);
      if (got === null) break;
      for (let i = 0; i < got; i++) {
        const b = buffer[i];
        if (pendingCR) {
          pendingCR = false;
          if (b === 0x0a) {
            crlf = true;
            continue;
          }
          cr = true;
        }
        if (b === 0x0a) lf = true;
        else if (b === 0x0d) pendingCR = true;
      }
      if (Number(crlf) + Number(lf) + Number(cr) >= 2) return true;
    }
    return false;
  } finally {
    file.close();
  }
}

/**
 * Copy `path` into a new temporary file with every line end (CRLF, LF or CR)
 * written as LF, so each line keeps its number; returns the path, which the
 * caller removes.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { normaliseLineEnds } from "./transcode.ts";
 * const path = (await Deno.makeTempDir()) + "/data.csv";
 * await Deno.writeTextFile(path, "a\r\n1\n2\r3\r\n");
 * const fixed = await normaliseLineEnds(path);
 * equal(await Deno.readTextFile(fixed), "a\n1\n2\n3\n");
 * await Deno.remove(fixed);
 * ```
 */
export async function normaliseLineEnds(path: string): Promise<string> {
  const out = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    const source = await Deno.open(path, { read: true });
    const target = await Deno.open(out, { write: true, truncate: true });
    let pendingCR = false;
    await source.readable.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          const bytes = new Uint8Array(chunk.length + 1);
          let n = 0;
          for (let i = 0; i < chunk.length; i++) {
            const b = chunk[i]!;
            if (pendingCR) {
              pendingCR = false;
              bytes[n++] = 0x0a;
              if (b === 0x0a) continue;
            }
            if (b === 0x0d) pendingCR = true;
            else bytes[n++] = b;
          }
          controller.enqueue(bytes.subarray(0, n));
        },
        flush(controller) {
          if (pendingCR) controller.enqueue(new Uint8Array([0x0a]));
        },
      }),
    ).pipeTo(target.writable);
    return out;
  } catch (error) {
    await Deno.remove(out).catch(() => {});
    throw error;
  }
}

/**
 * The 1-based number and length in bytes of the first line longer than
 * `limit` bytes, or `undefined` when none is (lines end at LF).
 */
export async function firstLongLine(
  path: string,
  limit: number,
): Promise<{ line: number; bytes: number } | undefined> {
  const file = await Deno.open(path, { read: true });
  try {
    const buffer = new Uint8Array(1 << 20);
    let line = 1, length = 0;
    for (;;) {
      const got = await file.read(buffer);
      if (got === null) break;
      let start = 0;
      for (;;) {
        const nl = buffer.subarray(start, got).indexOf(0x0a);
        if (nl < 0) {
          length += got - start;
          break;
        }
        length += nl;
        if (length > limit) return { line, bytes: length };
        line++;
        length = 0;
        start += nl + 1;
      }
    }
    return length > limit ? { line, bytes: length } : undefined;
  } finally {
    file.close();
  }
}

/** True when a DuckDB error says the bytes are not valid UTF-8. */
export function isEncodingError(message: string): boolean {
  return /invalid unicode|not utf-8 encoded/i.test(message);
}
