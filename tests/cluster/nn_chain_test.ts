import assert from "node:assert/strict";
import {
  type ChainMerges,
  chainMerges,
  condensedChain,
  type Linkage,
  SQUARE_MAX_ROWS,
  squareChain,
} from "../../lib/cluster/nn_chain.ts";
import { createMatrix, matrixFromRows } from "../../lib/matrix.ts";
import { createRandom } from "../../lib/random.ts";
import { tieHeavy } from "./algorithms_fixture.ts";

const plain = (z: ChainMerges) => ({
  x: Array.from(z.x),
  y: Array.from(z.y),
  height: Array.from(z.height),
  size: Array.from(z.size),
});

for (const linkage of ["ward", "complete", "average"] as Linkage[]) {
  Deno.test(`square and condensed chains make the same merges on tied data: ${linkage}`, () => {
    for (const [rows, cols, levels, seed] of [[300, 3, 4, 1], [257, 2, 3, 2], [120, 1, 5, 3]]) {
      const m = tieHeavy(rows!, cols!, levels!, seed!);
      // heights compared exactly: both layouts must do the same arithmetic in the same order
      assert.deepEqual(plain(squareChain(m, linkage)), plain(condensedChain(m, linkage)));
    }
  });
}

Deno.test("square and condensed chains agree on continuous data", () => {
  const rng = createRandom(7);
  const m = createMatrix(400, 5);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal() * (1 + (i % 5));
  for (const linkage of ["ward", "complete", "average"] as Linkage[]) {
    assert.deepEqual(plain(squareChain(m, linkage)), plain(condensedChain(m, linkage)));
  }
});

Deno.test("chain merges follow SciPy's order and tie rules on a small case", () => {
  // row 1 is at distance 1 from both 0 and 2: the chain starts at row 0, goes
  // to 1, and 1 goes back to 0 (the previous chain element wins the tie);
  // merged clusters take the larger index
  const m = matrixFromRows([[0], [1], [2], [10]]);
  for (const chain of [squareChain, condensedChain]) {
    assert.deepEqual(plain(chain(m, "complete")), {
      x: [0, 1, 2],
      y: [1, 2, 3],
      height: [1, 2, 10],
      size: [2, 3, 4],
    });
  }
  assert.deepEqual(plain(chainMerges(m, "ward")), plain(squareChain(m, "ward")));
  assert.ok(SQUARE_MAX_ROWS >= 5000);
});
