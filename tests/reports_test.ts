/**
 * Every notebook's exported HTML report opens in headless Chromium offline
 * (any request outside file:/data: fails the test), shows no error or stderr
 * output, no console or page error, and at least one chart, each with a
 * visible size. A full-page screenshot of each report goes to
 * tests/output/screenshots/ (git-ignored); with `UPDATE_DOC_SCREENSHOTS=1` the
 * part of each report from its first chart on is also saved to docs/screenshots/ for the README.
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { listNotebooks } from "../lib/cli/report.ts";
import { PROJECT_ROOT } from "../lib/cli/setup.ts";
import { findChromium, launchChromium, watchPage } from "./browser.ts";
import { reportFor, SCREENSHOTS_DIR } from "./notebook_reports.ts";

const DOC_SCREENSHOTS_DIR = join(PROJECT_ROOT, "docs", "screenshots");

/** What a report page shows. */
interface ReportInspection {
  problems: string[];
  charts: number;
}

/** Open a report file and list its problems; leaves the page open for a screenshot. */
async function inspectReport(page: Page, htmlPath: string): Promise<ReportInspection> {
  const watched = await watchPage(page);
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
  const found = await page.evaluate(() => {
    const errors = Array.from(
      document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
      ),
      (node) => (node.textContent ?? "").trim().split("\n")[0] ?? "",
    );
    const charts = Array.from(
      document.querySelectorAll(".jp-OutputArea-output svg, .jp-OutputArea-output img"),
    ).filter((node) => !node.parentElement?.closest("svg"));
    const empty = charts.filter((node) => {
      const box = node.getBoundingClientRect();
      const broken = node instanceof HTMLImageElement && node.naturalWidth === 0;
      return box.width < 2 || box.height < 2 || broken;
    }).length;
    return { errors, charts: charts.length, empty };
  });
  const problems = [...watched.list];
  for (const error of found.errors) problems.push(`error output: ${error}`);
  if (found.charts === 0) problems.push("no chart in the report");
  if (found.empty > 0) problems.push(`${found.empty} chart(s) with no visible size`);
  return { problems, charts: found.charts };
}

const notebooks = await listNotebooks();
const chromium = findChromium();

Deno.test({
  name: "report check catches error output and a missing chart",
  ignore: chromium === null,
  async fn() {
    const dir = await Deno.makeTempDir();
    const html = join(dir, "broken.html");
    await Deno.writeTextFile(
      html,
      `<html><body><div class="jp-OutputArea-output" ` +
        `data-mime-type="application/vnd.jupyter.stderr"><pre>TypeError: boom</pre></div>` +
        `<script src="https://example.invalid/x.js"></script></body></html>`,
    );
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const inspection = await inspectReport(page, html);
      const text = inspection.problems.join("\n");
      assert.match(text, /error output: TypeError: boom/);
      assert.match(text, /no chart in the report/);
      assert.match(text, /outside request: https:\/\/example\.invalid\/x\.js/);
    } finally {
      await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

if (notebooks.length === 0) {
  Deno.test({
    name: "reports open in Chromium: no notebooks in notebooks/",
    ignore: true,
    fn() {},
  });
}

for (const notebook of notebooks) {
  const name = basename(notebook, ".ipynb");
  Deno.test({
    name: `report ${name}.html opens offline in Chromium with its charts`,
    ignore: chromium === null,
    async fn() {
      const report = await reportFor(notebook);
      assert.equal(report.failure, null, `${report.failure}\n${report.log}`);
      assert.ok(report.html);
      let browser: Browser | undefined;
      try {
        browser = await launchChromium();
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const inspection = await inspectReport(page, report.html);
        await Deno.mkdir(SCREENSHOTS_DIR, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
        if (Deno.env.get("UPDATE_DOC_SCREENSHOTS") === "1") {
          await Deno.mkdir(DOC_SCREENSHOTS_DIR, { recursive: true });
          // From the key findings (or else the first chart): what a reader of the README wants.
          const { top, height } = await page.evaluate(() => {
            const chart = document.querySelector(".segmentation-findings") ??
              document.querySelector(".jp-OutputArea-output svg");
            const area = chart?.closest(".jp-OutputArea-output") ?? chart;
            const y = area ? area.getBoundingClientRect().top + globalThis.scrollY : 0;
            return { top: Math.max(0, y - 40), height: document.documentElement.scrollHeight };
          });
          await page.screenshot({
            path: join(DOC_SCREENSHOTS_DIR, `${name}.png`),
            clip: { x: 0, y: top, width: 1280, height: Math.min(1200, height - top) },
            fullPage: true,
          });
        }
        assert.deepEqual(
          inspection.problems,
          [],
          `${name}.html:\n${inspection.problems.join("\n")}`,
        );
        assert.ok(inspection.charts > 0);
      } finally {
        await browser?.close();
      }
    },
  });
}
