/**
 * The app's web server (`Deno.serve`): loopback only by default, every
 * request admitted by {@link admit} (its Host, its origin, the printed token
 * on the first visit and then an HttpOnly SameSite=Strict cookie holding a
 * separate session secret), answered by the route table with the security
 * headers, uploads streamed into the private session store, and the
 * analysis steps run in workers by the {@link JobRunner}.
 *
 * @module
 */
import { errorLine } from "./analysis.ts";
import { accessRules, admit, randomSecret, shownHost } from "./access.ts";
import type { AppContext } from "./app_context.ts";
import { JobRunner } from "./jobs.ts";
import { pageHTML } from "./page.ts";
import { errorJSON, plainText } from "./responses.ts";
import { dispatch, ROUTES } from "./routes/route_table.ts";
import { SessionStore } from "./sessions.ts";

export { CONTENT_SECURITY_POLICY } from "./responses.ts";

/** Options for {@link startApp}. */
export interface AppServerOptions {
  /** Port (default 0: any free port). */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  hostname?: string;
  /** Largest upload in bytes (default 200 MiB). */
  maxUploadBytes?: number;
  /** Close sessions idle this long (default one hour). */
  idleMs?: number;
  /** How often idle sessions are looked for (default one minute). */
  sweepMs?: number;
  /** Analysis steps running at once (default 2). */
  concurrency?: number;
  /** The access token (default: 32 random bytes as hex). */
  token?: string;
  /** Parent folder of the private upload folder (default: the system temporary folder). */
  tempParent?: string;
}

/** A running app. */
export interface AppServer {
  /** The URL to open, token included. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly port: number;
  readonly store: SessionStore;
  readonly jobs: JobRunner;
  /** Stop serving, cancel every analysis and delete every upload. */
  close(): Promise<void>;
}

const BROWSER_SCRIPT = new URL("./browser/app.js", import.meta.url);

/**
 * Start the app. Resolves once it listens. When it cannot listen (the port
 * is taken, say) it rejects with Deno's error and leaves no folder behind.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { startApp } from "./server.ts";
 * const app = await startApp({ port: 0 });
 * assert.match(app.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
 * const refused = await fetch(app.origin);
 * assert.equal(refused.status, 403);
 * await refused.body?.cancel();
 * await app.close();
 * ```
 */
export async function startApp(options: AppServerOptions = {}): Promise<AppServer> {
  const hostname = options.hostname ?? "127.0.0.1";
  const maxUploadBytes = options.maxUploadBytes ?? 200 * 2 ** 20;
  const token = options.token ?? randomSecret();
  const script = await Deno.readTextFile(BROWSER_SCRIPT);
  const jobs = new JobRunner({ concurrency: options.concurrency });
  const store = await SessionStore.create({
    idleMs: options.idleMs,
    parent: options.tempParent,
    onClose: (session) => {
      if (session.job !== undefined) jobs.cancel(session.job);
      if (session.assignJob !== undefined) jobs.cancel(session.assignJob);
    },
  });
  const context: AppContext = {
    store,
    jobs,
    maxUploadBytes,
    page: pageHTML({ maxUploadBytes }),
    script,
  };
  // Set once the port is known, before the first request is handled.
  let rules = accessRules({ hostname, port: 0, token });

  async function handle(request: Request): Promise<Response> {
    let admission;
    try {
      admission = admit(request, rules);
    } catch {
      return plainText("Bad request", 400);
    }
    if ("response" in admission) return admission.response;
    try {
      return await dispatch(ROUTES, { request, url: admission.url }, context);
    } catch (error) {
      console.error(error);
      return errorJSON(errorLine(error), 500);
    }
  }

  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      port: options.port ?? 0,
      hostname,
      onListen: () => {},
      // Unreachable while handle catches everything; kept so no answer lacks the headers.
      onError: (error) => {
        console.error(error);
        return errorJSON(errorLine(error), 500);
      },
    }, handle);
  } catch (error) {
    // Nothing was served: remove the private folder made for the uploads.
    await store.closeAll();
    throw error;
  }
  const port = server.addr.port;
  rules = accessRules({ hostname, port, token });
  const origin = `http://${shownHost(hostname)}:${port}`;
  const sweeper = setInterval(() => {
    store.sweep().catch((error) => console.error(error));
  }, options.sweepMs ?? 60_000);
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    store,
    jobs,
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        jobs.cancelAll();
        await store.closeAll();
        await server.shutdown();
      })();
      return closing;
    },
  };
}
