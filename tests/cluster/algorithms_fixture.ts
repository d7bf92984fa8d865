/** Loads the scikit-learn reference figures for the clustering algorithms; tie-heavy test data. */
import { createMatrix, type Matrix, matrixFromRows } from "../../lib/matrix.ts";
import { createRandom } from "../../lib/random.ts";

// deno-lint-ignore no-explicit-any
export type Fixture = any;

/** The parsed tests/fixtures/algorithms_reference.json. */
export const fixture: Fixture = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/algorithms_reference.json", import.meta.url)),
);

/** A named data set of the fixture as a matrix. */
export function fixtureMatrix(name: string): Matrix {
  return matrixFromRows(fixture.data[name] as number[][]);
}

/** Relabel clusters by order of first appearance (noise -1 kept). */
export function canonical(labels: ArrayLike<number>): number[] {
  const map = new Map<number, number>();
  return Array.from(labels, (v) => {
    if (v < 0) return v;
    if (!map.has(v)) map.set(v, map.size);
    return map.get(v)!;
  });
}

/**
 * `rows` × `cols` whole numbers from 0 to `levels` − 1 (seeded): many
 * duplicate rows and equal distances, so the tie rules decide.
 */
export function tieHeavy(rows: number, cols: number, levels: number, seed: number): Matrix {
  const rng = createRandom(seed);
  const m = createMatrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.int(levels);
  return m;
}
