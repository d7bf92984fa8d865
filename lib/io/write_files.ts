/**
 * The files of one run written into a folder as one unit (see `writeOutputFolder`), never over
 * an input.
 *
 * @module
 */
import { type OutputFolderOptions, writeOutputFolder } from "./output_folder.ts";

/**
 * Write `files` as the whole content of `dir`, refusing to overwrite any of `inputs`; returns the
 * paths written. Files of an earlier run that this one does not write are removed and named
 * through `options.onNote`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { writeFilesAtomic } from "./write_files.ts";
 * const dir = await Deno.makeTempDir();
 * const paths = await writeFilesAtomic(`${dir}/out`, { "a.txt": "1\n" }, []);
 * equal(paths.length, 1);
 * ```
 */
export async function writeFilesAtomic(
  dir: string,
  files: Record<string, string | Uint8Array>,
  inputs: string[],
  options: Omit<OutputFolderOptions, "inputs"> = {},
): Promise<string[]> {
  const result = await writeOutputFolder(dir, files, { ...options, inputs });
  return result.written;
}
