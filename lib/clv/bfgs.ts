/**
 * A quasi-Newton minimiser (BFGS with a backtracking Armijo line search) for
 * smooth objectives with an analytic gradient, as the maximum-likelihood fits
 * of the customer-lifetime-value models use it on log-scale parameters.
 *
 * @module
 */

/** Objective value and gradient at a point. */
export type ValueAndGradient = (x: Float64Array) => { value: number; gradient: Float64Array };

/** Options for {@link minimizeBFGS}. */
export interface BFGSOptions {
  /** Stop when the largest gradient component is below this (default 1e-9). */
  gradientTolerance?: number;
  /** Most iterations (default 1000). */
  maxIterations?: number;
}

/** Where the search stopped. */
export interface BFGSResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  /**
   * The gradient fell below the tolerance, or no step could lower the value any more (beyond
   * rounding) where the gradient is below 1e-6.
   */
  converged: boolean;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}

/**
 * Minimise `f` from `start`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { minimizeBFGS } from "./bfgs.ts";
 * // Rosenbrock's valley, minimum at (1, 1).
 * const result = minimizeBFGS(([x, y]) => ({
 *   value: (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2,
 *   gradient: Float64Array.of(-2 * (1 - x!) - 400 * x! * (y! - x! ** 2), 200 * (y! - x! ** 2)),
 * }), Float64Array.of(-1.2, 1));
 * ok(result.converged && Math.abs(result.x[0]! - 1) < 1e-6 && Math.abs(result.x[1]! - 1) < 1e-6);
 * ```
 */
export function minimizeBFGS(
  f: ValueAndGradient,
  start: Float64Array,
  options: BFGSOptions = {},
): BFGSResult {
  const tol = options.gradientTolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 1000;
  const n = start.length;
  let x: Float64Array = Float64Array.from(start);
  let { value, gradient } = f(x);
  if (!Number.isFinite(value)) return { x, value, gradient, iterations: 0, converged: false };
  // Inverse Hessian approximation, starting from the identity.
  let H = identity(n);
  let stalled = 0;
  for (let iter = 1; iter <= maxIterations; iter++) {
    if (maxAbs(gradient) < tol) {
      return { x, value, gradient, iterations: iter - 1, converged: true };
    }
    let direction = multiply(H, gradient).map((v) => -v);
    let slope = dot(direction, gradient);
    if (!(slope < 0)) {
      // Not a descent direction: restart from steepest descent.
      H = identity(n);
      direction = gradient.map((v) => -v);
      slope = dot(direction, gradient);
    }
    // Steps on the log scale: never move a coordinate by more than 5 at once.
    let step = Math.min(1, 5 / Math.max(maxAbs(direction), 1e-300));
    let next: Float64Array | undefined, nextEval: ReturnType<ValueAndGradient> | undefined;
    for (let tries = 0; tries < 60; tries++) {
      const candidate = x.map((v, i) => v + step * direction[i]!);
      const e = f(candidate);
      if (Number.isFinite(e.value) && e.value <= value + 1e-4 * step * slope) {
        next = candidate;
        nextEval = e;
        break;
      }
      step /= 2;
    }
    if (next === undefined || nextEval === undefined) {
      // No step lowers the value: at the precision of the objective, a minimum.
      return { x, value, gradient, iterations: iter, converged: maxAbs(gradient) < 1e-5 };
    }
    const s = next.map((v, i) => v - x[i]!);
    const y = nextEval.gradient.map((v, i) => v - gradient[i]!);
    const sy = dot(s, y);
    if (sy > 1e-300) {
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      const Hy = multiply(H, y);
      const yHy = dot(y, Hy);
      const updated = identity(n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          updated[i]![j] = H[i]![j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) +
            (rho * rho * yHy + rho) * s[i]! * s[j]!;
        }
      }
      H = updated;
    }
    // Steps that no longer lower the value beyond rounding: the minimum, at double precision.
    stalled = value - nextEval.value <= 1e-14 * Math.max(1, Math.abs(value)) ? stalled + 1 : 0;
    x = next;
    value = nextEval.value;
    gradient = nextEval.gradient;
    if (stalled >= 3) {
      return { x, value, gradient, iterations: iter, converged: maxAbs(gradient) < 1e-6 };
    }
  }
  return { x, value, gradient, iterations: maxIterations, converged: maxAbs(gradient) < tol };
}

function identity(n: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(n);
    row[i] = 1;
    return row;
  });
}

function multiply(m: Float64Array[], v: Float64Array): Float64Array {
  return Float64Array.from(m, (row) => dot(row, v));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
