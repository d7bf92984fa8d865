/** Loads the scikit-learn reference figures for the clustering algorithms. */
import { type Matrix, matrixFromRows } from "../../lib/cluster/matrix.ts";

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
