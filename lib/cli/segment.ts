/**
 * `deno task segment <file> [options]` — cluster a customer file and write
 * the enriched rows, the model and a summary; or, with `--assign`, label new
 * rows with a saved model.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { readTable } from "../io/read_table.ts";
import { csvAndXLSX } from "../io/write_table.ts";
import { assignRows, checkModel } from "../cluster/segmentation.ts";
import { parseSegmentationParameters } from "../cluster/segmentation_parameters.ts";
import { enrichedTable, writeFilesAtomic } from "../cluster/segmentation_outputs.ts";
import { segmentTable } from "../cluster/segment_run.ts";
import { preparationLines } from "../prepare/preparation_report.ts";
import { InputError } from "../errors.ts";
import { ArgumentError, runCli } from "./run_cli.ts";

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
  deno task segment --assign DIR/model.json <file> [--out DIR]

Writes DIR/segments.csv, DIR/segments.xlsx, DIR/model.json and DIR/summary.json
(or DIR/assigned.csv and DIR/assigned.xlsx with --assign). DIR defaults to out/segment.`;

async function assign(modelPath: string, file: string, out: string, sheet?: string): Promise<void> {
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
  const table = await readTable(file, { sheet });
  const { labels, prepared } = assignRows(model, table, { file });
  for (const f of prepared.filled) {
    console.error(`  ${f.column}: ${f.count} missing filled (${f.how}, from the model)`);
  }
  for (const u of prepared.unseen) {
    console.error(
      `  ${u.column}: ${u.count} rows with levels not seen in training (${
        u.levels.join(", ")
      }), encoded as none of the known levels`,
    );
  }
  if (prepared.dropped.length > 0) {
    console.error(
      `  ${prepared.dropped.length} rows left out for missing values (see cluster_note)`,
    );
  }
  const enriched = enrichedTable(table, labels, prepared);
  const outputs = csvAndXLSX(enriched, "assigned");
  if (!outputs.xlsx.written) console.error(outputs.xlsx.reason);
  await writeFilesAtomic(out, outputs.files, [file, modelPath]);
  console.error(
    `Assigned ${prepared.rows.length} rows to ${model.k} segments → ${join(out, "assigned.csv")}`,
  );
}

async function main(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      features: { type: "string" },
      k: { type: "string" },
      "n-init": { type: "string" },
      scale: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      assign: { type: "string" },
      sheet: { type: "string" },
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
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    throw new ArgumentError(`give exactly one input file\n${USAGE}`);
  }
  const out = values.out ?? "out/segment";
  if (values.assign !== undefined) return await assign(values.assign, file, out, values.sheet);

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
  const table = await readTable(file, { sheet: values.sheet });
  const started = performance.now();
  const { fit, files } = segmentTable(table, {
    ...parameters,
    file,
    onPreparation: (p) => {
      for (const line of preparationLines(p)) console.error(line);
    },
    onProgress: (done, total) => console.error(`  choosing k: ${done}/${total}`),
    onNote: (line) => console.error(line),
  });
  if (fit.choice) console.error(fit.choice.reason);
  await writeFilesAtomic(out, files, [file]);
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

if (import.meta.main) await runCli(main);
