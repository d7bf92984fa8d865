/**
 * Run a workspace script as a user would (`deno run -A <script> args…`, no colours) and keep
 * what it printed: the one helper the command-line tests share.
 */

/** Exit code and the text printed on stdout and stderr. */
export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `deno run -A script ...args` to its end. */
export async function runScript(script: string, args: readonly string[]): Promise<ScriptRun> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}
