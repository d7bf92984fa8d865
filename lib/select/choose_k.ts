/**
 * Choosing the number of clusters: a k-means sweep over k recording inertia
 * (with the elbow found by Kneedle), silhouette, Davies–Bouldin and
 * Calinski–Harabasz, combined into one recommended k with the reason stated
 * as a sentence built from the figures.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { calinskiHarabaszScore } from "../metrics/calinski_harabasz.ts";
import { assertFiniteMatrix } from "../check_input.ts";
import { daviesBouldinScore } from "../metrics/davies_bouldin.ts";
import { fitKMeans } from "../cluster/kmeans.ts";
import { findKnee } from "../cluster/knee.ts";
import { type Matrix, matrixRowsAt } from "../matrix.ts";
import { sampleRows } from "../metrics/silhouette.ts";
import { clusterStability } from "./stability.ts";

/** Options for {@link chooseK}. */
export interface ChooseKOptions {
  /** Smallest k tried (default 2). */
  kMin?: number;
  /** Largest k tried (default 10; capped at rows − 1). */
  kMax?: number;
  /** Seed for k-means and the silhouette sample (default 0). */
  seed?: number;
  /** K-means runs per k (default 10). */
  nInit?: number;
  /** Above this many rows the silhouette is computed on a seeded sample of this size (default 5000). */
  silhouetteSampleSize?: number;
  /**
   * Above this many rows the sweep runs on a seeded sample of this size
   * (default {@link CHOOSE_K_SAMPLE_SIZE}); the reason says so. The caller
   * then fits the chosen k on every row.
   */
  sampleSize?: number;
  /** Called after each k with the number of k done and the total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Weigh the stability under resampling of the chosen k and its runner-up
   * (default on: {@link STABILITY_RUNS} bootstrap samples of at most
   * {@link STABILITY_ROWS} rows); false leaves it out.
   */
  stability?: false | { runs?: number; rows?: number };
  /**
   * The actionable range the choice is made in (default
   * {@link ACTIONABLE_RANGE} within kMin..kMax); the k of the sweep outside
   * it are looked at to say what lies past its edges.
   */
  range?: KRange;
}

/** Smallest and largest number of segments considered. */
export interface KRange {
  min: number;
  max: number;
}

/**
 * The number of segments a marketing team can act on by default: 3 to 8
 * (published analyses of customer files present four to eight).
 */
export const ACTIONABLE_RANGE: Readonly<KRange> = { min: 3, max: 8 };

/** How many k past each edge of the range the sweep looks at. */
export const LOOK_PAST = 2;

/** Silhouette k = 2 must reach to be chosen (Kaufman and Rousseeuw: above 0.5, a reasonable structure). */
export const TWO_SEGMENTS_SILHOUETTE = 0.5;

/** How far k = 2's silhouette must be above the best k of 3 or more to be chosen. */
export const TWO_SEGMENTS_MARGIN = 0.1;

/** Rows the k sweep uses at most, by default: past it, a seeded sample. */
export const CHOOSE_K_SAMPLE_SIZE = 100_000;

/** Figures for one k of the sweep. */
export interface KSweepPoint {
  k: number;
  inertia: number;
  silhouette: number;
  daviesBouldin: number;
  calinskiHarabasz: number;
}

/** Bootstrap samples the stability of the chosen k and its runner-up is measured on. */
export const STABILITY_RUNS = 8;

/** Rows at most in those samples (a seeded sample of the data past it). */
export const STABILITY_ROWS = 3000;

/**
 * How much more stable (mean adjusted Rand over the bootstrap samples) the
 * runner-up must be to take its place, when the chosen k is below
 * {@link STABILITY_DOUBTFUL}.
 */
export const STABILITY_MARGIN = 0.1;

/** Mean adjusted Rand under resampling below which a segmentation is doubtful. */
export const STABILITY_DOUBTFUL = 0.8;

/**
 * Silhouette below which no substantial structure shows (after Kaufman and
 * Rousseeuw): when both the chosen k and its runner-up score under it, as on
 * wide files where distances crowd together, the silhouette's difference says
 * little and the more stable of the two is taken when it is
 * {@link STABILITY_MARGIN} more stable.
 */
export const SILHOUETTE_WEAK = 0.25;

/** The recommended k, why, and the sweep behind it. */
export interface KChoice {
  k: number;
  /** Plain sentences giving the reason, the runner-up and any edge, built from the figures. */
  reason: string;
  /** The range k was chosen in (the sweep may look past it). */
  range?: KRange;
  /** The closest other candidate and why it lost. */
  runnerUp?: { k: number; why: string };
  /** When k is at an edge of the range: what lies past it. */
  edge?: string;
  /** Mean adjusted Rand of k-means on bootstrap samples against its fit, for the chosen k and the runner-up. */
  stability?: { k: number; meanARI: number; runs: number }[];
  /** k at the elbow of the inertia curve, when there is one. */
  knee?: number;
  sweep: KSweepPoint[];
  /** When the sweep ran on a sample: how many rows, out of how many. */
  sample?: { rows: number; of: number };
}

/**
 * How close (in silhouette) the elbow's k must be to the silhouette peak to
 * be preferred as the simpler model.
 */
export const SILHOUETTE_MARGIN = 0.02;

/**
 * Sweep k and recommend one: the elbow's knee when its silhouette is within
 * {@link SILHOUETTE_MARGIN} of the best, otherwise the silhouette peak. Past
 * `sampleSize` rows (100,000 by default) the sweep runs on a seeded sample of
 * that many rows and the reason says so.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { chooseK } from "./choose_k.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const rows = [];
 * for (const c of [0, 10, 20]) for (let i = 0; i < 10; i++) rows.push([c + (i % 3) * 0.1, c + (i % 5) * 0.1]);
 * const choice = chooseK(matrixFromRows(rows), { kMax: 6, seed: 1 });
 * equal(choice.k, 3);
 * ```
 */
export function chooseK(data: Matrix, options: ChooseKOptions = {}): KChoice {
  const kMin = options.kMin ?? 2;
  const seed = options.seed ?? 0;
  const sampleSize = options.silhouetteSampleSize ?? 5000;
  const sweepSize = options.sampleSize ?? CHOOSE_K_SAMPLE_SIZE;
  if (!Number.isInteger(sweepSize) || sweepSize < 2) {
    throw new InputError(
      `Sample size for choosing k must be a whole number of at least 2: ${sweepSize}`,
    );
  }
  assertFiniteMatrix(data, "choosing k");
  const m = data.rows > sweepSize ? sampleMatrix(data, sweepSize, seed) : data;
  if (!Number.isInteger(kMin) || kMin < 2) {
    throw new InputError(`Smallest k must be a whole number of at least 2: ${kMin}`);
  }
  const kMax = Math.min(options.kMax ?? 10, m.rows - 1);
  if (!Number.isInteger(kMax) || kMax < kMin) {
    throw new InputError(
      `Too few rows or too small a range to choose k: k from ${kMin} to ${kMax} with ${m.rows} rows`,
      { hint: "give more rows or widen the k range" },
    );
  }
  const total = kMax - kMin + 1;
  const sweep: KSweepPoint[] = [];
  // The silhouette's sample is the same for every k: its distances are computed once.
  const silhouetteRows = m.rows > sampleSize
    ? sampleRows(m.rows, sampleSize, seed)
    : Int32Array.from({ length: m.rows }, (_, i) => i);
  const distances = condensedDistances(m, silhouetteRows);
  for (let k = kMin; k <= kMax; k++) {
    const fit = fitKMeans(m, { k, seed, nInit: options.nInit });
    sweep.push({
      k,
      inertia: fit.inertia,
      silhouette: silhouetteOfDistances(
        distances,
        Int32Array.from(silhouetteRows, (r) => fit.labels[r]!),
      ),
      daviesBouldin: daviesBouldinScore(m, fit.labels),
      calinskiHarabasz: calinskiHarabaszScore(m, fit.labels),
    });
    options.onProgress?.(sweep.length, total);
  }
  const knee = findKnee(sweep.map((p) => p.k), sweep.map((p) => p.inertia), {
    curve: "convex",
    direction: "decreasing",
  });
  const range = options.range ?? defaultRange(kMin, kMax);
  let choice = recommend(sweep, knee, range);
  if (options.stability !== false && choice.runnerUp !== undefined) {
    const silhouetteOf = (k: number) => sweep.find((p) => p.k === k)?.silhouette ?? NaN;
    const weak = Math.max(silhouetteOf(choice.k), silhouetteOf(choice.runnerUp.k)) <
      SILHOUETTE_WEAK;
    choice = weighStability(m, choice, { seed, weak, ...options.stability });
  }
  if (m === data) return { ...choice, sweep };
  const count = (n: number) => n.toLocaleString("en-US");
  return {
    ...choice,
    reason: `${choice.reason} (sweep on a seeded sample of ${count(m.rows)} of ${
      count(data.rows)
    } rows)`,
    sweep,
    sample: { rows: m.rows, of: data.rows },
  };
}

/** {@link ACTIONABLE_RANGE} within kMin..kMax, or kMin..kMax when they do not meet. */
export function defaultRange(kMin: number, kMax: number): KRange {
  const min = Math.max(kMin, ACTIONABLE_RANGE.min);
  const max = Math.min(kMax, ACTIONABLE_RANGE.max);
  return min <= max ? { min, max } : { min: kMin, max: kMax };
}

/** Euclidean distances between the given rows, condensed (pairs i < j, row by row). */
function condensedDistances(m: Matrix, rows: Int32Array): Float64Array {
  const n = rows.length;
  const cols = m.cols;
  const out = new Float64Array((n * (n - 1)) / 2);
  const x = matrixRowsAt(m, rows).data;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const a = i * cols;
    for (let j = i + 1; j < n; j++) {
      const b = j * cols;
      let d = 0;
      for (let c = 0; c < cols; c++) {
        const diff = x[a + c]! - x[b + c]!;
        d += diff * diff;
      }
      out[p++] = Math.sqrt(d);
    }
  }
  return out;
}

/**
 * Mean silhouette from condensed distances (scikit-learn's definition: a
 * point alone in its cluster scores 0; NaN-free for two or more clusters).
 */
function silhouetteOfDistances(distances: Float64Array, labels: Int32Array): number {
  const n = labels.length;
  let k = 0;
  for (let i = 0; i < n; i++) if (labels[i]! + 1 > k) k = labels[i]! + 1;
  const sums = new Float64Array(n * k);
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]!] = sizes[labels[i]!]! + 1;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const li = labels[i]!;
    for (let j = i + 1; j < n; j++) {
      const d = distances[p++]!;
      const u = i * k + labels[j]!, v = j * k + li;
      sums[u] = sums[u]! + d;
      sums[v] = sums[v]! + d;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[i * k + own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || sizes[c] === 0) continue;
      const mean = sums[i * k + c]! / sizes[c]!;
      if (mean < b) b = mean;
    }
    const s = Math.max(a, b);
    total += s > 0 ? (b - a) / s : 0;
  }
  return total / n;
}

/** `size` rows of `m` drawn with `seed`, in their original order. */
function sampleMatrix(m: Matrix, size: number, seed: number): Matrix {
  return matrixRowsAt(m, sampleRows(m.rows, size, seed));
}

/** The figures of `k` in a sweep. */
function at<T extends { k: number }>(sweep: T[], k: number): T | undefined {
  return sweep.find((p) => p.k === k);
}

/**
 * The k recommended from a sweep: within the actionable range, the elbow's
 * knee when its silhouette is within {@link SILHOUETTE_MARGIN} of the
 * range's best, otherwise the silhouette peak; k = 2 only on strong evidence
 * ({@link TWO_SEGMENTS_SILHOUETTE}, {@link TWO_SEGMENTS_MARGIN}); the
 * runner-up and why it lost; and, at an edge of the range, what lies past it.
 */
function recommend(
  sweep: KSweepPoint[],
  knee: number | undefined,
  range: KRange,
): Omit<KChoice, "sweep" | "sample"> {
  const s = (v: number) => v.toFixed(2);
  // Differences get a third decimal: two would round 0.016 to the 0.02 margin itself.
  const d = (v: number) => v.toFixed(3);
  const inRange = sweep.filter((p) => p.k >= range.min && p.k <= range.max && p.k >= 3);
  const two = at(sweep, 2);
  const base = { range, ...(knee === undefined ? {} : { knee }) };
  if (inRange.length === 0) {
    // Nothing of 3 or more to weigh two segments against (tiny data, or a range of 2 alone).
    const only = sweep.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
    return {
      ...base,
      k: only.k,
      reason: sweep.length === 1
        ? `k = ${only.k}: the only k tried (silhouette ${s(only.silhouette)})`
        : `k = ${only.k}: silhouette peaks there (${
          s(only.silhouette)
        }) among the k the data allows`,
    };
  }
  let peak = inRange[0]!;
  for (const p of inRange) if (p.silhouette > peak.silhouette) peak = p;
  const second = (chosen: KSweepPoint) =>
    inRange.filter((p) => p.k !== chosen.k).reduce<KSweepPoint | undefined>(
      (a, b) => (a === undefined || b.silhouette > a.silhouette ? b : a),
      undefined,
    );
  const kneeIn = knee === undefined ? undefined : inRange.find((p) => p.k === knee);
  const span = `${range.min}–${range.max}`;
  let chosen: KSweepPoint;
  let why: string;
  let runnerUp: { k: number; why: string } | undefined;
  if (kneeIn !== undefined && kneeIn.k === peak.k) {
    chosen = peak;
    why = `the elbow's knee is at ${peak.k} and silhouette peaks there (${
      s(peak.silhouette)
    }) among k = ${span}`;
    const r = second(chosen);
    if (r) {
      runnerUp = {
        k: r.k,
        why: `silhouette ${s(r.silhouette)}, ${d(chosen.silhouette - r.silhouette)} lower`,
      };
    }
  } else if (kneeIn !== undefined && peak.silhouette - kneeIn.silhouette <= SILHOUETTE_MARGIN) {
    chosen = kneeIn;
    why = `the elbow's knee is at ${kneeIn.k} and its silhouette (${
      s(kneeIn.silhouette)
    }) is within ${SILHOUETTE_MARGIN} of the best among k = ${span} (${
      s(peak.silhouette)
    } at k = ${peak.k})`;
    runnerUp = {
      k: peak.k,
      why: `its silhouette (${s(peak.silhouette)}) is only ${
        d(peak.silhouette - kneeIn.silhouette)
      } higher, within the ${SILHOUETTE_MARGIN} margin, and it is ${
        peak.k < kneeIn.k
          ? "before the knee, where more segments still cut the spread markedly"
          : "past the knee, where more segments cut the spread little"
      }`,
    };
  } else {
    chosen = peak;
    why = kneeIn !== undefined
      ? `silhouette peaks there among k = ${span} (${s(peak.silhouette)}), clearly above ${
        s(kneeIn.silhouette)
      } at the elbow's knee (k = ${kneeIn.k})`
      : `silhouette peaks there among k = ${span} (${s(peak.silhouette)}); ${
        knee === undefined
          ? "the elbow curve has no clear knee"
          : `the elbow's knee (k = ${knee}) is outside the range`
      }`;
    const r = kneeIn ?? second(chosen);
    if (r) {
      runnerUp = {
        k: r.k,
        why: `${r === kneeIn ? "the elbow's knee, but its " : ""}silhouette ${s(r.silhouette)} is ${
          d(chosen.silhouette - r.silhouette)
        } lower${r === kneeIn ? `, beyond the ${SILHOUETTE_MARGIN} margin` : ""}`,
      };
    }
  }
  const notes: string[] = [];
  let bottomEdge: string | undefined;
  if (two !== undefined) {
    const strong = two.silhouette >= TWO_SEGMENTS_SILHOUETTE &&
      two.silhouette - chosen.silhouette >= TWO_SEGMENTS_MARGIN;
    if (strong) {
      return {
        ...base,
        k: 2,
        reason: `k = 2: strong evidence for two segments: silhouette ${
          s(two.silhouette)
        } (at least ${TWO_SEGMENTS_SILHOUETTE} is a strong structure) and ${
          d(two.silhouette - chosen.silhouette)
        } above the best of k = ${span} (k = ${chosen.k}: ${
          s(chosen.silhouette)
        }). Runner-up k = ${chosen.k}: ${why}, but two segments separate far better`,
        runnerUp: {
          k: chosen.k,
          why: `silhouette ${s(chosen.silhouette)}, ${
            d(two.silhouette - chosen.silhouette)
          } lower than k = 2`,
        },
      };
    }
    const weak = `k = 2 scores higher (silhouette ${s(two.silhouette)}) but was not taken: ` +
      `two segments need a silhouette of at least ${TWO_SEGMENTS_SILHOUETTE} and ` +
      `${TWO_SEGMENTS_MARGIN} above the chosen k`;
    if (chosen.k === range.min && range.min === 3) {
      // At the bottom of the range, k = 2 is what lies past it.
      bottomEdge = two.silhouette > chosen.silhouette
        ? `k = 3 is at the bottom of the range; below it, ${weak}`
        : `k = 3 is at the bottom of the range, and k = 2 below it scores lower ` +
          `(silhouette ${s(two.silhouette)})`;
      notes.push(bottomEdge);
    } else if (two.silhouette > chosen.silhouette) {
      notes.push(weak);
    }
  }
  let edge: string | undefined = bottomEdge;
  const atTop = chosen.k === range.max;
  const atBottom = chosen.k === range.min && range.min > 3;
  if (atTop || atBottom) {
    const past = sweep.filter((p) => atTop ? p.k > range.max : p.k < range.min && p.k >= 3);
    const figures = past.map((p) => `k = ${p.k}: ${s(p.silhouette)}`).join(", ");
    const better = past.filter((p) => p.silhouette > chosen.silhouette);
    edge = past.length === 0
      ? `k = ${chosen.k} is the ${atTop ? "largest" : "smallest"} k of the range, and the data ` +
        `allows none ${atTop ? "beyond" : "below"} it to compare`
      : better.length > 0
      ? `k = ${chosen.k} is at the ${atTop ? "top" : "bottom"} of the range and silhouette is ` +
        `higher past it (${figures}): the data may hold ${
          atTop ? "more, finer" : "fewer, broader"
        } ` +
        `segments; give k itself (--k N) or a wider range (kMax) to consider them`
      : `k = ${chosen.k} is at the ${atTop ? "top" : "bottom"} of the range, but silhouette ` +
        `falls past it (${figures}), so it is a true peak`;
    notes.push(edge);
  }
  const parts = [`k = ${chosen.k}: ${why}`];
  if (runnerUp) parts.push(`Runner-up k = ${runnerUp.k}: ${runnerUp.why}`);
  return {
    ...base,
    k: chosen.k,
    reason: [...parts, ...notes].join(". "),
    ...(runnerUp ? { runnerUp } : {}),
    ...(edge ? { edge } : {}),
  };
}

/** BIC difference that counts as very strong evidence (Kass and Raftery: above 10). */
export const BIC_STRONG = 10;

/**
 * The mixture's k from its BIC sweep, with the same care as {@link chooseK}:
 * the lowest BIC within the actionable range, k = 2 only when its BIC is
 * lower by more than {@link BIC_STRONG}, the runner-up with its BIC
 * difference, and what lies past an edge of the range.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { chooseByBIC } from "./choose_k.ts";
 * const sweep = [2, 3, 4, 5].map((k) => ({ k, bic: (k - 4) ** 2 * 50 }));
 * equal(chooseByBIC(sweep, { min: 3, max: 5 }).k, 4);
 * ```
 */
export function chooseByBIC(
  sweep: { k: number; bic: number }[],
  range: KRange,
): Omit<KChoice, "sweep" | "sample"> {
  const b = (v: number) => v.toFixed(1);
  const bic = sweep.map((p) => ({ k: p.k, bic: p.bic }));
  const inRange = bic.filter((p) => p.k >= range.min && p.k <= range.max && p.k >= 3);
  const span = `${range.min}–${range.max}`;
  if (inRange.length === 0) {
    const best = bic.reduce((x, y) => (y.bic < x.bic ? y : x));
    return {
      k: best.k,
      range,
      reason: `k = ${best.k}: lowest BIC of the mixtures the data allows (${b(best.bic)})`,
    };
  }
  const sorted = [...inRange].sort((x, y) => x.bic - y.bic);
  const chosen = sorted[0]!;
  const runner = sorted[1];
  const two = at(bic, 2);
  if (two !== undefined && chosen.bic - two.bic > BIC_STRONG) {
    const d = chosen.bic - two.bic;
    return {
      k: 2,
      range,
      reason: `k = 2: strong evidence for two segments: its BIC (${b(two.bic)}) is ${
        b(d)
      } below the best of k = ${span} (k = ${chosen.k}: ${
        b(chosen.bic)
      }; a difference above ${BIC_STRONG} is very strong). Runner-up k = ${chosen.k}: BIC ${
        b(d)
      } higher`,
      runnerUp: { k: chosen.k, why: `BIC ${b(d)} higher than k = 2` },
    };
  }
  const parts = [`k = ${chosen.k}: lowest BIC among k = ${span} (${b(chosen.bic)})`];
  let runnerUp: { k: number; why: string } | undefined;
  if (runner) {
    const d = runner.bic - chosen.bic;
    runnerUp = {
      k: runner.k,
      why: `BIC ${b(runner.bic)}, ${b(d)} higher (${
        d > BIC_STRONG
          ? `above ${BIC_STRONG}: very strong evidence against it`
          : "a weak difference"
      })`,
    };
    parts.push(`Runner-up k = ${runner.k}: ${runnerUp.why}`);
  }
  let edge: string | undefined;
  if (two !== undefined && two.bic < chosen.bic) {
    const weak = `k = 2 has a lower BIC (${b(two.bic)}) but not by more than ${BIC_STRONG}, ` +
      `too little for two segments`;
    if (chosen.k === range.min && range.min === 3) {
      edge = `k = 3 is at the bottom of the range; below it, ${weak}`;
    }
    parts.push(edge ?? weak);
  } else if (two !== undefined && chosen.k === range.min && range.min === 3) {
    edge = `k = 3 is at the bottom of the range, and k = 2 below it has a higher BIC (${
      b(two.bic)
    })`;
    parts.push(edge);
  }
  const atTop = chosen.k === range.max;
  const atBottom = chosen.k === range.min && range.min > 3;
  if (atTop || atBottom) {
    const past = bic.filter((p) => atTop ? p.k > range.max : p.k < range.min && p.k >= 3);
    const figures = past.map((p) => `k = ${p.k}: ${b(p.bic)}`).join(", ");
    edge = past.length === 0
      ? `k = ${chosen.k} is the ${atTop ? "largest" : "smallest"} k of the range, and the data ` +
        `allows none ${atTop ? "beyond" : "below"} it to compare`
      : past.some((p) => p.bic < chosen.bic)
      ? `k = ${chosen.k} is at the ${atTop ? "top" : "bottom"} of the range and BIC is lower ` +
        `past it (${figures}): the data may hold ${atTop ? "more, finer" : "fewer, broader"} ` +
        `segments; give k itself (--k N) or a wider range (kMax) to consider them`
      : `k = ${chosen.k} is at the ${atTop ? "top" : "bottom"} of the range, but BIC rises ` +
        `past it (${figures}), so it is a true minimum`;
    parts.push(edge);
  }
  return {
    k: chosen.k,
    range,
    reason: parts.join(". "),
    ...(runnerUp ? { runnerUp } : {}),
    ...(edge ? { edge } : {}),
  };
}

/**
 * The chosen k and its runner-up rerun on bootstrap samples: the mean
 * adjusted Rand of each run against the fit on the sampled rows. The
 * runner-up takes the place of a doubtful choice (below
 * {@link STABILITY_DOUBTFUL}) when it is {@link STABILITY_MARGIN} more
 * stable; either way the reason gives both figures.
 */
function weighStability(
  m: Matrix,
  choice: Omit<KChoice, "sweep" | "sample">,
  options: { seed: number; weak?: boolean; runs?: number; rows?: number },
): Omit<KChoice, "sweep" | "sample"> {
  const runs = options.runs ?? STABILITY_RUNS;
  const rows = options.rows ?? STABILITY_ROWS;
  const x = m.rows > rows ? sampleMatrix(m, rows, options.seed) : m;
  const runner = choice.runnerUp!;
  const measure = (k: number) =>
    clusterStability(x, { algorithm: "kmeans", k, seed: options.seed, runs, nInit: 3 }).ari.mean;
  let chosen: number, other: number;
  try {
    chosen = measure(choice.k);
    other = measure(runner.k);
  } catch (error) {
    // Too few distinct rows in a bootstrap sample for k (tiny data): no stability to weigh.
    if (error instanceof InputError) return choice;
    throw error;
  }
  const stability = [
    { k: choice.k, meanARI: chosen, runs },
    { k: runner.k, meanARI: other, runs },
  ];
  const f = (v: number) => v.toFixed(2);
  const figures = `mean adjusted Rand over ${runs} bootstrap samples`;
  const doubtful = chosen < STABILITY_DOUBTFUL;
  if ((doubtful || options.weak === true) && other - chosen >= STABILITY_MARGIN) {
    const because = doubtful
      ? `doubtful below ${STABILITY_DOUBTFUL}`
      : `both silhouettes under ${SILHOUETTE_WEAK}, too weak to tell them apart`;
    return {
      ...choice,
      k: runner.k,
      reason:
        `k = ${runner.k}: the runner-up by silhouette and elbow is taken as far more stable under resampling (${figures} ${
          f(other)
        }, against ${f(chosen)} for k = ${choice.k}; ${because}). Before that: ${choice.reason}`,
      runnerUp: {
        k: choice.k,
        why: `less stable under resampling (${f(chosen)} against ${f(other)})`,
      },
      edge: undefined,
      stability,
    };
  }
  return {
    ...choice,
    reason: `${choice.reason}. ${
      chosen >= STABILITY_DOUBTFUL ? "Stable under resampling" : "Under resampling"
    }: ${figures} ${f(chosen)} for k = ${choice.k}, ${f(other)} for k = ${runner.k}`,
    runnerUp: {
      ...runner,
      why: `${runner.why}; stability ${f(other)} against ${f(chosen)}`,
    },
    stability,
  };
}
