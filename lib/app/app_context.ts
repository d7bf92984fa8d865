/**
 * What every route handler works with: the running app's sessions, its job
 * runner, the upload limit and the page and script it serves, and how a
 * session's step is started.
 *
 * @module
 */
import type { JobRunner } from "./jobs.ts";
import type { AppOptions } from "./options.ts";
import type { Session, SessionStore } from "./sessions.ts";

/** The running app as its route handlers see it. */
export interface AppContext {
  readonly store: SessionStore;
  readonly jobs: JobRunner;
  /** Largest upload in bytes. */
  readonly maxUploadBytes: number;
  /** The page's HTML. */
  readonly page: string;
  /** The browser script. */
  readonly script: string;
}

/** Options for {@link runStep}. */
export interface RunStepOptions {
  /** "columns" reads the file; "segment" segments it. */
  step: "columns" | "segment";
  /** The options chosen in the page. */
  options: AppOptions;
}

/**
 * Start a session's step in a worker, cancelling the one it runs; the
 * result is kept on the session when the step is done.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runStep } from "./app_context.ts";
 * import { JobRunner } from "./jobs.ts";
 * import { SessionStore } from "./sessions.ts";
 * const store = await SessionStore.create();
 * const jobs = new JobRunner();
 * const context = { store, jobs, maxUploadBytes: 1000, page: "", script: "" };
 * const session = await store.open();
 * await store.saveUpload(session, "c.csv", new Response("a,b\n1,2\n3,5\n4,4\n").body, 1000);
 * runStep(context, session, { step: "columns", options: {} });
 * assert.equal((await session.job!.finished).state, "done");
 * assert.ok(session.columns !== undefined, "the columns are kept on the session");
 * await store.closeAll();
 * ```
 */
export function runStep(context: AppContext, session: Session, run: RunStepOptions): void {
  const { jobs } = context;
  if (session.job !== undefined) jobs.cancel(session.job);
  session.options = run.options;
  session.result = undefined;
  const job = jobs.submit({ step: run.step, upload: session.upload!, options: run.options });
  session.job = job;
  job.finished.then((state) => {
    if (state.state === "done" && state.step === "segment") session.result = state.result;
    if (state.state === "done" && state.step === "columns") session.columns = state.result;
  });
}
