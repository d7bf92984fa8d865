/**
 * Every notebook's exported HTML report opens in headless Chromium offline
 * (any request outside file:/data: fails the test), shows no error or stderr
 * output, no console or page error, and at least one chart, each with a
 * visible size; no output is a quoted string or a long printed dump; no table is cut off on the right (on screen, and printed on
 * A4), no table header runs into the next, and no chart's tick labels
 * overlap or stick out of the chart. A full-page screenshot of each report goes to
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
    // a cell ending with a plain string shows it quoted; a long print is a dump, not a report
    const quoted = Array.from(
      document.querySelectorAll('.jp-OutputArea-output[data-mime-type="text/plain"]'),
      (node) => (node.textContent ?? "").trim(),
    ).filter((text) => /^["'`]/.test(text)).map((text) => text.slice(0, 60));
    const dumps = Array.from(
      document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stdout"]',
      ),
      (node) => (node.textContent ?? "").trim().split("\n"),
    ).filter((lines) => lines.length > 15).map((lines) => `${lines.length} lines: ${lines[0]}`);
    return { errors, charts: charts.length, empty, quoted, dumps };
  });
  const problems = [...watched.list, ...await layoutProblems(page)];
  for (const error of found.errors) problems.push(`error output: ${error}`);
  for (const text of found.quoted) problems.push(`quoted string as output: ${text}`);
  for (const dump of found.dumps) problems.push(`long printed output: ${dump}`);
  if (found.charts === 0) problems.push("no chart in the report");
  if (found.empty > 0) problems.push(`${found.empty} chart(s) with no visible size`);
  return { problems, charts: found.charts };
}

/**
 * Layout faults a reader sees: tables wider than their output area (cut off
 * on the right, or scrolled), header text running out of its cell, chart tick
 * labels that overlap each other or stick out of their chart. Checked on
 * screen and again with the print stylesheet at A4 width.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  const check = () =>
    page.evaluate(() => {
      const found: string[] = [];
      const short = (text: string | null) => (text ?? "").trim().replace(/\s+/g, " ").slice(0, 60);
      const outputs = Array.from(document.querySelectorAll<HTMLElement>(".jp-OutputArea-output"));
      for (const output of outputs) {
        const area = output.getBoundingClientRect();
        for (const table of Array.from(output.querySelectorAll("table"))) {
          const box = table.getBoundingClientRect();
          const caption = short(table.caption?.textContent ?? table.rows[0]?.textContent ?? "");
          if (box.width > 0 && box.right > area.right + 1) {
            found.push(
              `table cut off on the right by ${Math.round(box.right - area.right)} px: ${caption}`,
            );
          }
          for (const th of Array.from(table.querySelectorAll("th"))) {
            if (th.scrollWidth > th.clientWidth + 1) {
              found.push(
                `table header runs out of its cell: "${short(th.textContent)}" in ${caption}`,
              );
            }
          }
        }
        for (const svg of Array.from(output.querySelectorAll("svg"))) {
          if (svg.parentElement?.closest("svg")) continue;
          const frame = svg.getBoundingClientRect();
          if (frame.width < 2) continue;
          const title = short(
            svg.closest("figure")?.querySelector("h2")?.textContent ?? svg.getAttribute("class"),
          );
          const groups = Array.from(svg.querySelectorAll('g[aria-label$="tick label"], g.tick'))
            .map((g) => g.getAttribute("aria-label") ? g : g.parentElement!)
            .filter((g, i, all) => all.indexOf(g) === i);
          for (const group of groups) {
            const labels = Array.from(group.querySelectorAll("text"))
              .map((t) => ({
                text: t.textContent ?? "",
                box: t.getBoundingClientRect(),
                // rotated labels sit side by side along a slant: their upright boxes overlap
                rotated: /rotate/.test(
                  `${t.getAttribute("transform")}${group.getAttribute("transform")}`,
                ),
              }))
              .filter((l) => l.text.trim() !== "" && l.box.width > 0);
            for (const l of labels) {
              if (l.box.left < frame.left - 1 || l.box.right > frame.right + 1) {
                found.push(`tick label "${l.text}" sticks out of its chart: ${title}`);
              }
            }
            for (let i = 0; i < labels.length; i++) {
              if (labels[i]!.rotated) continue;
              for (let j = i + 1; j < labels.length; j++) {
                const a = labels[i]!.box, b = labels[j]!.box;
                const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                if (w > 1 && h > 1) {
                  found.push(
                    `tick labels "${labels[i]!.text}" and "${labels[j]!.text}" overlap: ${title}`,
                  );
                }
              }
            }
          }
        }
      }
      return found;
    });
  const problems = await check();
  const viewport = page.viewportSize();
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 718, height: 1000 }); // A4 less 2 cm margins, at 96 dpi
  for (const problem of await check()) {
    if (problem.startsWith("table")) problems.push(`printed: ${problem}`);
  }
  await page.emulateMedia({ media: "screen" });
  if (viewport) await page.setViewportSize(viewport);
  return [...new Set(problems)];
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
        `<div class="jp-OutputArea-output" data-mime-type="text/plain"><pre>"Wrote out/x.csv"</pre></div>` +
        `<div class="jp-OutputArea-output" data-mime-type="application/vnd.jupyter.stdout"><pre>${
          Array.from({ length: 40 }, (_, i) => `SELECT ${i}`).join("\n")
        }</pre></div>` +
        `<script src="https://example.invalid/x.js"></script></body></html>`,
    );
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const inspection = await inspectReport(page, html);
      const text = inspection.problems.join("\n");
      assert.match(text, /error output: TypeError: boom/);
      assert.match(text, /no chart in the report/);
      assert.match(text, /quoted string as output: "Wrote out\/x\.csv"/);
      assert.match(text, /long printed output: 40 lines: SELECT 0/);
      assert.match(text, /outside request: https:\/\/example\.invalid\/x\.js/);
    } finally {
      await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "report check catches cut-off tables, overflowing headers and colliding tick labels",
  ignore: chromium === null,
  async fn() {
    const dir = await Deno.makeTempDir();
    const html = join(dir, "layout.html");
    await Deno.writeTextFile(
      html,
      `<html><body>` +
        `<div class="jp-OutputArea-output" style="width:300px;overflow-x:auto">` +
        `<table style="white-space:nowrap"><caption>Wide</caption><tr>` +
        `<th style="max-width:4em;overflow:hidden">years_member_meanyears_member_median</th>` +
        `<td>${"a very long cell that does not wrap ".repeat(8)}</td></tr></table>` +
        `<figure><h2>Distributions</h2><svg width="120" height="40">` +
        `<g aria-label="x-axis tick label" font-size="12">` +
        `<text x="20" y="20">80,000</text><text x="50" y="20">100,000</text>` +
        `<text x="110" y="35">1,200</text></g></svg></figure></div></body></html>`,
    );
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
      const text = (await layoutProblems(page)).join("\n");
      assert.match(text, /^table cut off on the right by \d+ px: Wide$/m);
      assert.match(text, /^printed: table cut off on the right/m);
      assert.match(
        text,
        /table header runs out of its cell: "years_member_meanyears_member_median"/,
      );
      assert.match(text, /tick labels "80,000" and "100,000" overlap: Distributions/);
      assert.match(text, /tick label "1,200" sticks out of its chart: Distributions/);
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
