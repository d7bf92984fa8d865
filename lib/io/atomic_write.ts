/**
 * Atomic file writes: write a temporary file beside the target, flush it to
 * disk, then rename, so an interrupted run never leaves a half-written output
 * at the target path (at worst a stray `*.partial` file beside it).
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import { assertNotInput } from "./assert_not_input.ts";

/** Options for {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** File mode, e.g. `0o600` for owner-only. */
  mode?: number;
  /** Input files the output must never replace (see `assertNotInput`). */
  inputs?: readonly string[];
}

/**
 * Write bytes or text to `path` atomically, creating the folder if needed.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { writeFileAtomic } from "./atomic_write.ts";
 * const path = (await Deno.makeTempDir()) + "/data.txt";
 * await writeFileAtomic(path, "hello\n");
 * equal(await Deno.readTextFile(path), "hello\n");
 * ```
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  if (options.inputs !== undefined) await assertNotInput(path, options.inputs);
  const dir = dirname(path) || ".";
  await Deno.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${crypto.randomUUID().slice(0, 8)}.partial`);
  try {
    await writeFileSynced(tmp, content, { mode: options.mode });
    if (options.mode !== undefined) await Deno.chmod(tmp, options.mode);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

/**
 * Write bytes or text into a new file (it must not exist) and flush them to disk before
 * returning: the step before a rename makes them visible.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { writeFileSynced } from "./atomic_write.ts";
 * const path = `${await Deno.makeTempDir()}/a.txt`;
 * await writeFileSynced(path, "hello\n");
 * equal(await Deno.readTextFile(path), "hello\n");
 * ```
 */
export async function writeFileSynced(
  path: string,
  content: string | Uint8Array,
  options: { mode?: number } = {},
): Promise<void> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const file = await Deno.open(path, { write: true, createNew: true, mode: options.mode ?? 0o666 });
  try {
    for (let offset = 0; offset < bytes.length;) {
      offset += await file.write(bytes.subarray(offset, offset + (1 << 20)));
    }
    await file.syncData();
  } finally {
    file.close();
  }
}
