/**
 * What the page reads when it polls a session: the state of its step
 * (queued, running with progress, failed with the one-line message,
 * cancelled, or done with the results and the download links), and the
 * same for its "assign a new file" step.
 *
 * @module
 */
import type { JobState } from "./jobs.ts";
import type { Session } from "./sessions.ts";
import { ASSIGN_DOWNLOADS, DOWNLOADS } from "./views.ts";

/** A step not done yet, as the page shows it: queued (with how many ahead), running, failed, cancelled. */
function unfinished(status: Exclude<JobState, { state: "done" }>): Record<string, unknown> {
  switch (status.state) {
    case "queued":
      return { state: "queued", ahead: status.ahead };
    case "running":
      return { ...status };
    case "failed":
      return { state: "failed", message: status.message };
    case "cancelled":
      return { state: "cancelled" };
  }
}

/** The download links of the files a finished step holds. */
function downloadLinks(
  session: Session,
  downloads: readonly { name: string }[],
  files: Readonly<Record<string, unknown>>,
): Record<string, unknown>[] {
  return downloads.filter((d) => d.name in files).map((d) => ({
    ...d,
    url: `/api/sessions/${session.id}/files/${d.name}`,
  }));
}

/**
 * The poll answer for a session: its step's state, and the results when done.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sessionState } from "./poll_state.ts";
 * const session = { id: "s1", dir: "/tmp/s1", lastSeen: 0 };
 * assert.deepEqual(sessionState(session),
 *   { session: "s1", file: undefined, size: undefined, step: undefined, state: "idle" });
 * ```
 */
export function sessionState(session: Session): Record<string, unknown> {
  const job = session.job;
  const base = {
    session: session.id,
    file: session.upload?.name,
    size: session.upload?.size,
    step: job?.request.step,
  };
  if (job === undefined) return { ...base, state: "idle" };
  const status: JobState = job.status;
  if (status.state !== "done") return { ...base, ...unfinished(status) };
  if (status.step === "columns") return { ...base, state: "done", columns: status.result };
  if (status.step === "assign") return { ...base, state: "failed", message: "unexpected" };
  return {
    ...base,
    state: "done",
    headline: status.result.view.headline,
    kChoice: status.result.view.kChoice,
    segments: status.result.view.segments,
    columnsHTML: status.result.columnsHTML,
    columnsUsed: status.result.columnsUsed,
    command: status.result.command,
    notes: status.result.notes,
    downloads: downloadLinks(session, DOWNLOADS, status.result.files),
  };
}

/**
 * The poll answer for a session's "assign a new file" step.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assignState } from "./poll_state.ts";
 * assert.deepEqual(assignState({ id: "s1", dir: "/tmp/s1", lastSeen: 0 }),
 *   { session: "s1", state: "idle" });
 * ```
 */
export function assignState(session: Session): Record<string, unknown> {
  const job = session.assignJob;
  if (job === undefined) return { session: session.id, state: "idle" };
  const base = {
    session: session.id,
    file: job.request.upload.name,
    model: job.request.model?.name,
  };
  const status: JobState = job.status;
  if (status.state !== "done") return { ...base, ...unfinished(status) };
  if (status.step !== "assign") return { ...base, state: "failed", message: "unexpected" };
  const { files: _files, ...result } = status.result;
  return {
    ...base,
    ...result,
    state: "done",
    downloads: downloadLinks(session, ASSIGN_DOWNLOADS, status.result.files),
  };
}
