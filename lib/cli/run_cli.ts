/**
 * Shared command-line plumbing: user errors print one line without a stack
 * and exit with code 2; anything else is a bug and keeps its stack. Also the
 * commands' option parser ({@link parseOptions}) and the check of every
 * output target before any work ({@link checkOutputTargets}).
 *
 * @module
 */
import { redactUrl } from "../sql/connection_url.ts";
import { dirname, join, resolve } from "node:path";
import { InputError, isInputError } from "../errors.ts";
import { assertNotInput } from "../io/assert_not_input.ts";

/** Run a CLI main function with the project's error conventions. */
export async function runCli(main: (args: string[]) => Promise<void>): Promise<void> {
  try {
    await main(Deno.args);
  } catch (error) {
    if (isInputError(error) || (error instanceof Error && error.name === "ArgumentError")) {
      // A database URL in a message never shows its password.
      console.error(`Error: ${redactUrl(error.message)}`);
      Deno.exit(2);
    }
    const io = fileSystemError(error);
    if (io !== undefined) {
      console.error(`Error: ${io}`);
      Deno.exit(2);
    }
    throw error;
  }
}

/** A bad command-line argument (exit code 2, like an input error). */
export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArgumentError";
  }
}

/** One option of {@link parseOptions}: a string value, or a boolean flag. */
export interface OptionSpec {
  type: "string" | "boolean";
  /** A one-letter alias, e.g. `h` for `-h`. */
  short?: string;
}

/** The parsed values: strings for string options, `true` for flags given. */
export type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string;
};

/** Options for {@link parseOptions}. */
export interface ParseOptionsOptions {
  /** The command's name for the hint, e.g. `"segment"` → "run `deno task segment --help`". */
  command: string;
  /** How many positional arguments are needed (checked unless a `help` flag is given). */
  positionals?: number;
}

/** A value that reads as a negative number (`-1`, `-0.5`, `-.5`, `-1e3`), not an option. */
const NEGATIVE_NUMBER = /^-(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parse command-line arguments: `--name value`, `--name=value`, boolean flags,
 * `-h`, and `--` before positionals. Negative numbers are accepted as values
 * (`--eps -1`, `--eps=-1`) so the option's own check can refuse them. Every
 * mistake (an unknown option, a missing value, a value given to a flag, an
 * option given twice, the wrong number of files) is one {@link ArgumentError}
 * line ending in a hint to `--help`.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { parseOptions } from "./run_cli.ts";
 * const { values, positionals } = parseOptions(
 *   ["data.csv", "--k", "3", "--eps=-1"],
 *   { k: { type: "string" }, eps: { type: "string" }, help: { type: "boolean", short: "h" } },
 *   { command: "segment", positionals: 1 },
 * );
 * equal(values.k, "3");
 * equal(values.eps, "-1");
 * deepEqual(positionals, ["data.csv"]);
 * ```
 */
export function parseOptions<O extends Record<string, OptionSpec>>(
  args: readonly string[],
  options: O,
  settings: ParseOptionsOptions,
): { values: OptionValues<O>; positionals: string[] } {
  const hint = `; run \`deno task ${settings.command} --help\` for the options`;
  const fail = (message: string): never => {
    throw new ArgumentError(message + hint);
  };
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const shorts = new Map<string, string>();
  for (const [name, spec] of Object.entries(options)) {
    if (spec.short !== undefined) shorts.set(spec.short, name);
  }
  const set = (name: string, value: string | boolean) => {
    if (Object.hasOwn(values, name)) fail(`--${name} given twice`);
    // An empty value (`--k ""`, an unset shell variable) would silently mean the default.
    if (typeof value === "string" && value.trim() === "") {
      fail(`--${name} is empty: give it a value, or leave the option out for its default`);
    }
    values[name] = value;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const spec = Object.hasOwn(options, name) ? options[name] : undefined;
      if (spec === undefined) {
        fail(`unknown option --${name}${closest(name, Object.keys(options))}`);
      }
      if (spec!.type === "boolean") {
        if (eq >= 0) fail(`--${name} takes no value (got "${arg.slice(eq + 1)}")`);
        set(name, true);
        continue;
      }
      if (eq >= 0) {
        set(name, arg.slice(eq + 1));
        continue;
      }
      const next = args[i + 1];
      if (
        next === undefined || (next.startsWith("-") && next !== "-" && !NEGATIVE_NUMBER.test(next))
      ) {
        fail(`--${name} needs a value`);
      }
      set(name, next!);
      i++;
      continue;
    }
    if (arg.startsWith("-") && arg !== "-") {
      if (NEGATIVE_NUMBER.test(arg)) {
        fail(`unexpected value "${arg}" (a number must follow its option)`);
      }
      const letters = arg.slice(1);
      for (const letter of letters) {
        const name = shorts.get(letter);
        if (name === undefined) {
          fail(
            `unknown option -${letter}` +
              (arg.length > 2
                ? ` in "${arg}" (a file whose name starts with "-": write ./${arg}, or -- before it)`
                : ""),
          );
        }
        if (options[name!]!.type !== "boolean") {
          fail(`-${letter} needs a value: write --${name} VALUE`);
        }
        set(name!, true);
      }
      continue;
    }
    positionals.push(arg);
  }
  const wanted = settings.positionals;
  if (wanted !== undefined && values.help !== true && positionals.length !== wanted) {
    const got = positionals.length === 0
      ? "none given"
      : `got ${positionals.length}: ${positionals.join(", ")}`;
    fail(`give exactly ${wanted === 1 ? "one input file" : `${wanted} files`} (${got})`);
  }
  return { values: values as OptionValues<O>, positionals };
}

/** " (did you mean --k?)" for a near miss, else "". */
function closest(name: string, known: string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  const close = best !== undefined &&
    (bestDistance <= Math.max(1, Math.floor(name.length / 3)) || best.startsWith(name));
  return close ? ` (did you mean --${best}?)` : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** One output folder and the files a command will write into it. */
export interface OutputTarget {
  /** The folder, created if missing. */
  dir: string;
  /** The option that named it, for the message (e.g. `"--out"`). */
  option: string;
  /** File names to be written there. */
  names: readonly string[];
}

/**
 * Check every output target before any work: each folder is a folder (or can
 * be created: nothing on its path is a regular file), no file to be written is
 * an existing folder, and none would overwrite an input (also through a
 * symbolic or hard link). Throws an {@link InputError} naming the path.
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { checkOutputTargets } from "./run_cli.ts";
 * const dir = await Deno.makeTempDir();
 * await checkOutputTargets([{ dir, option: "--out", names: ["rfm.csv"] }], ["data/x.csv"]); // no error
 * await rejects(checkOutputTargets([{ dir, option: "--out", names: ["x.csv"] }], [`${dir}/x.csv`]), { name: "InputError" });
 * ```
 */
export async function checkOutputTargets(
  targets: readonly OutputTarget[],
  inputs: readonly string[],
): Promise<void> {
  for (const { dir, option, names } of targets) {
    for (let path = resolve(dir);; path = dirname(path)) {
      const info = await lstatFollowing(path);
      if (info !== undefined) {
        if (!info.isDirectory) {
          throw new InputError(
            path === resolve(dir)
              ? `${option} names an existing file, not a folder`
              : `${option} cannot be created: ${path} is a file, not a folder`,
            { file: dir, hint: `give ${option} a folder (it is created if missing)` },
          );
        }
        break;
      }
      if (dirname(path) === path) break;
    }
    for (const name of names) {
      const path = join(dir, name);
      const info = await lstatFollowing(path);
      if (info?.isDirectory) {
        throw new InputError(`Output ${name} is an existing folder`, {
          file: path,
          hint: `move it away or choose another ${option}`,
        });
      }
      await assertNotInput(path, inputs);
    }
  }
}

async function lstatFollowing(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.stat(path);
  } catch {
    return undefined;
  }
}

/** A one-line message for a file-system error the user's environment causes (permissions, a file where a folder should be). */
function fileSystemError(error: unknown): string | undefined {
  const kinds = [
    Deno.errors.PermissionDenied,
    Deno.errors.NotADirectory,
    Deno.errors.IsADirectory,
    Deno.errors.AlreadyExists,
    Deno.errors.NotFound,
    Deno.errors.NotCapable,
  ];
  if (!kinds.some((kind) => error instanceof kind)) return undefined;
  const message = (error as Error).message.split("\n")[0]!;
  return `${message}. Check the path and its permissions`;
}
