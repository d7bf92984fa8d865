import { equal, ok } from "node:assert/strict";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Run the report runner on a fixture notebook; the HTML it wrote. */
async function report(fixture: string): Promise<string> {
  const out = await Deno.makeTempDir();
  try {
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(ROOT, "lib/cli/report.ts"), join(ROOT, fixture), "--out", out],
      stdout: "piped",
      stderr: "piped",
    }).output();
    equal(run.code, 0, new TextDecoder().decode(run.stderr) + new TextDecoder().decode(run.stdout));
    const name = fixture.split("/").pop()!.replace(/\.ipynb$/, ".html");
    return await Deno.readTextFile(join(out, name));
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

/** The HTML of the cell with the given id, up to the next cell. */
function cellHtml(html: string, id: string): string {
  const start = html.indexOf(`id="cell-id=${id}"`);
  ok(start >= 0, `cell ${id} is missing from the report`);
  const end = html.indexOf('id="cell-id=', start + 1);
  return html.slice(start, end < 0 ? undefined : end);
}

Deno.test("report keeps large outputs the kernel publishes after a cell goes idle", async () => {
  const html = await report("tests/fixtures/notebooks/late_output.ipynb");
  const shown = new Set(html.match(/<p>cell \d+<\/p>/g) ?? []);
  equal(shown.size, 30, `${shown.size} of 30 large outputs made it into the report`);
});

Deno.test("report files output still queued in the kernel under the cell that made it", async () => {
  const html = await report("tests/fixtures/notebooks/queued_output.ipynb");
  for (const round of [0, 1, 2]) {
    const own = cellHtml(html, `queue-${round}`);
    const next = cellHtml(html, `next-${round}`);
    const charts = own.match(new RegExp(`<p>round ${round} chart \\d</p>`, "g")) ?? [];
    equal(charts.length, 6, `round ${round}: ${charts.length} of 6 charts in their own cell`);
    ok(own.includes(`round ${round} step 300`), `round ${round}: the progress line is not final`);
    ok(own.includes(`round ${round} printed`), `round ${round}: the printed line is missing`);
    ok(
      !/round \d (chart|step|printed)/.test(next),
      `round ${round}: output landed in the next cell`,
    );
    ok(next.includes(`round ${round} next cell`), `round ${round}: the next cell lost its result`);
  }
  ok(
    !html.includes("segmentation-runner-flush"),
    "the runner's flush marker leaked into the report",
  );
});
