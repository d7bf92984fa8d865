import assert from "node:assert/strict";
import {
  countedTestRun,
  countJUnit,
  formatTotals,
  planTestRuns,
  runExamples,
} from "../../lib/cli/test.ts";

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="deno test" tests="8" failures="3" errors="0" time="0.029">
  <testsuite name="./a_test.ts" tests="8" disabled="1" errors="0" failures="3">
    <testcase name="plain ok" classname="./a_test.ts" time="0.002"></testcase>
    <testcase name="plain fail" classname="./a_test.ts"><failure message="x">x</failure></testcase>
    <testcase name="ignored" classname="./a_test.ts"><skipped/></testcase>
    <testcase name="with steps" classname="./a_test.ts"><failure message="1 test step failed">1</failure></testcase>
    <testcase name="with steps &gt; s1" classname="./a_test.ts"></testcase>
    <testcase name="with steps &gt; s2" classname="./a_test.ts"><failure message="y">y</failure></testcase>
    <testcase name="with steps &gt; s3" classname="./a_test.ts"></testcase>
    <testcase name="with steps &gt; s3 &gt; inner" classname="./a_test.ts"></testcase>
  </testsuite>
  <testsuite name="./b_test.ts" tests="2">
    <testcase name="plain ok" classname="./b_test.ts"></testcase>
    <testcase name="setup" classname="./b_test.ts"><failure message="before steps">x</failure></testcase>
    <testcase name="setup &gt; only" classname="./b_test.ts"></testcase>
  </testsuite>
</testsuites>`;

Deno.test("JUnit totals count steps as tests and parents only when they failed on their own", () => {
  // a: plain ok, s1, inner pass; plain fail, s2 fail; ignored skipped; "with steps" and
  // "s3" are parents. b: plain ok and "only" pass; "setup" failed outside its steps.
  assert.deepEqual(countJUnit(XML), { passed: 5, failed: 3, skipped: 1 });
  assert.equal(formatTotals({ passed: 5, failed: 3, skipped: 1 }), "5 passed, 3 failed, 1 skipped");
  assert.equal(formatTotals({ passed: 2, failed: 0, skipped: 0 }), "2 passed, 0 failed");
});

Deno.test("JUnit totals of an empty report are zero", () => {
  assert.deepEqual(countJUnit("<testsuites></testsuites>"), { passed: 0, failed: 0, skipped: 0 });
});

Deno.test("deno task test runs the tests and the examples; paths under lib/ choose examples", () => {
  assert.deepEqual(planTestRuns([]), { tests: ["tests/"], examples: ["lib/"] });
  assert.deepEqual(planTestRuns(["--fail-fast"]), {
    tests: ["--fail-fast", "tests/"],
    examples: ["--fail-fast", "lib/"],
  });
  assert.deepEqual(planTestRuns(["tests/tooling/"]), { tests: ["tests/tooling/"] });
  assert.deepEqual(planTestRuns(["./lib/io/", "lib/format.ts"]), {
    examples: ["./lib/io/", "lib/format.ts"],
  });
  assert.deepEqual(planTestRuns(["--filter=x", "tests/io/", "lib/io/"]), {
    tests: ["--filter=x", "tests/io/"],
    examples: ["--filter=x", "lib/io/"],
  });
  assert.deepEqual(planTestRuns(["--filter", "totals", "tests/tooling/", "lib/cli/"]), {
    tests: ["--filter", "totals", "tests/tooling/"],
    examples: ["--filter", "totals", "lib/cli/"],
  });
  assert.deepEqual(planTestRuns(["--filter", "totals"]), {
    tests: ["--filter", "totals", "tests/"],
    examples: ["--filter", "totals", "lib/"],
  });
  // A folder merely named like lib is a test path.
  assert.deepEqual(planTestRuns(["library/"]), { tests: ["library/"] });
});

/** A module whose one `@example` is `code`. */
function withExample(code: string): string {
  const fence = "`".repeat(3);
  return `/**\n * Example.\n *\n * @example\n * ${fence}ts\n * ${code}\n * ${fence}\n */\nexport {};\n`;
}

Deno.test("examples count one test each in the totals, failures included", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/a.ts`,
      withExample('import { ok } from "node:assert/strict"; ok(1 + 1 === 2);') +
        withExample('import { equal } from "node:assert/strict"; equal(1 + 1, 3);'),
    );
    await Deno.writeTextFile(`${dir}/b_test.ts`, "Deno.test('plain', () => {});\n");
    const totals = await countedTestRun(["--doc", "--no-check", dir], {
      cwd: dir,
      output: "null",
    });
    // Two examples (one failing) and the plain test beside them.
    assert.deepEqual(totals, { passed: 2, failed: 1, skipped: 0, reported: true });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a folder whose examples cannot be loaded costs one failure, the others still count", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/good`);
    await Deno.mkdir(`${dir}/broken`);
    await Deno.writeTextFile(`${dir}/top.ts`, withExample("const top = 1; void top;"));
    await Deno.writeTextFile(
      `${dir}/good/a.ts`,
      withExample('import { ok } from "node:assert/strict"; ok(true);') +
        withExample('import { ok } from "node:assert/strict"; ok(true);'),
    );
    // Module not found: deno test stops before running anything when given all three together.
    await Deno.writeTextFile(`${dir}/broken/b.ts`, withExample('import "./missing.ts";'));
    const together = await countedTestRun(["--doc", "--no-check", dir], {
      cwd: dir,
      output: "null",
    });
    assert.deepEqual(together, { passed: 0, failed: 1, skipped: 0, reported: false });
    const totals = await runExamples([dir], { cwd: dir, output: "null" });
    assert.deepEqual(totals, { passed: 3, failed: 1, skipped: 0 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
