/**
 * Seeded pseudo-random numbers. Every random step in the library takes a
 * `seed` and draws from here, so the same input and seed give byte-identical
 * outputs.
 *
 * @module
 */

/** A source of uniform numbers in [0, 1). */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal draw (Box–Muller). */
  normal(): number;
}

/**
 * A fast, seeded generator (mulberry32 seeded through splitmix32).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { createRandom } from "./random.ts";
 * const a = createRandom(42), b = createRandom(42);
 * equal(a.next(), b.next()); // the same seed gives the same numbers
 * ```
 */
export function createRandom(seed: number): Random {
  let state = splitmix32(seed >>> 0);
  let spare: number | undefined;
  function next(): number {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    normal() {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
