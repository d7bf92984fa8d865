/**
 * The files of one run written into a folder, each atomically, never over an input.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { InputError } from "../errors.ts";
import { writeFileAtomic } from "./atomic_write.ts";

/** Write files into a folder, each atomically, refusing to overwrite any of `inputs`. */
export async function writeFilesAtomic(
  dir: string,
  files: Record<string, string | Uint8Array>,
  inputs: string[],
): Promise<string[]> {
  const protectedPaths = new Set(inputs.map((p) => resolve(p)));
  for (const name of Object.keys(files)) {
    if (protectedPaths.has(resolve(join(dir, name)))) {
      throw new InputError(`Output would overwrite an input: ${join(dir, name)}`, {
        hint: "choose another output folder",
      });
    }
  }
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    await writeFileAtomic(join(dir, name), content);
    written.push(join(dir, name));
  }
  return written;
}
