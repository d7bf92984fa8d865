/**
 * The bring-your-own-data notebook in a real JupyterLab: `startLab` serves the
 * workspace on 127.0.0.1 with a token on a free port, headless Chromium opens
 * the notebook, runs all cells from the Run menu, and the charts must appear
 * as SVG in the outputs with no error output. Autosave is off (test-only
 * settings folder), and the notebook file must be unchanged afterwards.
 * `LAB_TEST_NOTEBOOK` picks another notebook (path from the project root).
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import type { Browser } from "playwright-core";
import { startLab } from "../lib/cli/lab.ts";
import { PROJECT_ROOT } from "../lib/cli/setup.ts";
import { findChromium, launchChromium, watchPage } from "./browser.ts";
import { SCREENSHOTS_DIR } from "./notebook_reports.ts";

const target = Deno.env.get("LAB_TEST_NOTEBOOK") ?? "notebooks/04_bring_your_own_data.ipynb";
const notebookPath = join(PROJECT_ROOT, target);
const present = await Deno.stat(notebookPath).then(() => true, () => false);

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

/** Wait until the server has a session for `path` whose kernel is idle. */
async function waitForKernel(base: string, token: string, path: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${base}/api/sessions`, {
      headers: { Authorization: `token ${token}` },
    });
    const sessions = await response.json() as {
      path: string;
      kernel?: { name: string; execution_state: string };
    }[];
    const session = sessions.find((s) => s.path === path);
    if (session?.kernel?.execution_state === "idle") {
      assert.equal(session.kernel.name, "deno", "the notebook did not start the Deno kernel");
      return;
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(`No idle kernel for ${path} within 90 s`);
}

Deno.test({
  name: `JupyterLab runs ${basename(target)} and shows its charts`,
  ignore: !present || findChromium() === null,
  // The Deno kernel and JupyterLab keep sockets the sanitizers would flag.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const before = await Deno.readFile(notebookPath);
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
      ],
    });
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const watched = await watchPage(page, { allowedOrigins: [lab.base] });
      await page.goto(`${lab.base}/lab/tree/${target}?token=${lab.token}`);
      const indicator = page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator");
      await page.locator(".jp-NotebookPanel .jp-Cell").first().waitFor({ timeout: 60_000 });
      await waitForKernel(lab.base, lab.token, target);

      await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
      await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
      // JupyterLab asks for a kernel when its session is not attached yet: take Deno.
      const dialog = page.locator(".jp-Dialog", { hasText: "Select Kernel" });
      if (await dialog.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
        await dialog.locator(".jp-mod-accept").click();
      }

      // Done when every code cell shows an execution number and the kernel is idle.
      await Deno.mkdir(SCREENSHOTS_DIR, { recursive: true });
      const shot = join(SCREENSHOTS_DIR, `lab_${basename(target, ".ipynb")}.png`);
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
        { timeout: seconds * 1000, polling: 500 },
      ).catch(async (error) => {
        await page.screenshot({ path: shot });
        const prompts = await page.evaluate(() =>
          Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")).map((p) =>
            `${(p.textContent ?? "").trim() || "(empty)"}${
              p.closest(".jp-Placeholder") === null ? "" : ` (in ${p.parentElement?.className})`
            }`
          ).join(" ")
        );
        throw new Error(
          `Cells did not finish in ${seconds} s (see ${shot}; prompts: ${prompts}): ${error}`,
        );
      });
      assert.ok(await indicator.count() > 0);

      const found = await page.evaluate(() => {
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

      const first = page.locator(".jp-NotebookPanel .jp-OutputArea-output svg").first();
      if (found.charts > 0) await first.scrollIntoViewIfNeeded();
      await page.screenshot({ path: shot });

      const context = watched.list.length > 0 ? `\nbrowser said:\n${watched.list.join("\n")}` : "";
      assert.deepEqual(found.errors, [], `error output in ${target}${context}`);
      assert.equal(found.untrusted, 0, "an output was refused as untrusted");
      assert.ok(found.charts > 0, `no chart in ${target}${context}`);
      assert.equal(found.visible, found.charts, "a chart has no visible size");
      const outside = watched.list.filter((line) => line.startsWith("outside request"));
      assert.deepEqual(outside, [], "JupyterLab page reached outside 127.0.0.1");
    } finally {
      await browser?.close();
      await lab.stop();
      await Deno.remove(tmp, { recursive: true }).catch(() => {});
    }
    const after = await Deno.readFile(notebookPath);
    assert.deepEqual(after, before, `${target} was modified by the test`);
  },
});
