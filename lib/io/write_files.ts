/**
 * The files of one run written into a folder as one unit (see `writeOutputFolder`), never over
 * an input.
 *
 * @module
 */
import { isAbsolute, join, relative, resolve } from "node:path";
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

/** One output folder of a run and its files. */
export interface OutputFolderFiles {
  dir: string;
  files: Record<string, string | Uint8Array>;
}

/**
 * Write the output folders of one run (e.g. `--out` and `--export-segments`), each as one unit;
 * a folder inside another given folder is written with it, in the same unit. Returns the paths
 * written.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { writeOutputFolders } from "./write_files.ts";
 * const out = `${await Deno.makeTempDir()}/out`;
 * const paths = await writeOutputFolders([
 *   { dir: out, files: { "a.csv": "1\n" } },
 *   { dir: `${out}/crm`, files: { "b.csv": "2\n" } },
 * ], []);
 * deepEqual(paths, [`${out}/a.csv`, `${out}/crm/b.csv`]);
 * ```
 */
export async function writeOutputFolders(
  folders: readonly OutputFolderFiles[],
  inputs: string[],
  options: Omit<OutputFolderOptions, "inputs"> = {},
): Promise<string[]> {
  const units: OutputFolderFiles[] = [];
  for (const folder of folders) {
    const outer = units.find((unit) => {
      const inner = relative(resolve(unit.dir), resolve(folder.dir));
      return inner !== "" && !inner.startsWith("..") && !isAbsolute(inner);
    });
    if (outer === undefined) {
      units.push({ dir: folder.dir, files: { ...folder.files } });
      continue;
    }
    const inner = relative(resolve(outer.dir), resolve(folder.dir));
    for (const [name, content] of Object.entries(folder.files)) {
      outer.files[join(inner, name)] = content;
    }
  }
  const written: string[] = [];
  for (const unit of units) {
    written.push(...await writeFilesAtomic(unit.dir, unit.files, inputs, options));
  }
  return written;
}
