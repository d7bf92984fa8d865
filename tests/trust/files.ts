/**
 * File helpers for the determinism and privacy tests: list every file a run
 * wrote, and read the parts of a zip container (.xlsx) so its compressed XML
 * can be searched like any other text.
 *
 * @module
 */
import { join, relative } from "node:path";
import { inflateRawSync } from "node:zlib";

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
 * `bytes` is not a zip. Throws on a part it cannot unpack.
 */
export function zipParts(bytes: Uint8Array): Map<string, Uint8Array> | null {
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const parts = new Map<string, Uint8Array>();
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let n = 0; n < count; n++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error("broken zip directory");
    const method = view.getUint16(at + 10, true);
    const packed = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + packed);
    if (method === 0) parts.set(name, data.slice());
    else if (method === 8) parts.set(name, new Uint8Array(inflateRawSync(data)));
    else throw new Error(`zip part ${name}: compression method ${method}`);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return parts;
}

/**
 * The text of a file for searching: its bytes as UTF-8, followed by the
 * unpacked text of every part when it is a zip (an .xlsx keeps its cells
 * compressed, where a plain search would never see them).
 */
export function searchableText(bytes: Uint8Array): string {
  const decoder = new TextDecoder();
  const texts = [decoder.decode(bytes)];
  for (const [name, part] of zipParts(bytes) ?? []) {
    texts.push(`\n[${name}]\n${decoder.decode(part)}`);
  }
  return texts.join("");
}
