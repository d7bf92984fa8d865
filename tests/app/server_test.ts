/**
 * The app's server without a browser: the token and Host checks, the
 * Content-Security-Policy, uploads in a private folder (never addressed by
 * the client, deleted on close, when idle and on exit), bad files giving the
 * CLI's one-line message while the server keeps serving, the upload limit,
 * and ten concurrent analyses with their own results and their memory.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as aq from "arquero";
import { segmentTable } from "../../lib/segment/segment_table.ts";
import { readTable } from "../../lib/io/read_table.ts";
import { CONTENT_SECURITY_POLICY } from "../../lib/app/server.ts";
import { customerCSV, zipBomb } from "./bad_files.ts";
import { ROOT, runSegmentCLI, sessionCookie, testApp } from "./helpers.ts";

const BAD = join(ROOT, "tests/fixtures/bad_inputs");
const opts = { sanitizeResources: false, sanitizeOps: false };

async function text(response: Response): Promise<string> {
  return await response.text();
}

/** A GET of / with a chosen Host header (fetch does not let one set it): the whole answer as text. */
async function rawAnswer(port: number, host: string, cookie: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(
    new TextEncoder().encode(
      `GET / HTTP/1.1\r\nHost: ${host}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`,
    ),
  );
  return new TextDecoder().decode(await new Response(conn.readable).arrayBuffer());
}

/** The status line of {@link rawAnswer}. */
async function rawRequest(port: number, host: string, cookie: string): Promise<string> {
  return (await rawAnswer(port, host, cookie)).split("\r\n")[0]!;
}

Deno.test({
  name: "app: requests without the token get 403; the token sets a strict cookie; Host is checked",
  ...opts,
  async fn() {
    const t = await testApp();
    try {
      for (const path of ["/", "/app.js", "/app.css", "/api/sessions", "/api/sessions/x"]) {
        const response = await fetch(`${t.app.origin}${path}`);
        assert.equal(response.status, 403, path);
        assert.equal(response.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY);
        await text(response);
      }
      const wrong = await fetch(`${t.app.origin}/?token=${"0".repeat(64)}`, { redirect: "manual" });
      assert.equal(wrong.status, 403);
      await text(wrong);
      const posted = await fetch(`${t.app.origin}/api/sessions`, {
        method: "POST",
        body: "a,b\n1,2\n",
      });
      assert.equal(posted.status, 403);
      await text(posted);
      assert.equal(t.app.store.size, 0, "nothing stored for a refused request");

      const first = await fetch(t.app.url, { redirect: "manual" });
      assert.equal(first.status, 303);
      assert.equal(first.headers.get("location"), "/");
      const cookie = first.headers.get("set-cookie") ?? "";
      assert.match(cookie, new RegExp(`^segment_app_${t.app.port}=[0-9a-f]{64}; `));
      assert.ok(!cookie.includes(t.app.token), "the cookie holds a session secret, not the token");
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      await text(first);
      const session = cookie.split(";")[0]!;

      const page = await t.call("/");
      assert.equal(page.status, 200);
      const html = await text(page);
      assert.match(html, /<input type="file"/);
      assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]/, "no inline script");
      assert.match(html, /<script src="\/app.js" defer><\/script>/);
      assert.match(page.headers.get("content-security-policy") ?? "", /script-src 'self';/);
      assert.doesNotMatch(CONTENT_SECURITY_POLICY, /script-src[^;]*unsafe/);
      for (const path of ["/app.js", "/app.css"]) {
        const r = await t.call(path);
        assert.equal(r.status, 200);
        assert.equal(r.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY);
        assert.equal(r.headers.get("x-content-type-options"), "nosniff");
        await text(r);
      }

      // DNS rebinding: the right token from a page served under another host name is refused.
      const rebound = await rawRequest(t.app.port, "attacker.example", session);
      assert.match(rebound, /^HTTP\/1\.1 403 /);
      const loopback = await rawRequest(t.app.port, `localhost:${t.app.port}`, session);
      assert.match(loopback, /^HTTP\/1\.1 200 /);
      // The token itself is no cookie: a server on another port that received the cookie
      // (browsers send cookies to every port of a host) learns a secret that dies with the app.
      const tokenAsCookie = await rawRequest(
        t.app.port,
        `localhost:${t.app.port}`,
        `segment_app_${t.app.port}=${t.app.token}`,
      );
      assert.match(tokenAsCookie, /^HTTP\/1\.1 403 /);
      const crossOrigin = await t.call("/api/sessions", {
        method: "POST",
        headers: { origin: "http://attacker.example" },
        body: "a,b\n1,2\n",
      });
      assert.equal(crossOrigin.status, 403);
      await text(crossOrigin);
      assert.equal(t.app.store.size, 0);
    } finally {
      await t.close();
    }
  },
});

Deno.test({
  name: "app: a malformed Host header gets 400 or 403 with the security headers, and no stack",
  ...opts,
  async fn() {
    const t = await testApp();
    const logged: unknown[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      const session = await sessionCookie(t.app.url);
      const hosts = [
        `127.0.0.1:${t.app.port}.`,
        "a b",
        "%",
        `127.0.0.1:${t.app.port}/x`,
        "[::1",
        `localhost:${t.app.port}:1`,
      ];
      for (const host of hosts) {
        const answer = await rawAnswer(t.app.port, host, session);
        const [status, ...headers] = answer.split("\r\n\r\n")[0]!.split("\r\n");
        assert.match(status!, /^HTTP\/1\.1 40[03] /, host);
        assert.ok(
          headers.some((h) =>
            h.toLowerCase() === `content-security-policy: ${CONTENT_SECURITY_POLICY}`.toLowerCase()
          ),
          `${host}: ${answer}`,
        );
        assert.ok(headers.some((h) => /^x-content-type-options: nosniff$/i.test(h)), host);
      }
      assert.deepEqual(logged, [], "nothing printed in the terminal");
      const still = await t.call("/");
      assert.equal(still.status, 200, "still serving");
      await text(still);
    } finally {
      console.error = consoleError;
      await t.close();
    }
  },
});

Deno.test({
  name: "app: uploads live in a private 0700 folder under server-chosen names and are deleted",
  ...opts,
  async fn() {
    const t = await testApp({ idleMs: 60_000 });
    const root = t.app.store.root;
    try {
      assert.equal((await Deno.stat(root)).mode! & 0o777, 0o700);
      assert.ok(!root.startsWith(ROOT), "nothing is written inside the project");
      const csv = await Deno.readFile(join(ROOT, "data/customers.csv"));
      const response = await t.upload("../../../../tmp/evil/customers.csv", csv);
      assert.equal(response.status, 201);
      const { session, file } = await response.json();
      assert.equal(file, "customers.csv", "only the last part of the name is kept");
      const state = await t.wait(session);
      assert.equal(state.state, "done");
      const entries = [...Deno.readDirSync(root)].map((e) => e.name);
      assert.deepEqual(entries, [session]);
      const dir = join(root, session);
      assert.equal((await Deno.stat(dir)).mode! & 0o777, 0o700);
      assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["upload.csv"]);
      assert.equal((await Deno.stat(join(dir, "upload.csv"))).mode! & 0o777, 0o600);
      assert.deepEqual(await Deno.readFile(join(dir, "upload.csv")), csv);

      // Downloads are looked up by name in a fixed list, never as a path.
      for (const name of ["..%2Fupload.csv", "upload.csv", "%2Fetc%2Fpasswd", "segments.csv%00"]) {
        const r = await t.call(`/api/sessions/${session}/files/${name}`);
        assert.equal(r.status, 404, name);
        await text(r);
      }

      // Closing the session deletes its folder; its id is then unknown.
      const closed = await t.call(`/api/sessions/${session}`, { method: "DELETE" });
      assert.equal(closed.status, 200);
      await text(closed);
      await assert.rejects(Deno.stat(dir), Deno.errors.NotFound);
      const gone = await t.call(`/api/sessions/${session}`);
      assert.equal(gone.status, 404);
      await text(gone);

      // Idle sessions are closed by the sweep.
      const second = await (await t.upload("b.csv", csv)).json();
      await t.wait(second.session);
      assert.equal(await t.app.store.sweep(Date.now() + 30_000), 0, "not idle yet");
      assert.equal(await t.app.store.sweep(Date.now() + 61_000), 1);
      await assert.rejects(Deno.stat(join(root, second.session)), Deno.errors.NotFound);

      // Closing the app deletes the private folder with everything in it.
      await (await t.upload("c.csv", csv)).json();
    } finally {
      await t.close();
    }
    await assert.rejects(Deno.stat(root), Deno.errors.NotFound);
  },
});

Deno.test({
  name: "app: bad files give the CLI's one-line message and the server keeps serving",
  ...opts,
  async fn() {
    const t = await testApp({ maxUploadBytes: 200 * 2 ** 20 });
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeFile(join(dir, "bomb.xlsx"), await zipBomb());
      const cases: [string, string][] = [
        [BAD, "empty.csv"],
        [BAD, "ragged_rows.csv"],
        [BAD, "csv_named.xlsx"],
        [BAD, "corrupt.xlsx"],
        [BAD, "header_only.csv"],
        [dir, "bomb.xlsx"],
      ];
      for (const [folder, name] of cases) {
        const response = await t.upload(name, await Deno.readFile(join(folder, name)));
        assert.equal(response.status, 201, name);
        const { session } = await response.json();
        const state = await t.wait(session);
        const cli = await runSegmentCLI([name, "--out", join(dir, "out")], folder);
        assert.equal(cli.code, 2, `${name}: ${cli.stderr}`);
        assert.equal(state.state, "failed", name);
        assert.equal(state.message, cli.lastLine, name);
        assert.doesNotMatch(String(state.message), /segment-app-|upload\./, "no server path shown");
      }
      // A bad option is refused the same way.
      const good = await (await t.upload(
        "customers.csv",
        await Deno.readFile(join(ROOT, "data/customers.csv")),
      )).json();
      await t.wait(good.session);
      const badK = await t.call(`/api/sessions/${good.session}/analyse`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ k: "1" }),
      });
      assert.equal(badK.status, 400);
      const cliK = await runSegmentCLI(["data/customers.csv", "--k", "1", "--out", join(dir, "k")]);
      assert.equal((await badK.json()).error, cliK.lastLine);
      // Still serving: the good file segments.
      await t.call(`/api/sessions/${good.session}/analyse`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ k: "3" }),
      }).then(text);
      const state = await t.wait(good.session);
      assert.equal(state.state, "done");
      assert.match(String(state.headline), /^3 segments of /);
    } finally {
      await t.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "app: an upload over the limit is refused in one line and nothing is kept",
  ...opts,
  async fn() {
    const t = await testApp({ maxUploadBytes: 4096 });
    try {
      const big = customerCSV(500, 1);
      const response = await t.upload("big.csv", big);
      assert.equal(response.status, 413);
      assert.equal(
        (await response.json()).error,
        "Error: File is too large: more than 4 KiB, the upload limit (file big.csv). " +
          "Start the app with a higher limit (deno task app --max-upload 1GB), or run deno task segment on the file.",
      );
      // Streamed without a declared length: counted as it arrives, refused the same way.
      const chunks = new TextEncoder().encode(big);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < chunks.length; i += 1000) {
            controller.enqueue(chunks.slice(i, i + 1000));
          }
          controller.close();
        },
      });
      const streamed = await t.call("/api/sessions", {
        method: "POST",
        headers: { "x-file-name": "big.csv" },
        body: stream,
      });
      assert.equal(streamed.status, 413);
      assert.match((await streamed.json()).error, /^Error: File is too large: more than 4 KiB/);
      assert.equal(t.app.store.size, 0);
      assert.deepEqual([...Deno.readDirSync(t.app.store.root)], []);
      const small = await t.upload("small.csv", customerCSV(20, 2));
      assert.equal(small.status, 201, "still serving");
      await text(small);
    } finally {
      await t.close();
    }
  },
});

Deno.test({
  name:
    "app: 10 concurrent 10,000-row analyses get their own results; a failing and a cancelled one touch none",
  ...opts,
  async fn() {
    const t = await testApp({ concurrency: 2 });
    try {
      const files = Array.from({ length: 10 }, (_, i) => customerCSV(10_000, i + 1));
      (globalThis as { gc?: () => void }).gc?.();
      const heapBefore = Deno.memoryUsage();
      const uploads = await Promise.all([
        ...files.map((csv, i) => t.upload(`customers_${i}.csv`, csv)),
        t.upload("ragged.csv", await Deno.readFile(join(BAD, "ragged_rows.csv"))),
        t.upload("cancelled.csv", files[0]!),
      ]);
      const sessions: string[] = [];
      for (const u of uploads) sessions.push((await u.json()).session);
      await Promise.all(sessions.map((s) => t.wait(s)));
      // Each of the ten segments with k = 4; the cancelled one is stopped while queued or running.
      const started = await Promise.all(
        sessions.map((s, i) =>
          i === 10 ? Promise.resolve() : t.call(`/api/sessions/${s}/analyse`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ k: "4", seed: String(i) }),
          }).then(text)
        ),
      );
      assert.equal(started.length, 12);
      const cancel = await t.call(`/api/sessions/${sessions[11]}/cancel`, { method: "POST" });
      await text(cancel);
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, Deno.memoryUsage().rss)), 50);
      const states = await Promise.all(sessions.map((s) => t.wait(s, 300_000)));
      clearInterval(sampler);
      assert.equal(states[10]!.state, "failed");
      assert.match(String(states[10]!.message), /^Error: Row has 2 fields/);
      assert.equal(states[11]!.state, "cancelled");
      for (let i = 0; i < 10; i++) {
        assert.equal(states[i]!.state, "done", `upload ${i}: ${states[i]!.message}`);
        const csv = await (await t.call(`/api/sessions/${sessions[i]}/files/segments.csv`)).bytes();
        const dir = await Deno.makeTempDir();
        await Deno.writeTextFile(join(dir, "in.csv"), files[i]!);
        const expected = segmentTable(await readTable(join(dir, "in.csv")), {
          k: 4,
          seed: i,
          file: "in.csv",
        }).files["segments.csv"] as Uint8Array;
        await Deno.remove(dir, { recursive: true });
        assert.deepEqual(csv, expected, `upload ${i} has its own result`);
        const rows = aq.fromCSV(new TextDecoder().decode(csv));
        assert.equal(rows.numRows(), 10_000);
        assert.equal(rows.get("customer_id", 0), `S${i + 1}-0`);
      }
      const afterRuns = Deno.memoryUsage();
      for (const s of sessions) await t.call(`/api/sessions/${s}`, { method: "DELETE" }).then(text);
      await new Promise((r) => setTimeout(r, 500));
      // What is kept, not what is garbage yet (the test computes ten reference segmentations in
      // this same heap): collect first when the runtime allows it (deno task test does).
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const afterClose = Deno.memoryUsage();
      const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
      console.log(
        `memory: rss before ${mib(heapBefore.rss)}, peak ${mib(peak)}, after the runs ${
          mib(afterRuns.rss)
        }, after closing ${mib(afterClose.rss)}; heap before ${mib(heapBefore.heapUsed)}, ` +
          `after the runs ${mib(afterRuns.heapUsed)}, after closing ${mib(afterClose.heapUsed)}`,
      );
      assert.equal(t.app.jobs.running, 0);
      assert.equal(t.app.store.size, 0);
      assert.ok(
        afterClose.heapUsed < heapBefore.heapUsed + 64 * 2 ** 20,
        "the server's heap returns near its level once the sessions close",
      );
    } finally {
      await t.close();
    }
  },
});
