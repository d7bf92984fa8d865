/**
 * The app's "assign a new file" step and the preparation and algorithm
 * options, through the server without a browser: the app's assigned.csv
 * equals `deno task segment --assign` byte for byte (with this analysis'
 * model and with an uploaded model.json), fills and unseen levels are
 * reported, a mismatched or wrong model gives the CLI's one-line error, and
 * the options the CLI has give the CLI's files and command.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { newCustomersTSV, ROOT, runSegmentCLI, type TestApp, testApp } from "./helpers.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };
const MESSY = join(ROOT, "data/customers_messy.tsv");

async function uploadAndSegment(
  t: TestApp,
  path: string,
  options: Record<string, unknown>,
): Promise<{ session: string; state: Record<string, unknown> }> {
  const up = await (await t.upload(path.split("/").at(-1)!, await Deno.readFile(path))).json();
  assert.equal((await t.wait(up.session)).state, "done");
  const r = await t.call(`/api/sessions/${up.session}/analyse`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(options),
  });
  assert.equal(r.status, 202, await r.text());
  const state = await t.wait(up.session);
  assert.equal(state.state, "done", String(state.message));
  return { session: up.session, state };
}

async function waitAssign(t: TestApp, session: string): Promise<Record<string, unknown>> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const state = await (await t.call(`/api/sessions/${session}/assign`)).json();
    if (["done", "failed", "cancelled"].includes(state.state)) return state;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the assign step did not finish");
}

async function assign(
  t: TestApp,
  session: string,
  name: string,
  bytes: Uint8Array | string,
  model = "session",
): Promise<Record<string, unknown>> {
  const r = await t.call(`/api/sessions/${session}/assign?model=${model}`, {
    method: "POST",
    headers: { "x-file-name": encodeURIComponent(name) },
    body: (typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes) as BodyInit,
  });
  assert.equal(r.status, 202, await r.clone().text());
  await r.body?.cancel();
  return await waitAssign(t, session);
}

async function uploadModel(t: TestApp, session: string, name: string, text: string) {
  const r = await t.call(`/api/sessions/${session}/model`, {
    method: "POST",
    headers: { "x-file-name": encodeURIComponent(name) },
    body: text,
  });
  assert.equal(r.status, 201);
  await r.body?.cancel();
}

Deno.test({
  name: "app: assign a new file equals segment --assign; fills, unseen levels, wrong models",
  ...opts,
  async fn() {
    const t = await testApp();
    const dir = await Deno.makeTempDir();
    try {
      const { session } = await uploadAndSegment(t, MESSY, { k: "3" });
      const fresh = await newCustomersTSV();
      await Deno.writeTextFile(join(dir, "new_customers.tsv"), fresh);

      // Before any model is uploaded, ?model=uploaded is refused with a sentence.
      const none = await t.call(`/api/sessions/${session}/assign?model=uploaded`, {
        method: "POST",
        body: fresh,
      });
      assert.equal(none.status, 409);
      assert.match((await none.json()).error, /^Error: no model\.json uploaded/);

      const state = await assign(t, session, "new_customers.tsv", fresh);
      assert.equal(state.state, "done", String(state.message));
      assert.equal(state.rows, 150);
      assert.equal((state.sizes as number[]).length, 3);
      assert.equal((state.sizes as number[]).reduce((a, b) => a + b, 0), 150);
      // 15 blanked here and one already blank in the file.
      assert.deepEqual(state.filled, [{ column: "Income", count: 16, how: "median" }]);
      // Country goes with none of the numbers: not in the model, so "Atlantis" is not a level to miss.
      assert.deepEqual(state.unseen, [
        { column: "Marital_Status", count: 5, levels: ["Widowed<b>"] },
      ]);
      const html = String(state.html);
      assert.match(html, /Widowed&lt;b&gt;/);
      assert.doesNotMatch(html, /Widowed<b>/, "levels are escaped");
      assert.equal(
        state.command,
        "deno task segment --assign customers_messy_model.json new_customers.tsv",
      );
      const names = (state.downloads as { name: string }[]).map((d) => d.name);
      assert.deepEqual(names, ["assigned.csv", "assigned.xlsx"]);

      // The CLI with the same model and file, byte for byte, and the same report lines.
      const model = await (await t.call(`/api/sessions/${session}/files/model.json`)).text();
      await Deno.writeTextFile(join(dir, "customers_messy_model.json"), model);
      const cli = await runSegmentCLI(
        ["--assign", "customers_messy_model.json", "new_customers.tsv", "--out", "cli"],
        dir,
      );
      assert.equal(cli.code, 0, cli.stderr);
      const appCSV = new Uint8Array(
        await (await t.call(`/api/sessions/${session}/files/assigned.csv`)).arrayBuffer(),
      );
      assert.deepEqual(appCSV, await Deno.readFile(join(dir, "cli/assigned.csv")));
      const cliLines = cli.stderr.trim().split("\n").map((l) => l.trim());
      for (const note of (state.notes as string[]).slice(0, -1)) {
        assert.ok(cliLines.includes(note), `the CLI says it too: ${note}`);
      }
      const xlsx = await t.call(`/api/sessions/${session}/files/assigned.xlsx`);
      assert.equal(xlsx.status, 200);
      assert.equal((await xlsx.bytes()).slice(0, 2).toString(), "80,75", "a zip (xlsx)");

      // An uploaded model.json and a file without its columns: the CLI's error, in one line.
      await uploadModel(t, session, "customers_messy_model.json", model);
      await Deno.copyFile(join(ROOT, "data/customers.csv"), join(dir, "customers.csv"));
      const wrong = await assign(
        t,
        session,
        "customers.csv",
        await Deno.readFile(join(dir, "customers.csv")),
        "uploaded",
      );
      assert.equal(wrong.state, "failed");
      const expected = await runSegmentCLI(
        ["--assign", "customers_messy_model.json", "customers.csv", "--out", "bad"],
        dir,
      );
      assert.equal(expected.code, 2);
      assert.match(expected.lastLine, /^Error: Column not found: "Education"/);
      assert.equal(wrong.message, expected.lastLine);
      const gone = await t.call(`/api/sessions/${session}/files/assigned.csv`);
      assert.equal(gone.status, 404, "a failed assign leaves no old file behind");
      await gone.body?.cancel();

      // Not a model (summary.json), and not JSON at all: the CLI's messages too.
      const summary = await (await t.call(`/api/sessions/${session}/files/summary.json`)).text();
      await Deno.writeTextFile(join(dir, "summary.json"), summary);
      await Deno.writeTextFile(join(dir, "notes.json"), "{not json");
      for (const [name, text] of [["summary.json", summary], ["notes.json", "{not json"]]) {
        await uploadModel(t, session, name!, text!);
        const bad = await assign(t, session, "new_customers.tsv", fresh, "uploaded");
        const line = (await runSegmentCLI(
          ["--assign", name!, "new_customers.tsv", "--out", "bad"],
          dir,
        )).lastLine;
        assert.match(line, /^Error: (Not a segmentation model|Cannot read model)/);
        assert.equal(bad.message, line, name);
      }

      // The uploaded model applied to a file that fits it gives the CLI's file again.
      await uploadModel(t, session, "customers_messy_model.json", model);
      const again = await assign(t, session, "new_customers.tsv", fresh, "uploaded");
      assert.equal(again.state, "done");
      assert.deepEqual(
        new Uint8Array(
          await (await t.call(`/api/sessions/${session}/files/assigned.csv`)).arrayBuffer(),
        ),
        appCSV,
      );
    } finally {
      await t.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "app: text, date, log, DBSCAN and linkage options give the CLI's files and command",
  ...opts,
  async fn() {
    const t = await testApp();
    const dir = await Deno.makeTempDir();
    try {
      const cases: { options: Record<string, string>; flags: string[] }[] = [
        {
          options: {
            algorithm: "dbscan",
            eps: "1.5",
            minSamples: "8",
            categorical: "none",
            log: "none",
          },
          flags: [
            "--algorithm",
            "dbscan",
            "--categorical",
            "none",
            "--log",
            "none",
            "--eps",
            "1.5",
            "--min-samples",
            "8",
          ],
        },
        {
          options: { k: "3", algorithm: "agglomerative", linkage: "average", dates: "none" },
          flags: [
            "--k",
            "3",
            "--algorithm",
            "agglomerative",
            "--linkage",
            "average",
            "--dates",
            "none",
          ],
        },
        {
          options: { k: "3", asOf: "2015-01-01" },
          flags: ["--k", "3", "--as-of", "2015-01-01"],
        },
      ];
      const csvs: Uint8Array[] = [];
      for (const [i, c] of cases.entries()) {
        const { session, state } = await uploadAndSegment(t, MESSY, c.options);
        assert.equal(
          state.command,
          ["deno task segment customers_messy.tsv", ...c.flags].join(" "),
        );
        const out = join(dir, `cli${i}`);
        const cli = await runSegmentCLI(["data/customers_messy.tsv", ...c.flags, "--out", out]);
        assert.equal(cli.code, 0, cli.stderr);
        const app = new Uint8Array(
          await (await t.call(`/api/sessions/${session}/files/segments.csv`)).arrayBuffer(),
        );
        assert.deepEqual(app, await Deno.readFile(join(out, "segments.csv")), c.flags.join(" "));
        csvs.push(app);
        const columns = String(state.columnsHTML);
        if (c.options.categorical === "none") {
          assert.doesNotMatch(columns, /one-hot encoded/, "text columns left out");
        }
        if (c.options.dates === "none") assert.doesNotMatch(columns, /as days before/);
        if (c.options.asOf) assert.match(columns, /2015-01-01/);
        await (await t.call(`/api/sessions/${session}/close`, { method: "POST" })).body?.cancel();
      }
      assert.notDeepEqual(csvs[0], csvs[1], "the options change the result");

      // A bad value gets the CLI's message for its flag.
      const up = await (await t.upload("customers_messy.tsv", await Deno.readFile(MESSY))).json();
      await t.wait(up.session);
      for (
        const [options, flags] of [
          [{ asOf: "2015-02-30" }, ["--as-of", "2015-02-30"]],
          [{ linkage: "single" }, ["--linkage", "single"]],
          [{ eps: "-1" }, ["--eps", "-1"]],
        ] as const
      ) {
        const r = await t.call(`/api/sessions/${up.session}/analyse`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(options),
        });
        assert.equal(r.status, 400);
        const cli = await runSegmentCLI(["data/customers_messy.tsv", ...flags, "--out", dir]);
        assert.equal((await r.json()).error, cli.lastLine);
      }
    } finally {
      await t.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
