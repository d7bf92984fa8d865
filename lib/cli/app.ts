/**
 * `deno task app [--port N] [--host 127.0.0.1] [--no-open] [--max-upload 200MB]`
 * — the segmentation app in the browser: upload a customer file, choose the
 * columns and the number of segments, see the segments, download the file
 * with a `cluster` column. The same pipeline as `deno task segment`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { startApp } from "../app/server.ts";
import { parseSize } from "../app/sessions.ts";
import { ArgumentError, runCli } from "./run_cli.ts";

const USAGE = `Usage:
  deno task app [--port N] [--host 127.0.0.1] [--no-open] [--max-upload 200MB] [--jobs N]

Starts the segmentation app on this computer and prints its address (with a
private token; requests without it are refused). Ctrl+C stops it and deletes
every uploaded file.`;

function openBrowser(url: string): void {
  const command = Deno.build.os === "darwin"
    ? ["open", url]
    : Deno.build.os === "windows"
    ? ["cmd", "/c", "start", "", url]
    : ["xdg-open", url];
  try {
    const child = new Deno.Command(command[0]!, {
      args: command.slice(1),
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    child.status.catch(() => {});
  } catch {
    // No browser opener here: the printed address is enough.
  }
}

/** The one line for a port another program listens on. */
function portInUse(port: number): ArgumentError {
  return new ArgumentError(
    `Port ${port} is in use: another program (perhaps another app) listens on it; ` +
      `stop it, or give another port (--port ${port === 65535 ? port - 1 : port + 1}), ` +
      `or --port 0 for any free port`,
  );
}

/** One line for an address the app cannot listen on (another error is left as it is). */
function listenError(error: unknown, hostname: string, port: number): unknown {
  if (error instanceof Deno.errors.AddrNotAvailable) {
    return new ArgumentError(
      `Cannot listen on ${hostname}: it is not an address of this computer; ` +
        `give --host 127.0.0.1 (this computer only) or one of its own addresses`,
    );
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return new ArgumentError(
      `Not allowed to listen on port ${port} (ports below 1024 need administrator rights); ` +
        `give --port 8765 or another port above 1023`,
    );
  }
  return error;
}

async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "no-open": { type: "boolean" },
      "max-upload": { type: "string" },
      jobs: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? 8765 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ArgumentError(`Invalid port: "${values.port}"; give a number from 0 to 65535`);
  }
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) {
    throw new ArgumentError(`Invalid jobs: "${values.jobs}"; give a whole number, 1 or more`);
  }
  const hostname = values.host ?? "127.0.0.1";
  const settings = {
    hostname,
    maxUploadBytes: values["max-upload"] === undefined
      ? undefined
      : parseSize(values["max-upload"]),
    concurrency: jobs,
  };
  let app;
  try {
    app = await startApp({ ...settings, port });
  } catch (error) {
    if (!(error instanceof Deno.errors.AddrInUse)) throw listenError(error, hostname, port);
    // The port given is taken: say so. The default one is taken (another app running): any free port will do.
    if (values.port !== undefined) throw portInUse(port);
    app = await startApp({ ...settings, port: 0 }).catch((e) => {
      throw listenError(e, hostname, 0);
    });
  }
  const loopback = /^(127\.|localhost$|::1$|\[::1\]$)/.test(hostname);
  console.log(`Segmentation app: ${app.url}${loopback ? "" : "  (reachable from other machines)"}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", stop);
  globalThis.addEventListener("unload", () => app.store.closeAllSync());
  if (!values["no-open"]) openBrowser(app.url);
}

if (import.meta.main) await runCli(main);
