/**
 * `deno run -A lib/cli/check_notebooks.ts [notebook...]`: type-check notebooks.
 *
 * `deno check` does not read `.ipynb` files, so this joins each notebook's code
 * cells, in order, into a hidden TypeScript file beside the notebook (relative
 * imports and `deno.json` resolve as in the kernel), checks them all in one
 * `deno check` run, maps error positions back to `name.ipynb, cell N, line M`,
 * and removes the temporary files. Used by `deno task check`.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { listNotebooks } from "./report.ts";
import { PROJECT_ROOT } from "./setup.ts";

/** Where a line of the joined source came from. */
export interface SourceLine {
  /** 1-based position of the cell among all cells. */
  cell: number;
  /** 1-based line inside the cell. */
  line: number;
}

/** A notebook's code cells joined into one module, with a map back to cells. */
export interface JoinedCells {
  source: string;
  /** `lines[i]` is where line `i + 1` of `source` came from (null for glue lines). */
  lines: (SourceLine | null)[];
}

/**
 * Join a notebook's code cells into one TypeScript module.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { joinCodeCells } from "./check_notebooks.ts";
 * const joined = joinCodeCells({
 *   cells: [{ cell_type: "markdown", source: "# T" }, { cell_type: "code", source: ["const a = 1;\n", "a"] }],
 * });
 * deepEqual(joined.lines[2], { cell: 2, line: 2 });
 * ```
 */
export function joinCodeCells(
  notebook: { cells: { cell_type: string; source: string | string[] }[] },
): JoinedCells {
  const out: string[] = [];
  const lines: (SourceLine | null)[] = [];
  for (const [index, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    const text = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    out.push(`// cell ${index + 1}`);
    lines.push(null);
    for (const [i, line] of text.split("\n").entries()) {
      out.push(line);
      lines.push({ cell: index + 1, line: i + 1 });
    }
    out.push(";");
    lines.push(null);
  }
  out.push("export {};");
  lines.push(null);
  return { source: out.join("\n") + "\n", lines };
}

/** Type-check notebooks; returns the `deno check` exit code (0 when all pass). */
export async function checkNotebooks(notebooks: string[]): Promise<number> {
  if (notebooks.length === 0) {
    console.log("No notebooks to check.");
    return 0;
  }
  const temporary = new Map<string, { notebook: string; joined: JoinedCells }>();
  try {
    for (const notebook of notebooks) {
      const parsed = JSON.parse(await Deno.readTextFile(notebook));
      const joined = joinCodeCells(parsed);
      const file = join(dirname(resolve(notebook)), `.${basename(notebook, ".ipynb")}.check.ts`);
      await Deno.writeTextFile(file, joined.source);
      temporary.set(file, { notebook, joined });
    }
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--quiet", ...temporary.keys()],
      cwd: PROJECT_ROOT,
      env: { NO_COLOR: "1", RUST_BACKTRACE: "0" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    let text = new TextDecoder().decode(output.stderr) + new TextDecoder().decode(output.stdout);
    for (const [file, { notebook, joined }] of temporary) {
      const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      text = text.replace(
        new RegExp(`(?:file://)?${escaped}:(\\d+):(\\d+)`, "g"),
        (_match, line: string, column: string) => {
          const where = joined.lines[Number(line) - 1];
          return where
            ? `${notebook}, cell ${where.cell}, line ${where.line}:${column}`
            : `${notebook}:${line}:${column}`;
        },
      );
    }
    if (text.trim()) console.error(text.trimEnd());
    console.log(
      output.success
        ? `Checked ${notebooks.length} notebook${notebooks.length === 1 ? "" : "s"}.`
        : "Notebook type check failed.",
    );
    return output.code;
  } finally {
    for (const file of temporary.keys()) await Deno.remove(file).catch(() => {});
  }
}

if (import.meta.main) {
  const notebooks = Deno.args.length > 0 ? Deno.args : await listNotebooks();
  Deno.exit(await checkNotebooks(notebooks));
}
