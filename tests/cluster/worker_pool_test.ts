import assert from "node:assert/strict";
import { openBlockPool } from "../../lib/cluster/worker_pool.ts";

const probe = new URL("./workers/probe_worker.ts", import.meta.url);

Deno.test("the block pool runs every block exactly once, on the workers and the calling thread", () => {
  const marks = new Int32Array(new SharedArrayBuffer(4 * 500));
  const pool = openBlockPool(probe, marks.buffer, 3, (_op, b) => void Atomics.add(marks, b, 1));
  try {
    assert.equal(pool.threads, 3);
    for (let round = 0; round < 20; round++) {
      marks.fill(0);
      pool.run(1, 500);
      assert.ok(
        marks.every((v) => v === 1 || v === 2),
        `round ${round}: a block ran twice or never`,
      );
    }
  } finally {
    pool.close();
  }
});

Deno.test("a block that throws in a worker makes run throw instead of hanging", () => {
  const marks = new Int32Array(new SharedArrayBuffer(4 * 64));
  const pool = openBlockPool(probe, marks.buffer, 2, () => {
    // The calling thread is slow, so the worker surely claims a block.
    const t = performance.now();
    while (performance.now() - t < 1);
  });
  const error = console.error;
  console.error = () => {};
  try {
    assert.throws(() => pool.run(2, 64), /worker failed/);
    pool.run(1, 64); // still usable
  } finally {
    console.error = error;
    pool.close();
  }
});

Deno.test("with one thread the pool starts no worker and runs the blocks in order", () => {
  const seen: number[] = [];
  const pool = openBlockPool(probe, null, 1, (_op, b) => void seen.push(b));
  pool.run(1, 4);
  pool.close();
  assert.deepEqual(seen, [0, 1, 2, 3]);
});
