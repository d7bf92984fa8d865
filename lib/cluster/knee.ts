/**
 * Kneedle knee/elbow detection (Satopää et al. 2011), following the `kneed`
 * package's offline algorithm with sensitivity S = 1 and no smoothing.
 *
 * @module
 */
import { InputError } from "../errors.ts";

/** Shape of the curve for {@link findKnee}. */
export interface KneeOptions {
  /** "convex" finds elbows (e.g. inertia by k), "concave" finds knees. */
  curve: "convex" | "concave";
  direction: "increasing" | "decreasing";
  /** Sensitivity (default 1): higher waits for a clearer knee. */
  sensitivity?: number;
}

/**
 * The x at the curve's knee, or `undefined` when there is none (fewer than
 * three points, a flat curve, or no point of maximum curvature).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { findKnee } from "./knee.ts";
 * equal(findKnee([1, 2, 3, 4, 5, 6], [100, 40, 20, 15, 12, 10], { curve: "convex", direction: "decreasing" }), 3);
 * ```
 */
export function findKnee(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  options: KneeOptions,
): number | undefined {
  const { curve, direction } = options;
  const S = options.sensitivity ?? 1;
  if (xs.length !== ys.length) {
    throw new InputError(`Knee: x and y differ in length: ${xs.length} and ${ys.length}`);
  }
  if (curve !== "convex" && curve !== "concave") {
    throw new InputError(`Knee: unknown curve "${curve as string}"`, {
      hint: "use convex or concave",
    });
  }
  if (direction !== "increasing" && direction !== "decreasing") {
    throw new InputError(`Knee: unknown direction "${direction as string}"`, {
      hint: "use increasing or decreasing",
    });
  }
  const n = xs.length;
  if (n < 3) return undefined;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(xs[i]!) || !Number.isFinite(ys[i]!)) return undefined;
  }
  let xn = normalise(xs);
  let yn = normalise(ys);
  if (xn === undefined || yn === undefined) return undefined;

  // Turn the curve into a concave, increasing one.
  if (direction === "decreasing") {
    if (curve === "concave") yn = yn.reverse();
    else yn = mapMaxMinus(yn);
  } else if (curve === "convex") {
    yn = mapMaxMinus(yn).reverse();
  }
  if (
    (direction === "decreasing" && curve === "concave") ||
    (direction === "increasing" && curve === "convex")
  ) {
    xn = xn.map((v) => 1 - v).reverse();
  }
  const diff = yn.map((v, i) => v - xn![i]!);

  // Local maxima and minima (scipy's argrelextrema, order 1, ends clipped).
  const isMax: boolean[] = [], isMin: boolean[] = [];
  const maxima: number[] = [];
  for (let i = 0; i < n; i++) {
    const prev = diff[Math.max(i - 1, 0)]!, next = diff[Math.min(i + 1, n - 1)]!, v = diff[i]!;
    isMax.push(v >= prev && v >= next);
    isMin.push(v <= prev && v <= next);
    if (isMax[i]) maxima.push(i);
  }
  if (maxima.length === 0) return undefined;
  let meanStep = 0;
  for (let i = 1; i < n; i++) meanStep += xn[i]! - xn[i - 1]!;
  meanStep = Math.abs(meanStep / (n - 1));

  let threshold = 0, thresholdIndex = 0, maxSeen = 0;
  let active = true;
  for (let i = maxima[0]!; i < n - 1; i++) {
    if (isMax[i]) {
      threshold = diff[maxima[maxSeen]!]! - S * meanStep;
      thresholdIndex = i;
      maxSeen++;
      active = true;
    }
    if (isMin[i]) {
      threshold = 0;
      active = false;
    }
    if (active && diff[i + 1]! < threshold) {
      const mirrored = (curve === "convex") === (direction === "increasing");
      return xs[mirrored ? n - 1 - thresholdIndex : thresholdIndex]!;
    }
  }
  return undefined;
}

function normalise(a: ArrayLike<number>): number[] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    lo = Math.min(lo, a[i]!);
    hi = Math.max(hi, a[i]!);
  }
  if (!(hi > lo)) return undefined;
  return Array.from(a, (v) => (v - lo) / (hi - lo));
}

function mapMaxMinus(a: number[]): number[] {
  const hi = Math.max(...a);
  return a.map((v) => hi - v);
}
