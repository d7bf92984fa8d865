/**
 * Shared pieces of the app tests: run `deno task segment` as a subprocess
 * (the reference the app must match), start an app in-process, and call it.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { type AppServer, type AppServerOptions, startApp } from "../../lib/app/server.ts";

/** The project root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MESSY = fileURLToPath(new URL("../../data/customers_messy.tsv", import.meta.url));
const SEGMENT_CLI = fileURLToPath(new URL("../../lib/cli/segment.ts", import.meta.url));

/** Run `deno task segment` with these arguments in `cwd`; returns the exit code and output. */
export async function runSegmentCLI(
  args: string[],
  cwd = ROOT,
): Promise<{ code: number; stderr: string; lastLine: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `--config=${ROOT}deno.json`, SEGMENT_CLI, ...args],
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  const lines = stderr.trim().split("\n");
  return { code: out.code, stderr, lastLine: lines.at(-1) ?? "" };
}

/** The cookie a first visit with the token sets (`name=secret`), as a browser would send it back. */
export async function sessionCookie(url: string): Promise<string> {
  const first = await fetch(url, { redirect: "manual" });
  await first.body?.cancel();
  const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0]!;
  if (first.status !== 303 || cookie === "") throw new Error(`no session cookie from ${url}`);
  return cookie;
}

/** An app started for a test, with helpers to call it with its cookie. */
export interface TestApp {
  app: AppServer;
  /** fetch with the token cookie (and JSON parsed when asked). */
  call(path: string, init?: RequestInit): Promise<Response>;
  /** Upload bytes as a file of this name; returns the response. */
  upload(name: string, bytes: Uint8Array | string): Promise<Response>;
  /** Poll a session until its step is done or failed. */
  wait(session: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Start an app on a free port. */
export async function testApp(options: AppServerOptions = {}): Promise<TestApp> {
  const app = await startApp({ port: 0, ...options });
  const cookie = await sessionCookie(app.url);
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${app.origin}${path}`, {
      ...init,
      headers: { cookie, ...(init.headers as Record<string, string> ?? {}) },
    });
  return {
    app,
    call,
    upload: (name, bytes) =>
      call("/api/sessions", {
        method: "POST",
        headers: { "x-file-name": encodeURIComponent(name) },
        body: (typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes) as BodyInit,
      }),
    async wait(session, timeoutMs = 120_000) {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const state = await (await call(`/api/sessions/${session}`)).json();
        if (["done", "failed", "cancelled"].includes(state.state)) return state;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`session ${session} did not finish in ${timeoutMs} ms`);
    },
    close: () => app.close(),
  };
}

/**
 * New customers like the messy file's: its first 150 rows, with blank
 * incomes, a country and a marital status the model never saw (one with
 * markup in it).
 */
export async function newCustomersTSV(): Promise<string> {
  const lines = (await Deno.readTextFile(MESSY)).split("\n");
  const header = lines[0]!;
  const names = header.split("\t");
  const income = names.indexOf("Income");
  const country = names.indexOf("Country");
  const marital = names.indexOf("Marital_Status");
  const rows = lines.slice(1, 151).map((line, i) => {
    const cells = line.split("\t");
    const n = i + 1;
    if (n % 10 === 0) cells[income] = "";
    if (n % 25 === 0) cells[country] = "Atlantis";
    if (n % 30 === 0) cells[marital] = "Widowed<b>";
    return cells.join("\t");
  });
  return [header, ...rows].join("\n") + "\n";
}
