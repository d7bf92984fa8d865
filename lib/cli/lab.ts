/**
 * `deno task lab [--port N] [--no-browser] [-- jupyter lab options...]`
 *
 * Starts JupyterLab from the project's `.venv` on 127.0.0.1 with a token
 * (`$JUPYTER_TOKEN` or a random one), rooted at the project and opened on
 * `notebooks/`, with the Deno kernel selectable. Prints the URL to open once
 * the server answers. Ctrl+C (or SIGTERM) stops the server and its kernels.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { InputError } from "../errors.ts";
import { ensureJupyter, exitOnInputError, jupyterEnv, PROJECT_ROOT } from "./setup.ts";

/** Options for {@link startLab}. */
export interface LabOptions {
  /** Port; default 8888 when free, otherwise any free port. */
  port?: number;
  /** Token; default `$JUPYTER_TOKEN` or a random one. */
  token?: string;
  /** Open a browser (default false). */
  openBrowser?: boolean;
  /** Extra `jupyter lab` arguments. */
  extraArgs?: string[];
  /** Seconds to wait for the server to answer; default 90. */
  startTimeoutSeconds?: number;
  /** Extra environment for the server and the kernels it starts. */
  env?: Record<string, string>;
}

/** A running JupyterLab. */
export interface RunningLab {
  /** Address of the notebooks folder, token included. */
  url: string;
  /** Base address, e.g. `http://127.0.0.1:8888`. */
  base: string;
  token: string;
  port: number;
  process: Deno.ChildProcess;
  /** Stop the server (SIGTERM) and wait for it. */
  stop(): Promise<void>;
}

/**
 * A TCP port free on 127.0.0.1 now, preferring `preferred` when given.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { freePort } from "./lab.ts";
 * const port = freePort();
 * ok(port > 0);
 * ```
 */
export function freePort(preferred?: number): number {
  for (const port of preferred === undefined ? [0] : [preferred, 0]) {
    try {
      const listener = Deno.listen({ hostname: "127.0.0.1", port });
      const chosen = (listener.addr as Deno.NetAddr).port;
      listener.close();
      return chosen;
    } catch {
      // taken: try the next
    }
  }
  throw new Error("No free TCP port on 127.0.0.1");
}

/**
 * Start JupyterLab for the workspace and wait until it answers.
 *
 * @example
 * ```ts ignore
 * // Not run by deno test --doc: JupyterLab takes seconds to start (tests/lab_test.ts starts it).
 * import { ok } from "node:assert/strict";
 * import { startLab } from "./lab.ts";
 * const lab = await startLab({ port: 0 });
 * ok(lab.url.includes("/lab/tree/notebooks?token="));
 * await lab.stop();
 * ```
 */
export async function startLab(options: LabOptions = {}): Promise<RunningLab> {
  const { paths } = await ensureJupyter();
  const port = options.port === undefined || options.port === 0
    ? freePort(options.port === 0 ? undefined : 8888)
    : options.port;
  const token = options.token ?? Deno.env.get("JUPYTER_TOKEN") ??
    Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, "0"))
      .join("");
  const args = [
    "lab",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--ServerApp.port_retries=0",
    `--ServerApp.root_dir=${PROJECT_ROOT}`,
    "--ServerApp.default_url=/lab/tree/notebooks",
    "--MultiKernelManager.default_kernel_name=deno",
    "--ServerApp.log_level=WARN",
    "--ServerApp.allow_remote_access=False",
    options.openBrowser ? "--ServerApp.open_browser=True" : "--no-browser",
    ...(Deno.uid() === 0 ? ["--allow-root"] : []),
    ...(options.extraArgs ?? []),
  ];
  const env = { ...jupyterEnv(paths), ...options.env, JUPYTER_TOKEN: token };
  const process = new Deno.Command(paths.jupyter, {
    args,
    cwd: PROJECT_ROOT,
    env,
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const base = `http://127.0.0.1:${port}`;
  const lab: RunningLab = {
    url: `${base}/lab/tree/notebooks?token=${token}`,
    base,
    token,
    port,
    process,
    async stop() {
      try {
        process.kill("SIGTERM");
      } catch {
        // already gone
      }
      await process.status;
    },
  };

  let exited = false;
  process.status.then(() => (exited = true));
  const deadline = Date.now() + (options.startTimeoutSeconds ?? 90) * 1000;
  while (Date.now() < deadline) {
    if (exited) {
      const { code } = await process.status;
      throw new InputError(`JupyterLab stopped while starting (exit code ${code})`, {
        hint: "see its messages above",
      });
    }
    try {
      const response = await fetch(`${base}/api/status`, {
        headers: { Authorization: `token ${token}` },
      });
      await response.body?.cancel();
      if (response.ok) return lab;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  await lab.stop();
  throw new InputError(`JupyterLab did not answer within ${options.startTimeoutSeconds ?? 90} s`);
}

const USAGE = `Usage: deno task lab [--port N] [--no-browser] [-- jupyter lab options...]

Starts JupyterLab on 127.0.0.1 with a token ($JUPYTER_TOKEN or a random one), opened on
notebooks/, with the Deno kernel from the project's .venv.`;

if (import.meta.main) {
  try {
    const { values, positionals } = parseArgs({
      args: Deno.args,
      allowPositionals: true,
      options: {
        port: { type: "string" },
        "no-browser": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      console.log(USAGE);
      Deno.exit(0);
    }
    let port: number | undefined;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new InputError(`Invalid --port: "${values.port}"`, {
          hint: "give 1-65535, or 0 for any",
        });
      }
    }
    const lab = await startLab({
      port,
      openBrowser: !(values["no-browser"] ?? false) && Deno.env.get("CI") === undefined,
      extraArgs: positionals,
    });
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      Deno.addSignalListener(signal, () => {
        lab.process.kill("SIGTERM");
      });
    }
    console.log(`JupyterLab is running (Ctrl+C to stop). Open:\n\n    ${lab.url}\n`);
    const { code } = await lab.process.status;
    Deno.exit(code === 143 || code === 130 ? 0 : code);
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
