/**
 * The worker that runs one analysis step, so the server stays responsive and
 * a failing or cancelled analysis (terminated worker) touches no other.
 * It receives {@link WorkerRequest}s one at a time and answers each with
 * stage messages and one final message, all carrying the request's job id.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { assignStep, columnsStep, errorLine, segmentStep } from "./analysis.ts";
import { tableFromColumnsCopy } from "./table_transfer.ts";
import type { WorkerReply, WorkerRequest } from "./jobs.ts";

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const { step, upload, options, job, table: data, model } = event.data;
  const reply = (message: WorkerReply, transfer: Transferable[] = []) =>
    self.postMessage({ ...message, job }, transfer);
  try {
    if (data === undefined) throw new Error("no table given");
    const table = tableFromColumnsCopy(data);
    if (step === "columns") {
      reply({ type: "stage", stage: "looking at the columns" });
      reply({ type: "columns", result: columnsStep(table, upload.name, options) });
      return;
    }
    if (step === "assign") {
      if (model === undefined) throw new Error("no model given");
      reply({ type: "stage", stage: "assigning the rows" });
      const assigned = assignStep(table, upload.name, model);
      const bytes = Object.values(assigned.files)
        .filter((f): f is Uint8Array => f instanceof Uint8Array)
        .map((f) => f.buffer as ArrayBuffer);
      reply({ type: "assign", result: assigned }, bytes);
      return;
    }
    const result = segmentStep(table, upload.name, options, {
      onStage: (stage, done, total) => reply({ type: "stage", stage, done, total }),
    });
    const transfer = Object.values(result.files)
      .filter((f): f is Uint8Array => f instanceof Uint8Array)
      .map((f) => f.buffer as ArrayBuffer);
    reply({ type: "segment", result }, transfer);
  } catch (error) {
    if (!(error instanceof Error && error.name === "InputError")) console.error(error);
    reply({ type: "error", message: errorLine(error, upload) });
  }
};
