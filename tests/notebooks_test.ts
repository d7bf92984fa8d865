/**
 * Every notebook in notebooks/ runs top to bottom through Jupyter's nbclient
 * with the Deno kernel, with no error output. Within one `deno task test`
 * run each notebook executes once for this test, reports_test.ts and
 * trust/determinism_test.ts, whichever comes first (see notebook_reports.ts).
 */
import assert from "node:assert/strict";
import { basename } from "node:path";
import { listNotebooks } from "../lib/cli/report.ts";
import { reportFor } from "./notebook_reports.ts";

const notebooks = await listNotebooks();

if (notebooks.length === 0) {
  Deno.test({ name: "notebooks execute: none found in notebooks/", ignore: true, fn() {} });
}

for (const notebook of notebooks) {
  Deno.test(`notebook ${basename(notebook)} executes without error`, async () => {
    const result = await reportFor(notebook);
    assert.equal(result.failure, null, `${result.failure}\n${result.log}`);
    assert.ok(result.html, "no report written");
    const html = await Deno.readTextFile(result.html);
    assert.ok(html.length > 0, "empty report");
  });
}
