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
import { pickNumericFeatures } from "../features/pick_features.ts";
import { assignSegmentation, checkModel, fitSegmentation } from "../cluster/segmentation.ts";
import { parseSegmentationParameters } from "../cluster/segmentation_parameters.ts";
import { writeFilesAtomic, writeSegmentationOutputs } from "../cluster/segmentation_outputs.ts";
import { InputError } from "../errors.ts";
import { ArgumentError, runCli } from "./run_cli.ts";

const USAGE = `Usage:
  deno task segment <file> [--features a,b,...] [--k auto|N] [--n-init N]
                    [--scale standard|minmax|robust|none] [--seed N] [--out DIR]
                    [--algorithm kmeans|dbscan|agglomerative|gmm]
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
  const labels = assignSegmentation(model, table, { file });
  const enriched = table.assign({ cluster: Array.from(labels) });
  const outputs = csvAndXLSX(enriched, "assigned");
  if (!outputs.xlsx.written) console.error(outputs.xlsx.reason);
  await writeFilesAtomic(out, outputs.files, [file, modelPath]);
  console.error(
    `Assigned ${labels.length} rows to ${model.k} segments → ${join(out, "assigned.csv")}`,
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
  });
  const table = await readTable(file, { sheet: values.sheet });
  let picked: { features: string[]; skipped: { column: string; reason: string }[] };
  if (values.features !== undefined) {
    picked = {
      features: values.features.split(",").map((s) => s.trim()).filter((s) => s !== ""),
      skipped: [],
    };
  } else {
    picked = pickNumericFeatures(table);
    if (picked.features.length === 0) {
      throw new InputError("No numeric columns to cluster on", {
        file,
        hint: "name the features with --features a,b,c",
      });
    }
    console.error(`Features: ${picked.features.join(", ")}`);
    for (const s of picked.skipped) console.error(`  skipped ${s.column}: ${s.reason}`);
  }

  const started = performance.now();
  const fit = fitSegmentation(table, {
    ...parameters,
    features: picked.features,
    file,
    onProgress: (done, total) => console.error(`  choosing k: ${done}/${total}`),
  });
  if (fit.choice) console.error(fit.choice.reason);
  await writeSegmentationOutputs(fit, table, {
    out,
    input: file,
    features: picked,
    onNote: (line) => console.error(line),
  });
  const { model, metrics, sizes, noise } = fit;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const silhouette = metrics.silhouette === null
    ? `undefined (${metrics.undefinedReason?.split(": ").at(-1) ?? "one cluster"})`
    : metrics.silhouette.toFixed(3);
  const noiseNote = noise > 0 ? ` and ${noise} noise` : "";
  console.error(
    `${model.k} segment${model.k === 1 ? "" : "s"} of ${
      sizes.join(", ")
    } customers${noiseNote}; silhouette ${silhouette} ` +
      `(${seconds} s) → ${out}/segments.csv, segments.xlsx, model.json, summary.json`,
  );
}

if (import.meta.main) await runCli(main);
