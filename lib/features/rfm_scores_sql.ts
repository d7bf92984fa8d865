/**
 * RFM scores and named segments as SQL, for when the customers' rows stay in
 * the database (`deno task rfm --db … --into TABLE`): the same quintiles as
 * {@link scoreRFM} (pandas `qcut` edges, frequency ranked first, recency and
 * monetary ranked first when two edges coincide) and the same segment map,
 * computed to the same float64 arithmetic so every score equals the one made
 * in memory:
 *
 * - a quantile edge is numpy's: position `(n − 1) × q` between the sorted
 *   values at its floor and the next, by numpy's two-sided `lerp`, with `q`
 *   the very float64 TypeScript uses (`0.6000000000000001` for the third edge);
 * - rank-first ranks are `row_number()` over the value, ties by customer id in
 *   byte order (the order the rows have in memory);
 * - the segment of each of the 25 R×F codes is decided here by the rules and
 *   written as one `CASE`.
 *
 * @module
 */
import type { SqlDialect } from "../sql/dialect.ts";
import { engineFunctions } from "../sql/engine_functions.ts";
import { RFM_SEGMENT_RULES, type RFMSegmentRule, rfmSegments } from "./rfm_segments.ts";

/** Options for {@link rfmScoresSQL}. */
export interface RFMScoresSQLOptions {
  dialect: SqlDialect;
  /** The relation holding customer_id, recency, frequency, monetary (a table or a subquery in parentheses). */
  source: string;
  /** The segment map (default the usual one). */
  rules?: readonly RFMSegmentRule[];
  /** Number of bins, default 5. */
  bins?: number;
  /** The columns of `source` returned before the scores (default those of an RFM table, `RFM_COLUMNS`). */
  columns?: readonly string[];
}

/** The columns of an RFM table, as `aggregateRFM` makes it. */
export const RFM_COLUMNS: readonly string[] = [
  "customer_id",
  "recency",
  "frequency",
  "monetary",
  "total_quantity",
  "avg_basket_value",
  "tenure",
  "distinct_products",
  "country",
];

/** The factor numpy multiplies (n − 1) by for edge i of `bins` (as `quantileScores` computes it). */
function edgeFactor(i: number, bins: number): number {
  const q = i === bins ? 1 : i * (1 / bins);
  return (q * 100) / 100;
}

/**
 * A SELECT returning every column of `source` plus `r_score`, `f_score`,
 * `m_score` (1 to bins), `rfm_score` (text, e.g. "551") and `segment`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { queryColumns } from "../io/duckdb.ts";
 * import { DUCKDB } from "../sql/duckdb_dialect.ts";
 * import { rfmScoresSQL } from "./rfm_scores_sql.ts";
 * import { scoreRFM } from "./rfm_scores.ts";
 * const rows = { customer_id: ["a", "b", "c", "d", "e", "f"], recency: [1, 50, 300, 20, 90, 20],
 *   frequency: [9, 2, 1, 4, 1, 1], monetary: [900, 50, 10, 300, 40, 45.5] };
 * const values = rows.customer_id.map((c, i) =>
 *   `('${c}', ${rows.recency[i]}, ${rows.frequency[i]}, ${rows.monetary[i]})`).join(", ");
 * const sql = rfmScoresSQL({ dialect: DUCKDB, columns: ["customer_id"],
 *   source: `(SELECT * FROM (VALUES ${values}) AS t(customer_id, recency, frequency, monetary))` });
 * const got = await queryColumns(sql + " ORDER BY customer_id");
 * deepEqual(got.rfm_score, scoreRFM(aq.table(rows)).array("rfm_score"));
 * ```
 */
export function rfmScoresSQL(options: RFMScoresSQLOptions): string {
  const d = options.dialect;
  const e = engineFunctions(d);
  const bins = options.bins ?? 5;
  const rules = options.rules ?? RFM_SEGMENT_RULES;
  const dims = ["recency", "frequency", "monetary"] as const;
  const n = d.toDouble("n_rows");
  const edges = Array.from({ length: bins + 1 }, (_, i) => i);

  // Position of each edge: virtual = (n − 1) × factor, its floor and fraction.
  const positions = edges.map((i) =>
    `    ${d.toDouble("n_rows - 1")} * ${d.number(edgeFactor(i, bins))} AS v_${i}`
  ).join(",\n");
  const lerp = (a: string, b: string, t: string) =>
    `CASE WHEN ${t} >= ${d.number(0.5)} THEN ${b} - (${b} - ${a}) * (${
      d.number(1)
    } - ${t}) ELSE ${a} + (${b} - ${a}) * ${t} END`;
  const lo = (i: number) => `floor(v_${i})`;
  const frac = (i: number) => `(v_${i} - ${lo(i)})`;
  /** Edge i of the sorted values `at(k)` (0-based k), with their minimum and maximum. */
  const edge = (i: number, at: (k: string) => string, min: string, max: string) =>
    `CASE WHEN v_${i} >= ${n} - ${d.number(1)} THEN ${max} WHEN v_${i} <= ${
      d.number(0)
    } THEN ${min} ELSE ${lerp(at(lo(i)), at(`${lo(i)} + 1`), frac(i))} END`;

  // Sorted values at a position: the value of the row whose rank is position + 1.
  const valueEdges = dims.filter((dim) => dim !== "frequency").flatMap((dim) =>
    edges.map((i) =>
      `    ${
        edge(
          i,
          (k) => `max(CASE WHEN ${dim}_rank = ${k} + 1 THEN ${d.toDouble(dim)} END)`,
          `min(${d.toDouble(dim)})`,
          `max(${d.toDouble(dim)})`,
        )
      } AS ${dim}_e${i}`
    )
  ).join(",\n");
  // Ranks 1..n sorted: the value at position k is k + 1.
  const rankEdges = edges.map((i) =>
    `    ${edge(i, (k) => `(${k} + ${d.number(1)})`, d.number(1), n)} AS rank_e${i}`
  ).join(",\n");
  const repeated = (dim: string) =>
    edges.slice(0, -1).map((i) => `${dim}_e${i} = ${dim}_e${i + 1}`).join(" OR ");
  const score = (x: string, prefix: string, reverse: boolean) => {
    const arms = edges.slice(1, -1).map((i) =>
      `WHEN ${x} <= ${prefix}${i} THEN ${reverse ? bins + 1 - i : i}`
    );
    return `CASE ${arms.join(" ")} ELSE ${reverse ? 1 : bins} END`;
  };
  const byRankOr = (dim: string, reverse: boolean) =>
    `CASE WHEN ${repeated(dim)} THEN ${score(d.toDouble(`${dim}_rank`), "rank_e", reverse)} ELSE ${
      score(d.toDouble(dim), `${dim}_e`, reverse)
    } END`;

  const codes: { code: number; segment: string }[] = [];
  for (let r = 1; r <= bins; r++) {
    const names = rfmSegments(
      Array.from({ length: bins }, () => r),
      Array.from({ length: bins }, (_, j) => j + 1),
      rules,
    );
    names.forEach((segment, j) => codes.push({ code: r * 10 + j + 1, segment }));
  }
  const segment = `CASE r_score * 10 + f_score ${
    codes.map((c) => `WHEN ${c.code} THEN ${d.string(c.segment)}`).join(" ")
  } END`;
  const order = (dim: string) => `${dim}, ${e.byteOrder("customer_id")}`;

  return `-- RFM scores: quintile edges as pandas qcut finds them (numpy's linear
-- interpolation), frequency ranked first (ties by customer id), recency and
-- monetary ranked first only when two of their edges coincide.
WITH ranked AS (
  SELECT s.*,
${dims.map((dim) => `    row_number() OVER (ORDER BY ${order(dim)}) AS ${dim}_rank`).join(",\n")}
  FROM ${options.source} AS s
),
positions AS (
  SELECT n_rows,
${positions}
  FROM (SELECT count(*) AS n_rows FROM ${options.source} AS c) AS counted
),
edges AS (
  SELECT
${valueEdges},
${rankEdges}
  FROM ranked CROSS JOIN positions
  GROUP BY positions.n_rows, ${edges.map((i) => `positions.v_${i}`).join(", ")}
),
scored AS (
  SELECT ranked.*,
    ${byRankOr("recency", true)} AS r_score,
    ${score(d.toDouble("frequency_rank"), "rank_e", false)} AS f_score,
    ${byRankOr("monetary", false)} AS m_score
  FROM ranked CROSS JOIN edges
)
SELECT ${(options.columns ?? RFM_COLUMNS).map((c) => d.identifier(c)).join(", ")},
  r_score, f_score, m_score,
  ${d.toText("r_score")} || ${d.toText("f_score")} || ${d.toText("m_score")} AS rfm_score,
  ${segment} AS segment
FROM scored`;
}
