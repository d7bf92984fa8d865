/**
 * Sessions and their uploads. Every upload lives in its session's folder
 * inside one private temporary folder (mode 0700, outside the project),
 * under a name the server chooses; clients address sessions by a random id,
 * never by a path. A session's folder is deleted when it is closed, after
 * an idle period (an hour by default) and when the app exits.
 *
 * @module
 */
import { extname, join } from "node:path";
import { InputError } from "../errors.ts";
import type { AssignResult, ColumnsResult, ModelText, SegmentResult, Upload } from "./analysis.ts";
import type { Job } from "./jobs.ts";
import type { AppOptions } from "./options.ts";

/** One person's analysis of one file. */
export interface Session {
  readonly id: string;
  /** Its private folder. */
  readonly dir: string;
  upload?: Upload & { size: number };
  /** The running or last step. */
  job?: Job;
  columns?: ColumnsResult;
  result?: SegmentResult;
  options?: AppOptions;
  /** A model.json the person uploaded for "assign a new file". */
  model?: ModelText;
  /** The running or last "assign a new file" step. */
  assignJob?: Job;
  /** Its result. */
  assigned?: AssignResult;
  lastSeen: number;
}

/** Options for {@link SessionStore.create}. */
export interface SessionStoreOptions {
  /** Close sessions idle this long (default one hour). */
  idleMs?: number;
  /** Parent of the private folder (default: the system temporary folder). */
  parent?: string;
  /** Called when a session closes (e.g. to cancel its job). */
  onClose?: (session: Session) => void;
}

/** A size limit in bytes, as text: "200MB", "1GB", "512KB", "1000" (MB = 2^20 bytes). */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$/i.exec(text);
  if (m === null) {
    throw new InputError(`Invalid size: "${text}"`, { hint: "give a size such as 200MB or 1GB" });
  }
  const unit = (m[2] ?? "b").toLowerCase();
  const factor = unit.startsWith("g")
    ? 2 ** 30
    : unit.startsWith("m")
    ? 2 ** 20
    : unit.startsWith("k")
    ? 2 ** 10
    : 1;
  const bytes = Math.floor(Number(m[1]) * factor);
  if (!(bytes > 0)) {
    throw new InputError(`Invalid size: "${text}"`, { hint: "give a size above 0" });
  }
  return bytes;
}

/** A byte count as people read it ("200 MiB"). */
export function formatSize(bytes: number): string {
  if (bytes >= 2 ** 30) return `${+(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (bytes >= 2 ** 10) return `${+(bytes / 2 ** 10).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/**
 * The name to show for an uploaded file: its last path part, without
 * control characters, at most 120 characters.
 *
 * @example
 * ```ts
 * import { displayName } from "./sessions.ts";
 * displayName("../../etc/passwd"); // "passwd"
 * ```
 */
export function displayName(name: string): string {
  // deno-lint-ignore no-control-regex
  const base = name.split(/[\\/]/).at(-1)!.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  const short = base.length > 120 ? base.slice(0, 60) + "…" + base.slice(-59) : base;
  return short === "" || short === "." || short === ".." ? "upload" : short;
}

/** The one-line error for an upload past the limit. */
export function uploadTooLarge(name: string, maxBytes: number): InputError {
  return new InputError(`File is too large: more than ${formatSize(maxBytes)}, the upload limit`, {
    file: name,
    hint: "start the app with a higher limit (deno task app --max-upload 1GB), " +
      "or run deno task segment on the file",
  });
}

/** The stored file's name: fixed, with the upload's extension when it is a plain one. */
function storedName(name: string, base = "upload"): string {
  const ext = extname(name).toLowerCase();
  return /^\.[a-z0-9]{1,8}$/.test(ext) ? `${base}${ext}` : base;
}

/** The sessions of one running app. */
export class SessionStore {
  /** The private folder holding every session's folder. */
  readonly root: string;
  readonly idleMs: number;
  readonly #sessions = new Map<string, Session>();
  readonly #onClose?: (session: Session) => void;
  #closed = false;

  private constructor(root: string, options: SessionStoreOptions) {
    this.root = root;
    this.idleMs = options.idleMs ?? 60 * 60 * 1000;
    this.#onClose = options.onClose;
  }

  /**
   * Make the private folder (mode 0700) and an empty store.
   *
   * @example
   * ```ts
   * import { SessionStore } from "./sessions.ts";
   * const store = await SessionStore.create();
   * (Deno.statSync(store.root).mode! & 0o777).toString(8); // "700"
   * await store.closeAll();
   * ```
   */
  static async create(options: SessionStoreOptions = {}): Promise<SessionStore> {
    const root = await Deno.makeTempDir({ dir: options.parent, prefix: "segment-app-" });
    await Deno.chmod(root, 0o700);
    return new SessionStore(root, options);
  }

  /** Number of open sessions. */
  get size(): number {
    return this.#sessions.size;
  }

  /** Open a session with its own folder (mode 0700). */
  async open(): Promise<Session> {
    if (this.#closed) throw new Error("the app is shutting down");
    const id = crypto.randomUUID();
    const dir = join(this.root, id);
    await Deno.mkdir(dir, { mode: 0o700 });
    await Deno.chmod(dir, 0o700);
    const session: Session = { id, dir, lastSeen: Date.now() };
    this.#sessions.set(id, session);
    return session;
  }

  /** The session with this id (and mark it as seen), or undefined. */
  get(id: string): Session | undefined {
    const session = this.#sessions.get(id);
    if (session !== undefined) session.lastSeen = Date.now();
    return session;
  }

  /**
   * Store an upload in the session's folder under a server-chosen name,
   * refusing it past `maxBytes` (the partial file is removed).
   */
  async saveUpload(
    session: Session,
    name: string,
    body: ReadableStream<Uint8Array> | null,
    maxBytes: number,
  ): Promise<Upload & { size: number }> {
    session.upload = await this.saveFile(session, name, body, maxBytes, "upload");
    return session.upload;
  }

  /**
   * Store a file in the session's folder as `base` plus the upload's
   * extension (replacing an earlier one of that base), refusing it past
   * `maxBytes`; e.g. the new file of "assign a new file" (`base` "assign").
   */
  async saveFile(
    session: Session,
    name: string,
    body: ReadableStream<Uint8Array> | null,
    maxBytes: number,
    base: "upload" | "assign",
  ): Promise<Upload & { size: number }> {
    const shown = displayName(name);
    const path = join(session.dir, storedName(shown, base));
    if (base !== "upload") {
      for await (const entry of Deno.readDir(session.dir)) {
        if (entry.name === base || entry.name.startsWith(`${base}.`)) {
          await Deno.remove(join(session.dir, entry.name)).catch(() => {});
        }
      }
    }
    const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
    let size = 0;
    try {
      if (body !== null) {
        for await (const chunk of body) {
          size += chunk.length;
          if (size > maxBytes) throw uploadTooLarge(shown, maxBytes);
          let written = 0;
          while (written < chunk.length) written += await file.write(chunk.subarray(written));
        }
      }
    } catch (error) {
      file.close();
      await Deno.remove(path).catch(() => {});
      throw error;
    }
    file.close();
    return { path, name: shown, size };
  }

  /** Close a session: forget it and delete its folder. */
  async close(id: string): Promise<boolean> {
    const session = this.#sessions.get(id);
    if (session === undefined) return false;
    this.#sessions.delete(id);
    this.#onClose?.(session);
    await Deno.remove(session.dir, { recursive: true }).catch(() => {});
    return true;
  }

  /** Close every session idle for longer than the idle period; returns how many. */
  async sweep(now = Date.now()): Promise<number> {
    const idle = [...this.#sessions.values()].filter((s) => now - s.lastSeen > this.idleMs);
    for (const s of idle) await this.close(s.id);
    return idle.length;
  }

  /** Close every session and delete the private folder (on exit). */
  async closeAll(): Promise<void> {
    this.#closed = true;
    for (const id of [...this.#sessions.keys()]) await this.close(id);
    await Deno.remove(this.root, { recursive: true }).catch(() => {});
  }

  /** Synchronous last-resort cleanup (from an unload handler). */
  closeAllSync(): void {
    this.#closed = true;
    for (const session of this.#sessions.values()) this.#onClose?.(session);
    this.#sessions.clear();
    try {
      Deno.removeSync(this.root, { recursive: true });
    } catch {
      // already gone
    }
  }
}
