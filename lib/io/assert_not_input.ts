/**
 * Inputs are never modified: a guard that refuses an output path naming one
 * of the input files (directly, through `..`, a symbolic link or a hard link).
 *
 * @module
 */
import { basename, dirname, resolve } from "node:path";
import { InputError } from "../errors.ts";

/**
 * Throw an {@link InputError} when `outPath` is the same file as one of
 * `inputPaths`.
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { assertNotInput } from "./assert_not_input.ts";
 * const dir = await Deno.makeTempDir();
 * await assertNotInput(`${dir}/segments.csv`, [`${dir}/customers.csv`]); // another file: no error
 * await rejects(assertNotInput(`${dir}/../${dir.split("/").pop()}/customers.csv`, [`${dir}/customers.csv`]), /overwrite an input/);
 * ```
 */
export async function assertNotInput(
  outPath: string,
  inputPaths: readonly string[],
): Promise<void> {
  const out = await canonical(outPath);
  const outInfo = await statOrUndefined(outPath);
  for (const input of inputPaths) {
    const same = (await canonical(input)) === out ||
      (outInfo !== undefined && sameFile(outInfo, await statOrUndefined(input)));
    if (same) {
      throw new InputError("Output would overwrite an input file", {
        file: outPath,
        hint: "choose another output path; input files are never modified",
      });
    }
  }
}

/** The absolute path with symbolic links resolved (the file itself may not exist yet). */
async function canonical(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await Deno.realPath(absolute);
  } catch {
    try {
      return resolve(await Deno.realPath(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

async function statOrUndefined(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.stat(path);
  } catch {
    return undefined;
  }
}

function sameFile(a: Deno.FileInfo, b: Deno.FileInfo | undefined): boolean {
  return b !== undefined && a.ino !== null && a.dev === b.dev && a.ino === b.ino;
}
