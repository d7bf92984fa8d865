/**
 * The app's web server (`Deno.serve`): loopback only by default, every
 * request checked for the random token (query on first visit, then an
 * HttpOnly SameSite=Strict cookie), a restrictive Content-Security-Policy on
 * every response, uploads streamed into the private session store, and the
 * analysis steps run in workers by the {@link JobRunner}.
 *
 * @module
 */
import { isInputError } from "../errors.ts";
import { errorLine, type ModelText } from "./analysis.ts";
import { JobRunner, type JobState } from "./jobs.ts";
import { type AppOptions, appOptionsFrom, segmentationParameters } from "./options.ts";
import { pageHTML } from "./page.ts";
import { displayName, type Session, SessionStore, uploadTooLarge } from "./sessions.ts";
import { APP_CSS } from "./styles.ts";
import { ASSIGN_DOWNLOADS, DOWNLOADS } from "./views.ts";

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

/** The Content-Security-Policy on every response: scripts from the app only, nothing from elsewhere. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Charts carry inline style attributes and <style> elements (Observable Plot).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

function respond(body: BodyInit | null, status: number, headers: Record<string, string> = {}) {
  return new Response(body, { status, headers: { ...SECURITY_HEADERS, ...headers } });
}

function json(value: unknown, status = 200): Response {
  return respond(JSON.stringify(value), status, {
    "content-type": "application/json; charset=utf-8",
  });
}

function errorJSON(message: string, status: number): Response {
  return json({ error: message }, status);
}

function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function cookieToken(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

const BROWSER_SCRIPT = new URL("./browser/app.js", import.meta.url);

/** The poll answer for a session: its step's state, and the results when done. */
function sessionState(session: Session): Record<string, unknown> {
  const job = session.job;
  const base = {
    session: session.id,
    file: session.upload?.name,
    size: session.upload?.size,
    step: job?.request.step,
  };
  if (job === undefined) return { ...base, state: "idle" };
  const status: JobState = job.status;
  switch (status.state) {
    case "queued":
      return { ...base, state: "queued", ahead: status.ahead };
    case "running":
      return { ...base, ...status };
    case "failed":
      return { ...base, state: "failed", message: status.message };
    case "cancelled":
      return { ...base, state: "cancelled" };
    case "done":
      if (status.step === "columns") return { ...base, state: "done", columns: status.result };
      if (status.step === "assign") return { ...base, state: "failed", message: "unexpected" };
      return {
        ...base,
        state: "done",
        headline: status.result.view.headline,
        kChoice: status.result.view.kChoice,
        segments: status.result.view.segments,
        columnsHTML: status.result.columnsHTML,
        command: status.result.command,
        notes: status.result.notes,
        downloads: DOWNLOADS.filter((d) => d.name in status.result.files).map((d) => ({
          ...d,
          url: `/api/sessions/${session.id}/files/${d.name}`,
        })),
      };
  }
}

/** The poll answer for a session's "assign a new file" step. */
function assignState(session: Session): Record<string, unknown> {
  const job = session.assignJob;
  if (job === undefined) return { session: session.id, state: "idle" };
  const base = {
    session: session.id,
    file: job.request.upload.name,
    model: job.request.model?.name,
  };
  const status: JobState = job.status;
  switch (status.state) {
    case "queued":
      return { ...base, state: "queued", ahead: status.ahead };
    case "running":
      return { ...base, ...status };
    case "failed":
      return { ...base, state: "failed", message: status.message };
    case "cancelled":
      return { ...base, state: "cancelled" };
    case "done": {
      if (status.step !== "assign") return { ...base, state: "failed", message: "unexpected" };
      const { files: _files, ...result } = status.result;
      return {
        ...base,
        ...result,
        state: "done",
        downloads: ASSIGN_DOWNLOADS.filter((d) => d.name in status.result.files).map((d) => ({
          ...d,
          url: `/api/sessions/${session.id}/files/${d.name}`,
        })),
      };
    }
  }
}

/** Read a request body as text, refusing it past `maxBytes`. */
async function boundedText(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  name: string,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (body !== null) {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > maxBytes) throw uploadTooLarge(name, maxBytes);
      chunks.push(chunk);
    }
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}

function fileNameHeader(request: Request, fallback: string): string {
  try {
    return displayName(decodeURIComponent(request.headers.get("x-file-name") ?? fallback));
  } catch {
    return fallback;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  ".csv": "text/csv; charset=utf-8",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".json": "application/json; charset=utf-8",
  ".html": "text/html; charset=utf-8",
};

function downloadName(upload: string | undefined, file: string): string {
  const stem = (upload ?? "data").replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9._-]+/g, "_")
    .slice(0, 60) || "data";
  return file === "model.json" || file === "summary.json" ? `${stem}_${file}` : `${stem}_${file}`;
}

/**
 * Start the app. Resolves once it listens.
 *
 * @example
 * ```ts ignore
 * import { startApp } from "./server.ts";
 * const app = await startApp({ port: 0 });
 * console.log(app.url); // http://127.0.0.1:PORT/?token=…
 * await app.close();
 * ```
 */
export async function startApp(options: AppServerOptions = {}): Promise<AppServer> {
  const hostname = options.hostname ?? "127.0.0.1";
  const maxUploadBytes = options.maxUploadBytes ?? 200 * 2 ** 20;
  const token = options.token ?? Array.from(
    crypto.getRandomValues(new Uint8Array(32)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  const jobs = new JobRunner({ concurrency: options.concurrency });
  const store = await SessionStore.create({
    idleMs: options.idleMs,
    parent: options.tempParent,
    onClose: (session) => {
      if (session.job !== undefined) jobs.cancel(session.job);
      if (session.assignJob !== undefined) jobs.cancel(session.assignJob);
    },
  });
  const script = await Deno.readTextFile(BROWSER_SCRIPT);
  const page = pageHTML({ maxUploadBytes });
  let cookieName = "segment_app";
  let allowedHosts = new Set<string>();

  function runStep(session: Session, step: "columns" | "segment", appOptions: AppOptions): void {
    if (session.job !== undefined) jobs.cancel(session.job);
    session.options = appOptions;
    session.result = undefined;
    const job = jobs.submit({ step, upload: session.upload!, options: appOptions });
    session.job = job;
    job.finished.then((state) => {
      if (state.state === "done" && state.step === "segment") session.result = state.result;
      if (state.state === "done" && state.step === "columns") session.columns = state.result;
    });
  }

  async function handleAPI(request: Request, parts: string[]): Promise<Response> {
    const method = request.method;
    if (parts.length === 0) {
      if (method !== "POST") return errorJSON("method not allowed", 405);
      const declared = Number(request.headers.get("content-length") ?? "0");
      let name = "upload";
      try {
        name = decodeURIComponent(request.headers.get("x-file-name") ?? "upload");
      } catch {
        // keep the default name
      }
      if (declared > maxUploadBytes) {
        await request.body?.cancel().catch(() => {});
        return errorJSON(errorLine(uploadTooLarge(displayName(name), maxUploadBytes)), 413);
      }
      const session = await store.open();
      try {
        const upload = await store.saveUpload(session, name, request.body, maxUploadBytes);
        runStep(session, "columns", {});
        return json({ session: session.id, file: upload.name, size: upload.size }, 201);
      } catch (error) {
        await store.close(session.id);
        if (isInputError(error)) {
          return errorJSON(errorLine(error), /too large/.test(error.message) ? 413 : 400);
        }
        throw error;
      }
    }
    const session = store.get(parts[0]!);
    if (session === undefined) {
      return errorJSON(
        "Error: this analysis is closed (idle for too long, or the app restarted); upload the file again",
        404,
      );
    }
    const action = parts[1];
    if (action === undefined) {
      if (method === "GET") return json(sessionState(session));
      if (method === "DELETE") {
        await store.close(session.id);
        return json({ closed: true });
      }
      return errorJSON("method not allowed", 405);
    }
    if (action === "close" && method === "POST") {
      await store.close(session.id);
      return json({ closed: true });
    }
    if (action === "analyse" && method === "POST") {
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        return errorJSON("Error: Invalid options: expected JSON", 400);
      }
      try {
        const appOptions = appOptionsFrom(body);
        segmentationParameters(appOptions); // refuse bad options now, in the CLI's words
        runStep(session, "segment", appOptions);
      } catch (error) {
        if (isInputError(error)) return errorJSON(errorLine(error), 400);
        throw error;
      }
      return json(sessionState(session), 202);
    }
    if (action === "model" && method === "POST" && parts.length === 2) {
      // A model.json for "assign a new file", kept in memory until the session closes.
      const name = fileNameHeader(request, "model.json");
      try {
        session.model = { text: await boundedText(request.body, maxUploadBytes, name), name };
      } catch (error) {
        if (isInputError(error)) return errorJSON(errorLine(error), 413);
        throw error;
      }
      return json({ model: name }, 201);
    }
    if (action === "model" && method === "DELETE" && parts.length === 2) {
      session.model = undefined;
      return json({ model: null });
    }
    if (action === "assign" && method === "GET" && parts.length === 2) {
      return json(assignState(session));
    }
    if (action === "assign" && method === "POST" && parts.length === 2) {
      // The new file; labelled with the uploaded model (?model=uploaded) or this session's.
      const name = fileNameHeader(request, "upload");
      const declared = Number(request.headers.get("content-length") ?? "0");
      if (declared > maxUploadBytes) {
        await request.body?.cancel().catch(() => {});
        return errorJSON(errorLine(uploadTooLarge(name, maxUploadBytes)), 413);
      }
      const wanted = new URL(request.url).searchParams.get("model") ?? "session";
      let model: ModelText | undefined;
      if (wanted === "uploaded") {
        model = session.model;
      } else if (session.result?.files["model.json"] !== undefined) {
        model = {
          text: String(session.result.files["model.json"]),
          name: downloadName(session.upload?.name, "model.json"),
        };
      }
      if (model === undefined) {
        await request.body?.cancel().catch(() => {});
        return errorJSON(
          wanted === "uploaded"
            ? "Error: no model.json uploaded; choose one, or leave it empty to use this analysis"
            : "Error: no segments yet; press Find segments first, or choose a model.json",
          409,
        );
      }
      if (session.assignJob !== undefined) jobs.cancel(session.assignJob);
      session.assigned = undefined;
      let upload;
      try {
        upload = await store.saveFile(session, name, request.body, maxUploadBytes, "assign");
      } catch (error) {
        if (isInputError(error)) {
          return errorJSON(errorLine(error), /too large/.test(error.message) ? 413 : 400);
        }
        throw error;
      }
      const job = jobs.submit({ step: "assign", upload, options: {}, model });
      session.assignJob = job;
      job.finished.then((state) => {
        if (state.state === "done" && state.step === "assign") session.assigned = state.result;
      });
      return json(assignState(session), 202);
    }
    if (action === "cancel" && method === "POST") {
      if (session.job !== undefined) jobs.cancel(session.job);
      return json(sessionState(session));
    }
    if (action === "files" && method === "GET" && parts.length === 3) {
      const file = parts[2]!;
      const content = DOWNLOADS.some((d) => d.name === file)
        ? session.result?.files[file]
        : ASSIGN_DOWNLOADS.some((d) => d.name === file)
        ? session.assigned?.files[file]
        : undefined;
      if (content === undefined) return errorJSON("no such file", 404);
      const ext = file.slice(file.lastIndexOf("."));
      return respond(content as BodyInit, 200, {
        "content-type": CONTENT_TYPES[ext] ?? "application/octet-stream",
        "content-disposition": `attachment; filename="${downloadName(session.upload?.name, file)}"`,
      });
    }
    return errorJSON("not found", 404);
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const host = request.headers.get("host") ?? "";
    if (!allowedHosts.has(host)) return respond("Forbidden: unexpected Host header", 403);
    const origin = request.headers.get("origin");
    if (
      origin !== null && request.method !== "GET" &&
      !allowedHosts.has(origin.replace(/^https?:\/\//, ""))
    ) {
      return respond("Forbidden: cross-origin request", 403);
    }
    const given = url.searchParams.get("token");
    const fromCookie = cookieToken(request, cookieName);
    const viaQuery = given !== null && sameToken(given, token);
    const authorised = viaQuery || (fromCookie !== undefined && sameToken(fromCookie, token));
    if (!authorised) {
      return respond(
        "Forbidden: open the address with the token that deno task app printed",
        403,
        { "content-type": "text/plain; charset=utf-8" },
      );
    }
    if (viaQuery && request.method === "GET" && url.pathname === "/") {
      return respond(null, 303, {
        location: "/",
        "set-cookie": `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`,
      });
    }
    try {
      if (request.method === "GET" && url.pathname === "/") {
        return respond(page, 200, { "content-type": "text/html; charset=utf-8" });
      }
      if (request.method === "GET" && url.pathname === "/app.js") {
        return respond(script, 200, { "content-type": "text/javascript; charset=utf-8" });
      }
      if (request.method === "GET" && url.pathname === "/app.css") {
        return respond(APP_CSS, 200, { "content-type": "text/css; charset=utf-8" });
      }
      if (url.pathname === "/api/sessions" || url.pathname.startsWith("/api/sessions/")) {
        const parts = url.pathname.slice("/api/sessions".length).split("/").filter((p) => p !== "");
        return await handleAPI(request, parts);
      }
      return respond("Not found", 404, { "content-type": "text/plain; charset=utf-8" });
    } catch (error) {
      console.error(error);
      return errorJSON(errorLine(error), 500);
    }
  }

  const server = Deno.serve({ port: options.port ?? 0, hostname, onListen: () => {} }, handle);
  const port = server.addr.port;
  cookieName = `segment_app_${port}`;
  const shownHost = hostname.includes(":") ? `[${hostname}]` : hostname;
  allowedHosts = new Set([
    `${shownHost}:${port}`,
    `localhost:${port}`,
    `127.0.0.1:${port}`,
    `[::1]:${port}`,
  ]);
  const origin = `http://${shownHost}:${port}`;
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
