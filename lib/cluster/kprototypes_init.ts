/**
 * How k-prototypes' categorical prototypes start: Cao's density method
 * (deterministic) or Huang's frequency sampling, as the kmodes package does.
 *
 * @module
 */
import type { Random } from "../random.ts";
import type { Data } from "./kprototypes_data.ts";

/**
 * Cao's initial categorical prototypes (kmodes `init_cao`): the densest row
 * first, then each time the row maximising density × mismatches to the
 * closest prototype chosen so far.
 */
export function initCao(data: Data, k: number): Int32Array {
  const { n, m, codes, offsets, totalLevels } = data;
  const centCat = new Int32Array(k * m);
  if (m === 0) return centCat;
  const freq = new Float64Array(totalLevels);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) freq[offsets[j]! + codes[i * m + j]!]!++;
  const density = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) density[i]! += freq[offsets[j]! + codes[i * m + j]!]! / n / m;
  }
  let first = 0;
  for (let i = 1; i < n; i++) if (density[i]! > density[first]!) first = i;
  centCat.set(codes.subarray(first * m, (first + 1) * m), 0);
  const closest = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    const prev = (c - 1) * m;
    let pick = 0, pickScore = -Infinity;
    for (let i = 0; i < n; i++) {
      let mismatches = 0;
      for (let j = 0; j < m; j++) mismatches += +(codes[i * m + j] !== centCat[prev + j]);
      const score = mismatches * density[i]!;
      if (score < closest[i]!) closest[i] = score;
      if (closest[i]! > pickScore) {
        pickScore = closest[i]!;
        pick = i;
      }
    }
    centCat.set(codes.subarray(pick * m, (pick + 1) * m), c * m);
  }
  return centCat;
}

/**
 * Huang's initial categorical prototypes (kmodes `init_huang`): each value
 * drawn in proportion to its frequency in its column, then each prototype
 * replaced by the nearest row not already a prototype.
 */
export function initHuang(data: Data, k: number, random: Random): Int32Array {
  const { n, m, codes } = data;
  const centCat = new Int32Array(k * m);
  if (m === 0) return centCat;
  for (let j = 0; j < m; j++) {
    for (let c = 0; c < k; c++) centCat[c * m + j] = codes[random.int(n) * m + j]!;
  }
  const mismatch = new Int32Array(n);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let j = 0; j < m; j++) d += +(codes[i * m + j] !== centCat[c * m + j]);
      mismatch[i] = d;
    }
    let chosen = -1, nearestRow = -1;
    for (let d = 0; d <= m && chosen < 0; d++) {
      for (let i = 0; i < n && chosen < 0; i++) {
        if (mismatch[i] !== d) continue;
        if (nearestRow < 0) nearestRow = i;
        if (!equalsAnyPrototype(codes, i, centCat, k, m)) chosen = i;
      }
    }
    const row = chosen >= 0 ? chosen : nearestRow;
    centCat.set(codes.subarray(row * m, (row + 1) * m), c * m);
  }
  return centCat;
}

function equalsAnyPrototype(
  codes: Int32Array,
  i: number,
  centCat: Int32Array,
  k: number,
  m: number,
): boolean {
  for (let c = 0; c < k; c++) {
    let same = true;
    for (let j = 0; j < m && same; j++) same = codes[i * m + j] === centCat[c * m + j];
    if (same) return true;
  }
  return false;
}
