/**
 * Notebook 04 run headless with `BYOD_ROLES` and `BYOD_NAMES`, as
 * `deno task report` runs it: the roles change what is clustered and show in
 * the preparation table, and the names reach every table, chart and file.
 */
import { deepEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { runNotebook } from "./notebook_reports.ts";

const NOTEBOOK = new URL("../notebooks/04_bring_your_own_data.ipynb", import.meta.url).pathname;

Deno.test("notebook 04: BYOD_ROLES and BYOD_NAMES reach the preparation table, the names and the files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const result = await runNotebook(NOTEBOOK, {
      reportDir: join(dir, "reports"),
      dataDir: join(dir, "data"),
      env: { BYOD_ROLES: "Income=ignore,Country=demographic", BYOD_NAMES: "0=Alpha group" },
    });
    equal(result.failure, null, `${result.failure}\n${result.log}`);
    const summary = JSON.parse(await Deno.readTextFile(join(dir, "data", "summary.json")));
    deepEqual(summary.preparation.roles, { Income: "ignore", Country: "demographic" });
    ok(!summary.features.includes("Income"), "Income left out");
    ok(summary.features.some((f: string) => f.startsWith("Country=")), "Country used as levels");
    equal(summary.clusters[0].name, "Alpha group");
    const model = JSON.parse(await Deno.readTextFile(join(dir, "data", "model.json")));
    deepEqual(model.preparation.roles, summary.preparation.roles);
    const csv = await Deno.readTextFile(join(dir, "data", "segments.csv"));
    ok(csv.split("\n")[0]!.endsWith(",cluster,segment_name"));
    ok(csv.includes(",0,Alpha group"), "segments.csv names segment 0 as given");
    const html = await Deno.readTextFile(result.html!);
    const text = html.replace(/<[^>]+>/g, " ");
    ok(text.includes("ignore (yours)") && text.includes("demographic (yours)"), "role column");
    ok(/\b(spend|recency|income) \(name contains /.test(text), "an inferred role with its reason");
    // Income, given "ignore", shaped no segment but is still profiled.
    ok(/Income mean\b/.test(text), "the ignored number in the profile table");
    ok((text.match(/Alpha group/g) ?? []).length >= 5, "the name in tables and charts");
    ok(!/Cluster 0\b/.test(text), "no Cluster 0 anywhere");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
