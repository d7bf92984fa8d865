import { rejects } from "node:assert/strict";
import { join } from "node:path";
import { InputError } from "../../lib/errors.ts";
import { assertNotInput } from "../../lib/io/mod.ts";

Deno.test("assertNotInput refuses the same file by path, relative path, symlink and hard link", async () => {
  const dir = await Deno.makeTempDir();
  const input = join(dir, "in.csv");
  await Deno.writeTextFile(input, "a\n1\n");
  await Deno.symlink(input, join(dir, "link.csv"));
  await Deno.link(input, join(dir, "hard.csv"));
  await Deno.mkdir(join(dir, "sub"));
  for (
    const out of [
      input,
      join(dir, "sub", "..", "in.csv"),
      join(dir, "link.csv"),
      join(dir, "hard.csv"),
    ]
  ) {
    await rejects(assertNotInput(out, [input]), InputError, out);
  }
});

Deno.test("assertNotInput accepts a new or different file", async () => {
  const dir = await Deno.makeTempDir();
  const input = join(dir, "in.csv");
  await Deno.writeTextFile(input, "a\n1\n");
  await Deno.writeTextFile(join(dir, "other.csv"), "a\n1\n");
  await assertNotInput(join(dir, "out", "new.csv"), [input]);
  await assertNotInput(join(dir, "other.csv"), [input, join(dir, "missing.csv")]);
});
