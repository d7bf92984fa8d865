/**
 * The prepared, scaled rows as the registered algorithms take them: every
 * feature scaled, and for the algorithms that treat text apart
 * (k-prototypes) the numeric columns and the text level codes.
 *
 * @module
 */
import type { Matrix } from "../matrix.ts";
import type { PreparedData } from "../prepare/apply_preparation.ts";
import type { ClusterData } from "../cluster/algorithm.ts";

/** The scaled numeric and date columns (k-prototypes' numeric part). */
function numericPart(scaled: Matrix, prepared: PreparedData): Matrix {
  const cols = prepared.blocks.filter((b) => b.step.kind !== "categorical").map((b) => b.start);
  const out: Matrix = {
    data: new Float64Array(scaled.rows * cols.length),
    rows: scaled.rows,
    cols: cols.length,
    columns: cols.map((j) => scaled.columns[j]!),
  };
  for (let i = 0; i < scaled.rows; i++) {
    for (let c = 0; c < cols.length; c++) {
      out.data[i * cols.length + c] = scaled.data[i * scaled.cols + cols[c]!]!;
    }
  }
  return out;
}

/**
 * The {@link ClusterData} of prepared rows; the numeric part is copied only
 * when an algorithm asks for it.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitPreparation } from "../prepare/fit_preparation.ts";
 * import { applyPreparation } from "../prepare/apply_preparation.ts";
 * import { clusterData } from "./cluster_data.ts";
 * const t = aq.table({ spend: [1, 2, 3, 1, 5, 2], region: ["n", "s", "n", "s", "n", "n"] });
 * const prepared = applyPreparation(fitPreparation(t, { features: ["spend", "region"] }).model, t);
 * const data = clusterData(prepared.encoded, prepared);
 * deepEqual(data.scaled.columns, ["spend", "region=n", "region=s"]);
 * deepEqual(data.numeric.columns, ["spend"]);
 * deepEqual(data.categorical.columns, ["region"]);
 * ```
 */
export function clusterData(scaled: Matrix, prepared: PreparedData, file?: string): ClusterData {
  let numeric: Matrix | undefined;
  return {
    scaled,
    get numeric() {
      return numeric ??= numericPart(scaled, prepared);
    },
    categorical: prepared.categorical,
    file,
  };
}
