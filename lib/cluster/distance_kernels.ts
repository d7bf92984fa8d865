/**
 * Squared-distance kernels for k-means over rows padded with zeros to a
 * width of 4, 8 or a multiple of 4 (zeros add nothing to a distance). With a
 * fixed width the hot loops keep one row in local variables, which V8 turns
 * into registers: several times faster than a loop over the columns.
 *
 * @module
 */

/** Padded width for `cols` columns: 4, 8, or the next multiple of 4. */
export function paddedWidth(cols: number): number {
  return cols <= 4 ? 4 : cols <= 8 ? 8 : (cols + 3) & ~3;
}

/**
 * Rows of `data` (row-major, `cols` wide) copied into rows `width` wide.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { padRows } from "./distance_kernels.ts";
 * deepEqual(Array.from(padRows(Float64Array.from([1, 2, 3]), 1, 3, 4)), [1, 2, 3, 0]);
 * ```
 */
export function padRows(
  data: Float64Array,
  rows: number,
  cols: number,
  width: number,
): Float64Array {
  const out = new Float64Array(rows * width);
  for (let i = 0; i < rows; i++) out.set(data.subarray(i * cols, i * cols + cols), i * width);
  return out;
}

const spare = new Map<string, WeakRef<Float64Array | Int32Array>>();

/**
 * A `type` array (Float64Array or Int32Array) of `length` for work inside one
 * call, reused by the next call under the same `name` while the garbage
 * collector keeps it (large fresh arrays cost page faults on every call).
 * Holds whatever the last user left: write before reading.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { scratch } from "./distance_kernels.ts";
 * equal(scratch(Float64Array, "example.sums", 4).length, 4);
 * ```
 */
export function scratch<T extends Float64Array | Int32Array>(
  type: new (length: number) => T,
  name: string,
  length: number,
): T {
  const old = spare.get(name)?.deref();
  if (old instanceof type && old.length === length) return old;
  const fresh = new type(length);
  spare.set(name, new WeakRef(fresh));
  return fresh;
}

/** Squared distance between the padded rows at offsets `a` of `x` and `b` of `y`. */
export function paddedSquaredDistance(
  x: Float64Array,
  a: number,
  y: Float64Array,
  b: number,
  width: number,
): number {
  if (width === 4) {
    const d0 = x[a]! - y[b]!, d1 = x[a + 1]! - y[b + 1]!;
    const d2 = x[a + 2]! - y[b + 2]!, d3 = x[a + 3]! - y[b + 3]!;
    return (d0 * d0 + d1 * d1) + (d2 * d2 + d3 * d3);
  }
  let s0 = 0, s1 = 0;
  for (let j = 0; j < width; j += 4) {
    const d0 = x[a + j]! - y[b + j]!, d1 = x[a + j + 1]! - y[b + j + 1]!;
    const d2 = x[a + j + 2]! - y[b + j + 2]!, d3 = x[a + j + 3]! - y[b + j + 3]!;
    s0 += d0 * d0 + d2 * d2;
    s1 += d1 * d1 + d3 * d3;
  }
  return s0 + s1;
}

/**
 * Squared distances from every row to the row at offset `o`, into `out`;
 * returns the k-means++ potential of that row as a new centre,
 * Σ min(`closest[i]`, `out[i]`). Every distance is computed: without a
 * branch per row this is faster than skipping rows by the triangle inequality.
 */
export function candidateDistances(
  x: Float64Array,
  rows: number,
  width: number,
  o: number,
  closest: Float64Array,
  out: Float64Array,
): number {
  let sum = 0;
  if (width === 8) {
    const p0 = x[o]!, p1 = x[o + 1]!, p2 = x[o + 2]!, p3 = x[o + 3]!;
    const p4 = x[o + 4]!, p5 = x[o + 5]!, p6 = x[o + 6]!, p7 = x[o + 7]!;
    for (let i = 0, v = 0; i < rows; i++, v += 8) {
      const a0 = p0 - x[v]!, a1 = p1 - x[v + 1]!, a2 = p2 - x[v + 2]!, a3 = p3 - x[v + 3]!;
      const a4 = p4 - x[v + 4]!, a5 = p5 - x[v + 5]!, a6 = p6 - x[v + 6]!, a7 = p7 - x[v + 7]!;
      const t = (a0 * a0 + a1 * a1) + (a2 * a2 + a3 * a3) +
        ((a4 * a4 + a5 * a5) + (a6 * a6 + a7 * a7));
      out[i] = t;
      sum += Math.min(closest[i]!, t);
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const t = paddedSquaredDistance(x, o, x, i * width, width);
      out[i] = t;
      sum += Math.min(closest[i]!, t);
    }
  }
  return sum;
}

/**
 * {@link candidateDistances} for several candidate rows in one pass over the
 * data, so each row is read once rather than once per candidate: candidate
 * `t` (row offset `offsets[t]`) gets its distances in `out[t·rows …]` and its
 * potential in `pots[t]`. Each figure is computed exactly as by
 * `candidateDistances`, in the same order, so the results are identical.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { candidateDistancesMany } from "./distance_kernels.ts";
 * const x = Float64Array.of(0, 0, 0, 0, 3, 4, 0, 0); // two rows, width 4
 * const out = new Float64Array(4), pots = new Float64Array(2);
 * candidateDistancesMany(x, 2, 4, Int32Array.of(0, 4), new Float64Array(2).fill(Infinity), out, pots);
 * deepEqual(Array.from(out), [0, 25, 25, 0]);
 * ```
 */
export function candidateDistancesMany(
  x: Float64Array,
  rows: number,
  width: number,
  offsets: Int32Array,
  closest: Float64Array,
  out: Float64Array,
  pots: Float64Array,
): void {
  const count = offsets.length;
  if (width !== 8 || count === 1) {
    for (let t = 0; t < count; t++) {
      pots[t] = candidateDistances(
        x,
        rows,
        width,
        offsets[t]!,
        closest,
        out.subarray(t * rows, (t + 1) * rows),
      );
    }
    return;
  }
  const p = new Float64Array(8 * count);
  for (let t = 0; t < count; t++) p.set(x.subarray(offsets[t]!, offsets[t]! + 8), 8 * t);
  const sums = new Float64Array(count);
  for (let i = 0, v = 0; i < rows; i++, v += 8) {
    const x0 = x[v]!, x1 = x[v + 1]!, x2 = x[v + 2]!, x3 = x[v + 3]!;
    const x4 = x[v + 4]!, x5 = x[v + 5]!, x6 = x[v + 6]!, x7 = x[v + 7]!;
    const near = closest[i]!;
    for (let t = 0, q = 0; t < count; t++, q += 8) {
      const a0 = p[q]! - x0, a1 = p[q + 1]! - x1, a2 = p[q + 2]! - x2, a3 = p[q + 3]! - x3;
      const a4 = p[q + 4]! - x4, a5 = p[q + 5]! - x5, a6 = p[q + 6]! - x6, a7 = p[q + 7]! - x7;
      const d = (a0 * a0 + a1 * a1) + (a2 * a2 + a3 * a3) +
        ((a4 * a4 + a5 * a5) + (a6 * a6 + a7 * a7));
      out[t * rows + i] = d;
      sums[t] = sums[t]! + Math.min(near, d);
    }
  }
  pots.set(sums);
}

/**
 * Nearest of `k` centres to the row at offset `o` whose current centre `a`
 * is at squared distance `u2` (distance u): a centre `c` with
 * `between[a·k + c] ≥ 2u` cannot be nearer and is skipped, its distance
 * bounded below by `between[a·k + c] − u`. Writes `[index, squared distance
 * to it (first index on ties), a lower bound on the second nearest distance
 * (not squared)]` into `out`. (k-means settles rows 8 wide in its own
 * unrolled loop, so this one has no width-8 case.)
 */
export function nearestTwoFrom(
  x: Float64Array,
  o: number,
  centers: Float64Array,
  k: number,
  width: number,
  a: number,
  u2: number,
  between: Float64Array,
  out: Float64Array,
): void {
  const u = Math.sqrt(u2);
  let best = a, bestD = u2, secondD = Infinity, bound = Infinity;
  const twoU = 2 * u, base = a * k;
  for (let c = 0; c < k; c++) {
    if (c === a) continue;
    const cc = between[base + c]!;
    if (cc >= twoU) {
      if (cc - u < bound) bound = cc - u;
      continue;
    }
    const s = paddedSquaredDistance(x, o, centers, c * width, width);
    if (s < bestD || (s === bestD && c < best)) {
      secondD = bestD;
      bestD = s;
      best = c;
    } else if (s < secondD) secondD = s;
  }
  out[0] = best;
  out[1] = bestD;
  const second = Math.sqrt(secondD);
  out[2] = second < bound ? second : bound;
}
