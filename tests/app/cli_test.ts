/**
 * `deno task app` as a process: the one line it prints (loopback address
 * with a random token), the upload limit flag, that Ctrl+C (SIGINT) and
 * SIGTERM delete every upload, and its memory over three rounds of ten
 * concurrent analyses (printed; it must settle, not grow round after round).
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { customerCSV } from "./bad_files.ts";
import { ROOT, sessionCookie } from "./helpers.ts";

const CLI = join(ROOT, "lib/cli/app.ts");
const opts = { sanitizeResources: false, sanitizeOps: false };

interface Running {
  child: Deno.ChildProcess;
  url: URL;
  cookie: string;
  tmp: string;
}

/** Options for {@link startCLI}. */
interface StartOptions {
  /** Leave out `--port 0`, so the app tries its default port first. */
  defaultPort?: boolean;
  /** Keep what the app prints on stderr (to read it after it stops). */
  stderr?: "inherit" | "piped";
}

async function startCLI(args: string[] = [], options: StartOptions = {}): Promise<Running> {
  const tmp = await Deno.makeTempDir();
  const port = options.defaultPort ? [] : ["--port", "0"];
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `--config=${ROOT}deno.json`, CLI, "--no-open", ...port, ...args],
    env: { TMPDIR: tmp, NO_COLOR: "1" },
    stdout: "piped",
    stderr: options.stderr ?? "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!out.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  reader.releaseLock();
  child.stdout.cancel().catch(() => {});
  const line = out.split("\n")[0]!;
  const match = /^Segmentation app: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64})$/.exec(line);
  assert.ok(match, `one line with the loopback URL and token, got: ${line}`);
  const url = new URL(match[1]!);
  return { child, url, cookie: await sessionCookie(url.href), tmp };
}

/** Run `deno task app` to its end (it fails to start); its exit code and stderr. */
async function runCLI(args: string[], tmp: string): Promise<{ code: number; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `--config=${ROOT}deno.json`, CLI, "--no-open", ...args],
    env: { TMPDIR: tmp, NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

/** Listen on this port (or a free one) until closed, as another program would. */
function occupy(port = 0): Deno.TcpListener | undefined {
  try {
    return Deno.listen({ hostname: "127.0.0.1", port });
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) return undefined; // taken already
    throw error;
  }
}

async function call(r: Running, path: string, init: RequestInit = {}): Promise<Response> {
  return await fetch(new URL(path, r.url.origin), {
    ...init,
    headers: { cookie: r.cookie, ...(init.headers as Record<string, string> ?? {}) },
  });
}

async function upload(r: Running, name: string, body: string): Promise<Response> {
  return await call(r, "/api/sessions", {
    method: "POST",
    headers: { "x-file-name": name },
    body: new TextEncoder().encode(body),
  });
}

async function wait(r: Running, session: string): Promise<Record<string, unknown>> {
  for (;;) {
    const state = await (await call(r, `/api/sessions/${session}`)).json();
    if (["done", "failed", "cancelled"].includes(state.state)) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function appFolders(tmp: string): string[] {
  return [...Deno.readDirSync(tmp)].map((e) => e.name).filter((n) => n.startsWith("segment-app-"));
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.test({
    name: `deno task app: ${signal} deletes every upload and exits`,
    ...opts,
    async fn() {
      const r = await startCLI();
      try {
        const noToken = await fetch(r.url.origin + "/");
        assert.equal(noToken.status, 403);
        await noToken.body?.cancel();
        const response = await upload(r, "customers.csv", customerCSV(300, 3));
        assert.equal(response.status, 201);
        const { session } = await response.json();
        assert.equal((await wait(r, session)).state, "done");
        const [folder] = appFolders(r.tmp);
        assert.ok(folder !== undefined, "the private folder is in the temporary folder");
        assert.deepEqual([...Deno.readDirSync(join(r.tmp, folder, session))].map((e) => e.name), [
          "upload.csv",
        ]);
        r.child.kill(signal);
        const status = await r.child.status;
        assert.equal(status.code, 0);
        assert.deepEqual(appFolders(r.tmp), [], "nothing left behind");
      } finally {
        try {
          r.child.kill("SIGKILL");
        } catch {
          // already exited
        }
        await Deno.remove(r.tmp, { recursive: true });
      }
    },
  });
}

Deno.test({
  name: "deno task app --port N with N taken: one line, exit 2, no folder left behind",
  ...opts,
  async fn() {
    const tmp = await Deno.makeTempDir();
    const busy = occupy()!;
    try {
      const port = busy.addr.port;
      const { code, stderr } = await runCLI(["--port", String(port)], tmp);
      assert.equal(code, 2, stderr);
      assert.equal(
        stderr,
        `Error: Port ${port} is in use: another program (perhaps another app) listens on it; ` +
          `stop it, or give another port (--port ${port + 1}), or --port 0 for any free port\n`,
      );
      assert.deepEqual(appFolders(tmp), [], "no empty segment-app- folder");
    } finally {
      busy.close();
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

Deno.test({
  name: "deno task app with its default port taken: another port, one private folder only",
  ...opts,
  async fn() {
    const busy = occupy(8765); // undefined when another program holds it already
    const r = await startCLI([], { defaultPort: true });
    try {
      assert.notEqual(r.url.port, "8765");
      assert.equal(appFolders(r.tmp).length, 1, "the folder of the refused port is gone");
      r.child.kill("SIGTERM");
      assert.equal((await r.child.status).code, 0);
      assert.deepEqual(appFolders(r.tmp), []);
    } finally {
      busy?.close();
      try {
        r.child.kill("SIGKILL");
      } catch {
        // already exited
      }
      await Deno.remove(r.tmp, { recursive: true });
    }
  },
});

Deno.test({
  name: "deno task app: a malformed Host header is refused and nothing is printed",
  ...opts,
  async fn() {
    const r = await startCLI([], { stderr: "piped" });
    try {
      const port = Number(r.url.port);
      for (const host of [`127.0.0.1:${port}.`, "a b", "%", "[::1"]) {
        const conn = await Deno.connect({ hostname: "127.0.0.1", port });
        await conn.write(new TextEncoder().encode(
          `GET / HTTP/1.1\r\nHost: ${host}\r\nCookie: ${r.cookie}\r\nConnection: close\r\n\r\n`,
        ));
        const answer = new TextDecoder().decode(await new Response(conn.readable).arrayBuffer());
        assert.match(answer, /^HTTP\/1\.1 40[03] /, host);
        assert.match(answer, /\r\ncontent-security-policy: default-src 'none'/i, host);
      }
    } finally {
      r.child.kill("SIGTERM");
      await r.child.status;
      await Deno.remove(r.tmp, { recursive: true });
    }
    const stderr = await new Response(r.child.stderr).text();
    assert.equal(stderr, "", "no stack trace in the terminal");
  },
});

Deno.test({
  name: "deno task app --max-upload: the limit is the one given",
  ...opts,
  async fn() {
    const r = await startCLI(["--max-upload", "2KB"]);
    try {
      const response = await upload(r, "big.csv", customerCSV(200, 1));
      assert.equal(response.status, 413);
      assert.match((await response.json()).error, /^Error: File is too large: more than 2 KiB/);
    } finally {
      r.child.kill("SIGTERM");
      await r.child.status;
      await Deno.remove(r.tmp, { recursive: true });
    }
  },
});

function rssMiB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

Deno.test({
  name: "deno task app: memory over three rounds of 10 concurrent 10,000-row analyses",
  ignore: Deno.build.os !== "linux",
  ...opts,
  async fn() {
    const r = await startCLI();
    const pid = r.child.pid;
    try {
      const files = Array.from({ length: 10 }, (_, i) => customerCSV(10_000, i + 11));
      const idle = rssMiB(pid);
      const figures: string[] = [`idle ${idle.toFixed(0)} MiB`];
      const afterClose: number[] = [];
      for (const round of [1, 2, 3]) {
        let peak = 0;
        const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 50);
        const sessions = await Promise.all(
          files.map(async (csv, i) => (await (await upload(r, `c${i}.csv`, csv)).json()).session),
        );
        await Promise.all(sessions.map((s) => wait(r, s)));
        await Promise.all(sessions.map((s) =>
          call(r, `/api/sessions/${s}/analyse`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: "{}",
          }).then((x) => x.text())
        ));
        const states = await Promise.all(sessions.map((s) => wait(r, s)));
        assert.ok(
          states.every((s) => s.state === "done"),
          JSON.stringify(states.map((s) => s.message)),
        );
        const done = rssMiB(pid);
        clearInterval(sampler);
        for (const s of sessions) {
          await (await call(r, `/api/sessions/${s}`, { method: "DELETE" })).text();
        }
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const closed = rssMiB(pid);
        afterClose.push(closed);
        figures.push(
          `round ${round}: peak ${peak.toFixed(0)} MiB, all done ${done.toFixed(0)} MiB, ` +
            `sessions closed ${closed.toFixed(0)} MiB`,
        );
      }
      console.log(`app process RSS: ${figures.join("; ")}`);
      // Settled: the third round ends near what the rounds before left at their highest (the
      // collector's timing moves one round's figure by tens of MiB either way; a leak climbs).
      assert.ok(
        afterClose[2]! - Math.max(afterClose[0]!, afterClose[1]!) < 60,
        `memory settles: a third round adds little to what the rounds before left (${
          figures.join("; ")
        })`,
      );
    } finally {
      r.child.kill("SIGTERM");
      await r.child.status;
      await Deno.remove(r.tmp, { recursive: true });
    }
  },
});
