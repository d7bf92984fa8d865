/**
 * Atomic file writes: write a temporary file beside the target, then rename,
 * so an interrupted run never leaves a half-written output.
 *
 * @module
 */
import { dirname } from "node:path";

/**
 * Write bytes or text to `path` atomically, creating the folder if needed.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "./atomic_write.ts";
 * const path = await Deno.makeTempFile();
 * await writeFileAtomic(path, "hello\n");
 * ```
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: { mode?: number } = {},
): Promise<void> {
  await Deno.mkdir(dirname(path) || ".", { recursive: true });
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.partial`;
  try {
    if (typeof content === "string") {
      await Deno.writeTextFile(tmp, content, { mode: options.mode });
    } else {
      await Deno.writeFile(tmp, content, { mode: options.mode });
    }
    if (options.mode !== undefined) await Deno.chmod(tmp, options.mode);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}
