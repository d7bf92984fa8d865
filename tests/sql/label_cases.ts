// The files and models whose labels SQL must reproduce: for each file, a k-means, a k-prototypes
// and a Gaussian mixture (full and diagonal) model fitted in memory, and the in-memory labels of
// every row (assignRows, what `--assign` gives).
import type { ColumnTable } from "arquero";
import { readTable } from "../../lib/io/read_table.ts";
import { fitSegmentation, type SegmentationOptions } from "../../lib/segment/segmentation.ts";
import { assignRows } from "../../lib/segment/assign_table.ts";
import type { SegmentationModel } from "../../lib/segment/segmentation_model.ts";
import { applyPreparation } from "../../lib/prepare/apply_preparation.ts";
import { applyScaler } from "../../lib/prepare/scale.ts";
import { assignGMM, type GMMModel } from "../../lib/cluster/gmm.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A file the engines load, its table read as the workspace reads it. */
export interface LabelFile {
  name: string;
  path: string;
  table: ColumnTable;
}

/** One model and the in-memory label of every row (-1: left out). */
export interface LabelCase {
  file: LabelFile;
  title: string;
  model: SegmentationModel;
  labels: Int32Array;
}

/** The bundled files and the lookalikes (generated into `dir` by `deno task data lookalikes`). */
export async function labelFiles(dir: string): Promise<LabelFile[]> {
  const generate = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}data/generate.ts`, "lookalikes", "--out", dir],
    stdout: "null",
  });
  if (!(await generate.output()).success) throw new Error("deno task data lookalikes failed");
  const paths = [
    `${ROOT}data/customers.csv`,
    `${ROOT}data/customers_messy.tsv`,
    `${dir}/card_holders.csv`,
    `${dir}/marketing_campaign.tsv`,
  ];
  return await Promise.all(paths.map(async (path) => ({
    name: path.split("/").at(-1)!,
    path,
    table: await readTable(path),
  })));
}

const MODELS: { title: string; options: SegmentationOptions }[] = [
  { title: "k-means", options: { algorithm: "kmeans", k: 4, nInit: 2 } },
  { title: "k-prototypes", options: { algorithm: "kprototypes", k: 3, nInit: 2 } },
  { title: "mixture (full)", options: { algorithm: "gmm", k: 3, covariance: "full" } },
  { title: "mixture (diag)", options: { algorithm: "gmm", k: 4, covariance: "diag" } },
  // Rows with a blank are left out (NULL in SQL), rare levels pooled as "Other", minmax scaling.
  {
    title: "k-means (blanks dropped)",
    options: {
      algorithm: "kmeans",
      k: 3,
      nInit: 1,
      missing: "drop",
      rareShare: 0.05,
      scale: "minmax",
    },
  },
];

/** Every model on every file, with its in-memory labels. */
export function labelCases(files: readonly LabelFile[]): LabelCase[] {
  return files.flatMap((file) =>
    MODELS.map(({ title, options }) => {
      const { model } = fitSegmentation(file.table, { ...options, seed: 1, file: file.name });
      return { file, title, model, labels: assignRows(model, file.table).labels };
    })
  );
}

/**
 * How near the closest row is to a tie: for k-means the smallest relative gap between a row's
 * best and second-best squared distance, for the mixture the smallest gap between its two
 * largest probabilities (NaN for k-prototypes). An engine's logarithm may differ from
 * JavaScript's in the last bit (a relative 1e-16), which moves a label only within such a gap.
 */
export function nearestTieGap(model: SegmentationModel, table: ColumnTable): number {
  const { algorithm } = model.clustering;
  if (algorithm !== "kmeans" && algorithm !== "gmm") return NaN;
  const prepared = applyPreparation(model.preparation, table);
  const x = applyScaler(model.scaler, prepared.encoded);
  let gap = Infinity;
  if (algorithm === "gmm") {
    const { probabilities: p } = assignGMM(model.clustering.model as GMMModel, x);
    for (let i = 0; i < p.rows; i++) {
      const row = Array.from(p.data.subarray(i * p.cols, (i + 1) * p.cols)).sort((a, b) => b - a);
      gap = Math.min(gap, row[0]! - row[1]!);
    }
    return gap;
  }
  const centres = (model.clustering.model as { centroids: number[][] }).centroids;
  for (let i = 0; i < x.rows; i++) {
    const ds = centres.map((c) => c.reduce((s, v, j) => s + (x.data[i * x.cols + j]! - v) ** 2, 0))
      .sort((a, b) => a - b);
    gap = Math.min(gap, (ds[1]! - ds[0]!) / Math.max(ds[1]!, 1e-300));
  }
  return gap;
}

/** Rows whose SQL label differs from the in-memory one (NULL in SQL ↔ -1 in memory). */
export function differences(expected: Int32Array, got: readonly unknown[]): string[] {
  const out: string[] = [];
  if (got.length !== expected.length) {
    return [`${got.length} rows from SQL, ${expected.length} in memory`];
  }
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i] === -1 ? null : expected[i];
    const have = got[i] === null || got[i] === undefined ? null : Number(got[i]);
    if (have !== want) out.push(`row ${i + 1}: ${have} in SQL, ${want} in memory`);
  }
  return out;
}

/**
 * The file as Parquet with its row number first (`test_row`, from 1), as DuckDB's CSV reader
 * types it: what the PostgreSQL and Spark tests load, so rows are matched by number.
 */
export async function numberedParquet(file: LabelFile, dir: string): Promise<string> {
  const { queryColumns, sqlString } = await import("../../lib/io/duckdb.ts");
  const path = `${dir}/${file.name.replace(/\.\w+$/, "")}.parquet`;
  await queryColumns(
    `COPY (SELECT row_number() OVER () AS test_row, * FROM read_csv(${sqlString(file.path)})) TO ${
      sqlString(path)
    } (FORMAT parquet)`,
  );
  return path;
}

/** Labels by row number (1-based `test_row`) into table order. */
export function byRow(rows: readonly Record<string, unknown>[], n: number): unknown[] {
  const out: unknown[] = new Array(n).fill(undefined);
  for (const row of rows) out[Number(row.test_row) - 1] = row.cluster ?? null;
  return out;
}
