/**
 * `deno task setup`: the Jupyter side of the workspace, kept inside the project.
 *
 * Creates `.venv/` with `python3`, installs `requirements.txt` into it (only when
 * the file changed since the last install), and registers the Deno kernel inside
 * that venv: the Deno executable that runs this script, started through
 * `kernel_launcher.py` so outputs land under the cell that made them. The user's
 * global Jupyter folders are never touched: every Jupyter process started by the
 * workspace gets {@link jupyterEnv}, which points Jupyter's data, config and
 * runtime folders into `.venv/`.
 *
 * Run automatically by `deno task report`, `deno task lab` and `deno task test`.
 *
 * `deno task setup` also installs `requirements-spark.txt` into `.venv-spark/`
 * (PySpark, for `--db spark:` and the engine tests; skip it with `--no-spark`).
 *
 * @module
 */
import { dirname, join } from "node:path";
import { InputError, isInputError } from "../errors.ts";

/** The project folder (two levels above this file). */
export const PROJECT_ROOT: string = decodeURIComponent(
  new URL("../../", import.meta.url).pathname,
).replace(/\/$/, "");

/** Where the workspace keeps its Python side, and how to reach it. */
export interface JupyterPaths {
  /** Project folder holding `requirements.txt`. */
  root: string;
  /** The virtual environment, `<root>/.venv`. */
  venv: string;
  /** `<venv>/bin/python`. */
  python: string;
  /** `<venv>/bin/jupyter`. */
  jupyter: string;
  /** Jupyter data folder (kernel specs live in `kernels/` below it). */
  dataDir: string;
  /** Jupyter config folder. */
  configDir: string;
  /** Jupyter runtime folder (connection files). */
  runtimeDir: string;
  /** The Deno kernel spec file. */
  kernelSpec: string;
  /** Hash of the last installed `requirements.txt`. */
  requirementsStamp: string;
}

/** Options for {@link ensureJupyter}. */
export interface EnsureJupyterOptions {
  /** Project folder; default: this workspace. */
  root?: string;
  /** Python interpreter used to create the venv; default `$PYTHON` or `python3`. */
  python?: string;
  /** Print nothing when everything is already in place (default true). */
  quietWhenReady?: boolean;
  /** Where progress lines go; default stderr. */
  log?: (line: string) => void;
}

/** What {@link ensureJupyter} did. */
export interface EnsureJupyterResult {
  paths: JupyterPaths;
  createdVenv: boolean;
  installedRequirements: boolean;
  wroteKernelSpec: boolean;
}

/**
 * The folders the workspace's Jupyter uses, for a project folder.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { jupyterPaths } from "./setup.ts";
 * equal(jupyterPaths("/srv/segments").kernelSpec, "/srv/segments/.venv/share/jupyter/kernels/deno/kernel.json");
 * ```
 */
export function jupyterPaths(root: string = PROJECT_ROOT): JupyterPaths {
  const venv = join(root, ".venv");
  const bin = Deno.build.os === "windows" ? join(venv, "Scripts") : join(venv, "bin");
  const exe = Deno.build.os === "windows" ? ".exe" : "";
  const dataDir = join(venv, "share", "jupyter");
  return {
    root,
    venv,
    python: join(bin, `python${exe}`),
    jupyter: join(bin, `jupyter${exe}`),
    dataDir,
    configDir: join(venv, "etc", "jupyter"),
    runtimeDir: join(dataDir, "runtime"),
    kernelSpec: join(dataDir, "kernels", "deno", "kernel.json"),
    requirementsStamp: join(venv, "requirements.sha256"),
  };
}

/**
 * Environment for every Jupyter process the workspace starts: the current
 * environment plus Jupyter folders inside `.venv/` and the venv first on PATH.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { jupyterEnv } from "./setup.ts";
 * const env = jupyterEnv();
 * equal(env.JUPYTER_PLATFORM_DIRS, "1");
 * ```
 */
export function jupyterEnv(paths: JupyterPaths = jupyterPaths()): Record<string, string> {
  const bin = Deno.build.os === "windows" ? join(paths.venv, "Scripts") : join(paths.venv, "bin");
  const sep = Deno.build.os === "windows" ? ";" : ":";
  const env = Deno.env.toObject();
  return {
    ...env,
    PATH: env.PATH ? `${bin}${sep}${env.PATH}` : bin,
    VIRTUAL_ENV: paths.venv,
    JUPYTER_DATA_DIR: paths.dataDir,
    JUPYTER_CONFIG_DIR: paths.configDir,
    JUPYTER_RUNTIME_DIR: paths.runtimeDir,
    JUPYTER_PLATFORM_DIRS: "1",
    IPYTHONDIR: join(paths.venv, "etc", "ipython"),
    PYTHONNOUSERSITE: "1",
  };
}

/** The launcher that keeps each output under its cell (see `kernel_launcher.py`). */
export const KERNEL_LAUNCHER: string = decodeURIComponent(
  new URL("./kernel_launcher.py", import.meta.url).pathname,
);

/**
 * The Deno kernel spec written into the venv. The venv's Python runs
 * `kernel_launcher.py`, which starts the Deno executable running now as the
 * kernel and sits between it and the client, holding each execute request
 * until the previous cell's output has all left the kernel, so every output
 * lands under the cell that made it (JupyterLab, VS Code, nbclient alike).
 * `NO_COLOR` keeps saved outputs free of escape codes.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { denoKernelSpec, jupyterPaths } from "./setup.ts";
 * const spec = denoKernelSpec(jupyterPaths("/srv/segments"));
 * equal(spec.language, "typescript");
 * equal(spec.argv[0], "/srv/segments/.venv/bin/python");
 * ```
 */
export function denoKernelSpec(paths: JupyterPaths = jupyterPaths()): {
  argv: string[];
  display_name: string;
  language: string;
  env: Record<string, string>;
} {
  return {
    argv: [
      paths.python,
      KERNEL_LAUNCHER,
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
  };
}

/**
 * Make sure `.venv/` exists, holds `requirements.txt`, and has the Deno kernel.
 * Does only what is missing or out of date, so it is cheap to call every time.
 * Throws {@link InputError} when Python is missing or too old.
 *
 * @example
 * ```ts ignore
 * // Not run by deno test --doc: the first call creates .venv and installs requirements.txt.
 * import { ok } from "node:assert/strict";
 * import { ensureJupyter, jupyterEnv } from "./setup.ts";
 * const { paths } = await ensureJupyter();
 * const list = await new Deno.Command(paths.jupyter, { args: ["kernelspec", "list"], env: jupyterEnv(paths) }).output();
 * ok(new TextDecoder().decode(list.stdout).includes("deno"));
 * ```
 */
export async function ensureJupyter(
  options: EnsureJupyterOptions = {},
): Promise<EnsureJupyterResult> {
  const paths = jupyterPaths(options.root ?? PROJECT_ROOT);
  const log = options.log ?? ((line: string) => console.error(line));
  const result: EnsureJupyterResult = {
    paths,
    createdVenv: false,
    installedRequirements: false,
    wroteKernelSpec: false,
  };

  if (!(await exists(paths.python))) {
    const python = options.python ?? Deno.env.get("PYTHON") ?? "python3";
    await checkPython(python);
    log(`Creating ${paths.venv} with ${python} …`);
    await run(python, ["-m", "venv", paths.venv], {
      failure: `Could not create ${paths.venv} with ${python}`,
      hint: "on Debian/Ubuntu install python3-venv (apt-get install python3-venv), then rerun",
    });
    result.createdVenv = true;
  }

  const requirementsFile = join(paths.root, "requirements.txt");
  const requirements = await Deno.readTextFile(requirementsFile).catch(() => {
    throw new InputError("Requirements file not found", { file: requirementsFile });
  });
  const wanted = await sha256(requirements);
  const installed = await Deno.readTextFile(paths.requirementsStamp).catch(() => "");
  if (installed.trim() !== wanted) {
    log(`Installing the Jupyter side from requirements.txt into ${paths.venv} …`);
    const started = performance.now();
    await run(
      paths.python,
      ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirementsFile],
      {
        failure: "Could not install requirements.txt into .venv",
        hint: "check the network or package index, then rerun deno task setup",
        env: { PIP_REQUIRE_VIRTUALENV: "1" },
      },
    );
    await writeFileAtomic(paths.requirementsStamp, wanted + "\n");
    log(`Installed in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    result.installedRequirements = true;
  }

  const spec = JSON.stringify(denoKernelSpec(paths), null, 2) + "\n";
  const current = await Deno.readTextFile(paths.kernelSpec).catch(() => "");
  if (current !== spec) {
    await writeFileAtomic(paths.kernelSpec, spec);
    result.wroteKernelSpec = true;
    log(`Registered the Deno kernel in ${paths.kernelSpec}`);
  }
  await Deno.mkdir(paths.runtimeDir, { recursive: true });
  await Deno.mkdir(paths.configDir, { recursive: true });

  const changed = result.createdVenv || result.installedRequirements || result.wroteKernelSpec;
  if (changed || options.quietWhenReady === false) {
    log(`Jupyter is ready in ${paths.venv} (Deno kernel: ${Deno.execPath()}).`);
  }
  return result;
}

/** Where the workspace keeps Spark: a venv of its own holding PySpark (`spark-sql`). */
export interface SparkPaths {
  /** The virtual environment, `<root>/.venv-spark`. */
  venv: string;
  /** `<venv>/bin/python`. */
  python: string;
  /** `<venv>/bin/spark-sql`. */
  sparkSQL: string;
  /** The pinned requirements, `<root>/requirements-spark.txt`. */
  requirements: string;
  /** Hash of the last installed `requirements-spark.txt`. */
  requirementsStamp: string;
}

/**
 * The Spark venv's paths for a project folder.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { sparkPaths } from "./setup.ts";
 * equal(sparkPaths("/srv/segments").sparkSQL, "/srv/segments/.venv-spark/bin/spark-sql");
 * ```
 */
export function sparkPaths(root: string = PROJECT_ROOT): SparkPaths {
  const venv = join(root, ".venv-spark");
  return {
    venv,
    python: join(venv, "bin", "python"),
    sparkSQL: join(venv, "bin", "spark-sql"),
    requirements: join(root, "requirements-spark.txt"),
    requirementsStamp: join(venv, "requirements.sha256"),
  };
}

/**
 * Make sure `.venv-spark/` exists and holds `requirements-spark.txt` (PySpark,
 * which carries Spark and `spark-sql`; Java 17 runs it). Separate from the
 * Jupyter venv: Spark is large and only `--db spark:` and the engine tests use
 * it. Does only what is missing or out of date. Returns whether it installed.
 *
 * @example
 * ```ts ignore
 * // Not run by deno test --doc: the first call downloads PySpark (~500 MB).
 * import { ensureSpark } from "./setup.ts";
 * await ensureSpark();
 * ```
 */
export async function ensureSpark(
  options: Pick<EnsureJupyterOptions, "root" | "python" | "log"> = {},
): Promise<boolean> {
  const paths = sparkPaths(options.root ?? PROJECT_ROOT);
  const log = options.log ?? ((line: string) => console.error(line));
  if (!(await exists(paths.python))) {
    const python = options.python ?? Deno.env.get("PYTHON") ?? "python3";
    await checkPython(python);
    log(`Creating ${paths.venv} with ${python} …`);
    await run(python, ["-m", "venv", paths.venv], {
      failure: `Could not create ${paths.venv} with ${python}`,
      hint: "on Debian/Ubuntu install python3-venv (apt-get install python3-venv), then rerun",
    });
  }
  const requirements = await Deno.readTextFile(paths.requirements).catch(() => {
    throw new InputError("Requirements file not found", { file: paths.requirements });
  });
  const wanted = await sha256(requirements);
  const installed = await Deno.readTextFile(paths.requirementsStamp).catch(() => "");
  if (installed.trim() === wanted) return false;
  log(`Installing Spark from requirements-spark.txt into ${paths.venv} …`);
  const started = performance.now();
  await run(
    paths.python,
    ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", paths.requirements],
    {
      failure: "Could not install requirements-spark.txt into .venv-spark",
      hint: "check the network or package index, then rerun deno task setup",
      env: { PIP_REQUIRE_VIRTUALENV: "1" },
    },
  );
  await writeFileAtomic(paths.requirementsStamp, wanted + "\n");
  log(`Installed in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}

async function checkPython(python: string): Promise<void> {
  const missing = new InputError(
    `Python 3.10 or newer is needed for Jupyter and "${python}" was not found`,
    { hint: "install Python 3.10+ (e.g. apt-get install python3 python3-venv), then rerun" },
  );
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(python, {
      args: ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch {
    throw missing;
  }
  if (!output.success) throw missing;
  const version = new TextDecoder().decode(output.stdout).trim();
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major < 3 || (major === 3 && minor < 10)) {
    throw new InputError(`Python 3.10 or newer is needed for Jupyter, found ${version}`, {
      hint: "install Python 3.10+ or point $PYTHON at one, then rerun",
    });
  }
}

async function run(
  command: string,
  args: string[],
  context: { failure: string; hint: string; env?: Record<string, string> },
): Promise<void> {
  const output = await new Deno.Command(command, {
    args,
    stdout: "piped",
    stderr: "piped",
    env: context.env,
  }).output();
  if (!output.success) {
    const text = new TextDecoder().decode(output.stderr).trim() ||
      new TextDecoder().decode(output.stdout).trim();
    const last = text.split("\n").filter((line) => line.trim() !== "").at(-1) ?? "";
    console.error(text);
    throw new InputError(`${context.failure}${last ? `: ${last.trim()}` : ""}`, {
      hint: context.hint,
    });
  }
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Write beside the target, then rename: an interrupted setup never leaves half a file. */
async function writeFileAtomic(path: string, text: string): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${crypto.randomUUID().slice(0, 8)}.partial`;
  try {
    await Deno.writeTextFile(partial, text);
    await Deno.rename(partial, path);
  } catch (error) {
    await Deno.remove(partial).catch(() => {});
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Print an error the user can act on, on one line, and exit with code 2; rethrow bugs. */
export function exitOnInputError(error: unknown): never {
  if (isInputError(error)) {
    console.error(`Error: ${error.message}`);
    Deno.exit(2);
  }
  throw error;
}

if (import.meta.main) {
  try {
    await ensureJupyter({ quietWhenReady: false });
    if (!Deno.args.includes("--no-spark")) {
      await ensureSpark();
      console.error(`Spark is ready in ${sparkPaths().venv}.`);
    }
  } catch (error) {
    exitOnInputError(error);
  }
}
