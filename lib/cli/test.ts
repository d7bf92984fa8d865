/**
 * `deno task test [deno test args...]`: the workspace's one test command.
 *
 * Sets up Jupyter when needed (the notebook, report and JupyterLab tests use
 * it), type-checks `lib/` with its `@example` blocks, runs `deno test -A` on
 * `tests/` and runs the `@example` blocks of `lib/` (`deno test --doc`), with
 * the output streamed, and ends with the totals of all three alone on one line:
 * `N passed, N failed` (`, N skipped` when some were). Each example counts as
 * one test; test steps count as tests, and a test with steps counts only
 * through its steps unless it failed outside them. Exits non-zero when
 * anything failed.
 *
 * Paths given choose what runs: those under `lib/` run their examples, the
 * others their tests (see {@link planTestRuns}). Flags go to both runs.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { ensureJupyter, ensureSpark, exitOnInputError, PROJECT_ROOT } from "./setup.ts";
import { installDependencies } from "./report.ts";

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
 * import { deepEqual } from "node:assert/strict";
 * import { countJUnit } from "./test.ts";
 * const xml = `<testsuite name="a"><testcase name="t" classname="a"></testcase>
 *   <testcase name="u" classname="a"><failure message="x">x</failure></testcase></testsuite>`;
 * deepEqual(countJUnit(xml), { passed: 1, failed: 1, skipped: 0 });
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

/** The `deno test` runs of one `deno task test [args]`; a missing run is skipped. */
export interface TestPlan {
  /** Arguments for the run of the tests (`tests/` unless paths were given). */
  tests?: string[];
  /** Arguments for the run of the `@example` blocks (`lib/` unless paths were given). */
  examples?: string[];
}

/**
 * Split the arguments of `deno task test` into its two runs: without a path,
 * the tests in `tests/` and the examples in `lib/`; with paths, those under
 * `lib/` run their examples and the others their tests. Flags go to both.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { planTestRuns } from "./test.ts";
 * deepEqual(planTestRuns([]), { tests: ["tests/"], examples: ["lib/"] });
 * deepEqual(planTestRuns(["--fail-fast", "lib/metrics/", "tests/metrics/"]), {
 *   tests: ["--fail-fast", "tests/metrics/"],
 *   examples: ["--fail-fast", "lib/metrics/"],
 * });
 * deepEqual(planTestRuns(["lib/io/"]), { examples: ["lib/io/"] });
 * ```
 */
export function planTestRuns(args: readonly string[]): TestPlan {
  // Flags are kept with the value that follows them when they take one (`--filter x`).
  const flags: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("-")) paths.push(arg);
    else if (FLAGS_WITH_VALUE.has(arg) && i + 1 < args.length) flags.push(arg, args[++i]!);
    else flags.push(arg);
  }
  if (paths.length === 0) return { tests: [...flags, "tests/"], examples: [...flags, "lib/"] };
  const inLib = (path: string) => /^(\.\/)?lib(\/|$)/.test(path);
  const plan: TestPlan = {};
  const tests = paths.filter((path) => !inLib(path));
  if (tests.length > 0) plan.tests = [...flags, ...tests];
  const examples = paths.filter(inLib);
  if (examples.length > 0) plan.examples = [...flags, ...examples];
  return plan;
}

/** `deno test` flags whose value may follow as the next argument. */
const FLAGS_WITH_VALUE = new Set([
  "--filter",
  "--reporter",
  "--coverage",
  "--seed",
  "--config",
  "-c",
]);

/** Options for {@link countedTestRun}. */
export interface CountedTestRunOptions {
  /** Working directory (default: the project's root). */
  cwd?: string;
  /** Environment variables added to the run's. */
  env?: Record<string, string>;
  /** `"inherit"` streams the run's output (default), `"null"` hides it. */
  output?: "inherit" | "null";
}

/**
 * Run `deno test -A <args>` and count its results from its JUnit report. A run
 * that failed without a report (a module that cannot be loaded stops deno test
 * before any test runs) counts as one failure; `reported` says whether there
 * was a report.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { countedTestRun } from "./test.ts";
 * const dir = await Deno.makeTempDir();
 * const fence = "`".repeat(3);
 * await Deno.writeTextFile(
 *   `${dir}/one.ts`,
 *   `/**\n * @example\n * ${fence}ts\n * 1 + 1;\n * ${fence}\n *` + "/\nexport const one = 1;\n",
 * );
 * const totals = await countedTestRun(["--doc", "--no-check", `${dir}/one.ts`], { output: "null" });
 * deepEqual(totals, { passed: 1, failed: 0, skipped: 0, reported: true });
 * ```
 */
export async function countedTestRun(
  args: readonly string[],
  options: CountedTestRunOptions = {},
): Promise<TestTotals & { reported: boolean }> {
  const dir = await Deno.makeTempDir({ prefix: "segment-test-" });
  const junit = join(dir, "junit.xml");
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["test", "-A", `--junit-path=${junit}`, ...args],
      cwd: options.cwd ?? PROJECT_ROOT,
      env: options.env,
      stdin: "null",
      stdout: options.output ?? "inherit",
      stderr: options.output ?? "inherit",
    }).spawn();
    const { code } = await child.status;
    let counted: TestTotals = { passed: 0, failed: 0, skipped: 0 };
    let reported = false;
    try {
      counted = countJUnit(await Deno.readTextFile(junit));
      reported = true;
    } catch {
      // No report: deno test stopped before running (a module not found, bad arguments).
    }
    if (code !== 0 && counted.failed === 0) counted.failed = 1;
    return { ...counted, reported };
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/**
 * Run the `@example` blocks under `paths` (folders or files) and count them.
 * They run together first; when that run cannot start (an example whose
 * imports cannot be loaded stops the whole run), each folder's examples run on
 * their own, so one broken folder costs one failure, not every example's result.
 * Examples run without a type check (`deno check --doc` does that before).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { runExamples } from "./test.ts";
 * const dir = await Deno.makeTempDir();
 * const fence = "`".repeat(3);
 * await Deno.writeTextFile(
 *   `${dir}/one.ts`,
 *   `/**\n * @example\n * ${fence}ts\n * 1 + 1;\n * ${fence}\n *` + "/\nexport const one = 1;\n",
 * );
 * const totals = await runExamples([dir], { output: "null" });
 * deepEqual(totals, { passed: 1, failed: 0, skipped: 0 });
 * ```
 */
export async function runExamples(
  paths: readonly string[],
  options: CountedTestRunOptions = {},
): Promise<TestTotals> {
  const flags: string[] = [];
  const targets: string[] = [];
  for (let i = 0; i < paths.length; i++) {
    const arg = paths[i]!;
    if (!arg.startsWith("-")) targets.push(arg);
    else if (FLAGS_WITH_VALUE.has(arg) && i + 1 < paths.length) flags.push(arg, paths[++i]!);
    else flags.push(arg);
  }
  const run = (where: readonly string[]) =>
    countedTestRun(["--doc", "--no-check", "--parallel", ...flags, ...where], options);
  const together = await run(targets);
  if (together.reported) return withoutReported(together);
  const groups = await exampleGroups(targets, options.cwd ?? PROJECT_ROOT);
  if (groups.length <= 1) return withoutReported(together);
  const say = (line: string) => {
    if (options.output !== "null") console.log(line);
  };
  say("\nThe examples cannot be loaded together: running them folder by folder …");
  const totals: TestTotals = { passed: 0, failed: 0, skipped: 0 };
  for (const group of groups) {
    const counted = await run(group);
    if (!counted.reported) say(`Examples in ${group.join(" ")} cannot be loaded.`);
    totals.passed += counted.passed;
    totals.failed += counted.failed;
    totals.skipped += counted.skipped;
  }
  return totals;
}

function withoutReported({ passed, failed, skipped }: TestTotals): TestTotals {
  return { passed, failed, skipped };
}

/** Each folder's subfolders as one group each and its files as one group; files as given. */
async function exampleGroups(targets: readonly string[], cwd: string): Promise<string[][]> {
  const groups: string[][] = [];
  for (const target of targets) {
    const info = await Deno.stat(resolve(cwd, target)).catch(() => undefined);
    if (!info?.isDirectory) {
      groups.push([target]);
      continue;
    }
    const files: string[] = [];
    const folders: string[] = [];
    for await (const entry of Deno.readDir(resolve(cwd, target))) {
      if (entry.name.startsWith(".")) continue;
      if (entry.isDirectory) folders.push(join(target, entry.name));
      else if (/\.(ts|tsx|js|mjs|md)$/.test(entry.name)) files.push(join(target, entry.name));
    }
    if (files.length > 0) groups.push(files.sort());
    for (const folder of folders.sort()) groups.push([folder]);
  }
  return groups;
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

function add(totals: TestTotals, counted: TestTotals): void {
  totals.passed += counted.passed;
  totals.failed += counted.failed;
  totals.skipped += counted.skipped;
}

if (import.meta.main) {
  try {
    await installDependencies(); // quietly: no "Initialize …" line per npm package on a first run
    await ensureJupyter();
    await ensureSpark(); // the Spark engine tests' spark-sql (PostgreSQL and Java come from the system)
  } catch (error) {
    exitOnInputError(error);
  }
  const env = { SEGMENT_TEST_RUN: crypto.randomUUID() };
  const totals: TestTotals = { passed: 0, failed: 0, skipped: 0 };

  console.log("Type-checking lib/ and its @example blocks …");
  const checkCode = await runInherited(["check", "--quiet", "--doc", "lib/"], env);
  if (checkCode === 0) totals.passed++;
  else totals.failed++;

  const plan = planTestRuns(Deno.args);
  if (plan.tests !== undefined) {
    // --expose-gc: the app's memory test collects garbage before it measures what is kept.
    add(totals, await countedTestRun(["--v8-flags=--expose-gc", ...plan.tests], { env }));
  }
  if (plan.examples !== undefined) {
    console.log("\nRunning the @example blocks …");
    add(totals, await runExamples(plan.examples, { env }));
  }

  console.log(`\n${formatTotals(totals)}`);
  Deno.exit(totals.failed > 0 ? 1 : 0);
}
