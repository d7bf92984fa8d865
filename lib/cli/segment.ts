/**
 * `deno task segment <file> [options]` — cluster a customer file and write
 * the enriched rows, the model and a summary; or, with `--assign`, label new
 * rows with a saved model.
 *
 * @module
 */
import { join } from "node:path";
import { readTable } from "../io/read_table.ts";
import { checkFitsInMemory } from "../io/memory_check.ts";
import { idColumnOf } from "../prepare/id_column.ts";
import { csvAndXLSX } from "../io/write_table.ts";
import { assignRows, checkModel } from "../segment/segmentation.ts";
import { parseSegmentationParameters } from "../segment/parameters.ts";
import { assignmentNotes, enrichedTable } from "../segment/outputs.ts";
import { writeFilesAtomic } from "../io/write_files.ts";
import { segmentTable } from "../segment/segment_table.ts";
import type { ColumnTable } from "arquero";
import { indexFromRules, segmentExportFiles } from "../explain/crm_export.ts";
import { ruleSentence } from "../explain/segment_rules.ts";
import { preparationLines } from "../prepare/preparation_report.ts";
import { InputError } from "../errors.ts";
import { checkOutputTargets, parseOptions, runCli } from "./run_cli.ts";

const USAGE = `Usage:
  deno task segment <file> [--features a,b,...] [--k auto|N] [--n-init N]
                    [--scale standard|minmax|robust|none] [--seed N] [--out DIR]
                    [--algorithm kmeans|kprototypes|dbscan|agglomerative|gmm]
                    [--missing median|mean|knn|drop|refuse]  (blanks; default median)
                    [--categorical auto|none|a,b]      (text columns; default auto)
                    [--dates days-since|none] [--as-of YYYY-MM-DD]
                    [--date-format dd-mm-yyyy|mm-dd-yyyy]
                    [--log auto|none|a,b]              (log1p of skewed columns; default auto)
                    [--eps X] [--min-samples N]        (dbscan; eps from the k-distance knee if absent)
                    [--linkage ward|complete|average]  (agglomerative)
                    [--covariance full|diag]           (gmm; --k auto picks the lowest BIC)
                    [--sheet NAME]                     (xlsx input)
                    [--header-row N]                   (the header's line or row, under title rows)
                    [--export-segments DIR]            (one CSV of ids per segment, for a CRM)
  deno task segment --assign DIR/model.json <file> [--out DIR]

Writes DIR/segments.csv, DIR/segments.xlsx, DIR/model.json and DIR/summary.json
(or DIR/assigned.csv and DIR/assigned.xlsx with --assign). DIR defaults to out/segment.`;

const SEGMENT_FILES = ["segments.csv", "segments.xlsx", "model.json", "summary.json"];
const ASSIGN_FILES = ["assigned.csv", "assigned.xlsx"];

async function assign(
  modelPath: string,
  file: string,
  out: string,
  read: { sheet?: string; headerRow?: number },
): Promise<void> {
  let model: unknown;
  try {
    model = JSON.parse(await Deno.readTextFile(modelPath));
  } catch {
    throw new InputError("Cannot read model", {
      file: modelPath,
      hint: "give the model.json written by `deno task segment`",
    });
  }
  checkModel(model, modelPath);
  await checkFitsInMemory(file);
  const table = await readTable(file, read);
  const { labels, prepared } = assignRows(model, table, { file });
  for (const note of assignmentNotes(prepared)) console.error(`  ${note}`);
  const enriched = enrichedTable(table, labels, prepared);
  const outputs = csvAndXLSX(enriched, "assigned");
  if (!outputs.xlsx.written) console.error(outputs.xlsx.reason);
  await writeFilesAtomic(out, outputs.files, [file, modelPath]);
  console.error(
    `Assigned ${prepared.rows.length} rows to ${model.k} segments → ${join(out, "assigned.csv")}`,
  );
}

async function main(args: string[]): Promise<void> {
  const { values, positionals } = parseOptions(
    args,
    {
      features: { type: "string" },
      k: { type: "string" },
      "n-init": { type: "string" },
      scale: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      assign: { type: "string" },
      sheet: { type: "string" },
      "header-row": { type: "string" },
      algorithm: { type: "string" },
      eps: { type: "string" },
      "min-samples": { type: "string" },
      linkage: { type: "string" },
      covariance: { type: "string" },
      missing: { type: "string" },
      categorical: { type: "string" },
      dates: { type: "string" },
      "as-of": { type: "string" },
      "date-format": { type: "string" },
      log: { type: "string" },
      "export-segments": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    { command: "segment", positionals: 1 },
  );
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const file = positionals[0]!;
  const out = values.out ?? "out/segment";
  const headerRow = values["header-row"] === undefined ? undefined : Number(values["header-row"]);
  if (values.assign !== undefined) {
    await checkOutputTargets([{ dir: out, option: "--out", names: ASSIGN_FILES }], [
      file,
      values.assign,
    ]);
    return await assign(values.assign, file, out, { sheet: values.sheet, headerRow });
  }
  const exportDir = values["export-segments"];
  await checkOutputTargets([
    { dir: out, option: "--out", names: SEGMENT_FILES },
    ...(exportDir === undefined
      ? []
      : [{ dir: exportDir, option: "--export-segments", names: ["segments_index.csv"] }]),
  ], [file]);

  const parameters = parseSegmentationParameters({
    k: values.k,
    scale: values.scale,
    seed: values.seed,
    nInit: values["n-init"],
    algorithm: values.algorithm,
    eps: values.eps,
    minSamples: values["min-samples"],
    linkage: values.linkage,
    covariance: values.covariance,
    missing: values.missing,
    categorical: values.categorical,
    dates: values.dates,
    asOf: values["as-of"],
    dateFormat: values["date-format"],
    log: values.log,
    features: values.features,
  });
  await checkFitsInMemory(file);
  const table = await readTable(file, { sheet: values.sheet, headerRow });
  const started = performance.now();
  const { fit, files, explanation } = segmentTable(table, {
    ...parameters,
    file,
    onPreparation: (p) => {
      for (const line of preparationLines(p)) console.error(line);
    },
    onProgress: (done, total) => console.error(`  choosing k: ${done}/${total}`),
    onNote: (line) => console.error(line),
  });
  if (fit.choice) console.error(fit.choice.reason);
  const segmentNames = Array.from({ length: fit.model.k }, (_, c) => `Cluster ${c}`);
  const exportFiles = values["export-segments"] === undefined ? undefined : segmentExportFiles({
    customers: customerIds(table),
    segments: Array.from(fit.labels, (l) => l < 0 ? "Unassigned" : segmentNames[l]!),
    index: indexFromRules(explanation, { segmentNames }),
    order: segmentNames,
  });
  await checkOutputTargets([
    { dir: out, option: "--out", names: Object.keys(files) },
    ...(exportFiles === undefined
      ? []
      : [{ dir: exportDir!, option: "--export-segments", names: Object.keys(exportFiles) }]),
  ], [file]);
  await writeFilesAtomic(out, files, [file]);
  if (exportFiles !== undefined) {
    await writeFilesAtomic(values["export-segments"]!, exportFiles, [file]);
  }
  console.error(
    `Rules (decision tree, depth 3) match the segments of ${
      Math.round(explanation.accuracy * 100)
    }% of customers:`,
  );
  for (const rule of explanation.rules) {
    console.error(`  ${ruleSentence(rule, { segmentNames })}`);
  }
  const { model, metrics, sizes, noise } = fit;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const silhouette = metrics.silhouette === null
    ? `undefined (${metrics.undefinedReason?.split(": ").at(-1) ?? "one cluster"})`
    : metrics.silhouette.toFixed(3);
  const noiseNote = noise > 0 ? ` and ${noise} noise` : "";
  const dropped = fit.prepared.dropped.length;
  const droppedNote = dropped > 0 ? `; ${dropped} rows left out for missing values` : "";
  console.error(
    `${model.k} segment${model.k === 1 ? "" : "s"} of ${
      sizes.join(", ")
    } customers${noiseNote}${droppedNote}; silhouette ${silhouette} ` +
      `(${seconds} s) → ${out}/${Object.keys(files).join(", ")}`,
  );
}

/** Customer ids for the CRM export: the column that names every row once (as the app's map), else the row number. */
function customerIds(table: ColumnTable): string[] {
  const id = idColumnOf(table);
  if (id === undefined) return Array.from({ length: table.numRows() }, (_, i) => String(i + 1));
  return Array.from(table.array(id) as ArrayLike<unknown>, (v) => String(v));
}

if (import.meta.main) await runCli(main);
