import assert from "node:assert/strict";
import { join } from "node:path";
import { joinCodeCells } from "../../lib/cli/check_notebooks.ts";
import { PROJECT_ROOT } from "../../lib/cli/setup.ts";

Deno.test("code cells join in order with a map back to cell and line", () => {
  const joined = joinCodeCells({
    cells: [
      { cell_type: "markdown", source: "# Title" },
      { cell_type: "code", source: ["const a = 1;\n", "a"] },
      { cell_type: "code", source: "const b: number = a + 1;" },
    ],
  });
  const lines = joined.source.split("\n");
  assert.equal(lines[1], "const a = 1;");
  assert.deepEqual(joined.lines[1], { cell: 2, line: 1 });
  assert.deepEqual(joined.lines[2], { cell: 2, line: 2 });
  const b = lines.indexOf("const b: number = a + 1;");
  assert.deepEqual(joined.lines[b], { cell: 3, line: 1 });
  assert.match(joined.source, /export \{\};\n$/);
});

Deno.test("notebook check reports a type error by notebook, cell and line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "check-notebooks-" });
  try {
    const notebook = join(dir, "typo.ipynb");
    await Deno.writeTextFile(
      notebook,
      JSON.stringify({
        cells: [
          { cell_type: "markdown", metadata: {}, source: "# Typo" },
          { cell_type: "code", metadata: {}, outputs: [], source: "const n = 1;" },
          {
            cell_type: "code",
            metadata: {},
            outputs: [],
            source: 'const s: string = "x";\nconst m: number = s;',
          },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(PROJECT_ROOT, "lib/cli/check_notebooks.ts"), notebook],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stderr) + new TextDecoder().decode(output.stdout);
    assert.equal(output.code, 1, text);
    assert.match(text, /typo\.ipynb, cell 3, line 2:7/);
    const left = [...Deno.readDirSync(dir)].map((entry) => entry.name);
    assert.deepEqual(left, ["typo.ipynb"], "temporary files removed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
