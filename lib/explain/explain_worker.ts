/**
 * Worker side of `explainSegmentsOffThread`: explains segments off the main
 * thread, so the main thread (and DuckDB) can do other work meanwhile.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { postedError } from "../errors.ts";
import type { Matrix } from "../matrix.ts";
import { explainSegments, type ExplainSegmentsOptions } from "./explain_segments.ts";

self.onmessage = (
  event: MessageEvent<{ matrix: Matrix; labels: Int32Array; options: ExplainSegmentsOptions }>,
) => {
  const { matrix, labels, options } = event.data;
  try {
    self.postMessage({ explained: explainSegments(matrix, labels, options) });
  } catch (error) {
    self.postMessage({ error: postedError(error) });
  }
};
