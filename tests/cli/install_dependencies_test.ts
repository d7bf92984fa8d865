// `deno task report` and `deno task test` put the pinned npm packages in place first, quietly:
// a first run shows no "Initialize …" line per package, and a failure says what deno install said.
import assert from "node:assert/strict";
import { join } from "node:path";
import { installDependencies } from "../../lib/cli/report.ts";
import { isInputError } from "../../lib/errors.ts";
import { PROJECT_ROOT } from "../../lib/cli/setup.ts";

Deno.test("a first install prints nothing and fills node_modules", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // the project's pins and lock, in a folder with no node_modules yet (packages come from the cache)
    const config = JSON.parse(await Deno.readTextFile(join(PROJECT_ROOT, "deno.json")));
    await Deno.writeTextFile(
      join(dir, "deno.json"),
      JSON.stringify({ imports: config.imports, nodeModulesDir: "auto" }),
    );
    await Deno.copyFile(join(PROJECT_ROOT, "deno.lock"), join(dir, "deno.lock"));
    const report = new URL("../../lib/cli/report.ts", import.meta.url).href;
    const child = await new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `import { installDependencies } from "${report}"; await installDependencies({ cwd: "${dir}" });`,
      ],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const said = new TextDecoder().decode(child.stdout) + new TextDecoder().decode(child.stderr);
    assert.equal(child.code, 0, said);
    assert.doesNotMatch(said, /Initialize|Download/);
    assert.ok((await Deno.stat(join(dir, "node_modules", "arquero"))).isDirectory);
    // what runs next (the kernel, deno test, deno check) has nothing left to initialise
    await Deno.writeTextFile(
      join(dir, "use.ts"),
      'import * as aq from "arquero";\nconsole.log(aq);\n',
    );
    const check = await new Deno.Command(Deno.execPath(), {
      args: ["check", "use.ts"],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const checked = new TextDecoder().decode(check.stderr);
    assert.equal(check.code, 0, checked);
    assert.doesNotMatch(checked, /Initialize/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a failed install is one error carrying what deno install said", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "deno.json"), "{ not json");
    const error = await installDependencies({ cwd: dir }).then(() => undefined, (e) => e);
    assert.ok(isInputError(error), String(error));
    assert.match(error.message, /Could not install the npm packages deno\.json pins/);
    assert.match(error.message, /deno\.json/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
