/**
 * What every clustering algorithm declares to take part in a segmentation
 * (scikit-learn's estimator contract, as plain functions and JSON): its
 * parameters, `fit` → labels and a plain-JSON model, `assign` for new rows,
 * and, where it has one, its own way of choosing k. The registry
 * (`registry.ts`) holds one entry per algorithm.
 *
 * @module
 */
import type { Matrix } from "../matrix.ts";
import type { CategoricalMatrix } from "./categorical_matrix.ts";
import type { ParameterDeclaration, ParameterValue } from "./parameter.ts";

/** The rows an algorithm clusters, prepared and scaled. */
export interface ClusterData {
  /** Every feature, scaled (text levels as weighted 0/1 columns). */
  scaled: Matrix;
  /** The numeric and date columns of `scaled`, for algorithms that treat text apart. */
  numeric: Matrix;
  /** The text columns as level codes, for algorithms that treat text apart. */
  categorical: CategoricalMatrix;
  /** The data's file, named in errors. */
  file?: string;
}

/** Parameter values by name, as parsed from their declarations. */
export type ParameterValues = Readonly<Record<string, ParameterValue>>;

/** What `fit` gets besides the data. */
export interface FitSettings {
  /** Number of clusters (ignored by algorithms that find it themselves). */
  k: number;
  seed: number;
  /** K-means restarts, for the algorithms that restart. */
  nInit: number;
  /** The algorithm's own parameters (blank ones absent: the entry applies its defaults). */
  parameters: ParameterValues;
}

/** The result of an algorithm's `fit`. */
export interface AlgorithmFit<M> {
  /** Cluster per row, 0..nClusters-1; -1 for noise. */
  labels: Int32Array;
  /** The fitted model as plain JSON: all `assign` needs. */
  model: M;
  nClusters: number;
  /** Centres in scaled units, when the algorithm has its own (k-means); else the clusters' means. */
  centroids?: number[][];
  /** The figure the algorithm minimises (inertia, cost), when it has one; else the inertia about the means. */
  inertia?: number;
  /** The parameters as run, for the summary (e.g. `{ k, covariance }`). */
  parameters: Record<string, number | string>;
  /** One sentence: what ran, with which parameters, and what came out. */
  description: string;
}

/** An algorithm's own evidence for k (e.g. the mixture's BIC by k). */
export interface OwnKChoice<P extends { k: number } = { k: number }> {
  k: number;
  /** One sentence giving the reason, from the figures. */
  reason: string;
  /** The criterion minimised, e.g. "bic". */
  criterion: string;
  /** One point per k tried. */
  sweep: P[];
  /** The range k was chosen in (the sweep may look past it). */
  range?: { min: number; max: number };
  /** The closest other candidate and why it lost. */
  runnerUp?: { k: number; why: string };
  /** When k is at an edge of the range: what lies past it. */
  edge?: string;
}

/** What an algorithm's own `chooseK` gets. */
export interface ChooseKSettings {
  kMin: number;
  kMax: number;
  seed: number;
  parameters: ParameterValues;
  onProgress?: (done: number, total: number) => void;
}

/** One algorithm, as the registry holds it. */
export interface ClusterAlgorithm<M = unknown> {
  /** The name given to `--algorithm` and saved in the model. */
  name: string;
  /** Display name, e.g. "Gaussian mixture". */
  title: string;
  /** The app's choice text, e.g. "Gaussian mixture" or "DBSCAN (density; finds k itself)". */
  choiceText: string;
  /** False when the algorithm finds the number of clusters itself (DBSCAN). */
  usesK: boolean;
  /** Its own parameters, declared once. */
  parameters: readonly ParameterDeclaration[];
  fit(data: ClusterData, settings: FitSettings): AlgorithmFit<M>;
  /** Cluster of new rows under a fitted model (never noise). */
  assign(model: M, data: ClusterData): Int32Array;
  /** A problem with a saved model read from a file (for `width` features and k segments), or undefined when it is usable. */
  checkModel(model: unknown, shape: { width: number; k: number }): string | undefined;
  /** Its own way of choosing k, when it has one (else the k-means elbow and silhouette). */
  chooseK?(data: ClusterData, settings: ChooseKSettings): OwnKChoice;
}
