import { deepEqual } from "node:assert/strict";
import { candidateDistances, candidateDistancesMany } from "../../lib/cluster/distance_kernels.ts";
import { createRandom } from "../../lib/random.ts";

Deno.test("candidateDistancesMany gives exactly the distances and potentials of one pass per candidate", () => {
  const random = createRandom(5);
  for (const width of [4, 8, 12]) {
    const rows = 1_000;
    const x = Float64Array.from({ length: rows * width }, () => random.normal() * 3);
    const closest = Float64Array.from({ length: rows }, () => random.next() * 40);
    const offsets = Int32Array.of(17 * width, 503 * width, 999 * width);
    const out = new Float64Array(3 * rows), pots = new Float64Array(3);
    candidateDistancesMany(x, rows, width, offsets, closest, out, pots);
    offsets.forEach((o, t) => {
      const one = new Float64Array(rows);
      const pot = candidateDistances(x, rows, width, o, closest, one);
      deepEqual(out.subarray(t * rows, (t + 1) * rows), one, `width ${width}, candidate ${t}`);
      deepEqual(pots[t], pot);
    });
  }
});
