/**
 * Determinism: every notebook, run twice with the same input and seed into
 * two separate output folders, writes the same files with byte-identical
 * contents, and a byte-identical HTML report once each run's own output
 * folder path is replaced by `<OUT_DIR>` (the notebooks name the folder they
 * wrote to, and the test gives each run a different one on purpose). Nothing
 * else is normalised: the report runner leaves elapsed seconds out of
 * progress lines (`SEGMENT_REPRODUCIBLE=1`) and the workbooks carry fixed
 * timestamps.
 *
 * The first run is the one tests/notebooks_test.ts made earlier in the same
 * `deno task test` run when there is one (see tests/notebook_reports.ts), so
 * each notebook runs only once more here. The CLI commands are checked run
 * against run in tests/cli/segment_test.ts and tests/cli/rfm_test.ts.
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { listNotebooks } from "../../lib/cli/report.ts";
import { outputParameters, reportFor, runNotebook } from "../notebook_reports.ts";
import { listFiles } from "./files.ts";

/** Null when equal, else where two byte arrays first differ. */
function firstDifference(a: Uint8Array, b: Uint8Array): string | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return `bytes differ from offset ${i}`;
  }
  return a.length === b.length ? null : `lengths differ: ${a.length} and ${b.length} bytes`;
}

/** Null when equal, else the first differing line of both texts. */
function firstDifferentLine(a: string, b: string): string | null {
  if (a === b) return null;
  const la = a.split(/(?=<)/);
  const lb = b.split(/(?=<)/);
  const i = la.findIndex((line, j) => line !== lb[j]);
  const at = i < 0 ? la.length : i;
  return `first difference:\n  run 1: ${la[at]?.slice(0, 200)}\n  run 2: ${lb[at]?.slice(0, 200)}`;
}

/** The report with every occurrence of the run's output folder replaced by `<OUT_DIR>`. */
function normaliseReport(html: string, outDir: string): string {
  return html.replaceAll(outDir, "<OUT_DIR>");
}

Deno.test("the byte comparison sees a one-byte change and a truncation", () => {
  const a = new TextEncoder().encode("segment,customers\n1,436\n");
  assert.equal(firstDifference(a, a.slice()), null);
  const b = a.slice();
  b[20] = 0x37;
  assert.equal(firstDifference(a, b), "bytes differ from offset 20");
  assert.match(firstDifference(a, a.slice(0, -1)) ?? "", /lengths differ/);
  assert.match(
    firstDifferentLine("<p>k sweep: 1/9, 0.2 s</p>", "<p>k sweep: 1/9, 0.1 s</p>") ?? "",
    /0\.2 s[\s\S]*0\.1 s/,
  );
});

const notebooks = await listNotebooks();

for (const notebook of notebooks) {
  const name = basename(notebook, ".ipynb");
  Deno.test(`notebook ${name}: a second run with the same seed gives identical files and report`, async () => {
    const first = await reportFor(notebook);
    assert.equal(first.failure, null, `${first.failure}\n${first.log}`);
    assert.ok(first.html);
    const temp = await Deno.makeTempDir({ prefix: `determinism-${name}-` });
    try {
      const second = await runNotebook(notebook, {
        reportDir: join(temp, "report"),
        dataDir: join(temp, "data"),
      });
      assert.equal(second.failure, null, `${second.failure}\n${second.log}`);
      assert.ok(second.html);

      const files = await listFiles(first.dataDir);
      assert.deepEqual(await listFiles(second.dataDir), files, "the two runs wrote other files");
      if ((await outputParameters(notebook)).length > 0) {
        assert.ok(files.length > 0, `${name} wrote nothing into its output folder`);
      }
      for (const file of files) {
        const difference = firstDifference(
          await Deno.readFile(join(first.dataDir, file)),
          await Deno.readFile(join(second.dataDir, file)),
        );
        assert.equal(difference, null, `${name}: ${file}: ${difference}`);
      }

      const difference = firstDifferentLine(
        normaliseReport(await Deno.readTextFile(first.html), first.dataDir),
        normaliseReport(await Deno.readTextFile(second.html), second.dataDir),
      );
      assert.equal(difference, null, `${name}.html: ${difference}`);
    } finally {
      await Deno.remove(temp, { recursive: true });
    }
  });
}
