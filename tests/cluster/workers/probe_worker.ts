// A worker for tests/cluster/worker_pool_test.ts: marks each block it runs with 2 (operation 1)
// and throws on operation 2.
import { serveBlocks } from "../../../lib/cluster/worker_pool.ts";

serveBlocks((payload) => {
  const marks = new Int32Array(payload as SharedArrayBuffer);
  return (op, b) => {
    if (op === 2) throw new Error("probe failure");
    Atomics.add(marks, b, 2);
  };
});
