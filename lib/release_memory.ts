/**
 * Give a large temporary array's memory back at once rather than at the
 * next garbage collection, which may come only after the next peak.
 *
 * @module
 */

/**
 * Free the memory of a typed array that nothing else refers to: its whole
 * buffer is transferred to an empty one, which detaches it, and the array
 * then has length 0. A view on part of a buffer, or on a shared or already
 * detached one, is left alone.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { releaseArray } from "./release_memory.ts";
 * const scratch = new Float64Array(1_000_000);
 * releaseArray(scratch);
 * equal(scratch.length, 0);
 * ```
 */
export function releaseArray(array: ArrayBufferView): void {
  const buffer = array.buffer;
  if (!(buffer instanceof ArrayBuffer) || buffer.detached) return;
  if (array.byteOffset !== 0 || array.byteLength !== buffer.byteLength) return;
  buffer.transfer(0);
}
