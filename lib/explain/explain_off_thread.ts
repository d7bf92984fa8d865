/**
 * Explain segments on a worker when there are many rows, so that the main
 * thread, and DuckDB beside it, go on meanwhile: `runRFM` finds each
 * segment's top products in DuckDB while the rules are fitted. The result is
 * the one {@link explainSegments} gives on the main thread.
 *
 * @module
 */
import { inputErrorWithMessage, type PostedError } from "../errors.ts";
import type { Matrix } from "../matrix.ts";
import {
  explainSegments,
  type ExplainSegmentsOptions,
  type SegmentExplanation,
} from "./explain_segments.ts";

/** From this many rows the rules are fitted on a worker; below, starting one costs more than it saves. */
export const OFF_THREAD_ROWS = 100_000;

type WorkerReply = { explained: SegmentExplanation } | { error: PostedError };

/**
 * {@link explainSegments}, on a worker from {@link OFF_THREAD_ROWS} rows (the
 * matrix and labels are copied to it), else on this thread. An input error
 * in the worker is the same {@link InputError} here.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { explainSegments } from "./explain_segments.ts";
 * import { explainSegmentsOffThread } from "./explain_off_thread.ts";
 * const m = matrixFromRows([[1], [2], [8], [9]], ["recency"]);
 * const labels = Int32Array.from([0, 0, 1, 1]);
 * deepEqual(await explainSegmentsOffThread(m, labels, { offThreadRows: 1 }), explainSegments(m, labels));
 * ```
 */
export async function explainSegmentsOffThread(
  matrix: Matrix,
  labels: Int32Array,
  options: ExplainSegmentsOptions & { offThreadRows?: number } = {},
): Promise<SegmentExplanation> {
  const { offThreadRows = OFF_THREAD_ROWS, ...explain } = options;
  if (matrix.rows < offThreadRows) return explainSegments(matrix, labels, explain);
  const worker = new Worker(new URL("./explain_worker.ts", import.meta.url), { type: "module" });
  try {
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<WorkerReply>) => resolve(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(`Explaining the segments failed: ${event.message}`));
      };
      worker.postMessage({ matrix, labels, options: explain });
    });
    if ("explained" in reply) return reply.explained;
    const posted = reply.error;
    throw posted.input ? inputErrorWithMessage(posted.message, posted) : new Error(posted.message);
  } finally {
    worker.terminate();
  }
}
