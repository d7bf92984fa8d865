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
 * import { padRows } from "./distance_kernels.ts";
 * padRows(Float64Array.from([1, 2, 3]), 1, 3, 4); // Float64Array [1, 2, 3, 0]
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
 * import { scratch } from "./distance_kernels.ts";
 * scratch(Float64Array, "example.sums", 4).length; // 4
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
