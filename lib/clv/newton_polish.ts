/**
 * A few Newton steps from a quasi-Newton solution, with the Hessian taken by
 * central differences of the analytic gradient: BFGS stops where the value no
 * longer changes at double precision, while the gradient still locates the
 * maximum-likelihood point several digits better.
 *
 * @module
 */
import type { ValueAndGradient } from "./bfgs.ts";

/**
 * Newton steps (at most `steps`, default 5) kept only while they shrink the gradient.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { newtonPolish } from "./newton_polish.ts";
 * const f = (x: Float64Array) => ({
 *   value: (x[0]! - 2) ** 4 / 4 + (x[0]! - 2) ** 2,
 *   gradient: Float64Array.of((x[0]! - 2) ** 3 + 2 * (x[0]! - 2)),
 * });
 * ok(Math.abs(newtonPolish(f, Float64Array.of(2.01))[0]! - 2) < 1e-12);
 * ```
 */
export function newtonPolish(f: ValueAndGradient, start: Float64Array, steps = 5): Float64Array {
  const n = start.length;
  let x = Float64Array.from(start);
  let g = f(x).gradient;
  for (let step = 0; step < steps && maxAbs(g) > 1e-13; step++) {
    const H: number[][] = [];
    for (let j = 0; j < n; j++) {
      const h = 1e-5 * Math.max(1, Math.abs(x[j]!));
      const up = Float64Array.from(x), down = Float64Array.from(x);
      up[j]! += h;
      down[j]! -= h;
      const gu = f(up).gradient, gd = f(down).gradient;
      H.push(Array.from({ length: n }, (_, i) => (gu[i]! - gd[i]!) / (2 * h)));
    }
    // Symmetrise, then solve H d = −g.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) H[i]![j] = H[j]![i] = (H[i]![j]! + H[j]![i]!) / 2;
    }
    const d = solve(H, Array.from(g, (v) => -v));
    if (d === undefined) break;
    const next = x.map((v, i) => v + d[i]!);
    const e = f(next);
    if (!Number.isFinite(e.value) || maxAbs(e.gradient) >= maxAbs(g)) break;
    x = next;
    g = e.gradient;
  }
  return x;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}

/** Gaussian elimination with partial pivoting; undefined when singular. */
function solve(A: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    if (!(Math.abs(M[p]![c]!) > 1e-300)) return undefined;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = c + 1; r < n; r++) {
      const k = M[r]![c]! / M[c]![c]!;
      for (let j = c; j <= n; j++) M[r]![j]! -= k * M[c]![j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let j = r + 1; j < n; j++) s -= M[r]![j]! * x[j]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}
