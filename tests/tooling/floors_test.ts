/**
 * The library's floors, from the ground up: a file may import from its own floor or any floor
 * below it, never from one above. This list is the one place the order is written; the README's
 * map of the library follows it.
 */
import { deepEqual } from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";

/** Floors from the ground up; `.` is the ground floor (the files directly under `lib/`). */
export const FLOORS: readonly string[] = [
  ".", // errors, random, matrix, check_input, format, segment_names, column_array
  "io",
  "sql", // dialects: what differs between SQL engines (the model compiler sits in segment)
  "clean",
  "privacy",
  "features",
  "clv",
  "prepare",
  "cluster",
  "metrics",
  "select",
  "profile",
  "explain",
  "plot",
  "display",
  "segment",
  "rfm",
  "app",
  "cli",
];

const LIB = new URL("../../lib/", import.meta.url).pathname;

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sources(path);
    else if (/\.(ts|js)$/.test(entry.name)) yield path;
  }
}

function floorOf(path: string): string {
  const rel = relative(LIB, path);
  return rel.includes("/") ? rel.split("/")[0]! : ".";
}

/** Every relative module a file refers to: static and dynamic imports, re-exports, workers. */
export function referencedModules(source: string): string[] {
  const specs: string[] = [];
  const code = source.replace(/^\s*\*.*$/gm, ""); // JSDoc lines (examples import their own file)
  const pattern =
    /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)["'](\.\.?\/[^"']+\.(?:ts|js))["']/g;
  for (const match of code.matchAll(pattern)) specs.push(match[1]!);
  return specs;
}

Deno.test("no file in lib/ imports from a floor above its own", async () => {
  const upward: string[] = [];
  for await (const file of sources(LIB)) {
    if (relative(LIB, file) === "mod.ts") continue; // the whole library's entry point
    const from = FLOORS.indexOf(floorOf(file));
    if (from < 0) {
      upward.push(`${relative(LIB, file)}: its folder is not in FLOORS`);
      continue;
    }
    for (const spec of referencedModules(await Deno.readTextFile(file))) {
      const target = normalize(join(dirname(file), spec));
      if (!target.startsWith(LIB)) continue;
      const to = FLOORS.indexOf(floorOf(target));
      if (to > from) upward.push(`${relative(LIB, file)} → ${relative(LIB, target)}`);
    }
  }
  deepEqual(upward, []);
});

Deno.test("the floor check sees static, dynamic and worker imports", () => {
  deepEqual(
    referencedModules(
      `import { a } from "../x/a.ts";\nexport * from "./b.ts";\nconst m = await import("../c.ts");\n` +
        `new Worker(new URL("./w.ts", import.meta.url));\n * import { e } from "./e.ts";`,
    ),
    ["../x/a.ts", "./b.ts", "../c.ts", "./w.ts"],
  );
});

Deno.test("every folder of lib/ is a floor", async () => {
  const folders: string[] = [];
  for await (const entry of Deno.readDir(LIB)) if (entry.isDirectory) folders.push(entry.name);
  deepEqual(folders.filter((f) => !FLOORS.includes(f)).sort(), []);
});
