import { equal } from "node:assert/strict";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("report keeps large outputs the kernel publishes after a cell goes idle", async () => {
  const out = await Deno.makeTempDir();
  const run = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      join(ROOT, "lib/cli/report.ts"),
      join(ROOT, "tests/fixtures/notebooks/late_output.ipynb"),
      "--out",
      out,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  equal(run.code, 0, new TextDecoder().decode(run.stderr) + new TextDecoder().decode(run.stdout));
  const html = await Deno.readTextFile(join(out, "late_output.html"));
  const shown = new Set(html.match(/<p>cell \d+<\/p>/g) ?? []);
  equal(shown.size, 30, `${shown.size} of 30 large outputs made it into the report`);
});
