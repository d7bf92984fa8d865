/**
 * File helpers for the determinism and privacy tests: list every file a run
 * wrote, and read the parts of a zip container (.xlsx) so its compressed XML
 * can be searched like any other text.
 *
 * @module
 */
import { join, relative } from "node:path";
import { unpackEntry, zipEntries } from "../../lib/io/zip_check.ts";

/**
 * Every file under `dir` (none when it does not exist), as sorted paths
 * relative to it; with `emptyFolders`, every empty folder under it too, as its
 * path and a trailing `/`, so `[]` means `dir` holds nothing at all.
 */
export async function listFiles(
  dir: string,
  options: { emptyFolders?: boolean } = {},
): Promise<string[]> {
  const found: string[] = [];
  async function walk(at: string): Promise<void> {
    let entries = 0;
    for await (const entry of Deno.readDir(at)) {
      entries++;
      const path = join(at, entry.name);
      if (entry.isDirectory) await walk(path);
      else found.push(relative(dir, path));
    }
    if (options.emptyFolders && entries === 0 && at !== dir) found.push(`${relative(dir, at)}/`);
  }
  await walk(dir).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  return found.sort();
}

/**
 * The parts of a zip file, unpacked (stored or deflated), by name; null when
 * `bytes` is not a zip. Throws on a damaged zip or a part it cannot unpack.
 */
export function zipParts(bytes: Uint8Array): Map<string, Uint8Array> | null {
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return null;
  const entries = zipEntries(bytes);
  if (entries === null) return null;
  const parts = new Map<string, Uint8Array>();
  for (const entry of entries) {
    try {
      parts.set(entry.name, unpackEntry(entry).slice());
    } catch (error) {
      throw new Error(`zip part ${entry.name}: ${(error as Error).message}`, { cause: error });
    }
  }
  return parts;
}

/**
 * The text of a file for searching: its bytes as UTF-8, followed by the
 * unpacked text of every part when it is a zip (an .xlsx keeps its cells
 * compressed, where a plain search would never see them). Pass `parts` when
 * the file's {@link zipParts} are at hand, so it is not unpacked again.
 */
export function searchableText(
  bytes: Uint8Array,
  parts: Map<string, Uint8Array> | null = zipParts(bytes),
): string {
  const decoder = new TextDecoder();
  const texts = [decoder.decode(bytes)];
  for (const [name, part] of parts ?? []) {
    texts.push(`\n[${name}]\n${decoder.decode(part)}`);
  }
  return texts.join("");
}
