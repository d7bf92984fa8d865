/**
 * A small pool of Web Workers that share memory with the main thread and run
 * numbered blocks of one operation at a time, synchronously: the caller
 * stays blocked in `Atomics.wait` (allowed on Deno's main thread) while the
 * workers and the calling thread itself claim blocks from a shared counter.
 * Which thread runs which block varies from run to run, so an operation must
 * write each block's results to that block's own place; the caller then
 * combines them in block order.
 *
 * @module
 */

// Slots of the control array.
const GEN = 0, OP = 1, NEXT = 2, DONE = 3, COUNT = 4, READY = 5, QUIT = 6, FAILED = 7;
const SLOTS = 8;
/** How long to wait for the workers to start, or for an operation to finish, before giving up. */
const TIMEOUT_MS = 120_000;

/** Runs block `b` of operation `op`. */
export type BlockRunner = (op: number, b: number) => void;

/** What {@link openBlockPool} returns. */
export interface BlockPool {
  /** Threads taking part, the calling one included. */
  readonly threads: number;
  /** Run blocks `0 … count − 1` of `op` on every thread; returns when all are done. */
  run(op: number, count: number): void;
  /** Stop and terminate the workers. */
  close(): void;
}

/**
 * Start `threads − 1` workers from `workerUrl` (a module calling
 * {@link serveBlocks}), hand each `payload` (typically SharedArrayBuffers),
 * and wait until all are ready. `local` runs blocks on the calling thread.
 * With `threads` ≤ 1 no worker is started and `run` calls `local` in order.
 * Always `close` the pool (workers would keep the process alive).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { openBlockPool } from "./worker_pool.ts";
 * const seen: number[] = [];
 * const pool = openBlockPool("unused.ts", null, 1, (_op, b) => seen.push(b));
 * pool.run(1, 3);
 * pool.close();
 * deepEqual(seen, [0, 1, 2]);
 * ```
 */
export function openBlockPool(
  workerUrl: string | URL,
  payload: unknown,
  threads: number,
  local: BlockRunner,
): BlockPool {
  if (threads <= 1) {
    return {
      threads: 1,
      run(op, count) {
        for (let b = 0; b < count; b++) local(op, b);
      },
      close() {},
    };
  }
  const control = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  const workers: Worker[] = [];
  const close = () => {
    Atomics.store(control, QUIT, 1);
    Atomics.add(control, GEN, 1);
    Atomics.notify(control, GEN);
    for (const w of workers) w.terminate();
    workers.length = 0;
  };
  try {
    for (let t = 1; t < threads; t++) {
      const worker = new Worker(new URL(workerUrl).href, { type: "module" });
      workers.push(worker);
      worker.postMessage({ control: control.buffer, payload });
    }
    waitFor(control, READY, workers.length, "start");
  } catch (e) {
    close();
    throw e;
  }
  const count = workers.length;
  return {
    threads: count + 1,
    run(op, blocks) {
      Atomics.store(control, OP, op);
      Atomics.store(control, COUNT, blocks);
      Atomics.store(control, NEXT, 0);
      Atomics.store(control, DONE, 0);
      Atomics.store(control, FAILED, 0);
      Atomics.add(control, GEN, 1);
      Atomics.notify(control, GEN);
      let failure: unknown;
      try {
        for (let b = Atomics.add(control, NEXT, 1); b < blocks; b = Atomics.add(control, NEXT, 1)) {
          local(op, b);
        }
      } catch (e) {
        failure = e;
      }
      waitFor(control, DONE, count, "finish");
      if (failure !== undefined) throw failure;
      if (Atomics.load(control, FAILED) !== 0) {
        throw new Error(`a worker failed on operation ${op} (see its message above)`);
      }
    },
    close,
  };
}

function waitFor(control: Int32Array, slot: number, target: number, what: string): void {
  const deadline = performance.now() + TIMEOUT_MS;
  for (let v = Atomics.load(control, slot); v < target; v = Atomics.load(control, slot)) {
    const left = deadline - performance.now();
    if (left <= 0) throw new Error(`worker pool: workers did not ${what} within ${TIMEOUT_MS} ms`);
    Atomics.wait(control, slot, v, left);
  }
}

/**
 * The worker side of {@link openBlockPool}: on the first message, `setup`
 * turns the payload into a block runner; then blocks of each operation are
 * claimed and run until the pool closes.
 *
 * @example
 * ```ts ignore
 * // kmeans_worker.ts
 * import { serveBlocks } from "./worker_pool.ts";
 * serveBlocks((payload) => (op, b) => {});
 * ```
 */
export function serveBlocks(setup: (payload: unknown) => BlockRunner): void {
  const scope = globalThis as unknown as {
    onmessage: ((e: MessageEvent) => void) | null;
    close(): void;
  };
  scope.onmessage = (e: MessageEvent) => {
    scope.onmessage = null;
    const control = new Int32Array(e.data.control as SharedArrayBuffer);
    const run = setup(e.data.payload);
    let gen = Atomics.load(control, GEN);
    Atomics.add(control, READY, 1);
    Atomics.notify(control, READY);
    for (;;) {
      while (Atomics.load(control, GEN) === gen) Atomics.wait(control, GEN, gen);
      gen = Atomics.load(control, GEN);
      if (Atomics.load(control, QUIT) !== 0) break;
      const op = Atomics.load(control, OP), blocks = Atomics.load(control, COUNT);
      try {
        for (let b = Atomics.add(control, NEXT, 1); b < blocks; b = Atomics.add(control, NEXT, 1)) {
          run(op, b);
        }
      } catch (err) {
        console.error(err);
        Atomics.store(control, FAILED, 1);
      }
      Atomics.add(control, DONE, 1);
      Atomics.notify(control, DONE);
    }
    scope.close();
  };
}
