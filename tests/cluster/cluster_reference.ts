/** Loads tests/fixtures/cluster_reference.json (made by tests/fixtures/scripts/make_cluster_fixtures.py). */
import { type Matrix, matrixFromRows } from "../../lib/matrix.ts";

export interface ScalerRef {
  center: number[];
  scale: number[];
  out: number[][];
}
export interface MetricRef {
  labels: string;
  values: number[];
  silhouette: number;
  daviesBouldin: number;
  calinskiHarabasz: number;
  silhouetteSamples?: number[];
}
export interface PCARef {
  components: number[][];
  explainedVarianceRatio: number[];
  explainedVariance: number[];
  transform: number[][];
}
export interface DatasetRef {
  X: number[][];
  scalers: { standard: ScalerRef; minmax: ScalerRef; robust: ScalerRef };
  kmeans: { k: number; inertia: number; space: "standard" }[];
  metrics: MetricRef[];
  pca2: PCARef;
  pca3: PCARef;
}
export interface KneeRef {
  name: string;
  x: number[];
  y: number[];
  curve: "convex" | "concave";
  direction: "increasing" | "decreasing";
  knee: number | null;
}
export interface ClusterReference {
  sklearn: string;
  datasets: Record<"blobs" | "overlap" | "hand", DatasetRef>;
  knees: KneeRef[];
}

export const reference: ClusterReference = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/cluster_reference.json", import.meta.url)),
);

export const DATASETS = ["blobs", "overlap", "hand"] as const;

/** The dataset's X as a matrix. */
export function datasetMatrix(name: (typeof DATASETS)[number]): Matrix {
  const x = reference.datasets[name].X;
  return matrixFromRows(x, x[0]!.map((_, j) => `f${j}`));
}

/** Throw unless |actual − expected| ≤ tol · max(1, |expected|). */
export function assertClose(actual: number, expected: number, tol: number, what = ""): void {
  const err = Math.abs(actual - expected);
  if (!(err <= tol * Math.max(1, Math.abs(expected)))) {
    throw new Error(`${what}: ${actual} vs ${expected} (error ${err}, tolerance ${tol})`);
  }
}

/** assertClose over every element of a row-major matrix and nested rows. */
export function assertMatrixClose(
  actual: Float64Array,
  expected: number[][],
  tol: number,
  what = "",
): void {
  const flat = expected.flat();
  if (actual.length !== flat.length) {
    throw new Error(`${what}: length ${actual.length} vs ${flat.length}`);
  }
  flat.forEach((v, i) => assertClose(actual[i]!, v, tol, `${what}[${i}]`));
}
