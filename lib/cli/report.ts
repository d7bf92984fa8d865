/**
 * `deno task report [notebook...] [--out reports] [--timeout 600] [--no-code]`
 *
 * Executes every notebook in `notebooks/` (or the ones named) top to bottom with
 * Jupyter's own nbclient and the Deno kernel, each in its own folder so relative
 * paths and `deno.json` discovery work as in JupyterLab, and writes
 * `<out>/<name>.html` with nbconvert: self-contained, charts inline as SVG,
 * nothing fetched from the network. Environment variables pass through to the
 * kernel, so parameter cells (`Deno.env.get("X") ?? default`) can be overridden:
 * `BYOD_DATA=my.csv deno task report notebooks/04_bring_your_own_data.ipynb`.
 * The kernel also gets `SEGMENT_REPRODUCIBLE=1` (unless set otherwise), which
 * leaves elapsed seconds out of progress lines: the same notebook, input and
 * seed give a byte-identical report.
 *
 * A failing cell stops that notebook (its report is not written) and the run
 * exits with code 1, naming the notebook, the cell and the error.
 *
 * @module
 */
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "../errors.ts";
import { REPRODUCIBLE_ENV } from "../display/progress.ts";
import { ensureJupyter, exitOnInputError, jupyterEnv, PROJECT_ROOT } from "./setup.ts";

/** Parameters that name a file or folder: a relative value means "from where the command ran". */
const PATH_PARAMETER = /(^|_)(DATA|DIR|OUT|OUT_DIR|FILE|PATH)$/;

/**
 * The notebooks run in their own folder, so a relative path given in a
 * parameter (`BYOD_DATA=my.csv deno task report …` from the project root)
 * is made absolute from the folder the command ran in, before the kernel sees
 * it. Other variables pass through unchanged.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { absolutePathParameters } from "./report.ts";
 * deepEqual(
 *   absolutePathParameters({ BYOD_DATA: "my.csv", OUT_DIR: "/tmp/o", BYOD_K: "4" }, "/home/ana"),
 *   { BYOD_DATA: "/home/ana/my.csv", OUT_DIR: "/tmp/o", BYOD_K: "4" },
 * );
 * ```
 */
export function absolutePathParameters(
  env: Readonly<Record<string, string>>,
  from: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const path = PATH_PARAMETER.test(name) && value.trim() !== "" && !isAbsolute(value) &&
      !value.includes("\n");
    out[name] = path ? resolve(from, value) : value;
  }
  return out;
}

/** Options for {@link runReport}. */
export interface ReportOptions {
  /** Notebook files; default: every `*.ipynb` in `notebooks/`, sorted. */
  notebooks?: string[];
  /** Output folder for the HTML reports; default `reports`. */
  outDir?: string;
  /** Seconds a single cell may run; default 600. */
  timeoutSeconds?: number;
  /** Leave code cells out of the HTML (outputs and text only). */
  hideCode?: boolean;
  /** Extra environment for the kernel (parameter overrides). */
  env?: Record<string, string>;
  /** Where progress lines go; default stdout. */
  write?: (text: string) => void;
}

/** Why a notebook failed. */
export interface NotebookFailure {
  /** 1-based position of the failing cell among all cells, when known. */
  cell: number | null;
  ename: string;
  evalue: string;
  /** First line of the failing cell's source. */
  source: string;
}

/** Outcome for one notebook. */
export interface NotebookOutcome {
  notebook: string;
  /** The report written, or null when the notebook failed. */
  html: string | null;
  seconds: number;
  failure: NotebookFailure | null;
  /** What the notebook runner printed on stdout (the outcome line included). */
  stdout: string;
  /** What the notebook runner printed on stderr (the kernel's own output included). */
  stderr: string;
}

/** Outcome of a whole run. */
export interface ReportResult {
  outcomes: NotebookOutcome[];
  failed: number;
}

const EXECUTOR = join(PROJECT_ROOT, "lib", "cli", "execute_notebook.py");

/**
 * Put the npm packages `deno.json` pins into `node_modules/` before anything
 * else needs them, quietly: on a first run Deno would otherwise print a line
 * per package ("Initialize …", about 90 of them) from the kernel or
 * `deno test`, ahead of the first useful output. What `deno install` prints is
 * kept and shown only when it fails, in the error's message.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { installDependencies } from "./report.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/deno.json`, "{}");
 * equal(await installDependencies({ cwd: dir }), undefined); // nothing to install, nothing printed
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function installDependencies(options: { cwd?: string } = {}): Promise<void> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["install", "--quiet"],
    cwd: options.cwd ?? PROJECT_ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (output.success) return;
  const said = new TextDecoder().decode(output.stderr).trim() ||
    new TextDecoder().decode(output.stdout).trim();
  const lines = said.split("\n").filter((l) => l.trim() !== "");
  throw new InputError(
    `Could not install the npm packages deno.json pins (deno install exited with ${output.code})` +
      (lines.length > 0 ? `:\n${lines.slice(-12).join("\n")}` : ""),
    { hint: "check the network and the npm registry (NPM_CONFIG_REGISTRY), then run deno install" },
  );
}

/**
 * The notebooks in a folder, sorted by name (checkpoints and hidden files skipped).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { listNotebooks } from "./report.ts";
 * const notebooks = await listNotebooks(new URL("../../notebooks", import.meta.url).pathname);
 * ok(notebooks.length > 0 && notebooks.every((path) => path.endsWith(".ipynb")));
 * ```
 */
export async function listNotebooks(dir: string = join(PROJECT_ROOT, "notebooks")): Promise<
  string[]
> {
  const found: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && entry.name.endsWith(".ipynb") && !entry.name.startsWith(".")) {
        found.push(join(dir, entry.name));
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return found.sort();
}

/** One line describing a failure: `name.ipynb, cell 5: TypeError: message`. */
export function describeFailure(notebook: string, failure: NotebookFailure): string {
  const where = failure.cell === null ? "" : `, cell ${failure.cell}`;
  const what = failure.evalue ? `${failure.ename}: ${failure.evalue}` : failure.ename;
  return `${basename(notebook)}${where}: ${what}`;
}

/**
 * Execute notebooks and write their HTML reports; sets up Jupyter when needed.
 *
 * @example
 * ```ts ignore
 * // Not run by deno test --doc: it executes every notebook.
 * import { equal } from "node:assert/strict";
 * import { runReport } from "./report.ts";
 * const { failed } = await runReport({ outDir: await Deno.makeTempDir() });
 * equal(failed, 0);
 * ```
 */
export async function runReport(options: ReportOptions = {}): Promise<ReportResult> {
  const write = options.write ?? ((text: string) => Deno.stdout.writeSync(encode(text)));
  const notebooks = options.notebooks ?? await listNotebooks();
  for (const notebook of notebooks) {
    if (!notebook.endsWith(".ipynb")) {
      throw new InputError(`Not a notebook: ${notebook}`, { hint: "give .ipynb files" });
    }
    try {
      await Deno.stat(notebook);
    } catch {
      throw new InputError(`Notebook not found: ${notebook}`, {
        hint: "give a path to an .ipynb file, or nothing to run every notebook in notebooks/",
      });
    }
  }
  const outDir = options.outDir ?? join(PROJECT_ROOT, "reports");
  const outcomes: NotebookOutcome[] = [];
  if (notebooks.length === 0) {
    write("No notebooks to run in notebooks/.\n");
    return { outcomes, failed: 0 };
  }
  await installDependencies();
  const { paths } = await ensureJupyter();
  const env = absolutePathParameters(
    { [REPRODUCIBLE_ENV]: "1", ...jupyterEnv(paths), ...options.env },
    Deno.env.get("INIT_CWD") ?? Deno.cwd(),
  );
  const width = String(notebooks.length).length;

  for (const [i, notebook] of notebooks.entries()) {
    const name = basename(notebook, ".ipynb");
    const html = join(outDir, `${name}.html`);
    write(`[${String(i + 1).padStart(width)}/${notebooks.length}] ${name} … `);
    const started = performance.now();
    const args = [EXECUTOR, notebook, html, "--cwd", dirname(resolve(notebook))];
    if (options.timeoutSeconds !== undefined) {
      args.push("--timeout", String(options.timeoutSeconds));
    }
    if (options.hideCode) args.push("--no-code");
    const output = await new Deno.Command(paths.python, {
      args,
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const seconds = (performance.now() - started) / 1000;
    const stdout = new TextDecoder().decode(output.stdout);
    const stderr = new TextDecoder().decode(output.stderr);
    const failure = readOutcome(stdout, stderr, output.code);
    outcomes.push({ notebook, html: failure ? null : html, seconds, failure, stdout, stderr });
    if (failure) {
      write(`failed after ${seconds.toFixed(1)} s\n`);
      write(`  ${describeFailure(notebook, failure)}\n`);
      if (failure.source) write(`  > ${failure.source}\n`);
    } else {
      write(`${seconds.toFixed(1)} s\n`);
    }
  }

  const failed = outcomes.filter((o) => o.failure !== null);
  const written = outcomes.length - failed.length;
  const plural = outcomes.length === 1 ? "" : "s";
  const shown = relative(Deno.env.get("INIT_CWD") ?? Deno.cwd(), outDir);
  const where = shown === "" ? "." : shown.startsWith("..") ? outDir : shown;
  write(`${written} of ${outcomes.length} report${plural} written to ${where}/`);
  if (failed.length > 0) {
    const names = failed.map((o) =>
      `${basename(o.notebook)}${o.failure?.cell ? ` (cell ${o.failure.cell})` : ""}`
    );
    write(`; failed: ${names.join(", ")}`);
  }
  write("\n");
  return { outcomes, failed: failed.length };
}

function readOutcome(stdout: string, stderr: string, code: number): NotebookFailure | null {
  const line = stdout.split("\n").filter((l) => l.startsWith("{")).at(-1);
  if (line !== undefined) {
    const parsed = JSON.parse(line) as { ok: boolean } & Partial<NotebookFailure>;
    if (parsed.ok) return null;
    return {
      cell: parsed.cell ?? null,
      ename: parsed.ename ?? "Error",
      evalue: parsed.evalue ?? "",
      source: parsed.source ?? "",
    };
  }
  const lines = stderr.trim().split("\n").filter((l) =>
    l.trim() !== "" && !l.includes('"deno jupyter" is unstable')
  );
  return {
    cell: null,
    ename: "RunnerError",
    evalue: lines.at(-1)?.trim() ?? `notebook runner exited with code ${code}`,
    source: "",
  };
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

const USAGE =
  `Usage: deno task report [notebook.ipynb ...] [--out DIR] [--timeout SECONDS] [--no-code]

Executes the notebooks (default: every notebook in notebooks/) with the Deno kernel and
writes DIR/<name>.html (default DIR: reports). Environment variables reach the kernel, so
parameter cells can be overridden, e.g. BYOD_DATA=my.csv deno task report notebooks/04_*.ipynb`;

if (import.meta.main) {
  try {
    const { values, positionals } = parseArgs({
      args: Deno.args,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        timeout: { type: "string" },
        "no-code": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      console.log(USAGE);
      Deno.exit(0);
    }
    const base = Deno.env.get("INIT_CWD") ?? Deno.cwd();
    const at = (path: string) => (isAbsolute(path) ? path : resolve(base, path));
    let timeoutSeconds: number | undefined;
    if (values.timeout !== undefined) {
      timeoutSeconds = Number(values.timeout);
      if (!Number.isInteger(timeoutSeconds) || timeoutSeconds <= 0) {
        throw new InputError(`Invalid --timeout: "${values.timeout}"`, {
          hint: "give a whole number of seconds, e.g. --timeout 600",
        });
      }
    }
    const result = await runReport({
      notebooks: positionals.length > 0 ? positionals.map(at) : undefined,
      outDir: values.out === undefined ? undefined : at(values.out),
      timeoutSeconds,
      hideCode: values["no-code"] ?? false,
    });
    Deno.exit(result.failed > 0 ? 1 : 0);
  } catch (error) {
    if (
      error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE")
    ) {
      console.error(`Error: ${error.message}.\n${USAGE}`);
      Deno.exit(2);
    }
    exitOnInputError(error);
  }
}
