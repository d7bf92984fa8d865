import { equal, ok, rejects } from "node:assert/strict";
import { join } from "node:path";
import { writeFileAtomic } from "../../lib/io/mod.ts";

const MOD = new URL("../../lib/io/mod.ts", import.meta.url).href;
const SIZE = 256 * 1024 * 1024;

async function partials(dir: string): Promise<Deno.DirEntry[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).filter((e) => e.name.endsWith(".partial"));
}

Deno.test("writeFileAtomic: a writer killed midway leaves the previous file intact", async () => {
  const dir = await Deno.makeTempDir();
  const target = join(dir, "segments.csv");
  await Deno.writeTextFile(target, "previous run\n");
  const script = `
    import { writeFileAtomic } from ${JSON.stringify(MOD)};
    await writeFileAtomic(${JSON.stringify(target)}, new Uint8Array(${SIZE}).fill(65));
  `;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--config", join(import.meta.dirname!, "..", "..", "deno.json"), script],
    stdout: "null",
    stderr: "null",
  }).spawn();
  // Kill it as soon as the temporary file has some bytes, well before SIZE.
  let seen = 0;
  for (let i = 0; i < 20_000 && seen === 0; i++) {
    for (const entry of await partials(dir)) {
      const size = (await Deno.stat(join(dir, entry.name)).catch(() => undefined))?.size ?? 0;
      if (size > 0) seen = size;
    }
    if (seen === 0) await new Promise((r) => setTimeout(r, 2));
  }
  child.kill("SIGKILL");
  const status = await child.status;
  ok(seen > 0 && seen < SIZE, `caught the write midway (${seen} of ${SIZE} bytes)`);
  equal(status.success, false);
  equal(await Deno.readTextFile(target), "previous run\n");
  const names = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name);
  ok(
    names.every((n) =>
      n === "segments.csv" || (n.startsWith(".segments.csv.") && n.endsWith(".partial"))
    ),
    names.join(", "),
  );
});

Deno.test("writeFileAtomic: an error while writing leaves no file behind", async () => {
  const dir = await Deno.makeTempDir();
  const target = join(dir, "sub");
  await Deno.mkdir(target);
  await rejects(writeFileAtomic(target, "x"));
  equal((await partials(dir)).length, 0);
});

Deno.test("writeFileAtomic: creates the folder, writes the bytes and applies the mode", async () => {
  const dir = await Deno.makeTempDir();
  const target = join(dir, "a", "b", "lookup.csv");
  await writeFileAtomic(target, "id,key\n", { mode: 0o600 });
  equal(await Deno.readTextFile(target), "id,key\n");
  equal((await Deno.stat(target)).mode! & 0o777, 0o600);
  equal((await partials(join(dir, "a", "b"))).length, 0);
});
