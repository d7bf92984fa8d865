/**
 * Seeded Gaussian blobs for the clustering benchmarks (like scikit-learn's
 * make_blobs: centres uniform in [-10, 10], equal spread).
 *
 * @module
 */
import { createMatrix, type Matrix } from "../lib/matrix.ts";
import { createRandom } from "../lib/random.ts";

/** `rows` × `cols` points around `centers` centres, standard deviation `spread`. */
export function makeBlobs(
  rows: number,
  cols: number,
  options: { centers: number; spread: number; seed: number },
): Matrix {
  const random = createRandom(options.seed);
  const centres = Array.from(
    { length: options.centers },
    () => Array.from({ length: cols }, () => -10 + 20 * random.next()),
  );
  const m = createMatrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    const c = centres[i % options.centers]!;
    for (let j = 0; j < cols; j++) m.data[i * cols + j] = c[j]! + options.spread * random.normal();
  }
  return m;
}
