/**
 * The notebooks in a real JupyterLab, run as a user runs them: `startLab`
 * serves the workspace on 127.0.0.1 with a token on a free port (the Deno
 * kernel from `.venv`, so through `lib/cli/kernel_launcher.py`), headless
 * Chromium opens each notebook and clicks Run > Run All Cells, with Kernel >
 * Restart Kernel and Clear Outputs between runs.
 *
 * After each run the notebook JupyterLab holds is compared, code cell by code
 * cell, with the same notebook executed by nbclient (`lab_placement.ts`; both
 * with `SEGMENT_REPRODUCIBLE=1`, so progress lines carry no elapsed seconds):
 * every output must sit under the cell that made it, none missing, and every
 * prompt and result must carry its cell's execution count. The notebooks must
 * show no error, their charts with a visible size and nothing refused as
 * untrusted, and reach nothing outside 127.0.0.1. Autosave is off (test-only
 * settings folder) and each notebook file must be unchanged afterwards.
 *
 * The default plan is five runs of `tests/fixtures/notebooks/quick_cells.ipynb`
 * (cells that print, display and chart and end at once, as a user types them),
 * two more pressing Shift+Enter on each of its cells in quick succession, and
 * five runs of each notebook in `notebooks/`. `LAB_TEST_PLAN` changes it, e.g.
 * `LAB_TEST_PLAN=notebooks/03_compare_algorithms.ipynb:5,tests/fixtures/notebooks/quick_cells.ipynb:10:keys`
 * (`:keys`: Shift+Enter on each cell as fast as keys go instead of Run All);
 * `LAB_TEST_TIMEOUT` is the seconds one run may take (default 240).
 * `LAB_TEST_KERNELS=<folder>` puts `<folder>` first on JupyterLab's `JUPYTER_PATH`,
 * so a `<folder>/kernels/deno/kernel.json` there (the bare `deno jupyter` kernel,
 * say) runs in JupyterLab while nbclient's reference still uses the workspace's.
 */
import assert from "node:assert/strict";
import { basename, dirname, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { REPRODUCIBLE_ENV } from "../lib/display/progress.ts";
import { startLab } from "../lib/cli/lab.ts";
import { ensureJupyter, jupyterEnv, PROJECT_ROOT } from "../lib/cli/setup.ts";
import { findChromium, launchChromium, watchPage } from "./browser.ts";
import {
  comparePlacement,
  describeMisplacements,
  type NotebookCell,
  type PlacementReport,
} from "./lab_placement.ts";
import { SCREENSHOTS_DIR } from "./notebook_reports.ts";

/** A notebook (path from the project root) and how many times to Run All. */
interface Planned {
  path: string;
  runs: number;
  /** Run the cells with Shift+Enter pressed once per cell as fast as keys go, not Run All. */
  keys?: boolean;
}

const QUICK_CELLS = "tests/fixtures/notebooks/quick_cells.ipynb";

function plan(): Planned[] {
  const given = Deno.env.get("LAB_TEST_PLAN");
  if (given) {
    return given.split(",").map((entry) => {
      const [path = "", runs = "1", how = ""] = entry.trim().split(":");
      return { path, runs: Number(runs), keys: how === "keys" };
    });
  }
  const notebooks = [...Deno.readDirSync(join(PROJECT_ROOT, "notebooks"))]
    .filter((entry) => entry.isFile && entry.name.endsWith(".ipynb"))
    .map((entry) => `notebooks/${entry.name}`)
    .sort();
  return [
    { path: QUICK_CELLS, runs: 5 },
    { path: QUICK_CELLS, runs: 2, keys: true },
    ...notebooks.map((path) => ({ path, runs: 5 })),
  ];
}

/** Settings that keep the test from writing the notebook and from reaching out. */
async function writeTestSettings(dir: string): Promise<void> {
  const settings: Record<string, unknown> = {
    "@jupyterlab/docmanager-extension/plugin": { autosave: false },
    "@jupyterlab/notebook-extension/tracker": { windowingMode: "none" },
    "@jupyterlab/apputils-extension/notification": { fetchNews: "false", checkForUpdates: false },
  };
  for (const [plugin, values] of Object.entries(settings)) {
    const file = join(dir, `${plugin}.jupyterlab-settings`);
    await Deno.mkdir(join(file, ".."), { recursive: true });
    await Deno.writeTextFile(file, JSON.stringify(values));
  }
}

interface Session {
  id: string;
  path: string;
  kernel?: { name: string; execution_state: string };
}

async function sessions(base: string, token: string): Promise<Session[]> {
  const response = await fetch(`${base}/api/sessions`, {
    headers: { Authorization: `token ${token}` },
  });
  return await response.json() as Session[];
}

/** Wait until the server has a session for `path` whose kernel is idle. */
async function waitForKernel(base: string, token: string, path: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const session = (await sessions(base, token)).find((s) => s.path === path);
    if (session?.kernel?.execution_state === "idle") {
      assert.equal(session.kernel.name, "deno", "the notebook did not start the Deno kernel");
      return;
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(`No idle kernel for ${path} within 90 s`);
}

/** Shut down every kernel session the server has (between notebooks). */
async function closeSessions(base: string, token: string): Promise<void> {
  for (const session of await sessions(base, token)) {
    const response = await fetch(`${base}/api/sessions/${session.id}`, {
      method: "DELETE",
      headers: { Authorization: `token ${token}` },
    });
    await response.body?.cancel();
  }
}

/** The notebook as nbclient executes it (the reference for where each output belongs). */
async function nbclientRun(path: string): Promise<NotebookCell[]> {
  const { paths } = await ensureJupyter();
  const script = [
    "import json, sys, nbformat",
    "from nbclient import NotebookClient",
    "nb = nbformat.read(sys.argv[1], as_version=4)",
    "NotebookClient(nb, kernel_name='deno', timeout=600,",
    "    resources={'metadata': {'path': sys.argv[2]}}).execute()",
    "sys.stdout.write(json.dumps(nb))",
  ].join("\n");
  const full = join(PROJECT_ROOT, path);
  const output = await new Deno.Command(paths.python, {
    args: ["-c", script, full, dirname(full)],
    env: { ...jupyterEnv(paths), [REPRODUCIBLE_ENV]: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.ok(output.success, `nbclient could not run ${path}:\n${stderr.slice(-3000)}`);
  return (JSON.parse(new TextDecoder().decode(output.stdout)) as { cells: NotebookCell[] }).cells;
}

/** The cells of the notebook open in JupyterLab, outputs included, from its model. */
async function labCells(page: Page): Promise<NotebookCell[]> {
  return await page.evaluate(() => {
    const app = (globalThis as unknown as {
      jupyterapp: { shell: { currentWidget: { context: { model: { toJSON(): unknown } } } } };
    }).jupyterapp;
    return (app.shell.currentWidget.context.model.toJSON() as { cells: NotebookCell[] }).cells;
  });
}

/** Done when every code cell shows an execution number and the kernel is idle. */
async function waitForRunAll(page: Page, shot: string): Promise<void> {
  const seconds = Number(Deno.env.get("LAB_TEST_TIMEOUT") ?? 240);
  await page.waitForFunction(
    () => {
      // A folded input (metadata jupyter.source_hidden) shows a placeholder with an unnumbered prompt.
      const prompts = Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputPrompt"))
        .filter((p) => p.closest(".jp-Placeholder") === null);
      const status = document.querySelector(".jp-Notebook-ExecutionIndicator")
        ?.getAttribute("data-status");
      return prompts.length > 0 && status === "idle" &&
        prompts.every((p) => /\[\d+\]/.test(p.textContent ?? ""));
    },
    undefined,
    { timeout: seconds * 1000, polling: 200 },
  ).catch(async (error) => {
    await page.screenshot({ path: shot });
    const prompts = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")).map((p) =>
        (p.textContent ?? "").trim() || "(empty)"
      ).join(" ")
    );
    throw new Error(
      `Cells did not finish in ${seconds} s (see ${shot}; prompts: ${prompts}): ${error}`,
    );
  });
}

async function runAll(page: Page): Promise<void> {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
  // JupyterLab asks for a kernel when its session is not attached yet: take Deno.
  const dialog = page.locator(".jp-Dialog", { hasText: "Select Kernel" });
  if (await dialog.waitFor({ timeout: 2000 }).then(() => true, () => false)) {
    await dialog.locator(".jp-mod-accept").click();
  }
}

/** Shift+Enter on every cell from the top, as fast as the keys go (a user running typed cells). */
async function shiftEnterAll(page: Page): Promise<void> {
  const cells = await page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").count();
  await page.locator(".jp-NotebookPanel .jp-Cell .jp-InputPrompt").first().click();
  await page.keyboard.press("Escape"); // command mode: Shift+Enter runs the cell and moves on
  // Ctrl+Enter on the last one: Shift+Enter there would add a new cell.
  for (let i = 0; i < cells; i++) {
    await page.keyboard.press(i < cells - 1 ? "Shift+Enter" : "Control+Enter");
  }
}

async function restartAndClear(page: Page, base: string, token: string, path: string) {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Kernel$/ }).click();
  await page.locator(".lm-Menu-itemLabel", {
    hasText: /^Restart Kernel and Clear Outputs of All Cells/,
  }).click();
  await page.locator(".jp-Dialog .jp-mod-accept").click();
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputPrompt"))
      .every((p) => !/\[\d+\]/.test(p.textContent ?? "")) &&
    document.querySelectorAll(".jp-OutputArea-output").length === 0
  );
  await new Promise((done) => setTimeout(done, 500));
  await waitForKernel(base, token, path);
}

/** Errors, refused outputs and charts the page shows. */
async function pageProblems(page: Page) {
  return await page.evaluate(() => {
    const outputs = ".jp-NotebookPanel .jp-OutputArea-output";
    const errors = Array.from(
      document.querySelectorAll(
        `${outputs}[data-mime-type="application/vnd.jupyter.stderr"]`,
      ),
      (node) => (node.textContent ?? "").trim().split("\n")[0] ?? "",
    );
    const untrusted = Array.from(document.querySelectorAll(outputs))
      .filter((node) => /untrusted/i.test(node.textContent ?? "")).length;
    const charts = Array.from(document.querySelectorAll(`${outputs} svg`))
      .filter((node) => !node.parentElement?.closest("svg"));
    const visible = charts.filter((node) => {
      const box = node.getBoundingClientRect();
      return box.width > 1 && box.height > 1;
    }).length;
    return { errors, untrusted, charts: charts.length, visible };
  });
}

const planned = plan();
const chromium = findChromium();

Deno.test({
  name: "JupyterLab puts every output under the cell that made it, Run All after Run All",
  ignore: chromium === null,
  // The Deno kernel and JupyterLab keep sockets the sanitizers would flag.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const tmp = await Deno.makeTempDir({ prefix: "lab-test-" });
    await writeTestSettings(join(tmp, "settings"));
    const lab = await startLab({
      port: 0,
      extraArgs: [
        `--LabApp.user_settings_dir=${join(tmp, "settings")}`,
        `--LabApp.workspaces_dir=${join(tmp, "workspaces")}`,
        // Checkpoints JupyterLab makes on open go to the temp folder, not beside the notebook.
        `--FileCheckpoints.checkpoint_dir=${join(tmp, "checkpoints")}`,
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        // window.jupyterapp: the test reads each cell's outputs from the notebook model.
        "--LabApp.expose_app_in_browser=True",
      ],
      env: {
        [REPRODUCIBLE_ENV]: "1",
        ...(Deno.env.get("LAB_TEST_KERNELS")
          ? { JUPYTER_PATH: Deno.env.get("LAB_TEST_KERNELS")! }
          : {}),
      },
    });
    let browser: Browser | undefined;
    const summary: string[] = [];
    try {
      browser = await launchChromium();
      await Deno.mkdir(SCREENSHOTS_DIR, { recursive: true });
      for (const { path, runs, keys } of planned) {
        const how = keys ? "Shift+Enter on each cell" : "Run All";
        await t.step(`${basename(path)}: ${runs} × ${how}`, async () => {
          const file = join(PROJECT_ROOT, path);
          const before = await Deno.readFile(file);
          const reference = await nbclientRun(path);
          const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
          const watched = await watchPage(page, { allowedOrigins: [lab.base] });
          const shot = join(SCREENSHOTS_DIR, `lab_${basename(path, ".ipynb")}.png`);
          const reports: PlacementReport[] = [];
          try {
            // ?reset: a fresh workspace, without the notebooks earlier steps opened.
            await page.goto(`${lab.base}/lab/tree/${path}?reset&token=${lab.token}`);
            await page.locator(".jp-NotebookPanel .jp-Cell").first().waitFor({ timeout: 60_000 });
            await waitForKernel(lab.base, lab.token, path);
            for (let run = 1; run <= runs; run++) {
              if (run > 1) await restartAndClear(page, lab.base, lab.token, path);
              const started = performance.now();
              if (keys) await shiftEnterAll(page);
              else await runAll(page);
              await waitForRunAll(page, shot);
              // Output that arrives after the cell went idle is part of the verdict too.
              await new Promise((done) => setTimeout(done, 1000));
              const report = comparePlacement(await labCells(page), reference);
              reports.push(report);
              const extra = report.misplaced.filter((m) => m.problem === "extra").length;
              const missing = report.misplaced.filter((m) => m.problem === "missing").length;
              const counts = report.misplaced.filter((m) => m.problem === "execution count").length;
              const line = `${basename(path)} ${how} ${run}/${runs}: ${report.items} outputs, ` +
                `${extra} under the wrong cell, ${missing} missing from their cell, ` +
                `${counts} wrong execution counts (${
                  ((performance.now() - started) / 1000).toFixed(1)
                } s)`;
              summary.push(line);
              console.log(line);
              if (report.misplaced.length > 0) console.log(describeMisplacements(report.misplaced));
            }
            const found = await pageProblems(page);
            const first = page.locator(".jp-NotebookPanel .jp-OutputArea-output svg").first();
            if (found.charts > 0) await first.scrollIntoViewIfNeeded();
            await page.screenshot({ path: shot });
            const context = watched.list.length > 0
              ? `\nbrowser said:\n${watched.list.join("\n")}`
              : "";
            if (path !== QUICK_CELLS) {
              assert.deepEqual(found.errors, [], `error output in ${path}${context}`);
            }
            assert.equal(found.untrusted, 0, "an output was refused as untrusted");
            assert.ok(found.charts > 0, `no chart in ${path}${context}`);
            assert.equal(found.visible, found.charts, "a chart has no visible size");
            const outside = watched.list.filter((line) => line.startsWith("outside request"));
            assert.deepEqual(outside, [], "JupyterLab page reached outside 127.0.0.1");
          } finally {
            await page.close();
            await closeSessions(lab.base, lab.token);
          }
          reports.forEach((report, index) => {
            assert.deepEqual(
              report.misplaced,
              [],
              `${path}, run ${index + 1} of ${runs}: outputs not under the cell that made them:\n` +
                describeMisplacements(report.misplaced),
            );
          });
          const after = await Deno.readFile(file);
          assert.deepEqual(after, before, `${path} was modified by the test`);
        });
      }
    } finally {
      await browser?.close();
      await lab.stop();
      await Deno.remove(tmp, { recursive: true }).catch(() => {});
      if (summary.length > 0) console.log(`\nJupyterLab runs:\n${summary.join("\n")}`);
    }
  },
});
