/**
 * `deno task segment <file> [options]` — cluster a customer file and write
 * the enriched rows, the model and a summary.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { readTable } from "../io/read_table.ts";
import { toCSV, toXLSX } from "../io/write_table.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { pickNumericFeatures } from "../features/pick_features.ts";
import { assignSegmentation, checkModel, fitSegmentation } from "../cluster/segmentation.ts";
import { SCALER_KINDS, type ScalerKind } from "../cluster/scale.ts";
import { ALGORITHMS } from "../cluster/run_algorithm.ts";
import { InputError } from "../errors.ts";
import { ArgumentError, runCli } from "./run_cli.ts";

const USAGE = `Usage:
  deno task segment <file> [--features a,b,...] [--k auto|N] [--n-init N]
                    [--scale standard|minmax|robust|none] [--seed N] [--out DIR]
                    [--algorithm kmeans|dbscan|agglomerative|gmm]
                    [--eps X] [--min-samples N]        (dbscan; eps from the k-distance knee if absent)
                    [--linkage ward|complete|average]  (agglomerative)
                    [--covariance full|diag]           (gmm; --k auto picks the lowest BIC)
  deno task segment --assign DIR/model.json <file> [--out DIR]

Writes DIR/segments.csv, DIR/segments.xlsx, DIR/model.json and DIR/summary.json
(or DIR/assigned.csv and DIR/assigned.xlsx with --assign). DIR defaults to out/segment.`;

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ArgumentError(`--${name} must be one of ${allowed.join(", ")}: "${value}"`);
  }
  return value as T;
}

function integer(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new ArgumentError(`--${name} must be a whole number ≥ ${min}: "${value}"`);
  }
  return n;
}

/** Write several files into a folder, each atomically, refusing to overwrite an input. */
async function writeOutputs(
  dir: string,
  files: Record<string, string | Uint8Array>,
  inputs: string[],
): Promise<void> {
  const protectedPaths = new Set(inputs.map((p) => resolve(p)));
  for (const name of Object.keys(files)) {
    if (protectedPaths.has(resolve(join(dir, name)))) {
      throw new InputError(`Output would overwrite an input: ${join(dir, name)}`, {
        hint: "choose another --out folder",
      });
    }
  }
  for (const [name, content] of Object.entries(files)) {
    await writeFileAtomic(join(dir, name), content);
  }
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
      algorithm: { type: "string" },
      eps: { type: "string" },
      "min-samples": { type: "string" },
      linkage: { type: "string" },
      covariance: { type: "string" },
      sheet: { type: "string" },
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
  const table = await readTable(file, { sheet: values.sheet });

  if (values.assign !== undefined) {
    let model: unknown;
    try {
      model = JSON.parse(await Deno.readTextFile(values.assign));
    } catch {
      throw new InputError("Cannot read model", {
        file: values.assign,
        hint: "give the model.json written by `deno task segment`",
      });
    }
    checkModel(model, values.assign);
    const labels = assignSegmentation(model, table, { file });
    const enriched = table.assign({ cluster: Array.from(labels) });
    await writeOutputs(
      out,
      { "assigned.csv": toCSV(enriched), "assigned.xlsx": toXLSX(enriched) },
      [file, values.assign],
    );
    console.error(
      `Assigned ${labels.length} rows to ${model.k} segments → ${join(out, "assigned.csv")}`,
    );
    return;
  }

  const scale = (values.scale ?? "standard") as ScalerKind;
  if (!SCALER_KINDS.includes(scale)) {
    throw new ArgumentError(`--scale must be one of ${SCALER_KINDS.join(", ")}: "${values.scale}"`);
  }
  const k = values.k === undefined || values.k === "auto"
    ? "auto" as const
    : integer("k", values.k, 0, 2);
  const seed = integer("seed", values.seed, 0, 0);
  const nInit = integer("n-init", values["n-init"], 10, 1);
  const algorithm = oneOf("algorithm", values.algorithm, ALGORITHMS, "kmeans");
  const linkage = oneOf(
    "linkage",
    values.linkage,
    ["ward", "complete", "average"] as const,
    "ward",
  );
  const covariance = oneOf("covariance", values.covariance, ["full", "diag"] as const, "full");
  const minSamples = integer("min-samples", values["min-samples"], 5, 1);
  let eps: number | undefined;
  if (values.eps !== undefined) {
    eps = Number(values.eps);
    if (!Number.isFinite(eps) || eps <= 0) {
      throw new ArgumentError(`--eps must be a number above 0: "${values.eps}"`);
    }
  }

  let features: string[];
  let skipped: { column: string; reason: string }[] = [];
  if (values.features !== undefined) {
    features = values.features.split(",").map((s) => s.trim()).filter((s) => s !== "");
  } else {
    ({ features, skipped } = pickNumericFeatures(table));
    if (features.length === 0) {
      throw new InputError("No numeric columns to cluster on", {
        file,
        hint: "name the features with --features a,b,c",
      });
    }
    console.error(`Features: ${features.join(", ")}`);
    for (const s of skipped) console.error(`  skipped ${s.column}: ${s.reason}`);
  }

  const started = performance.now();
  const fit = fitSegmentation(table, {
    features,
    k,
    scale,
    seed,
    nInit,
    file,
    algorithm,
    eps,
    minSamples,
    linkage,
    covariance,
    onProgress: (done, total) => console.error(`  choosing k: ${done}/${total}`),
  });
  const { model, labels, metrics, choice, sizes, noise } = fit;
  if (choice) console.error(choice.reason);

  const enriched = table.assign({ cluster: Array.from(labels) });
  const summary = {
    input: file,
    rows: table.numRows(),
    features,
    skipped,
    scale,
    algorithm,
    parameters: model.parameters,
    seed,
    nInit,
    k: model.k,
    noise,
    kChoice: choice
      ? { reason: choice.reason, knee: choice.knee ?? null, sweep: choice.sweep }
      : null,
    metrics,
    clusters: sizes.map((size, c) => ({
      cluster: c,
      size,
      share: size / table.numRows(),
      centroid: Object.fromEntries(features.map((f, j) => [f, model.centroidsOriginal[c]![j]])),
    })),
  };
  await writeOutputs(out, {
    "segments.csv": toCSV(enriched),
    "segments.xlsx": toXLSX(enriched),
    "model.json": JSON.stringify(model, null, 2) + "\n",
    "summary.json": JSON.stringify(summary, null, 2) + "\n",
  }, [file]);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const silhouette = metrics.silhouette === null
    ? "undefined (one cluster)"
    : metrics.silhouette.toFixed(3);
  const noiseNote = noise > 0 ? ` and ${noise} noise` : "";
  console.error(
    `${model.k} segments of ${sizes.join(", ")} customers${noiseNote}; silhouette ${silhouette} ` +
      `(${seconds} s) → ${out}/segments.csv, segments.xlsx, model.json, summary.json`,
  );
}

if (import.meta.main) await runCli(main);
