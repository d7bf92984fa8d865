// An output folder is one result: forced schedules (a run stopped at each step, killed there, or
// paused while a second run starts), not timing luck.
import { deepEqual, equal, match, ok, rejects } from "node:assert/strict";
import { join } from "node:path";
import { MANIFEST, type OutputStep, writeOutputFolder } from "../../lib/io/output_folder.ts";
import { InputError } from "../../lib/errors.ts";

const CHILD = new URL("./workers/write_folder_child.ts", import.meta.url).pathname;
const OLD = ["a.csv", "b.csv", "c.json"];
const NEW = ["a.csv", "b.csv", "c.json", "sub/d.csv"];

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.name === MANIFEST) continue;
    if (e.isDirectory) out.push(...await listFiles(join(dir, e.name), `${prefix}${e.name}/`));
    else out.push(`${prefix}${e.name}`);
  }
  return out.sort();
}

/** What a reader of the folder sees: absent, or which run's files (never a mix). */
async function readerSees(dir: string): Promise<string> {
  const exists = await Deno.stat(dir).then(() => true, () => false);
  if (!exists) return "absent";
  const files = await listFiles(dir);
  const tags = new Set<string>();
  for (const f of files) tags.add((await Deno.readTextFile(join(dir, f))).trim());
  if (tags.size !== 1) return `mix: ${[...tags].join(", ")}`;
  const tag = [...tags][0]!;
  deepEqual(files, tag === "old" ? OLD : NEW, `files of the ${tag} run`);
  return tag;
}

async function oldRun(dir: string): Promise<void> {
  await writeOutputFolder(dir, Object.fromEntries(OLD.map((f) => [f, "old\n"])));
}

function startChild(dir: string, tag: string, stopAt?: OutputStep) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CHILD, dir, tag, ...(stopAt ? [stopAt] : [])],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function waitForLine(child: Deno.ChildProcess, line: string): Promise<void> {
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes(line)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`child ended before "${line}": ${seen}`);
    seen += value;
  }
  reader.releaseLock();
}

async function leftovers(parent: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(parent)) if (e.name.startsWith(".")) names.push(e.name);
  return names;
}

const STEPS: OutputStep[] = ["locked", "staged", "set-aside", "swapped", "written"];

for (const step of STEPS) {
  Deno.test(`a run killed at "${step}" leaves the whole old or new result; the next run completes`, async () => {
    const parent = await Deno.makeTempDir();
    const dir = join(parent, "out");
    try {
      await oldRun(dir);
      const child = startChild(dir, "new", step);
      await waitForLine(child, `AT ${step}`);
      const during = await readerSees(dir);
      child.kill("SIGKILL");
      await child.status;
      await child.stderr.cancel();
      const after = await readerSees(dir);
      // Before the swap the old result is whole; after it the new one; between the two renames
      // the folder is absent for an instant (never a mix).
      const expected = step === "locked" || step === "staged"
        ? "old"
        : step === "set-aside"
        ? "absent"
        : "new";
      equal(during, expected);
      equal(after, expected);
      // The next run repairs and completes; nothing of the killed run stays beside the folder.
      const next = startChild(dir, "new");
      equal((await next.output()).code, 0);
      equal(await readerSees(dir), "new");
      deepEqual(await leftovers(parent), []);
    } finally {
      await Deno.remove(parent, { recursive: true });
    }
  });
}

for (const step of ["locked", "staged", "set-aside", "swapped"] as OutputStep[]) {
  Deno.test(`a second run into the folder while the first is at "${step}" refuses, naming the folder in use`, async () => {
    const parent = await Deno.makeTempDir();
    const dir = join(parent, "out");
    try {
      await oldRun(dir);
      const first = startChild(dir, "new", step);
      await waitForLine(first, `AT ${step}`);
      const second = await startChild(dir, "old").output();
      equal(second.code, 2);
      match(new TextDecoder().decode(second.stderr), /Output folder in use by another run/);
      first.kill("SIGKILL");
      await first.status;
      await first.stderr.cancel();
      // The lock of a run that is gone is taken over.
      equal((await startChild(dir, "new").output()).code, 0);
      equal(await readerSees(dir), "new");
    } finally {
      await Deno.remove(parent, { recursive: true });
    }
  });
}

Deno.test("files an earlier run wrote and this one does not are removed and named", async () => {
  const dir = join(await Deno.makeTempDir(), "crm");
  const notes: string[] = [];
  await writeOutputFolder(
    dir,
    Object.fromEntries(
      ["cluster_0.csv", "cluster_1.csv", "cluster_2.csv", "index.csv"].map((f) => [f, "x\n"]),
    ),
  );
  const result = await writeOutputFolder(
    dir,
    { "cluster_0.csv": "y\n", "index.csv": "y\n" },
    { onNote: (line) => notes.push(line) },
  );
  deepEqual(result.removed, ["cluster_1.csv", "cluster_2.csv"]);
  equal(result.mode, "swap");
  deepEqual(await listFiles(dir), ["cluster_0.csv", "index.csv"]);
  match(notes[0]!, /Removed from the earlier run .*cluster_1\.csv, cluster_2\.csv/);
});

Deno.test("a folder holding someone else's files is written file by file and theirs stay", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(join(dir, "notes.txt"), "mine\n");
  await Deno.writeTextFile(join(dir, "input.csv"), "a\n1\n");
  await writeOutputFolder(dir, { "a.csv": "1\n", "b.csv": "1\n" }, {
    inputs: [join(dir, "input.csv")],
  });
  const second = await writeOutputFolder(dir, { "a.csv": "2\n" }, {
    inputs: [join(dir, "input.csv")],
  });
  equal(second.mode, "in-place");
  deepEqual(second.removed, ["b.csv"]);
  deepEqual(await listFiles(dir), ["a.csv", "input.csv", "notes.txt"]);
  equal(await Deno.readTextFile(join(dir, "notes.txt")), "mine\n");
  equal(await Deno.readTextFile(join(dir, "a.csv")), "2\n");
});

Deno.test("an output over an input, or a folder that is a file, is refused before anything is written", async () => {
  const dir = await Deno.makeTempDir();
  const input = join(dir, "a.csv");
  await Deno.writeTextFile(input, "keep\n");
  await rejects(writeOutputFolder(dir, { "a.csv": "x\n" }, { inputs: [input] }), InputError);
  equal(await Deno.readTextFile(input), "keep\n");
  await rejects(writeOutputFolder(input, { "b.csv": "x\n" }), /Output folder is a file/);
  deepEqual(await leftovers(dir), []);
});

Deno.test("writes into a new folder, nested names included, with the list of its files", async () => {
  const dir = join(await Deno.makeTempDir(), "a", "b");
  const result = await writeOutputFolder(dir, { "x.csv": "1\n", "crm/y.csv": "2\n" });
  deepEqual(await listFiles(dir), ["crm/y.csv", "x.csv"]);
  deepEqual(JSON.parse(await Deno.readTextFile(join(dir, MANIFEST))).files, ["crm/y.csv", "x.csv"]);
  equal(result.written.length, 2);
  ok(result.written.every((p) => p.startsWith(dir)));
});
