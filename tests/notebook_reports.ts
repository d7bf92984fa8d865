/**
 * Shared by the notebook, report and determinism tests: execute a notebook
 * through the report runner (nbclient + Deno kernel) into
 * `tests/output/reports/`, with its data outputs (the parameters whose default
 * is a folder under `out/`) sent to `tests/output/data/<name>/`, and reuse
 * that run within the same `deno task test` run so every notebook runs once
 * per run. The kernel gets a throwaway pseudonymisation key in
 * `SEGMENTATION_KEY` (the same for the whole test run), so the tests neither
 * read nor create the key file at the project root, and two runs of a
 * notebook pseudonymise alike.
 *
 * @module
 */
import { basename, join } from "node:path";
import { describeFailure, runReport } from "../lib/cli/report.ts";
import { PROJECT_ROOT } from "../lib/cli/setup.ts";
import { KEY_ENV } from "../lib/privacy/key.ts";

/** Where the tests write executed reports (git-ignored). */
export const TEST_REPORTS_DIR: string = join(PROJECT_ROOT, "tests", "output", "reports");

/** Where the notebooks run by the tests write their data, one folder per notebook (git-ignored). */
export const TEST_DATA_DIR: string = join(PROJECT_ROOT, "tests", "output", "data");

/** Where the tests write screenshots (git-ignored). */
export const SCREENSHOTS_DIR: string = join(PROJECT_ROOT, "tests", "output", "screenshots");

/** Result of executing one notebook. */
export interface ExecutedNotebook {
  /** The HTML report, or null when a cell failed. */
  html: string | null;
  /** The folder the notebook's output parameters pointed at. */
  dataDir: string;
  /** One-line failure (`name.ipynb, cell N: Ename: evalue`), or null. */
  failure: string | null;
  /**
   * Everything the run printed: the progress lines, then the notebook
   * runner's own stdout and stderr (which carry the kernel's output too).
   */
  log: string;
}

/** Where one execution goes. */
export interface NotebookRun {
  /** Folder for the HTML report. */
  reportDir: string;
  /** Folder every output parameter of the notebook is set to (emptied first). */
  dataDir: string;
  /** More environment for the kernel (wins over the test key and the output folders). */
  env?: Record<string, string>;
}

/**
 * The parameters of a notebook that name its output folder: those in its
 * first code cell whose default lies under `out/`, e.g.
 * `Deno.env.get("OUT_DIR") ?? "../out/01_members"`.
 */
export async function outputParameters(notebook: string): Promise<string[]> {
  const nb = JSON.parse(await Deno.readTextFile(notebook)) as {
    cells: { cell_type: string; source: string | string[] }[];
  };
  const first = nb.cells.find((cell) => cell.cell_type === "code");
  const source = [first?.source ?? ""].flat().join("");
  const pattern = /Deno\.env\.get\("([A-Za-z0-9_]+)"\)\s*\?\?\s*"(?:\.\.\/)?out\//g;
  return Array.from(source.matchAll(pattern), (match) => match[1]!);
}

/** A throwaway key: derived from the test run's id, or random for a lone test file. */
const TEST_KEY = `test-only-key-${Deno.env.get("SEGMENT_TEST_RUN") ?? crypto.randomUUID()}`;

function marker(notebook: string): string {
  return join(TEST_REPORTS_DIR, `${basename(notebook, ".ipynb")}.run`);
}

function testDataDir(notebook: string): string {
  return join(TEST_DATA_DIR, basename(notebook, ".ipynb"));
}

/** Execute `notebook` into the given folders. */
export async function runNotebook(notebook: string, run: NotebookRun): Promise<ExecutedNotebook> {
  let log = "";
  await Deno.remove(run.dataDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(run.dataDir, { recursive: true });
  const env: Record<string, string> = { [KEY_ENV]: TEST_KEY };
  for (const name of await outputParameters(notebook)) env[name] = run.dataDir;
  const result = await runReport({
    notebooks: [notebook],
    outDir: run.reportDir,
    env: { ...env, ...run.env },
    write: (text) => (log += text),
  });
  const outcome = result.outcomes[0];
  if (outcome === undefined) throw new Error(`Runner returned nothing for ${notebook}`);
  log += `${outcome.stdout}\n${outcome.stderr}`;
  if (outcome.failure) {
    const failure = describeFailure(notebook, outcome.failure);
    return { html: null, dataDir: run.dataDir, failure, log };
  }
  return { html: outcome.html, dataDir: run.dataDir, failure: null, log };
}

/** Execute `notebook` now into {@link TEST_REPORTS_DIR} and {@link TEST_DATA_DIR}. */
export async function executeNotebook(notebook: string): Promise<ExecutedNotebook> {
  await Deno.remove(marker(notebook)).catch(() => {});
  const result = await runNotebook(notebook, {
    reportDir: TEST_REPORTS_DIR,
    dataDir: testDataDir(notebook),
  });
  const run = Deno.env.get("SEGMENT_TEST_RUN");
  if (run && result.failure === null) await Deno.writeTextFile(marker(notebook), run);
  return result;
}

/**
 * The report (and data) of `notebook` from this test run when there is one
 * (same `SEGMENT_TEST_RUN`, set by `deno task test`), otherwise executed now.
 */
export async function reportFor(notebook: string): Promise<ExecutedNotebook> {
  const run = Deno.env.get("SEGMENT_TEST_RUN");
  const html = join(TEST_REPORTS_DIR, `${basename(notebook, ".ipynb")}.html`);
  if (run) {
    const written = await Deno.readTextFile(marker(notebook)).catch(() => "");
    if (written === run) {
      return {
        html,
        dataDir: testDataDir(notebook),
        failure: null,
        log: "(reused from this test run)\n",
      };
    }
  }
  return await executeNotebook(notebook);
}
