/**
 * `deno task test [deno test args...]`: the workspace's one test command.
 *
 * Sets up Jupyter when needed (the notebook, report and JupyterLab tests use
 * it), type-checks `lib/` with its `@example` blocks, runs `deno test -A` on
 * `tests/` (or the paths given) with the output streamed, and ends with the
 * totals alone on one line: `N passed, N failed` (`, N skipped` when some were).
 * Test steps count as tests; a test with steps counts only through its steps
 * unless it failed outside them. Exits non-zero when anything failed.
 *
 * @module
 */
import { join } from "node:path";
import { ensureJupyter, exitOnInputError, PROJECT_ROOT } from "./setup.ts";

/** Counts read from a JUnit report. */
export interface TestTotals {
  passed: number;
  failed: number;
  skipped: number;
}

interface Case {
  suite: string;
  name: string;
  failed: boolean;
  skipped: boolean;
}

/**
 * Count the test cases in a JUnit XML report written by `deno test --junit-path`.
 * Steps are reported as cases named `parent > step`; a parent with steps is
 * counted only when it failed and none of its steps did.
 *
 * @example
 * ```ts
 * import { countJUnit } from "./test.ts";
 * const xml = `<testsuite name="a"><testcase name="t" classname="a"></testcase>
 *   <testcase name="u" classname="a"><failure message="x">x</failure></testcase></testsuite>`;
 * countJUnit(xml); // { passed: 1, failed: 1, skipped: 0 }
 * ```
 */
export function countJUnit(xml: string): TestTotals {
  const cases: Case[] = [];
  const pattern = /<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(pattern)) {
    const attributes = match[1] ?? "";
    const body = match[2] ?? "";
    cases.push({
      suite: unescapeXml(/\bclassname="([^"]*)"/.exec(attributes)?.[1] ?? ""),
      name: unescapeXml(/\bname="([^"]*)"/.exec(attributes)?.[1] ?? ""),
      failed: /<(failure|error)\b/.test(body),
      skipped: /<skipped\b/.test(body),
    });
  }
  const totals: TestTotals = { passed: 0, failed: 0, skipped: 0 };
  for (const test of cases) {
    const prefix = `${test.name} > `;
    const children = cases.filter((c) => c.suite === test.suite && c.name.startsWith(prefix));
    if (children.length > 0 && !(test.failed && !children.some((c) => c.failed))) continue;
    if (test.skipped) totals.skipped++;
    else if (test.failed) totals.failed++;
    else totals.passed++;
  }
  return totals;
}

/** `N passed, N failed` with `, N skipped` when some were skipped. */
export function formatTotals(totals: TestTotals): string {
  const line = `${totals.passed} passed, ${totals.failed} failed`;
  return totals.skipped > 0 ? `${line}, ${totals.skipped} skipped` : line;
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, entity: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[entity] ?? "",
  );
}

async function runInherited(args: string[], env: Record<string, string>): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: PROJECT_ROOT,
    env,
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const status = await child.status;
  return status.code;
}

if (import.meta.main) {
  try {
    await ensureJupyter();
  } catch (error) {
    exitOnInputError(error);
  }
  const env = { SEGMENT_TEST_RUN: crypto.randomUUID() };
  const totals: TestTotals = { passed: 0, failed: 0, skipped: 0 };

  console.log("Type-checking lib/ and its @example blocks …");
  const checkCode = await runInherited(["check", "--quiet", "--doc", "lib/"], env);
  if (checkCode === 0) totals.passed++;
  else totals.failed++;

  const junit = join(await Deno.makeTempDir({ prefix: "segment-test-" }), "junit.xml");
  const args = [...Deno.args];
  if (!args.some((arg) => !arg.startsWith("-"))) args.push("tests/");
  const testCode = await runInherited(["test", "-A", `--junit-path=${junit}`, ...args], env);
  let counted: TestTotals = { passed: 0, failed: 0, skipped: 0 };
  try {
    counted = countJUnit(await Deno.readTextFile(junit));
  } catch {
    // No report: deno test stopped before running (type errors, bad arguments).
  }
  await Deno.remove(join(junit, ".."), { recursive: true }).catch(() => {});
  if (testCode !== 0 && counted.failed === 0) counted.failed = 1;
  totals.passed += counted.passed;
  totals.failed += counted.failed;
  totals.skipped += counted.skipped;

  console.log(`\n${formatTotals(totals)}`);
  Deno.exit(totals.failed > 0 ? 1 : 0);
}
