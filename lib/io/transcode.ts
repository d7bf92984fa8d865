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
 * import { transcodeToUTF8 } from "./transcode.ts";
 * const path = await Deno.makeTempFile();
 * await Deno.writeFile(path, new Uint8Array([0x4a, 0x6f, 0x73, 0xe9])); // "José" in Latin-1
 * const utf8 = await transcodeToUTF8(path);
 * await Deno.readTextFile(utf8); // "José"
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

/** True when a DuckDB error says the bytes are not valid UTF-8. */
export function isEncodingError(message: string): boolean {
  return /invalid unicode|not utf-8 encoded/i.test(message);
}
