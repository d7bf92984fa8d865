/**
 * Principal component analysis by eigen-decomposition (cyclic Jacobi) of the
 * columns' covariance matrix, which is small (features × features). Signs
 * follow scikit-learn's `svd_flip`: each component's largest loading (in
 * absolute value) is positive, so projections compare with scikit-learn's.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { assertFiniteMatrix } from "../check_input.ts";
import { createMatrix, type Matrix } from "../matrix.ts";

/** Options for {@link fitPCA}. */
export interface PCAOptions {
  /** Number of components kept (default 2, at most the number of columns). */
  components?: number;
}

/** A fitted PCA, plain JSON. `components[i]` is the unit loading vector of PC i+1. */
export interface PCAModel {
  kind: "pca";
  columns: string[];
  mean: number[];
  components: number[][];
  /** Variance along each component (divided by rows − 1). */
  explainedVariance: number[];
  /** Share of the total variance along each component. */
  explainedVarianceRatio: number[];
}

/**
 * Fit PCA on a matrix (centred, not scaled: scale first if units differ).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { fitPCA } from "./pca.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const model = fitPCA(matrixFromRows([[0, 0], [1, 1], [2, 2], [3, 3.1]]), { components: 1 });
 * ok(model.explainedVarianceRatio[0]! > 0.99);
 * ```
 */
export function fitPCA(m: Matrix, options: PCAOptions = {}): PCAModel {
  const components = options.components ?? 2;
  assertFiniteMatrix(m, "PCA");
  const n = m.rows, d = m.cols;
  if (!Number.isInteger(components) || components < 1 || components > Math.min(n, d)) {
    throw new InputError(
      `PCA components must be between 1 and ${Math.min(n, d)}: got ${components}`,
      { hint: "PCA keeps at most as many components as there are features and rows" },
    );
  }
  if (n < 2) throw new InputError("PCA needs at least two rows");
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += m.data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = m.data[i * d + j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const ra = row[a]!;
      for (let b = a; b < d; b++) cov[a * d + b]! += ra * row[b]!;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = cov[a * d + b]! / (n - 1);
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  let total = 0;
  for (let a = 0; a < d; a++) total += cov[a * d + a]!;
  if (!(total > 0)) {
    throw new InputError("PCA undefined: every feature is constant", {
      hint: "give features that vary across rows",
    });
  }
  const { values, vectors } = symmetricEigen(cov, d);
  const order = Array.from({ length: d }, (_, i) => i).sort((a, b) =>
    values[b]! - values[a]! || a - b
  );
  const comps: number[][] = [];
  const explained: number[] = [];
  for (let c = 0; c < components; c++) {
    const idx = order[c]!;
    const v: number[] = [];
    for (let j = 0; j < d; j++) v.push(vectors[j * d + idx]!);
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(v[j]!) > Math.abs(v[big]!)) big = j;
    const sign = v[big]! < 0 ? -1 : 1;
    comps.push(v.map((x) => x * sign + 0));
    explained.push(Math.max(values[idx]!, 0));
  }
  return {
    kind: "pca",
    columns: [...m.columns],
    mean: Array.from(mean),
    components: comps,
    explainedVariance: explained,
    explainedVarianceRatio: explained.map((v) => v / total),
  };
}

/**
 * Project rows on the fitted components: columns "PC1", "PC2", ….
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { applyPCA, fitPCA } from "./pca.ts";
 * import { matrixFromRows } from "../matrix.ts";
 * const m = matrixFromRows([[0, 0], [1, 1], [2, 2.2]]);
 * deepEqual(applyPCA(fitPCA(m), m).columns, ["PC1", "PC2"]);
 * ```
 */
export function applyPCA(model: PCAModel, m: Matrix): Matrix {
  const d = model.columns.length;
  if (m.cols !== d) {
    throw new InputError(`PCA model expects ${d} columns, got ${m.cols}`, {
      hint: `give the columns ${model.columns.join(", ")}`,
    });
  }
  const k = model.components.length;
  const out = createMatrix(m.rows, k, model.components.map((_, c) => `PC${c + 1}`));
  const comp = new Float64Array(k * d);
  model.components.forEach((v, c) => comp.set(v, c * d));
  const mean = Float64Array.from(model.mean);
  const centred = new Float64Array(d);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < d; j++) centred[j] = m.data[i * d + j]! - mean[j]!;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += centred[j]! * comp[c * d + j]!;
      out.data[i * k + c] = s;
    }
  }
  return out;
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major d × d) of a
 * symmetric matrix by cyclic Jacobi rotations.
 */
function symmetricEigen(
  matrix: Float64Array,
  d: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = matrix.slice();
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let p = 0; p < d; p++) {
      diag += a[p * d + p]! * a[p * d + p]!;
      for (let q = p + 1; q < d; q++) off += a[p * d + q]! * a[p * d + q]!;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (apq === 0) continue;
        const app = a[p * d + p]!, aqq = a[q * d + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let r = 0; r < d; r++) {
          const arp = a[r * d + p]!, arq = a[r * d + q]!;
          a[r * d + p] = c * arp - s * arq;
          a[r * d + q] = s * arp + c * arq;
        }
        for (let r = 0; r < d; r++) {
          const apr = a[p * d + r]!, aqr = a[q * d + r]!;
          a[p * d + r] = c * apr - s * aqr;
          a[q * d + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < d; r++) {
          const vrp = v[r * d + p]!, vrq = v[r * d + q]!;
          v[r * d + p] = c * vrp - s * vrq;
          v[r * d + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i]!;
  return { values, vectors: v };
}
