/**
 * A run's output folder as one unit: a reader of the folder sees the whole previous result or the
 * whole new one, never a mix; files an earlier run wrote and this one does not are removed (and
 * named); two runs into one folder never interleave (the second refuses while the first holds it).
 *
 * How: the run takes a lock beside the folder (`.<name>.lock`, created exclusively, holding the
 * process id; a lock whose process is gone is taken over), writes every file into a staging folder
 * beside it, then swaps the folders with two renames and removes the old one. Between the two
 * renames the folder is absent for an instant (never mixed); an interruption there is repaired by
 * the next run, which puts the previous result back before anything else. Each folder written
 * this way carries `.output.json`, the list of its files.
 *
 * A folder that holds files of someone else (anything not listed in its `.output.json` and not
 * named like a file of this run), or that holds an input, is not swapped: the files are then
 * written one by one, atomically each, under the same lock, and the earlier run's files that this
 * one does not write are removed. With `holdSignals` (the command line), SIGINT and SIGTERM wait
 * until the last rename is done.
 *
 * @module
 */
import { basename, dirname, join, relative, resolve } from "node:path";
import { InputError } from "../errors.ts";
import { assertNotInput } from "./assert_not_input.ts";
import { writeFileSynced } from "./atomic_write.ts";

/** The list of files a folder written as one unit holds. */
export const MANIFEST = ".output.json";

/** The steps of {@link writeOutputFolder}, in order; tests pause or stop a run at each. */
export type OutputStep = "locked" | "staged" | "set-aside" | "swapped" | "written";

/** Options for {@link writeOutputFolder}. */
export interface OutputFolderOptions {
  /** Input files: never overwritten, and a folder holding one is never swapped away. */
  inputs?: readonly string[];
  /** Receives one line per thing the user should know (files removed from an earlier run). */
  onNote?: (line: string) => void;
  /** Hold SIGINT/SIGTERM until the folder is whole, then exit (for a command-line process). */
  holdSignals?: boolean;
  /** Called after each step; a test can pause a run there or throw to simulate an interruption. */
  atStep?: (step: OutputStep) => void | Promise<void>;
}

/** What {@link writeOutputFolder} did. */
export interface OutputFolderResult {
  /** Paths written, in the order given. */
  written: string[];
  /** Files of an earlier run that this run removed (relative to the folder). */
  removed: string[];
  /** `swap` when the folder was replaced as a whole, `in-place` when written file by file. */
  mode: "swap" | "in-place";
}

type Content = string | Uint8Array;

/**
 * Write `files` (names relative to `dir`, `/` for subfolders) as the folder's whole content.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { writeOutputFolder } from "./output_folder.ts";
 * const dir = `${await Deno.makeTempDir()}/out`;
 * await writeOutputFolder(dir, { "a.csv": "x\n1\n", "b.json": "{}\n" });
 * const second = await writeOutputFolder(dir, { "a.csv": "x\n2\n" });
 * deepEqual(second.removed, ["b.json"]);
 * equal(await Deno.readTextFile(`${dir}/a.csv`), "x\n2\n");
 * ```
 */
export async function writeOutputFolder(
  dir: string,
  files: Readonly<Record<string, Content>>,
  options: OutputFolderOptions = {},
): Promise<OutputFolderResult> {
  const { inputs = [], onNote, atStep, holdSignals = false } = options;
  const target = resolve(dir);
  const names = Object.keys(files);
  for (const name of names) {
    if (name === MANIFEST || name.startsWith("/") || name.split("/").includes("..")) {
      throw new Error(`Output file name not allowed: ${name}`);
    }
    await assertNotInput(join(target, name), inputs);
  }
  const parent = dirname(target);
  await Deno.mkdir(parent, { recursive: true });
  await assertFolderOrAbsent(target);
  const unlock = await lockFolder(target);
  const deferred = holdSignals ? deferSignals() : { release() {} };
  try {
    await repairInterruptedSwap(target);
    await atStep?.("locked");
    const previous = await previousFiles(target);
    const removed = previous.filter((f) => !(f in files)).sort();
    const swap = await canSwap(target, names, previous, inputs);
    const written = swap
      ? await swapIn(target, files, atStep)
      : await writeInPlace(target, files, removed, atStep);
    if (removed.length > 0) {
      onNote?.(`Removed from the earlier run in ${dir}: ${listed(removed)}`);
    }
    await atStep?.("written");
    return { written, removed, mode: swap ? "swap" : "in-place" };
  } finally {
    await unlock();
    deferred.release();
  }
}

/** Names for a message: files of a subfolder as "crm/ (12 files)", at most six items. */
function listed(names: readonly string[]): string {
  const items: string[] = [];
  const folders = new Map<string, number>();
  for (const name of names) {
    const slash = name.indexOf("/");
    if (slash < 0) items.push(name);
    else folders.set(name.slice(0, slash + 1), (folders.get(name.slice(0, slash + 1)) ?? 0) + 1);
  }
  for (const [folder, n] of folders) items.push(n === 1 ? folder : `${folder} (${n} files)`);
  items.sort();
  return items.length <= 6
    ? items.join(", ")
    : `${items.slice(0, 5).join(", ")} and ${items.length - 5} more`;
}

async function assertFolderOrAbsent(target: string): Promise<void> {
  const info = await Deno.stat(target).catch(() => undefined);
  if (info !== undefined && !info.isDirectory) {
    throw new InputError("Output folder is a file", {
      file: target,
      hint: "give --out a folder name (new or existing)",
    });
  }
}

/** Lock file beside the folder, so the lock survives the folder being swapped. */
function lockPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.lock`);
}

function processAlive(pid: number): boolean {
  if (pid === Deno.pid) return true;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    try {
      Deno.kill(pid, "SIGCONT");
      return true;
    } catch {
      return false;
    }
  }
}

async function lockFolder(target: string): Promise<() => Promise<void>> {
  const path = lockPath(target);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await Deno.open(path, { write: true, createNew: true });
      await file.write(new TextEncoder().encode(`${Deno.pid}\n`));
      file.close();
      return async () => {
        await Deno.remove(path).catch(() => {});
      };
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
      const holder = Number.parseInt(await Deno.readTextFile(path).catch(() => ""), 10);
      if (Number.isFinite(holder) && processAlive(holder)) {
        throw new InputError(`Output folder in use by another run (process ${holder})`, {
          file: target,
          hint: "wait for that run to finish, or give another --out",
        });
      }
      await Deno.remove(path).catch(() => {}); // left by a run that is gone
    }
  }
  throw new InputError("Output folder is locked", {
    file: target,
    hint: `remove ${lockPath(target)} if no run is writing there`,
  });
}

/** A run stopped between its two renames left the folder absent and the old one aside. */
async function repairInterruptedSwap(target: string): Promise<void> {
  const parent = dirname(target);
  const prefix = `.${basename(target)}.`;
  const aside: string[] = [];
  const staging: string[] = [];
  for await (const entry of Deno.readDir(parent)) {
    if (!entry.name.startsWith(prefix)) continue;
    if (entry.name.includes(".old-")) aside.push(join(parent, entry.name));
    if (entry.name.includes(".staging-")) staging.push(join(parent, entry.name));
  }
  const exists = await Deno.stat(target).then(() => true, () => false);
  if (!exists && aside.length > 0) await Deno.rename(aside.pop()!, target);
  for (const path of [...aside, ...staging]) await Deno.remove(path, { recursive: true });
}

/** Files the folder holds from an earlier run: its manifest, else nothing. */
async function previousFiles(target: string): Promise<string[]> {
  const text = await Deno.readTextFile(join(target, MANIFEST)).catch(() => undefined);
  if (text === undefined) return [];
  try {
    const parsed = JSON.parse(text) as { files?: unknown };
    return Array.isArray(parsed.files)
      ? parsed.files.filter((f): f is string =>
        typeof f === "string" && !f.startsWith("/") && !f.split("/").includes("..")
      )
      : [];
  } catch {
    return [];
  }
}

async function* walk(dir: string, prefix = ""): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory) yield* walk(join(dir, entry.name), `${rel}/`);
    else yield rel;
  }
}

/** Swap only a folder that holds nothing but our own files and no input. */
async function canSwap(
  target: string,
  names: readonly string[],
  previous: readonly string[],
  inputs: readonly string[],
): Promise<boolean> {
  const exists = await Deno.stat(target).then(() => true, () => false);
  if (!exists) return true;
  for (const input of inputs) {
    const rel = relative(target, resolve(input));
    if (!rel.startsWith("..") && rel !== "") return false;
  }
  const ours = new Set([...names, ...previous, MANIFEST]);
  for await (const file of walk(target)) {
    if (!ours.has(file) && !/(^|\/)\.[^/]*\.partial$/.test(file)) return false;
  }
  return true;
}

function manifest(files: Readonly<Record<string, Content>>): string {
  return JSON.stringify({ files: Object.keys(files).sort() }, null, 2) + "\n";
}

async function writeSynced(path: string, content: Content): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await writeFileSynced(path, content);
}

async function swapIn(
  target: string,
  files: Readonly<Record<string, Content>>,
  atStep: OutputFolderOptions["atStep"],
): Promise<string[]> {
  const id = crypto.randomUUID().slice(0, 8);
  const staging = join(dirname(target), `.${basename(target)}.staging-${id}`);
  const aside = join(dirname(target), `.${basename(target)}.old-${id}`);
  try {
    await Deno.mkdir(staging, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      await writeSynced(join(staging, name), content);
    }
    await writeSynced(join(staging, MANIFEST), manifest(files));
    await atStep?.("staged");
  } catch (error) {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    throw error;
  }
  const exists = await Deno.stat(target).then(() => true, () => false);
  if (exists) {
    await Deno.rename(target, aside);
    await atStep?.("set-aside");
  }
  await Deno.rename(staging, target);
  await atStep?.("swapped");
  if (exists) await Deno.remove(aside, { recursive: true });
  return Object.keys(files).map((name) => join(target, name));
}

async function writeInPlace(
  target: string,
  files: Readonly<Record<string, Content>>,
  removed: readonly string[],
  atStep: OutputFolderOptions["atStep"],
): Promise<string[]> {
  const id = crypto.randomUUID().slice(0, 8);
  const staged: [string, string][] = [];
  try {
    for (const [name, content] of Object.entries(files)) {
      const path = join(target, name);
      const tmp = join(dirname(path), `.${basename(path)}.${id}.partial`);
      await writeSynced(tmp, content);
      staged.push([tmp, path]);
    }
    const manifestTmp = join(target, `.${MANIFEST}.${id}.partial`);
    await writeSynced(manifestTmp, manifest(files));
    staged.push([manifestTmp, join(target, MANIFEST)]);
    await atStep?.("staged");
  } catch (error) {
    for (const [tmp] of staged) await Deno.remove(tmp).catch(() => {});
    throw error;
  }
  for (const [tmp, path] of staged) await Deno.rename(tmp, path);
  await atStep?.("swapped");
  for (const name of removed) await Deno.remove(join(target, name)).catch(() => {});
  return Object.keys(files).map((name) => join(target, name));
}

/** Hold SIGINT and SIGTERM until the folder is whole again, then act on them. */
function deferSignals(): { release: () => void } {
  const pending: Deno.Signal[] = [];
  const listeners: [Deno.Signal, () => void][] = [];
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const listener = () => pending.push(signal);
    try {
      Deno.addSignalListener(signal, listener);
      listeners.push([signal, listener]);
    } catch {
      // signals not supported here (e.g. on Windows for SIGTERM)
    }
  }
  return {
    release() {
      for (const [signal, listener] of listeners) Deno.removeSignalListener(signal, listener);
      if (pending.length > 0) Deno.exit(pending[0] === "SIGINT" ? 130 : 143);
    },
  };
}
