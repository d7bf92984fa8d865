/**
 * Who bought what, once: the distinct (customer, product) pairs of the kept
 * lines, each with the time of its first line, as a DuckDB table beside the
 * cleaned lines. Finding the pairs is the costly part of both counting each
 * customer's distinct products (`aggregateRFM`) and product lift
 * (`segmentProducts`): about eight and a half million pairs at ten million
 * lines. With the table, each reads the pairs dated before its as-of date
 * (`first_ts < as_of`: the pair has a line before it) instead of finding
 * them again.
 *
 * @module
 */
import { duckdb, queryColumns, sqlString } from "../io/duckdb.ts";
import type { CleanedTransactions } from "../clean/transactions.ts";
import { tablesOfLines } from "../clean/transactions_sql.ts";

/**
 * The name of the pairs table of the cleaned lines `table` (`rfm_1_lines` →
 * `rfm_1_pairs`), so that releasing the lines drops it too.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { productPairsTable } from "./product_pairs.ts";
 * equal(productPairsTable("rfm_3_lines"), "rfm_3_pairs");
 * ```
 */
export function productPairsTable(table: string): string {
  return tablesOfLines(table).pairs;
}

/**
 * SQL making the pairs table of the cleaned lines `table`: one row per
 * customer and product of the kept lines (a product given), with the time
 * of the pair's first line.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { productPairsSQL } from "./product_pairs.ts";
 * ok(productPairsSQL("rfm_1_lines").includes("GROUP BY customer, product"));
 * ```
 */
export function productPairsSQL(table: string): string {
  return `-- Who bought what: the distinct (customer, product) pairs of the kept lines,
-- with the time of each pair's first line (a pair counts before an as-of date
-- when that time is before it).
CREATE OR REPLACE TEMP TABLE ${productPairsTable(table)} AS
SELECT customer, product, min(ts) AS first_ts
FROM ${table}
WHERE kept AND product IS NOT NULL
GROUP BY customer, product;`;
}

/**
 * Make the pairs table of cleaned lines that have a product column, once
 * (a second call finds it), and return its name; `releaseTransactions`
 * drops it with the lines.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { cleanTransactions, releaseTransactions } from "../clean/transactions.ts";
 * import { queryColumns } from "../io/duckdb.ts";
 * import { productPairs } from "./product_pairs.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "CustomerID,InvoiceDate,StockCode,Amount\n" +
 *   "A,2024-01-02,P1,3\nA,2024-01-05,P1,4\nA,2024-01-03,P2,1\nB,2024-01-04,P1,2\n");
 * const cleaned = await cleanTransactions(path, { outliers: "none" });
 * const pairs = await productPairs(cleaned);
 * const rows = await queryColumns(
 *   `SELECT customer, product, strftime(first_ts, '%d') AS day FROM ${pairs} ORDER BY ALL`,
 * );
 * deepEqual(rows.day, ["02", "03", "04"]);
 * await releaseTransactions(cleaned);
 * ```
 */
export async function productPairs(cleaned: CleanedTransactions): Promise<string> {
  const name = productPairsTable(cleaned.table);
  const found = await queryColumns(
    `SELECT count(*) AS n FROM duckdb_tables() WHERE temporary AND table_name = ${sqlString(name)}`,
  );
  if (Number(found.n?.[0] ?? 0) === 0) await (await duckdb()).run(productPairsSQL(cleaned.table));
  return name;
}
