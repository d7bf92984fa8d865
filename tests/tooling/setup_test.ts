import assert from "node:assert/strict";
import { join } from "node:path";
import { ensureJupyter, PROJECT_ROOT } from "../../lib/cli/setup.ts";

async function mtime(path: string): Promise<number> {
  return (await Deno.stat(path)).mtime?.getTime() ?? 0;
}

Deno.test("setup creates the venv once, installs only when requirements change", async () => {
  const root = await Deno.makeTempDir({ prefix: "setup-test-" });
  try {
    // One small pinned package stands in for the full Jupyter set.
    await Deno.writeTextFile(join(root, "requirements.txt"), "six==1.17.0\n");
    const log: string[] = [];
    const first = await ensureJupyter({ root, log: (line) => log.push(line) });
    assert.equal(first.createdVenv, true);
    assert.equal(first.installedRequirements, true);
    assert.equal(first.wroteKernelSpec, true);
    assert.ok((await Deno.stat(first.paths.python)).isFile);
    const spec = first.paths.kernelSpec;
    const specTime = await mtime(spec);
    const stampTime = await mtime(first.paths.requirementsStamp);

    const second = await ensureJupyter({ root, log: (line) => log.push(`again: ${line}`) });
    assert.deepEqual(
      [second.createdVenv, second.installedRequirements, second.wroteKernelSpec],
      [false, false, false],
    );
    assert.equal(await mtime(spec), specTime);
    assert.equal(await mtime(first.paths.requirementsStamp), stampTime);
    assert.deepEqual(log.filter((line) => line.startsWith("again:")), []);

    await Deno.writeTextFile(join(root, "requirements.txt"), "# pinned\nsix==1.17.0\n");
    const third = await ensureJupyter({ root, log: () => {} });
    assert.equal(third.createdVenv, false);
    assert.equal(third.installedRequirements, true);
    assert.equal(third.wroteKernelSpec, false);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("setup without python3 prints one line saying what to install and exits 2", async () => {
  // A copy of the command in an empty project, so the real .venv is not involved.
  const root = await Deno.makeTempDir({ prefix: "setup-nopython-" });
  try {
    for (const file of ["lib/cli/setup.ts", "lib/errors.ts"]) {
      await Deno.mkdir(join(root, file, ".."), { recursive: true });
      await Deno.copyFile(join(PROJECT_ROOT, file), join(root, file));
    }
    await Deno.writeTextFile(join(root, "requirements.txt"), "six==1.17.0\n");
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--no-config", join(root, "lib/cli/setup.ts")],
      env: { PYTHON: join(root, "no-such-dir", "python3"), NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 2, stderr);
    const lines = stderr.split("\n").filter((line) => line.trim() !== "");
    assert.equal(lines.length, 1, stderr);
    assert.match(
      lines[0] ?? "",
      /^Error: Python 3\.10 or newer is needed.*[Ii]nstall Python 3\.10\+/,
    );
    await assert.rejects(Deno.stat(join(root, ".venv")));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
