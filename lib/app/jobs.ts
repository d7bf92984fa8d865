/**
 * Analysis jobs: each step runs in its own worker, at most `concurrency` at
 * a time (the rest wait in order), with its progress readable by polling
 * and cancellation by terminating its worker. A job's failure is its own.
 *
 * @module
 */
import type { AppOptions } from "./options.ts";
import type { ColumnsResult, SegmentResult, Upload } from "./analysis.ts";

/** What the server asks a worker to do. */
export interface WorkerRequest {
  step: "columns" | "segment";
  upload: Upload;
  options: AppOptions;
}

/** What a worker answers: stages while it runs, then one result or error. */
export type WorkerReply =
  | { type: "stage"; stage: string; done?: number; total?: number }
  | { type: "columns"; result: ColumnsResult }
  | { type: "segment"; result: SegmentResult }
  | { type: "error"; message: string };

/** A job's state as the page polls it. */
export type JobState =
  | { state: "queued"; ahead: number }
  | { state: "running"; stage: string; done?: number; total?: number }
  | { state: "done"; step: "columns"; result: ColumnsResult }
  | { state: "done"; step: "segment"; result: SegmentResult }
  | { state: "failed"; message: string }
  | { state: "cancelled" };

/** One analysis step. */
export interface Job {
  readonly id: string;
  readonly request: WorkerRequest;
  status: JobState;
  /** Resolves when the job is done, failed or cancelled. */
  readonly finished: Promise<JobState>;
}

interface InternalJob extends Job {
  worker?: Worker;
  settle: (state: JobState) => void;
}

/** Options for {@link JobRunner}. */
export interface JobRunnerOptions {
  /** Steps running at once (default 2); the rest wait. */
  concurrency?: number;
  /** The worker module (default `analysis_worker.ts` beside this file). */
  workerURL?: URL;
}

/**
 * Runs analysis steps in workers, a few at a time.
 *
 * @example
 * ```ts ignore
 * import { JobRunner } from "./jobs.ts";
 * const runner = new JobRunner({ concurrency: 2 });
 * const job = runner.submit({ step: "columns", upload: { path: "/tmp/x/upload.csv", name: "x.csv" }, options: {} });
 * await job.finished;
 * ```
 */
export class JobRunner {
  readonly concurrency: number;
  readonly #workerURL: URL;
  readonly #queue: InternalJob[] = [];
  readonly #running = new Set<InternalJob>();

  /** A runner with at most `options.concurrency` workers at once. */
  constructor(options: JobRunnerOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.#workerURL = options.workerURL ?? new URL("./analysis_worker.ts", import.meta.url);
  }

  /** Steps running now. */
  get running(): number {
    return this.#running.size;
  }

  /** Steps waiting for a worker. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Queue a step; it starts when a worker is free. */
  submit(request: WorkerRequest): Job {
    let settle!: (state: JobState) => void;
    const finished = new Promise<JobState>((resolve) => (settle = resolve));
    const job: InternalJob = {
      id: crypto.randomUUID(),
      request,
      status: {
        state: "queued",
        ahead: this.#queue.length + Math.max(0, this.#running.size - this.concurrency + 1),
      },
      finished,
      settle: (state) => {
        if (
          job.status.state === "done" || job.status.state === "failed" ||
          job.status.state === "cancelled"
        ) {
          return;
        }
        job.status = state;
        job.worker?.terminate();
        job.worker = undefined;
        this.#running.delete(job);
        settle(state);
        this.#next();
      },
    };
    this.#queue.push(job);
    this.#next();
    return job;
  }

  /** Stop a job: a queued one never starts, a running one's worker is terminated. */
  cancel(job: Job): void {
    const internal = job as InternalJob;
    const at = this.#queue.indexOf(internal);
    if (at >= 0) this.#queue.splice(at, 1);
    internal.settle({ state: "cancelled" });
  }

  /** Cancel every job (on shutdown). */
  cancelAll(): void {
    for (const job of [...this.#queue, ...this.#running]) this.cancel(job);
  }

  #next(): void {
    this.#queue.forEach((job, i) => {
      if (job.status.state === "queued") job.status = { state: "queued", ahead: i };
    });
    while (this.#running.size < this.concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift()!;
      this.#start(job);
    }
    this.#queue.forEach((job, i) => {
      if (job.status.state === "queued") job.status = { state: "queued", ahead: i };
    });
  }

  #start(job: InternalJob): void {
    this.#running.add(job);
    job.status = { state: "running", stage: "starting" };
    const worker = new Worker(this.#workerURL, { type: "module" });
    job.worker = worker;
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      switch (reply.type) {
        case "stage":
          if (job.status.state === "running") {
            job.status = {
              state: "running",
              stage: reply.stage,
              done: reply.done,
              total: reply.total,
            };
          }
          break;
        case "columns":
          job.settle({ state: "done", step: "columns", result: reply.result });
          break;
        case "segment":
          job.settle({ state: "done", step: "segment", result: reply.result });
          break;
        case "error":
          job.settle({ state: "failed", message: reply.message });
          break;
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      console.error(`analysis worker failed: ${event.message}`);
      job.settle({
        state: "failed",
        message:
          `Error: the analysis failed unexpectedly (${event.message}); the app keeps running`,
      });
    };
    worker.postMessage(job.request);
  }
}
