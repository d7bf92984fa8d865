/**
 * A file too big for this machine's memory is refused in one line before
 * any work starts, instead of failing with a V8 exception minutes later.
 *
 * @module
 */
import { InputError } from "../errors.ts";

/** Memory a segmentation needs per byte of a delimited file (measured: about 16× at 1.1M × 6, plus a fixed part). */
export const BYTES_PER_FILE_BYTE = 20;

/** The fixed part: the runtime, DuckDB and the charts (measured about 400 MB). */
export const BASE_BYTES = 400 * 1024 ** 2;

/** Options for {@link checkFitsInMemory}. */
export interface MemoryCheckOptions {
  /** Bytes available (default: what the system reports as available). */
  available?: number;
  /** Name of the file in the message (default: the path). */
  label?: string;
}

/**
 * Throw an {@link InputError} when a file's estimated memory need is above
 * the memory available (estimate: 400 MB + 20 × the file's size).
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { checkFitsInMemory } from "./memory_check.ts";
 * const path = (await Deno.makeTempDir()) + "/data.csv";
 * await Deno.writeTextFile(path, "a,b\n1,2\n");
 * await checkFitsInMemory(path, { available: 8 * 1024 ** 3 }); // fits: no error
 * await rejects(checkFitsInMemory(path, { available: 1024 }), { name: "InputError" });
 * ```
 */
export async function checkFitsInMemory(
  path: string,
  options: MemoryCheckOptions = {},
): Promise<void> {
  let size: number;
  try {
    size = (await Deno.stat(path)).size;
  } catch {
    return; // the reader names a missing file
  }
  const available = options.available ?? Deno.systemMemoryInfo().available;
  const needed = BASE_BYTES + BYTES_PER_FILE_BYTE * size;
  if (needed <= available) return;
  const gb = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GB`;
  throw new InputError(
    `File too large for this machine's memory: about ${gb(needed)} needed, ${
      gb(available)
    } available`,
    {
      file: options.label ?? path,
      hint: "segment a sample of the rows, or run on a machine with more memory",
    },
  );
}
