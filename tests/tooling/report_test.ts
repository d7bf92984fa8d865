import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../lib/cli/setup.ts";

const FIXTURES = join(PROJECT_ROOT, "tests", "fixtures", "notebooks");

Deno.test("report names the failing notebook, cell and error, and writes only good reports", async () => {
  const out = await Deno.makeTempDir({ prefix: "report-test-" });
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        join(PROJECT_ROOT, "lib/cli/report.ts"),
        join(FIXTURES, "failing_cell.ipynb"),
        join(FIXTURES, "tiny_chart.ipynb"),
        "--out",
        out,
      ],
      env: { TINY_TITLE: "Bars titled from the environment", NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(output.stdout);
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 1, stdout + stderr);
    assert.match(stdout, /^\[1\/2\] failing_cell … failed after \d+\.\d s$/m);
    assert.match(
      stdout,
      /^ {2}failing_cell\.ipynb, cell 3: RangeError: deliberate failure for the tooling tests$/m,
    );
    assert.match(stdout, /^\[2\/2\] tiny_chart … \d+\.\d s$/m);
    assert.match(stdout, /1 of 2 reports written .*failed: failing_cell\.ipynb \(cell 3\)/);
    assert.doesNotMatch(stdout + stderr, /Traceback|File ".*\.py"/);

    const files = [...Deno.readDirSync(out)].map((entry) => entry.name).sort();
    assert.deepEqual(files, ["tiny_chart.html"], "only the good report, no partial files");
    const html = await Deno.readTextFile(join(out, "tiny_chart.html"));
    assert.match(html, /Bars titled from the environment/, "env reaches the parameter cell");
    assert.match(html, /<svg[^>]*>/);
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href="?http/i, "self-contained");
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("report rejects a missing notebook with a one-line error and exit code 2", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(PROJECT_ROOT, "lib/cli/report.ts"), "no_such_notebook.ipynb"],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr).trim();
  assert.equal(output.code, 2);
  assert.equal(stderr.split("\n").length, 1, stderr);
  assert.match(stderr, /^Error: Notebook not found: .*no_such_notebook\.ipynb/);
});
