// A command killed midway leaves no output files behind (outputs are written
// only at the end, each to a temporary file renamed into place), and the next
// run writes complete outputs.
import { deepEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { generateCustomers } from "../../data/generate_customers.ts";
import { writeCSV } from "../../lib/io/mod.ts";
import { listFiles } from "./files.ts";

const SEGMENT = new URL("../../lib/cli/segment.ts", import.meta.url).pathname;
const OUTPUTS = [".output.json", "model.json", "segments.csv", "segments.xlsx", "summary.json"];

/** Start `deno run -A script args`, kill it once stderr matches `when`, and return what it printed. */
async function killWhen(script: string, args: string[], when: RegExp): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let seen = "";
  const decoder = new TextDecoder();
  const reader = child.stderr.getReader();
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value, { stream: true });
      if (when.test(seen)) {
        child.kill("SIGKILL");
        break;
      }
    }
  } finally {
    reader.releaseLock();
    await child.stderr.cancel().catch(() => {});
  }
  const status = await child.status;
  ok(!status.success, `the run finished before it could be interrupted:\n${seen}`);
  return seen;
}

Deno.test("segment killed while choosing k writes nothing to --out; a rerun writes every output", async () => {
  const dir = await Deno.makeTempDir();
  const input = join(dir, "customers.csv");
  await writeCSV(generateCustomers({ rows: 30_000, seed: 7 }), input);
  const out = join(dir, "out");
  const seen = await killWhen(SEGMENT, [input, "--out", out], /choosing k: 2\/9/);
  ok(/choosing k/.test(seen));
  deepEqual(
    await listFiles(out, { emptyFolders: true }),
    [],
    "no file, complete or partial, after the interrupted run",
  );

  const rerun = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SEGMENT, input, "--out", out, "--k", "3"],
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  equal(rerun.code, 0, new TextDecoder().decode(rerun.stderr));
  deepEqual(await listFiles(out, { emptyFolders: true }), OUTPUTS);
  const summary = JSON.parse(await Deno.readTextFile(join(out, "summary.json")));
  equal(summary.k, 3);
  await Deno.remove(dir, { recursive: true });
});
