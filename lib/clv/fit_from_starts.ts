/**
 * A maximum-likelihood fit from several starting points, as the BG/NBD and
 * Gamma-Gamma fits run it: BFGS from each start (gradient below 1e-10, at
 * most 500 iterations), the lowest finite value kept, then a few Newton steps
 * from it when it converged, kept only when they do not raise the value
 * beyond rounding.
 *
 * @module
 */
import { type BFGSResult, minimizeBFGS, type ValueAndGradient } from "./bfgs.ts";
import { newtonPolish } from "./newton_polish.ts";

/**
 * Minimise `f` from each start and keep the best; undefined when no start
 * reached a finite value.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { minimizeFromStarts } from "./fit_from_starts.ts";
 * // Two valleys: x = 1 (value 0) and x = −1 (value 0.5); the start at −2 alone finds the worse one.
 * const f = (x: Float64Array) => {
 *   const v = x[0]!;
 *   return {
 *     value: (v * v - 1) ** 2 + 0.25 * (1 - v),
 *     gradient: Float64Array.of(4 * v * (v * v - 1) - 0.25),
 *   };
 * };
 * const best = minimizeFromStarts(f, [Float64Array.of(-2), Float64Array.of(2)]);
 * ok(best !== undefined && best.converged && best.x[0]! > 0.9);
 * ```
 */
export function minimizeFromStarts(
  f: ValueAndGradient,
  starts: readonly Float64Array[],
): BFGSResult | undefined {
  let best: BFGSResult | undefined;
  for (const start of starts) {
    const result = minimizeBFGS(f, start, { gradientTolerance: 1e-10, maxIterations: 500 });
    if (Number.isFinite(result.value) && (best === undefined || result.value < best.value)) {
      best = result;
    }
  }
  if (best !== undefined && best.converged) {
    const x = newtonPolish(f, best.x);
    const e = f(x);
    if (e.value <= best.value + 1e-12) best = { ...best, x, value: e.value, gradient: e.gradient };
  }
  return best;
}
