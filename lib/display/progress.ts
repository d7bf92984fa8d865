/**
 * Progress for long steps (k sweeps, stability runs, large files), the same
 * in a notebook and on the command line: a plain line with the count, the
 * percentage and the seconds so far. On the command line one line per step;
 * in a notebook one line updated in place (a Jupyter display id), so the saved
 * notebook and its report keep only the final "done" line. No widgets and no
 * cursor tricks; colour only on a terminal
 * and never when `NO_COLOR` is set. With `SEGMENT_REPRODUCIBLE=1` (set by
 * `deno task report` for the kernel) the seconds are left out, so a saved
 * report is byte-identical from one run to the next.
 *
 * @module
 */
import { kernelDisplay } from "./kernel_display.ts";

/** Options for {@link progress}. */
export interface ProgressOptions {
  /** Where lines go (default: one line updated in place in Jupyter, else stderr). */
  write?: (line: string) => void;
  /** Clock in milliseconds (default `performance.now`). */
  now?: () => number;
  /** Colour the label (default: only when stderr is a terminal and `NO_COLOR` is unset). */
  color?: boolean;
  /** Steps between lines (default 1 up to 50 steps, else one line per 10%). */
  every?: number;
  /** Show the seconds so far (default: yes, unless `SEGMENT_REPRODUCIBLE=1`). */
  timings?: boolean;
}

/** Environment variable that asks for outputs free of timings (set by `deno task report`). */
export const REPRODUCIBLE_ENV = "SEGMENT_REPRODUCIBLE";

/** A running progress report: call `tick()` per step (or `update(done)`), then `done()`. */
export interface Progress {
  /** Count `steps` more steps done (default 1). */
  tick(steps?: number): void;
  /** Set the number of steps done. */
  update(done: number): void;
  /** Report completion with the total time; later calls do nothing. */
  done(): void;
}

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

function inNotebook(): boolean {
  return env("JPY_PARENT_PID") !== undefined;
}

function defaultWrite(line: string): void {
  // The Deno kernel shows console output in the cell; stdout reads as plain
  // text there, while stderr would be shaded like a warning.
  if (inNotebook()) console.log(line);
  else console.error(line);
}

let displays = 0;

/**
 * In a Deno kernel, a writer that shows one line and then replaces it in place;
 * otherwise `undefined`.
 */
function notebookLine(): ((line: string) => void) | undefined {
  if (!inNotebook()) return undefined;
  const show = kernelDisplay();
  if (show === undefined) return undefined;
  const id = `segmentation-progress-${++displays}`;
  let shown = false;
  return (line: string) => {
    show({ "text/plain": line }, { raw: true, display_id: id, update: shown }).catch(() =>
      console.log(line)
    );
    shown = true;
  };
}

function defaultColor(): boolean {
  if (env("NO_COLOR") !== undefined || inNotebook()) return false;
  try {
    return Deno.stderr.isTerminal();
  } catch {
    return false;
  }
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 10
    ? `${s.toFixed(1)} s`
    : s < 120
    ? `${Math.round(s)} s`
    : `${(s / 60).toFixed(1)} min`;
}

/**
 * Start reporting progress of a step with `total` parts.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { progress } from "./progress.ts";
 * const lines: string[] = [];
 * const p = progress("k sweep", 2, { write: (l) => lines.push(l), now: () => 0 });
 * p.tick();
 * p.tick();
 * p.done();
 * deepEqual(lines, ["k sweep: 1/2 (50%), 0.0 s", "k sweep: 2/2 (100%), 0.0 s", "k sweep: done, 2 steps in 0.0 s"]);
 * ```
 */
export function progress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const write = options.write ?? notebookLine() ?? defaultWrite;
  const now = options.now ?? (() => performance.now());
  const color = options.color ?? defaultColor();
  const timings = options.timings ?? env(REPRODUCIBLE_ENV) !== "1";
  const elapsed = (prefix: string) => (timings ? `${prefix}${seconds(now() - start)}` : "");
  const every = Math.max(1, options.every ?? (total <= 50 ? 1 : Math.ceil(total / 10)));
  const name = color ? `\x1b[1m${label}\x1b[22m` : label;
  const start = now();
  let count = 0;
  let lastLine = 0;
  let finished = false;

  function report(): void {
    const pct = total > 0 ? Math.round((count / total) * 100) : 100;
    write(
      `${name}: ${count.toLocaleString("en-US")}/${total.toLocaleString("en-US")} (${pct}%)${
        elapsed(", ")
      }`,
    );
    lastLine = count;
  }

  function update(done: number): void {
    if (finished) return;
    count = Math.max(0, Math.min(done, total));
    if (count - lastLine >= every || (count === total && lastLine !== total)) report();
  }

  return {
    tick(steps = 1) {
      update(count + steps);
    },
    update,
    done() {
      if (finished) return;
      finished = true;
      const unit = total === 1 ? "step" : "steps";
      write(`${name}: done, ${total.toLocaleString("en-US")} ${unit}${elapsed(" in ")}`);
    },
  };
}

/**
 * An `onProgress(done, total)` callback (as taken by `chooseK` and other long
 * steps) that reports progress under `label` and finishes when `done`
 * reaches `total`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { progressCallback } from "./progress.ts";
 * const lines: string[] = [];
 * const onProgress = progressCallback("stability", { write: (l) => lines.push(l), now: () => 0 });
 * onProgress(1, 1);
 * equal(lines.length, 2);
 * ```
 */
export function progressCallback(
  label: string,
  options: ProgressOptions = {},
): (done: number, total: number) => void {
  let current: Progress | undefined;
  let currentTotal = -1;
  return (done: number, total: number) => {
    if (current === undefined || total !== currentTotal) {
      current = progress(label, total, options);
      currentTotal = total;
    }
    current.update(done);
    if (done >= total) {
      current.done();
      current = undefined;
      currentTotal = -1;
    }
  };
}
