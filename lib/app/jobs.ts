/**
 * Analysis jobs: each step runs in its own worker, at most `concurrency` at
 * a time (the rest wait in order), with its progress readable by polling
 * and cancellation by terminating its worker. A job's failure is its own.
 *
 * @module
 */
import type { AppOptions } from "./options.ts";
import {
  type AssignResult,
  type ColumnsResult,
  errorLine,
  type ModelText,
  type SegmentResult,
  type Upload,
} from "./analysis.ts";
import { readUpload } from "./read_upload.ts";
import type { TableColumns } from "./table_transfer.ts";

/** What the server asks a worker to do. */
export interface WorkerRequest {
  /** Set by the runner: replies carry it, so a reused worker's answers reach the right job. */
  job?: string;
  step: "columns" | "segment" | "assign";
  upload: Upload;
  options: AppOptions;
  /** The saved model (the assign step). */
  model?: ModelText;
  /** Set by the runner: the upload as read on the main thread. */
  table?: TableColumns;
}

/** What a worker answers: stages while it runs, then one result or error. */
export type WorkerReply =
  & { job?: string }
  & (
    | { type: "stage"; stage: string; done?: number; total?: number }
    | { type: "columns"; result: ColumnsResult }
    | { type: "segment"; result: SegmentResult }
    | { type: "assign"; result: AssignResult }
    | { type: "error"; message: string }
  );

/** A job's state as the page polls it. */
export type JobState =
  | { state: "queued"; ahead: number }
  | { state: "running"; stage: string; done?: number; total?: number }
  | { state: "done"; step: "columns"; result: ColumnsResult }
  | { state: "done"; step: "segment"; result: SegmentResult }
  | { state: "done"; step: "assign"; result: AssignResult }
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
  worker?: PooledWorker;
  settle: (state: JobState, keepWorker?: boolean) => void;
}

/** A worker kept between jobs: each holds one embedded DuckDB, which a terminated worker would leak. */
interface PooledWorker {
  worker: Worker;
  job?: InternalJob;
}

/** Options for {@link JobRunner}. */
export interface JobRunnerOptions {
  /** Steps running at once (default 2); the rest wait. */
  concurrency?: number;
  /** The worker module (default `analysis_worker.ts` beside this file). */
  workerURL?: URL;
  /**
   * Keep workers for the next jobs (default false: a fresh worker per job,
   * ended after it, so its memory goes back; starting one costs about 0.3 s).
   */
  reuseWorkers?: boolean;
}

/**
 * Runs analysis steps in workers, a few at a time. Workers are kept and
 * reused (each loads the library and an embedded DuckDB once, and a worker
 * that is terminated does not give DuckDB's memory back); a cancelled job's
 * worker, or one that crashed, is terminated and replaced.
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
  readonly #idle: PooledWorker[] = [];
  readonly #reuse: boolean;

  /** A runner with at most `options.concurrency` workers at once. */
  constructor(options: JobRunnerOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.#workerURL = options.workerURL ?? new URL("./analysis_worker.ts", import.meta.url);
    this.#reuse = options.reuseWorkers ?? false;
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
      settle: (state, keepWorker = false) => {
        if (
          job.status.state === "done" || job.status.state === "failed" ||
          job.status.state === "cancelled"
        ) {
          return;
        }
        job.status = state;
        const pooled = job.worker;
        job.worker = undefined;
        if (pooled !== undefined) {
          pooled.job = undefined;
          if (keepWorker && this.#reuse) this.#idle.push(pooled);
          else pooled.worker.terminate();
        }
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

  /** Cancel every job and stop every worker (on shutdown). */
  cancelAll(): void {
    for (const job of [...this.#queue, ...this.#running]) this.cancel(job);
    for (const pooled of this.#idle.splice(0)) pooled.worker.terminate();
  }

  /** Workers kept for the next jobs. */
  get idleWorkers(): number {
    return this.#idle.length;
  }

  #next(): void {
    this.#queue.forEach((job, i) => {
      if (job.status.state === "queued") job.status = { state: "queued", ahead: i };
    });
    while (this.#running.size < this.concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift()!;
      this.#start(job).catch((error) => {
        console.error(error);
        job.settle({ state: "failed", message: errorLine(error, job.request.upload) });
      });
    }
    this.#queue.forEach((job, i) => {
      if (job.status.state === "queued") job.status = { state: "queued", ahead: i };
    });
  }

  #spawn(): PooledWorker {
    const pooled: PooledWorker = { worker: new Worker(this.#workerURL, { type: "module" }) };
    pooled.worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const job = pooled.job;
      const reply = event.data;
      if (job === undefined || reply.job !== job.id) return;
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
          job.settle({ state: "done", step: "columns", result: reply.result }, true);
          break;
        case "segment":
          job.settle({ state: "done", step: "segment", result: reply.result }, true);
          break;
        case "assign":
          job.settle({ state: "done", step: "assign", result: reply.result }, true);
          break;
        case "error":
          job.settle({ state: "failed", message: reply.message }, true);
          break;
      }
    };
    pooled.worker.onerror = (event) => {
      event.preventDefault();
      console.error(`analysis worker failed: ${event.message}`);
      const job = pooled.job;
      if (job === undefined) {
        const at = this.#idle.indexOf(pooled);
        if (at >= 0) this.#idle.splice(at, 1);
        pooled.worker.terminate();
        return;
      }
      job.settle({
        state: "failed",
        message:
          `Error: the analysis failed unexpectedly (${event.message}); the app keeps running`,
      });
    };
    return pooled;
  }

  async #start(job: InternalJob): Promise<void> {
    this.#running.add(job);
    job.status = { state: "running", stage: "reading the file" };
    let table: TableColumns;
    try {
      table = await readUpload(job.request.upload);
    } catch (error) {
      if (!(error instanceof Error && error.name === "InputError")) console.error(error);
      job.settle({ state: "failed", message: errorLine(error, job.request.upload) });
      return;
    }
    if (job.status.state !== "running") return; // cancelled while reading
    job.status = { state: "running", stage: "starting the analysis" };
    const pooled = this.#idle.pop() ?? this.#spawn();
    pooled.job = job;
    job.worker = pooled;
    pooled.worker.postMessage({ ...job.request, job: job.id, table });
  }
}
