/**
 * `deno task segment <file> [options]` — cluster a customer file and write
 * the enriched rows, the model and a summary; or, with `--assign`, label new
 * rows with a saved model.
 *
 * @module
 */
import { join } from "node:path";
import { parseHeaderRow } from "../io/header_row.ts";
import { readTable } from "../io/read_table.ts";
import { checkFitsInMemory } from "../io/memory_check.ts";
import { idColumnOf } from "../prepare/id_column.ts";
import type { RoleOverrides } from "../prepare/role_overrides.ts";
import { modelFromText } from "../segment/segmentation_model.ts";
import { assignTable } from "../segment/assign_table.ts";
import { parseSegmentationParameters } from "../segment/parameters.ts";
import { segmentationParameterDeclarations } from "../segment/segmentation_parameters.ts";
import { writeFilesAtomic, writeOutputFolders } from "../io/write_files.ts";
import { segmentTable } from "../segment/segment_table.ts";
import type { ColumnTable } from "arquero";
import { indexFromRules, segmentExportFiles } from "../explain/crm_export.ts";
import { segmentRuleSentence } from "../explain/segment_rule.ts";
import { rulesCaption } from "../display/rules_table.ts";
import { preparationLines } from "../prepare/preparation_report.ts";
import { InputError } from "../errors.ts";
import { ArgumentError, checkOutputTargets, parseOptions, runCli } from "./run_cli.ts";
import { algorithmEntry } from "../cluster/registry.ts";
import { formatFigure } from "../format.ts";
import { sqlDialect } from "../sql/dialects.ts";
import type { SqlDialect } from "../sql/dialect.ts";
import { assignSQL } from "../segment/model_sql.ts";
import { segmentDatabase } from "../segment/segment_db.ts";
import type { SegmentationModel } from "../segment/segmentation_model.ts";

/** Flags of the command itself (not segmentation parameters), with their usage text. */
const COMMAND_FLAGS = [
  ["--out DIR", "output folder (default out/segment)"],
  ["--sheet NAME", "xlsx input"],
  ["--header-row N", "the header's line or row, under title rows"],
  ["--export-segments DIR", "one CSV of ids per segment, for a CRM"],
  ["--sql duckdb|postgres|spark", "also write DIR/assign.sql: the model as one SQL SELECT"],
  ["--table NAME", "the table assign.sql reads (default customers)"],
  ["--db URL", "read the customers from a database: --table NAME [--sample N] [--into TABLE]"],
  ["--sample N", "with --db: rows drawn for the fit (default 1000000)"],
  ["--into TABLE", "with --db: label every row of --table into TABLE, in the database"],
] as const;

/**
 * The usage text: one line per declared segmentation parameter (flag, values,
 * default, the algorithm it belongs to), then the command's own flags.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { segmentUsage } from "./segment.ts";
 * ok(segmentUsage().includes("[--min-samples N]"));
 * ```
 */
export function segmentUsage(): string {
  const line = (flag: string, note: string) => `    [${flag}]`.padEnd(40) + ` ${note}`;
  const parameters = segmentationParameterDeclarations().map((p) =>
    line(
      `${p.flag} ${p.values}`,
      `${p.algorithm === undefined ? "" : `${p.algorithm}: `}${p.help}` +
        (p.defaultText === "" ? "" : `; default ${p.defaultText}`),
    )
  );
  return `Usage:
  deno task segment <file> [options]
${parameters.join("\n")}
${COMMAND_FLAGS.map(([flag, note]) => line(flag, note)).join("\n")}
  deno task segment --assign DIR/model.json <file> [--out DIR] [--sql DIALECT [--table NAME]]
  deno task segment --assign DIR/model.json --sql DIALECT [--table NAME] [--out DIR]
  deno task segment --db URL --table NAME [--sample N] [--into TABLE] [options] [--out DIR]

Writes DIR/segments.csv, DIR/segments.xlsx, DIR/model.json and DIR/summary.json
(or DIR/assigned.csv and DIR/assigned.xlsx with --assign), and DIR/assign.sql with --sql: a
SELECT that reads table NAME (columns as in the training file) and returns every column plus
cluster and segment_name. DIR defaults to out/segment.

--db reads the customers where they live (a PostgreSQL URL, a DuckDB file or spark:local[2];
see deno task rfm --help): a deterministic sample of --sample rows (the smallest hash of the
id column and --seed, the same rows in every engine) is fitted here as a file is, then --into
TABLE labels every row in the database with the model compiled to SQL (made under a temporary
name, renamed at the end). Writes DIR/model.json, DIR/summary.json and DIR/assign.sql.`;
}

/** Output folders: notes about files removed from an earlier run, signals held while swapping. */
const FOLDER = { onNote: (line: string) => console.error(line), holdSignals: true };

const SEGMENT_FILES = ["segments.csv", "segments.xlsx", "model.json", "summary.json"];
const ASSIGN_FILES = ["assigned.csv", "assigned.xlsx"];

/** `--sql DIALECT [--table NAME]`: the dialect and table of `assign.sql`, or undefined without --sql. */
interface SqlRequest {
  dialect: SqlDialect;
  table?: string;
}

function sqlRequest(values: { sql?: string; table?: string }): SqlRequest | undefined {
  if (values.sql === undefined) {
    if (values.table !== undefined) {
      throw new ArgumentError("--table names the table of assign.sql: give --sql DIALECT with it");
    }
    return undefined;
  }
  return { dialect: sqlDialect(values.sql), table: values.table };
}

/** `assign.sql` for a model, or no file without --sql. */
function sqlFiles(
  model: SegmentationModel,
  sql: SqlRequest | undefined,
  tableColumns?: readonly string[],
): Record<string, string> {
  if (sql === undefined) return {};
  return { "assign.sql": assignSQL(model, { ...sql, tableColumns }) + "\n" };
}

async function assign(
  modelPath: string,
  file: string | undefined,
  out: string,
  read: { sheet?: string; headerRow?: number; sql?: SqlRequest },
): Promise<void> {
  let text: string;
  try {
    text = await Deno.readTextFile(modelPath);
  } catch {
    throw new InputError("Cannot read model", {
      file: modelPath,
      hint: "give the model.json written by `deno task segment`",
    });
  }
  const model = modelFromText(text, modelPath);
  if (file === undefined) {
    await writeFilesAtomic(out, sqlFiles(model, read.sql), [modelPath], FOLDER);
    console.error(
      `SQL for ${read.sql!.dialect.title}, ${model.k} segments → ${join(out, "assign.sql")}`,
    );
    return;
  }
  await checkFitsInMemory(file);
  const table = await readTable(file, { ...read, onNote: (line) => console.error(line) });
  const assigned = assignTable(model, table, { file });
  for (const note of assigned.notes) console.error(`  ${note}`);
  if (assigned.xlsxNote !== undefined) console.error(assigned.xlsxNote);
  const files = { ...assigned.files, ...sqlFiles(model, read.sql, table.columnNames()) };
  await writeFilesAtomic(out, files, [file, modelPath], FOLDER);
  console.error(
    `Assigned ${formatFigure(assigned.prepared.rows.length)} rows to ${model.k} segments → ${
      join(out, "assigned.csv")
    }`,
  );
}

async function main(args: string[]): Promise<void> {
  const { values, positionals } = parseOptions(
    args,
    {
      ...Object.fromEntries(
        segmentationParameterDeclarations().map((
          p,
        ) => [p.flag.slice(2), { type: "string" as const }]),
      ),
      out: { type: "string" },
      assign: { type: "string" },
      sheet: { type: "string" },
      "header-row": { type: "string" },
      "export-segments": { type: "string" },
      sql: { type: "string" },
      table: { type: "string" },
      db: { type: "string" },
      sample: { type: "string" },
      into: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    { command: "segment" },
  );
  if (values.help) {
    console.log(segmentUsage());
    return;
  }
  if (values.db !== undefined) return await fromDatabase(values, positionals);
  for (const flag of ["sample", "into"] as const) {
    if (values[flag] !== undefined) throw new ArgumentError(`--${flag} needs --db`);
  }
  const sql = sqlRequest(values);
  // `--assign model.json --sql DIALECT` needs no data: it writes the SQL alone.
  const fileless = values.assign !== undefined && sql !== undefined && positionals.length === 0;
  if (positionals.length !== 1 && !fileless) {
    throw new ArgumentError(
      `give exactly one input file (${
        positionals.length === 0
          ? "none given"
          : `got ${positionals.length}: ${positionals.join(", ")}`
      }); run \`deno task segment --help\` for the options`,
    );
  }
  const file = positionals[0];
  const out = values.out ?? "out/segment";
  const sqlNames = sql === undefined ? [] : ["assign.sql"];
  if (values.assign !== undefined) {
    const inputs = [...(file === undefined ? [] : [file]), values.assign];
    const names = file === undefined ? sqlNames : [...ASSIGN_FILES, ...sqlNames];
    await checkOutputTargets([{ dir: out, option: "--out", names }], inputs);
    const headerRow = file === undefined ? undefined : parseHeaderRow(values["header-row"], file);
    return await assign(values.assign, file, out, { sheet: values.sheet, headerRow, sql });
  }
  if (file === undefined) throw new ArgumentError("give exactly one input file (none given)");
  const headerRow = parseHeaderRow(values["header-row"], file);
  const exportDir = values["export-segments"];
  await checkOutputTargets([
    { dir: out, option: "--out", names: [...SEGMENT_FILES, ...sqlNames] },
    ...(exportDir === undefined
      ? []
      : [{ dir: exportDir, option: "--export-segments", names: ["segments_index.csv"] }]),
  ], [file]);

  const parameters = parseSegmentationParameters(
    Object.fromEntries(
      segmentationParameterDeclarations().map((p) => [
        p.name,
        (values as Record<string, string | undefined>)[p.flag.slice(2)],
      ]),
    ),
  );
  const algorithm = algorithmEntry(parameters.algorithm ?? "kmeans");
  const kText = (values as Record<string, string | undefined>).k;
  if (!algorithm.usesK && kText !== undefined && kText !== "auto") {
    throw new ArgumentError(
      `--k does not apply to ${algorithm.name}: it finds the number of segments itself` +
        `${
          algorithm.parameters.length > 0
            ? ` (from ${algorithm.parameters.map((p) => p.flag).join(" and ")})`
            : ""
        }; ` +
        `leave --k out, or choose an algorithm that takes k`,
    );
  }
  await checkFitsInMemory(file);
  const table = await readTable(file, {
    sheet: values.sheet,
    headerRow,
    onNote: (line) => console.error(line),
  });
  const started = performance.now();
  const { fit, files: segmentFiles, explanation, descriptions } = segmentTable(table, {
    ...parameters,
    file,
    onPreparation: (p) => {
      for (const line of preparationLines(p)) console.error(line);
    },
    onProgress: (done, total) => console.error(`  choosing k: ${done}/${total}`),
    onNote: (line) => console.error(line),
    // Nothing below uses the feature matrices: their memory goes before the files are built.
    releaseMatrices: true,
  });
  if (fit.choice) console.error(fit.choice.reason);
  const files = { ...segmentFiles, ...sqlFiles(fit.model, sql, table.columnNames()) };
  const segmentNames = descriptions.names;
  const exportFiles = values["export-segments"] === undefined ? undefined : segmentExportFiles({
    customers: customerIds(table, fit.model.preparation.roles),
    segments: Array.from(fit.labels, (l) => l < 0 ? "Unassigned" : segmentNames[l]!),
    index: indexFromRules(explanation, {
      segmentNames,
      recommendations: new Map(descriptions.segments.map((d) => [d.name, d.recommendation])),
    }),
    order: segmentNames,
  });
  await checkOutputTargets([
    { dir: out, option: "--out", names: Object.keys(files) },
    ...(exportFiles === undefined
      ? []
      : [{ dir: exportDir!, option: "--export-segments", names: Object.keys(exportFiles) }]),
  ], [file]);
  await writeOutputFolders(
    [
      { dir: out, files },
      ...(exportFiles === undefined ? [] : [{ dir: exportDir!, files: exportFiles }]),
    ],
    [file],
    FOLDER,
  );
  console.error(`${rulesCaption(explanation)}:`);
  for (const rule of explanation.perSegment) {
    console.error(`  ${segmentRuleSentence(rule, { segmentNames })}`);
  }
  console.error(
    descriptions.vocabulary === "rfm"
      ? "Segments, named in the RFM vocabulary from recency and frequency:"
      : "Segments, named from what sets them apart:",
  );
  for (const d of descriptions.segments) {
    console.error(
      `  ${d.cluster} ${d.name}${
        d.renamed ? ` (your name; the data suggested "${d.suggested}")` : ""
      }: ` +
        `${d.recommendation}. Why: ${d.reason}`,
    );
  }
  const { model, metrics, sizes, noise } = fit;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const silhouette = metrics.silhouette === null
    ? `undefined (${metrics.undefinedReason?.split(": ").at(-1) ?? "one cluster"})`
    : metrics.silhouette.toFixed(3);
  const noiseNote = noise > 0 ? ` and ${formatFigure(noise)} noise` : "";
  const dropped = fit.prepared.dropped.length;
  const droppedNote = dropped > 0
    ? `; ${formatFigure(dropped)} rows left out for missing values`
    : "";
  console.error(
    // Sizes apart by " · ": commas already group their thousands.
    `${model.k} segment${model.k === 1 ? "" : "s"} of ${
      sizes.map((n) => formatFigure(n)).join(" · ")
    } customers${noiseNote}${droppedNote}; silhouette ${silhouette} ` +
      `(${seconds} s) → ${out}/${Object.keys(files).join(", ")}`,
  );
}

/** Customer ids for the CRM export: the column that names every row once (as the app's map), else the row number. */
function customerIds(table: ColumnTable, roles?: RoleOverrides): string[] {
  const id = idColumnOf(table, roles);
  if (id === undefined) return Array.from({ length: table.numRows() }, (_, i) => String(i + 1));
  return Array.from(table.array(id) as ArrayLike<unknown>, (v) => String(v));
}

if (import.meta.main) await runCli(main);

/** `--db URL --table NAME [--sample N] [--into TABLE]`: segments where the customers live. */
async function fromDatabase(
  values: Record<string, string | boolean | undefined>,
  positionals: readonly string[],
): Promise<void> {
  if (positionals.length > 0) {
    throw new ArgumentError(`--db reads a table, not a file (got ${positionals.join(", ")})`);
  }
  const table = values.table as string | undefined;
  if (table === undefined) throw new ArgumentError("--db needs --table NAME (the customers)");
  for (const flag of ["assign", "sheet", "header-row", "export-segments", "sql"]) {
    if (values[flag] !== undefined) throw new ArgumentError(`--${flag} does not apply with --db`);
  }
  let sample: number | undefined;
  if (values.sample !== undefined) {
    sample = Number(values.sample);
    if (!Number.isInteger(sample) || sample < 2) {
      throw new ArgumentError(
        `--sample must be a whole number of rows (2 or more), not "${values.sample}"`,
      );
    }
  }
  const out = (values.out as string | undefined) ?? "out/segment";
  const names = ["model.json", "summary.json", "assign.sql"];
  await checkOutputTargets([{ dir: out, option: "--out", names }], []);
  const parameters = parseSegmentationParameters(
    Object.fromEntries(
      segmentationParameterDeclarations().map((p) => [
        p.name,
        values[p.flag.slice(2)] as string | undefined,
      ]),
    ),
  );
  const started = performance.now();
  const done = await segmentDatabase({
    ...parameters,
    db: values.db as string,
    table,
    sample,
    into: values.into as string | undefined,
    onPreparation: (p) => {
      for (const line of preparationLines(p)) console.error(line);
    },
    onProgress: (n, total) => console.error(`  choosing k: ${n}/${total}`),
    onNote: (line) => console.error(line),
  });
  const { fit, files: fitFiles } = done.run;
  if (fit.choice) console.error(fit.choice.reason);
  const files: Record<string, string | Uint8Array> = {
    "model.json": fitFiles["model.json"]!,
    "summary.json": fitFiles["summary.json"]!,
    "assign.sql": done.sql + "\n",
  };
  await writeOutputFolders([{ dir: out, files }], [], FOLDER);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.error(
    `Fitted ${fit.model.k} segments on ${formatFigure(done.sampled)} of ${
      formatFigure(done.rows)
    } rows of ${done.table} (${done.database}) in ${seconds} s`,
  );
  if (done.labelled !== undefined) {
    const sizes = done.labelled.map((c) =>
      `${c.cluster === null ? "left out" : fit.model.segmentNames?.[c.cluster] ?? c.cluster} ${
        formatFigure(c.rows)
      }`
    );
    console.error(`Labelled every row into ${values.into}: ${sizes.join(" · ")}`);
  }
  console.error(`Wrote ${Object.keys(files).map((f) => join(out, f)).join(", ")}`);
}
