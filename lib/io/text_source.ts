/**
 * A delimited text file made ready for DuckDB's CSV reader: UTF-16 decoded to
 * a UTF-8 copy, a file of only blanks refused, and the header found (lines
 * above `headerRow` dropped, or title lines above the header refused).
 * `segment`'s reader and `rfm`'s transaction source both start here.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { findTitleLines, titleRowsError } from "./header_row.ts";
import {
  dropFirstLines,
  isBlankFile,
  readHead,
  transcodeToUTF8,
  utf16Encoding,
} from "./transcode.ts";

/** Options for {@link readyTextSource}. */
export interface TextSourceOptions {
  /** The file as the user named it, for messages. */
  label: string;
  /** 1-based line of the header; lines above it are dropped. Without it, title lines are refused. */
  headerRow?: number;
  /** Temporary copies made on the way are pushed here; the caller removes them. */
  temporary: string[];
}

/**
 * The path DuckDB should read for `source`: itself, or a temporary UTF-8
 * copy (UTF-16 decoded, lines above the header dropped).
 *
 * @example
 * ```ts
 * import { equal, rejects } from "node:assert/strict";
 * import { readyTextSource } from "./text_source.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.csv`, "Report\n\nid,spend\n1,2\n");
 * const temporary: string[] = [];
 * const path = await readyTextSource(`${dir}/a.csv`, { label: "a.csv", headerRow: 3, temporary });
 * equal(await Deno.readTextFile(path), "id,spend\n1,2\n");
 * await Deno.writeTextFile(`${dir}/b.csv`, "  \n\n");
 * await rejects(readyTextSource(`${dir}/b.csv`, { label: "b.csv", temporary }), /File is empty/);
 * await Deno.remove(dir, { recursive: true });
 * for (const file of temporary) await Deno.remove(file).catch(() => {});
 * ```
 */
export async function readyTextSource(source: string, options: TextSourceOptions): Promise<string> {
  const { label, headerRow, temporary } = options;
  const utf16 = utf16Encoding(await readHead(source, 512));
  if (utf16 !== undefined) {
    source = await transcodeToUTF8(source, utf16);
    temporary.push(source);
  }
  if (await isBlankFile(source)) {
    throw new InputError("File is empty", {
      file: label,
      hint: "it holds only spaces or blank lines; export the data again with a header row",
    });
  }
  if (headerRow !== undefined && headerRow > 1) {
    source = await dropFirstLines(source, headerRow - 1);
    temporary.push(source);
  } else if (headerRow === undefined) {
    const found = findTitleLines(new TextDecoder().decode(await readHead(source)));
    if (found !== undefined) throw titleRowsError(found, label, "line");
  }
  return source;
}
