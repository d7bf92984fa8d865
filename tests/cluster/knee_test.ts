import assert from "node:assert/strict";
import { InputError } from "../../lib/errors.ts";
import { findKnee } from "../../lib/cluster/knee.ts";
import { reference } from "./cluster_reference.ts";

Deno.test("findKnee matches the kneed package on every curve shape", () => {
  assert.ok(reference.knees.length >= 20);
  for (const ref of reference.knees) {
    const knee = findKnee(ref.x, ref.y, { curve: ref.curve, direction: ref.direction });
    assert.equal(knee, ref.knee ?? undefined, `${ref.name} ${ref.curve} ${ref.direction}`);
  }
});

Deno.test("findKnee has no knee for short or flat curves", () => {
  const opts = { curve: "convex", direction: "decreasing" } as const;
  assert.equal(findKnee([1, 2], [5, 1], opts), undefined);
  assert.equal(findKnee([1, 2, 3, 4], [5, 5, 5, 5], opts), undefined);
  assert.equal(findKnee([1, 2, 3, 4], [4, 3, 2, 1], opts), undefined);
  assert.throws(() => findKnee([1, 2, 3], [1, 2], opts), InputError);
});
