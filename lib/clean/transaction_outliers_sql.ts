/**
 * The last cleaning rule as SQL: extreme quantities, prices or amounts
 * dropped (IQR or z-score fences on ln(1 + value)) or capped (at a quantile
 * of the clean lines). Part of statement 3 of `transactions_sql.ts`.
 *
 * @module
 */
import type { SqlDialect } from "../sql/dialect.ts";
import { quantilesByCountsSQL } from "./quartiles_by_counts.ts";

/** How extreme lines are handled (see {@link outlierStepSQL}). */
export type OutlierMethod = "iqr" | "zscore" | "quantile" | "none";

/** Default threshold of each outlier method. */
export const OUTLIER_DEFAULTS: Record<Exclude<OutlierMethod, "none">, number> = {
  iqr: 3,
  zscore: 3,
  quantile: 0.99,
};

/** What {@link outlierStepSQL} needs. */
export interface OutlierStepOptions {
  method: OutlierMethod;
  /** IQR multiplier, z limit or cap quantile (ignored for "none"). */
  threshold: number;
  /** Whether values are quantity × price or a given line amount. */
  mode: "quantity_price" | "amount";
  /** Whether there is a quantity column. */
  hasQuantity: boolean;
  /** The relation holding the lines and their rules so far (`checked` or `netted`). */
  last: string;
  /** The engine (default DuckDB). */
  dialect?: SqlDialect;
  /**
   * DuckDB, "iqr" with `last` a table: how Q1 and Q3 are found, "sort" (one
   * `quantile_cont` per value, default) or "counts" (from the value counts,
   * the same figures, faster when values repeat: see `valuesRepeat`).
   */
  quartiles?: "sort" | "counts";
}

/**
 * The columns the outlier rules look at: quantity and price, or the line
 * amount (and the quantity, when there is one).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { outlierValues } from "./transaction_outliers_sql.ts";
 * deepEqual(outlierValues("quantity_price", true), ["quantity", "price"]);
 * deepEqual(outlierValues("amount", false), ["amount"]);
 * ```
 */
export function outlierValues(
  mode: OutlierStepOptions["mode"],
  hasQuantity: boolean,
): string[] {
  return mode === "amount"
    ? [...(hasQuantity ? ["quantity"] : []), "amount"]
    : ["quantity", "price"];
}

/**
 * The CTEs computing the fences (none for "none") and the SELECT giving each
 * line its final rule and values. Fences are computed over the lines passing
 * the earlier rules: on ln(1 + value) for IQR and z-score (quantities and
 * prices are multiplicative, heavy-tailed), on the raw value for quantile.
 *
 * @example
 * ```ts
 * import { deepEqual, ok } from "node:assert/strict";
 * import { outlierStepSQL } from "./transaction_outliers_sql.ts";
 * const step = outlierStepSQL({
 *   method: "quantile", threshold: 0.99, mode: "quantity_price", hasQuantity: true, last: "checked",
 * });
 * deepEqual(step.ctes.length, 1);
 * ok(step.ctes[0]!.includes("quantile_cont(quantity, 0.99) AS quantity_cap"));
 * ok(step.select.endsWith("FROM checked CROSS JOIN fences"));
 * ```
 */
export function outlierStepSQL(options: OutlierStepOptions): { ctes: string[]; select: string } {
  const { method, threshold, mode, hasQuantity, last } = options;
  const duck = options.dialect === undefined || options.dialect.name === "duckdb";
  const quantile = (expr: string, q: number) =>
    duck ? `quantile_cont(${expr}, ${q})` : options.dialect!.quantile(expr, q);
  const ctes: string[] = [];
  const watched = outlierValues(mode, hasQuantity);
  let select: string;
  const base = `line_no, customer, invoice, ts, product, country, description`;
  if (method === "none") {
    select = `SELECT ${base}, quantity, price, amount, rule
FROM ${last}`;
  } else if (method === "quantile") {
    ctes.push(
      `-- Quantile cap: values above the ${threshold} quantile of clean lines are capped to it.
fences AS (
  SELECT
${watched.map((v) => `    ${quantile(v, threshold)} AS ${v}_cap`).join(",\n")}
  FROM ${last} WHERE rule IS NULL
)`,
    );
    const capped = (v: string) => `CASE WHEN rule IS NULL THEN least(${v}, ${v}_cap) ELSE ${v} END`;
    const anyAbove = watched.map((v) => `${v} > ${v}_cap`).join(" OR ");
    const amount = mode === "amount"
      ? capped("amount")
      : `${capped("quantity")} * ${capped("price")}`;
    select = `SELECT ${base},
  ${hasQuantity ? capped("quantity") : "quantity"} AS quantity,
  ${mode === "amount" ? "price" : capped("price")} AS price,
  CASE WHEN rule IS NULL THEN ${amount} ELSE amount END AS amount,
  CASE WHEN rule IS NULL AND (${anyAbove}) THEN 'outlier_capped' ELSE rule END AS rule
FROM ${last} CROSS JOIN fences`;
  } else {
    const ln1p = (x: string) => `ln(1 + ${x})`;
    const lx = (v: string) => ln1p(`greatest(${v}, 0)`);
    // DuckDB takes both quartiles in one sort (a list); other engines one column each.
    const q1 = (v: string) => duck ? `q_${v}[1]` : `q1_${v}`;
    const q3 = (v: string) => duck ? `q_${v}[2]` : `q3_${v}`;
    const quartiles = (v: string) =>
      !duck
        ? `    ${quantile(lx(v), 0.25)} AS q1_${v},\n    ${quantile(lx(v), 0.75)} AS q3_${v}`
        : options.quartiles === "counts"
        ? `    ${
          quantilesByCountsSQL(`greatest(${v}, 0)`, last, [0.25, 0.75], {
            where: "rule IS NULL",
            map: ln1p,
          })
        } AS q_${v}`
        : `    quantile_cont(${lx(v)}, [0.25, 0.75]) AS q_${v}`;
    const fence = (v: string) =>
      method === "iqr"
        ? `    ${q3(v)} + ${threshold} * (${q3(v)} - ${q1(v)}) AS ${v}_fence`
        : `    avg(${lx(v)}) + ${threshold} * stddev_samp(${lx(v)}) AS ${v}_fence`;
    if (method === "iqr") {
      const counted = duck && options.quartiles === "counts";
      ctes.push(
        `-- Q1 and Q3 of ln(1 + value) over the clean lines (${
          counted ? "from each value's count" : "one sort per value"
        }).
quartiles AS (
  SELECT
${watched.map(quartiles).join(",\n")}${counted ? "" : `\n  FROM ${last} WHERE rule IS NULL`}
)`,
      );
    }
    ctes.push(
      `-- Outlier fences on ln(1 + value) over the clean lines: ${
        method === "iqr" ? `Q3 + ${threshold} × IQR` : `mean + ${threshold} × standard deviation`
      }.
fences AS (
  SELECT
${watched.map(fence).join(",\n")}
  FROM ${method === "iqr" ? "quartiles" : `${last} WHERE rule IS NULL`}
)`,
    );
    const beyond = watched.map((v) => `ln(1 + greatest(${v}, 0)) > ${v}_fence`).join(" OR ");
    select = `SELECT ${base}, quantity, price, amount,
  CASE WHEN rule IS NULL AND (${beyond}) THEN 'outlier' ELSE rule END AS rule
FROM ${last} CROSS JOIN fences`;
  }

  return { ctes, select };
}

/**
 * The outlier rule ("iqr" or "zscore") applied in place to a table of ruled
 * lines already written (DuckDB): the fences over its clean lines, then the
 * lines beyond them marked `outlier` and no longer kept. Same fences and the
 * same lines as {@link outlierStepSQL} inside the rules statement, but the
 * clean lines' values are read from the table instead of being typed a second
 * time from the staged text, and only the outliers are rewritten.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { outlierUpdateSQL } from "./transaction_outliers_sql.ts";
 * const sql = outlierUpdateSQL({
 *   method: "iqr", threshold: 3, mode: "quantity_price", hasQuantity: true, last: "rfm_lines",
 * });
 * ok(sql.startsWith("-- Outliers in place"));
 * ok(sql.includes("UPDATE rfm_lines SET rule = 'outlier', kept = false"));
 * ok(sql.includes("FROM rfm_lines WHERE rule IS NULL"));
 * ```
 */
export function outlierUpdateSQL(
  options: OutlierStepOptions & { method: "iqr" | "zscore" },
): string {
  const { ctes, select } = outlierStepSQL({ ...options, dialect: undefined });
  const beyond = select.slice(
    select.indexOf("WHEN rule IS NULL AND (") + "WHEN rule IS NULL AND ".length,
    select.indexOf(" THEN 'outlier'"),
  );
  return `-- Outliers in place: fences over the table's clean lines, then the lines beyond them.
UPDATE ${options.last} SET rule = 'outlier', kept = false
FROM (
  WITH
${ctes.join(",\n")}
  SELECT * FROM fences
) AS fences
WHERE rule IS NULL AND ${beyond};`;
}
