/**
 * Turn segmentation parameters given as text (command-line flags, notebook
 * environment variables) into checked options, with one clear error per bad
 * value.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { SCALER_KINDS, type ScalerKind } from "../prepare/scale.ts";
import { SEGMENTATION_ALGORITHMS, type SegmentationAlgorithm } from "./segmentation.ts";
import type { Linkage } from "../cluster/hierarchical.ts";
import type { CovarianceType } from "../cluster/gmm.ts";
import type { SegmentationOptions } from "./segmentation.ts";
import {
  type CategoricalChoice,
  type DateChoice,
  type LogChoice,
  MISSING_STRATEGIES,
  type MissingStrategy,
} from "../prepare/preparation.ts";

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
  /** median | mean | knn | drop | refuse */
  missing?: string;
  /** auto | none | a,b */
  categorical?: string;
  /** days-since | none */
  dates?: string;
  /** YYYY-MM-DD */
  asOf?: string;
  /** dd-mm-yyyy | mm-dd-yyyy (or dmy, mdy, %d-%m-%Y, %m/%d/%Y) */
  dateFormat?: string;
  /** auto | none | a,b */
  log?: string;
  /** Columns to use, comma-separated (empty: chosen automatically). */
  features?: string;
}

/** Checked options, ready for `fitSegmentation` (add `file` and callbacks). */
export type SegmentationParameters = Omit<
  SegmentationOptions,
  "file" | "onProgress" | "onPreparation"
>;

function columnList(value: string): string[] {
  return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

function choiceOrList<T extends string>(
  name: string,
  value: string | undefined,
  words: readonly T[],
  fallback: T,
): T | string[] {
  if (value === undefined || value.trim() === "") return fallback;
  const v = value.trim();
  if ((words as readonly string[]).includes(v)) return v as T;
  const list = columnList(v);
  if (list.length === 0) {
    throw new InputError(`Invalid ${name}: "${value}"`, {
      hint: `use ${words.join(", ")} or a comma-separated list of columns`,
    });
  }
  return list;
}

/** Day or month first, from `dd-mm-yyyy`, `mm-dd-yyyy`, `dmy`, `mdy` or a strftime pattern. */
function dateOrder(value: string | undefined): "dmy" | "mdy" | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const letters = value.toLowerCase().replace(/[^dmy]/g, "");
  const day = letters.indexOf("d");
  const month = letters.indexOf("m");
  if (day >= 0 && month >= 0 && letters.includes("y")) return day < month ? "dmy" : "mdy";
  throw new InputError(`Invalid date format: "${value}"`, {
    hint: "give dd-mm-yyyy (day first) or mm-dd-yyyy (month first)",
  });
}

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

function asOfDate(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const v = value.trim();
  const t = Date.parse(`${v}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(t) ||
    new Date(t).toISOString().slice(0, 10) !== v
  ) {
    throw new InputError(`Invalid as-of date: "${value}"`, { hint: "give a date as YYYY-MM-DD" });
  }
  return v;
}

/**
 * Check text parameters and return segmentation options.
 *
 * @example
 * ```ts
 * import { parseSegmentationParameters } from "./parameters.ts";
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
    algorithm: oneOf<SegmentationAlgorithm>(
      "algorithm",
      text.algorithm,
      SEGMENTATION_ALGORITHMS,
      "kmeans",
    ),
    k,
    scale: oneOf<ScalerKind>("scale", text.scale, SCALER_KINDS, "standard"),
    seed: whole("seed", text.seed, 0, 0),
    nInit: whole("n-init", text.nInit, 10, 1),
    eps,
    minSamples: whole("min-samples", text.minSamples, 5, 1),
    linkage: oneOf<Linkage>("linkage", text.linkage, ["ward", "complete", "average"], "ward"),
    covariance: oneOf<CovarianceType>("covariance", text.covariance, ["full", "diag"], "full"),
    missing: oneOf<MissingStrategy>("missing", text.missing, MISSING_STRATEGIES, "median"),
    categorical: choiceOrList<"auto" | "none">(
      "categorical",
      text.categorical,
      ["auto", "none"],
      "auto",
    ) as CategoricalChoice,
    dates: oneOf<DateChoice>("dates", text.dates, ["days-since", "none"], "days-since"),
    asOf: asOfDate(text.asOf),
    dateOrder: dateOrder(text.dateFormat),
    log: choiceOrList<"auto" | "none">("log", text.log, ["auto", "none"], "auto") as LogChoice,
    features: text.features === undefined || text.features.trim() === ""
      ? undefined
      : columnList(text.features),
  };
}
