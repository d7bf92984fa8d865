/**
 * Where a notebook's outputs landed, compared cell by cell with where an
 * nbclient run of the same notebook put them. Used by `lab_test.ts` on the
 * notebook JupyterLab holds after Run All.
 *
 * Each code cell's outputs become a multiset of items: one per line of stdout
 * or stderr (however the kernel cut the stream into messages, and with `\r`
 * overwrites applied as JupyterLab shows them), one per display, result or
 * error (its richest MIME type's text). Decimal numbers are masked, so
 * timings do not count as differences. An item JupyterLab shows under a cell
 * and the reference does not is misplaced; one the reference has and
 * JupyterLab lacks is missing there, unless the cell shows in its place one
 * of the same kind that no other cell makes (the same output with other
 * content: state such as a key file the reference run created).
 *
 * @module
 */

/** An nbformat output, as JupyterLab's model or nbclient writes it. */
export interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
}

/** An nbformat cell. */
export interface NotebookCell {
  cell_type: string;
  id?: string;
  source?: string | string[];
  execution_count?: number | null;
  outputs?: NotebookOutput[];
}

/** One comparable piece of a cell's output. */
export interface OutputItem {
  /** `stdout`, `stderr`, `display`, `result` or `error`. */
  kind: string;
  /** Normalised content: what two runs must agree on. */
  key: string;
}

/** An output found in the wrong place. */
export interface Misplacement {
  /** 0-based position among the notebook's code cells. */
  cell: number;
  /** The cell's id, when it has one. */
  id: string;
  /**
   * `extra`: shown here but not made here; `missing`: made here but not shown
   * here; `changed`: in its place with other content (not an error).
   */
  problem: "extra" | "missing" | "changed" | "execution count";
  kind: string;
  /** The start of the content. */
  preview: string;
  /** Code cells (0-based) whose reference holds this item, for an extra one. */
  madeBy: number[];
  /** Paired with an extra output of the same kind (while comparing). */
  replaced?: boolean;
}

/** The comparison of one run with the reference. */
export interface PlacementReport {
  /** Items in the run, all cells. */
  items: number;
  /** Every difference; empty when each output sits under the cell that made it. */
  misplaced: Misplacement[];
  /** Outputs in their own cell whose content differs from the reference's. */
  changed: Misplacement[];
}

const RICHEST = ["text/html", "image/svg+xml", "text/markdown", "text/latex", "text/plain"];
/** Lines npm and Deno print while fetching packages on a first run: not the cell's output. */
const FETCH_NOISE = /^(Download|Initialize|Downloading) /;

function joined(value: unknown): string {
  if (Array.isArray(value)) return value.join("");
  if (typeof value === "string") return value;
  return value === undefined || value === null ? "" : JSON.stringify(value);
}

function normalise(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\d+\.\d+/g, "#.#").replace(
    /\s+/g,
    " ",
  )
    .trim();
}

/**
 * The comparable items of one cell's outputs.
 *
 * @example
 * ```ts
 * import { outputItems } from "./lab_placement.ts";
 * outputItems([{ output_type: "stream", name: "stdout", text: "a 1\nb\n" }]);
 * // [{ kind: "stdout", key: "a 1" }, { kind: "stdout", key: "b" }]
 * ```
 */
export function outputItems(outputs: NotebookOutput[] = []): OutputItem[] {
  const items: OutputItem[] = [];
  const streams: Record<string, string> = {};
  for (const output of outputs) {
    if (output.output_type === "stream") {
      const name = output.name ?? "stdout";
      streams[name] = (streams[name] ?? "") + joined(output.text);
    } else if (output.output_type === "error") {
      items.push({ kind: "error", key: normalise(`${output.ename}: ${output.evalue}`) });
    } else {
      const data = output.data ?? {};
      const mime = RICHEST.find((type) => type in data) ?? Object.keys(data).sort()[0] ?? "";
      items.push({
        kind: output.output_type === "execute_result" ? "result" : "display",
        key: `${mime} ${normalise(joined(data[mime]))}`,
      });
    }
  }
  for (const [name, text] of Object.entries(streams)) {
    for (const raw of text.split("\n")) {
      const line = normalise(raw.slice(raw.lastIndexOf("\r") + 1));
      if (line !== "" && !FETCH_NOISE.test(line)) items.push({ kind: name, key: line });
    }
  }
  return items;
}

function tally(items: OutputItem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = `${item.kind}\u0000${item.key}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Compare where a run put each output with where the reference run did, code
 * cell by code cell; also check that every result carries its cell's
 * execution count and that counts rise from cell to cell.
 *
 * @example
 * ```ts
 * import { comparePlacement } from "./lab_placement.ts";
 * const cell = (text: string) => ({
 *   cell_type: "code",
 *   outputs: [{ output_type: "stream", name: "stdout", text }],
 * });
 * const report = comparePlacement([cell(""), cell("a\nb\n")], [cell("a\n"), cell("b\n")]);
 * report.misplaced.map((m) => `${m.problem} ${m.cell}`); // ["missing 0", "extra 1"]
 * ```
 */
export function comparePlacement(
  run: NotebookCell[],
  reference: NotebookCell[],
): PlacementReport {
  const runCells = run.filter((cell) => cell.cell_type === "code");
  const refCells = reference.filter((cell) => cell.cell_type === "code");
  if (runCells.length !== refCells.length) {
    throw new Error(`${runCells.length} code cells against ${refCells.length} in the reference`);
  }
  const refTallies = refCells.map((cell) => tally(outputItems(cell.outputs)));
  const misplaced: Misplacement[] = [];
  const changed: Misplacement[] = [];
  let items = 0;
  let previousCount = 0;
  runCells.forEach((cell, index) => {
    const id = cell.id ?? "";
    const own = outputItems(cell.outputs);
    items += own.length;
    const counts = tally(own);
    const expected = refTallies[index]!;
    const extras: Misplacement[] = [];
    for (const [key, count] of counts) {
      const extra = count - (expected.get(key) ?? 0);
      if (extra <= 0) continue;
      const [kind = "", text = ""] = key.split("\u0000");
      const madeBy = refTallies.flatMap((
        other,
        at,
      ) => (other.has(key) && at !== index ? [at] : []));
      for (let n = 0; n < extra; n++) {
        extras.push({
          cell: index,
          id,
          problem: "extra",
          kind,
          preview: text.slice(0, 80),
          madeBy,
        });
      }
    }
    const missings: Misplacement[] = [];
    for (const [key, count] of expected) {
      const missing = count - (counts.get(key) ?? 0);
      if (missing <= 0) continue;
      const [kind = "", text = ""] = key.split("\u0000");
      for (let n = 0; n < missing; n++) {
        missings.push({
          cell: index,
          id,
          problem: "missing",
          kind,
          preview: text.slice(0, 80),
          madeBy: [index],
        });
      }
    }
    // An output no other cell makes, in place of one of the same kind this cell
    // made in the reference, is the same output with other content (a key file
    // the reference run created, say), not a misplaced one.
    for (const extra of extras) {
      const swapped = extra.madeBy.length === 0
        ? missings.findIndex((m) => m.kind === extra.kind && !m.replaced)
        : -1;
      if (swapped >= 0) {
        missings[swapped]!.replaced = true;
        changed.push({ ...extra, problem: "changed", madeBy: [index] });
      } else {
        misplaced.push(extra);
      }
    }
    for (const missing of missings) {
      if (!missing.replaced) misplaced.push(missing);
      delete missing.replaced;
    }
    const executed = cell.execution_count ?? null;
    const wrongResult = (cell.outputs ?? []).some((output) =>
      output.output_type === "execute_result" && output.execution_count !== executed
    );
    if (executed === null || executed <= previousCount || wrongResult) {
      misplaced.push({
        cell: index,
        id,
        problem: "execution count",
        kind: "prompt",
        preview: `[${executed ?? " "}] after [${previousCount}]${
          wrongResult ? ", a result with another count" : ""
        }`,
        madeBy: [],
      });
    }
    previousCount = executed ?? previousCount;
  });
  return { items, misplaced, changed };
}

/** One line per difference, for a failure message. */
export function describeMisplacements(misplaced: Misplacement[]): string {
  return misplaced.map((m) =>
    `code cell ${m.cell + 1}${m.id ? ` (${m.id})` : ""}: ${m.problem} ${m.kind} "${m.preview}"${
      m.problem === "extra" && m.madeBy.length > 0
        ? ` (made by code cell ${m.madeBy.map((c) => c + 1).join(", ")})`
        : ""
    }`
  ).join("\n");
}
