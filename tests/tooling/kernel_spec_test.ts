import assert from "node:assert/strict";
import { join } from "node:path";
import { ensureJupyter, jupyterEnv, PROJECT_ROOT } from "../../lib/cli/setup.ts";

Deno.test("the Deno kernel spec in .venv starts this Deno through the launcher, with NO_COLOR", async () => {
  const { paths } = await ensureJupyter();
  assert.equal(
    paths.kernelSpec,
    join(PROJECT_ROOT, ".venv/share/jupyter/kernels/deno/kernel.json"),
  );
  const spec = JSON.parse(await Deno.readTextFile(paths.kernelSpec));
  assert.deepEqual(spec, {
    argv: [
      paths.python,
      join(PROJECT_ROOT, "lib/cli/kernel_launcher.py"),
      "--connection-file",
      "{connection_file}",
      "--",
      Deno.execPath(),
      "jupyter",
      "--kernel",
      "--conn",
    ],
    display_name: "Deno",
    language: "typescript",
    env: { NO_COLOR: "1" },
  });
});

Deno.test("jupyter finds the Deno kernel in .venv and leaves the home folder alone", async () => {
  const { paths } = await ensureJupyter();
  const home = await Deno.makeTempDir({ prefix: "jupyter-home-" });
  try {
    const env = { ...jupyterEnv(paths), HOME: home, XDG_DATA_HOME: join(home, ".local/share") };
    const run = async (args: string[]) => {
      const output = await new Deno.Command(paths.jupyter, {
        args,
        env,
        stdout: "piped",
        stderr: "piped",
      })
        .output();
      assert.ok(output.success, new TextDecoder().decode(output.stderr));
      return JSON.parse(new TextDecoder().decode(output.stdout));
    };
    const list = await run(["kernelspec", "list", "--json"]);
    assert.equal(list.kernelspecs.deno?.resource_dir, join(paths.dataDir, "kernels", "deno"));
    assert.equal(list.kernelspecs.deno?.spec.language, "typescript");
    const where = await run(["--paths", "--json"]);
    assert.equal(where.data[0], paths.dataDir);
    assert.equal(where.config[0], paths.configDir);
    assert.equal(where.runtime[0], paths.runtimeDir);
    const created = [...Deno.readDirSync(home)].map((entry) => entry.name);
    assert.deepEqual(created, [], "jupyter wrote into the home folder");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
