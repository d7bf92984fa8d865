/**
 * Turn segmentation parameters given as text (command-line flags, notebook
 * environment variables) into checked options, with one clear error per bad
 * value.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { SCALER_KINDS, type ScalerKind } from "./scale.ts";
import { type AlgorithmName, ALGORITHMS } from "./run_algorithm.ts";
import type { Linkage } from "./hierarchical.ts";
import type { CovarianceType } from "./gmm.ts";
import type { SegmentationOptions } from "./segmentation.ts";

/** Parameters as text or numbers, as they arrive from flags or env vars. */
export interface SegmentationParameterText {
  k?: string | number;
  scale?: string;
  seed?: string | number;
  nInit?: string | number;
  algorithm?: string;
  eps?: string | number;
  minSamples?: string | number;
  linkage?: string;
  covariance?: string;
}

/** Checked options, ready for `fitSegmentation` (add `features`). */
export type SegmentationParameters = Omit<SegmentationOptions, "features" | "file" | "onProgress">;

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === "") return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(`Invalid ${name}: "${value}"`, {
      hint: `use one of ${allowed.join(", ")}`,
    });
  }
  return value as T;
}

function whole(
  name: string,
  value: string | number | undefined,
  fallback: number,
  min: number,
): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new InputError(`Invalid ${name}: "${value}"`, {
      hint: `give a whole number, ${min} or more`,
    });
  }
  return n;
}

/**
 * Check text parameters and return segmentation options.
 *
 * @example
 * ```ts
 * import { parseSegmentationParameters } from "./segmentation_parameters.ts";
 * parseSegmentationParameters({ k: "auto", scale: "robust", seed: "7" });
 * // { algorithm: "kmeans", k: "auto", scale: "robust", seed: 7, nInit: 10, ... }
 * ```
 */
export function parseSegmentationParameters(
  text: SegmentationParameterText,
): SegmentationParameters {
  const k = text.k === undefined || text.k === "" || text.k === "auto"
    ? "auto" as const
    : whole("k", text.k, 0, 2);
  let eps: number | undefined;
  if (text.eps !== undefined && text.eps !== "") {
    eps = Number(text.eps);
    if (!Number.isFinite(eps) || eps <= 0) {
      throw new InputError(`Invalid eps: "${text.eps}"`, {
        hint: "give a distance above 0 in scaled units",
      });
    }
  }
  return {
    algorithm: oneOf<AlgorithmName>("algorithm", text.algorithm, ALGORITHMS, "kmeans"),
    k,
    scale: oneOf<ScalerKind>("scale", text.scale, SCALER_KINDS, "standard"),
    seed: whole("seed", text.seed, 0, 0),
    nInit: whole("n-init", text.nInit, 10, 1),
    eps,
    minSamples: whole("min-samples", text.minSamples, 5, 1),
    linkage: oneOf<Linkage>("linkage", text.linkage, ["ward", "complete", "average"], "ward"),
    covariance: oneOf<CovarianceType>("covariance", text.covariance, ["full", "diag"], "full"),
  };
}
