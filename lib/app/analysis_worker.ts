/**
 * The worker that runs one analysis step, so the server stays responsive and
 * a failing or cancelled analysis (terminated worker) touches no other.
 * It receives one {@link WorkerRequest} and answers with stage messages and
 * one final message.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { columnsStep, errorLine, readUpload, segmentStep } from "./analysis.ts";
import type { WorkerReply, WorkerRequest } from "./jobs.ts";

function reply(message: WorkerReply, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const { step, upload, options } = event.data;
  try {
    reply({ type: "stage", stage: "reading the file" });
    const table = await readUpload(upload);
    if (step === "columns") {
      reply({ type: "stage", stage: "looking at the columns" });
      reply({ type: "columns", result: columnsStep(table, upload.name, options) });
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
