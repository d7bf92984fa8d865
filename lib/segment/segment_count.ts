/**
 * The number of segments of a segmentation: given and checked, or chosen —
 * by the algorithm's own way when it has one (the mixture's BIC), otherwise
 * by the k-means elbow and silhouette — never above the number of distinct rows.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { countDistinctRows } from "../cluster/algorithm_input.ts";
import type {
  ClusterAlgorithm,
  ClusterData,
  OwnKChoice,
  ParameterValues,
} from "../cluster/algorithm.ts";
import type { GMMSweepPoint } from "../cluster/gmm_sweep.ts";
import { chooseByBIC, chooseK, type KChoice, type KRange, LOOK_PAST } from "../select/choose_k.ts";

/** The mixture's evidence for k: BIC and AIC per k, lowest BIC kept. */
export type BICChoice = OwnKChoice<GMMSweepPoint> & { criterion: "bic" };

/** The evidence for k when it was chosen: the k-means sweep, or the algorithm's own. */
export type SegmentCountChoice = KChoice | BICChoice | OwnKChoice;

/**
 * True when the evidence is the mixture's BIC sweep (else, without `criterion`, the k-means sweep).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { isBICChoice } from "./segment_count.ts";
 * equal(isBICChoice({ k: 2, reason: "", criterion: "bic", sweep: [] }), true);
 * equal(isBICChoice({ k: 2, reason: "", sweep: [] }), false);
 * ```
 */
export function isBICChoice(choice: SegmentCountChoice): choice is BICChoice {
  return "criterion" in choice && choice.criterion === "bic";
}

/**
 * True when the evidence is the k-means sweep (elbow and silhouette).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { isSweepChoice } from "./segment_count.ts";
 * equal(isSweepChoice({ k: 2, reason: "", sweep: [] }), true);
 * ```
 */
export function isSweepChoice(choice: SegmentCountChoice): choice is KChoice {
  return !("criterion" in choice);
}

/** Options for {@link segmentCount}. */
export interface SegmentCountOptions {
  /** A number of segments, or "auto" (or absent) to choose it. */
  k?: number | "auto";
  /** The range k is chosen in when "auto" (the sweep looks two past each edge, and at 2). */
  kMin: number;
  kMax: number;
  seed: number;
  nInit: number;
  parameters: ParameterValues;
  file?: string;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The k to fit and, when it was chosen, the evidence (0 and none for an
 * algorithm that finds k itself).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { algorithmEntry } from "../cluster/registry.ts";
 * import { segmentCount } from "./segment_count.ts";
 * const scaled = matrixFromRows([[0], [0.1], [5], [5.1], [9], [9.1]]);
 * const data = { scaled, numeric: scaled, categorical: { codes: new Int32Array(0), rows: 6, cols: 0, columns: [], levels: [] } };
 * const count = segmentCount(algorithmEntry("kmeans"), data, { k: 3, kMin: 2, kMax: 10, seed: 0, nInit: 10, parameters: {} });
 * equal(count.k, 3);
 * equal(count.choice, undefined);
 * ```
 */
export function segmentCount(
  entry: ClusterAlgorithm,
  data: ClusterData,
  options: SegmentCountOptions,
): { k: number; choice?: SegmentCountChoice } {
  if (!entry.usesK) return { k: 0 };
  const { file, seed, nInit } = options;
  const scaled = data.scaled;
  let k: number;
  let choice: SegmentCountChoice | undefined;
  if (options.k === undefined || options.k === "auto") {
    // k is chosen in kMin..kMax; the sweep looks LOOK_PAST beyond each edge (and always at 2).
    const sweepMax = options.kMax + LOOK_PAST;
    // No k above the number of distinct rows: identical rows cannot form separate segments.
    const distinct = countDistinctRows(scaled, sweepMax + 1);
    const kMax = Math.min(sweepMax, scaled.rows - 1, distinct);
    const kMin = Math.max(2, Math.min(options.kMin - LOOK_PAST, options.kMax));
    if (kMax < kMin && distinct < kMin && scaled.rows > distinct) {
      throw new InputError(`Only ${distinct} distinct rows to choose k from`, {
        file,
        hint:
          "identical rows cannot form separate segments; add varied rows or choose other features",
      });
    }
    if (kMax < kMin) {
      throw new InputError(`Too few rows to choose k: ${scaled.rows}`, {
        file,
        hint: "give at least 3 rows, or a fixed k (`--k N` on the command line)",
      });
    }
    const range: KRange = {
      min: Math.min(options.kMin, kMax),
      max: Math.min(options.kMax, kMax),
    };
    if (entry.chooseK !== undefined) {
      const own = entry.chooseK(data, {
        kMin,
        kMax,
        seed,
        parameters: options.parameters,
        onProgress: options.onProgress,
      });
      // The mixture's BIC: the lowest in the range, with the same care as the k-means sweep.
      const sweep = own.sweep as { k: number; bic?: number }[];
      choice = own.criterion === "bic" && sweep.every((p) => typeof p.bic === "number")
        ? { ...own, ...chooseByBIC(sweep as { k: number; bic: number }[], range) }
        : own;
    } else {
      choice = chooseK(scaled, {
        kMin,
        kMax,
        range,
        seed,
        nInit,
        onProgress: options.onProgress,
      });
    }
    k = choice.k;
  } else {
    k = options.k;
    if (!Number.isInteger(k) || k < 1) {
      throw new InputError(`Invalid k: ${k}`, {
        hint: "give a whole number of segments, 2 or more, or auto",
      });
    }
    if (k > scaled.rows) {
      throw new InputError(`Fewer rows (${scaled.rows}) than segments (k = ${k})`, {
        file,
        hint: "lower k or add rows",
      });
    }
  }
  const distinct = countDistinctRows(scaled, k);
  if (distinct < k) {
    throw new InputError(`Only ${distinct} distinct rows for k = ${k}`, {
      file,
      hint: "lower k; identical rows cannot form separate segments",
    });
  }
  return { k, choice };
}
