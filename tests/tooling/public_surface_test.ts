// The library's public surface: one `deno.json` export per folder with a `mod.ts`, and every
// `mod.ts` exporting by name (only the whole library's `lib/mod.ts` gathers the folders' modules).
import { deepEqual, ok } from "node:assert/strict";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;

async function foldersWithMod(): Promise<string[]> {
  const folders: string[] = [];
  for await (const e of Deno.readDir(join(ROOT, "lib"))) {
    if (!e.isDirectory) continue;
    if (await Deno.stat(join(ROOT, "lib", e.name, "mod.ts")).then(() => true, () => false)) {
      folders.push(e.name);
    }
  }
  return folders.sort();
}

Deno.test("deno.json exports the library and each folder's mod.ts", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const expected: Record<string, string> = { ".": "./lib/mod.ts" };
  for (const folder of await foldersWithMod()) expected[`./${folder}`] = `./lib/${folder}/mod.ts`;
  deepEqual(config.exports, expected);
});

Deno.test("each folder's mod.ts exports by name, and each entry point loads", async () => {
  for (const folder of await foldersWithMod()) {
    const path = join(ROOT, "lib", folder, "mod.ts");
    const source = await Deno.readTextFile(path);
    ok(!/export \*/.test(source), `${folder}/mod.ts re-exports with export *`);
    const module = await import(path);
    ok(Object.keys(module).length > 0, `${folder}/mod.ts exports nothing at run time`);
  }
  const whole = await Deno.readTextFile(join(ROOT, "lib", "mod.ts"));
  for (const line of whole.split("\n").filter((l) => l.startsWith("export *"))) {
    ok(/from "\.\/[a-z_]+\/mod\.ts";$/.test(line), `lib/mod.ts: ${line}`);
  }
});
