/**
 * Shared by the notebook and report tests: execute a notebook through the
 * report runner (nbclient + Deno kernel) into `tests/output/reports/`, and
 * reuse that report within the same `deno task test` run so every notebook
 * runs once per run.
 *
 * @module
 */
import { basename, join } from "node:path";
import { describeFailure, runReport } from "../lib/cli/report.ts";
import { PROJECT_ROOT } from "../lib/cli/setup.ts";

/** Where the tests write executed reports (git-ignored). */
export const TEST_REPORTS_DIR: string = join(PROJECT_ROOT, "tests", "output", "reports");

/** Where the tests write screenshots (git-ignored). */
export const SCREENSHOTS_DIR: string = join(PROJECT_ROOT, "tests", "output", "screenshots");

/** Result of executing one notebook. */
export interface ExecutedNotebook {
  /** The HTML report, or null when a cell failed. */
  html: string | null;
  /** One-line failure (`name.ipynb, cell N: Ename: evalue`), or null. */
  failure: string | null;
  /** Everything the runner printed. */
  log: string;
}

function marker(notebook: string): string {
  return join(TEST_REPORTS_DIR, `${basename(notebook, ".ipynb")}.run`);
}

/** Execute `notebook` now and write its report into {@link TEST_REPORTS_DIR}. */
export async function executeNotebook(notebook: string): Promise<ExecutedNotebook> {
  let log = "";
  await Deno.remove(marker(notebook)).catch(() => {});
  const result = await runReport({
    notebooks: [notebook],
    outDir: TEST_REPORTS_DIR,
    write: (text) => (log += text),
  });
  const outcome = result.outcomes[0];
  if (outcome === undefined) throw new Error(`Runner returned nothing for ${notebook}`);
  if (outcome.failure) {
    return { html: null, failure: describeFailure(notebook, outcome.failure), log };
  }
  const run = Deno.env.get("SEGMENT_TEST_RUN");
  if (run) await Deno.writeTextFile(marker(notebook), run);
  return { html: outcome.html, failure: null, log };
}

/**
 * The report of `notebook` from this test run when there is one (same
 * `SEGMENT_TEST_RUN`, set by `deno task test`), otherwise executed now.
 */
export async function reportFor(notebook: string): Promise<ExecutedNotebook> {
  const run = Deno.env.get("SEGMENT_TEST_RUN");
  const html = join(TEST_REPORTS_DIR, `${basename(notebook, ".ipynb")}.html`);
  if (run) {
    const written = await Deno.readTextFile(marker(notebook)).catch(() => "");
    if (written === run) return { html, failure: null, log: "(reused from this test run)\n" };
  }
  return await executeNotebook(notebook);
}
