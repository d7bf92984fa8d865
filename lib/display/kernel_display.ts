/**
 * The Deno kernel's display function, found safely: `Deno.jupyter` exists
 * only under `deno jupyter` and throws when touched anywhere else.
 *
 * @module
 */

/** A Jupyter display function, as `Deno.jupyter.display`. */
export type DisplayFunction = (obj: unknown, options: Record<string, unknown>) => Promise<void>;

/**
 * `Deno.jupyter.display` inside `deno jupyter`; `undefined` anywhere else.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { kernelDisplay } from "./kernel_display.ts";
 * equal(kernelDisplay(), undefined); // outside a notebook
 * ```
 */
export function kernelDisplay(): DisplayFunction | undefined {
  try {
    const jupyter = (Deno as unknown as { jupyter?: { display?: DisplayFunction } }).jupyter;
    return jupyter?.display?.bind(jupyter);
  } catch {
    return undefined;
  }
}
