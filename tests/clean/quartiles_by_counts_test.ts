import assert from "node:assert/strict";
import { duckdb, queryColumns } from "../../lib/io/duckdb.ts";
import { quantilesByCountsSQL, valuesRepeat } from "../../lib/clean/quartiles_by_counts.ts";
import { outlierUpdateSQL } from "../../lib/clean/transaction_outliers_sql.ts";

const PROBABILITIES = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];

/** Generated columns: few or many distinct values, negatives, NULLs, 1 to ~2,000 rows. */
function sample(seed: number): string {
  const rows = 1 + (seed * 7919) % 2003;
  const distinct = [1, 2, 3, 7, 50, 1_000_000][seed % 6];
  return `(SELECT CASE WHEN hash(i, ${seed}, 1) % 17 = 0 THEN NULL
      ELSE (hash(i, ${seed}) % ${distinct}) / 7.3 - 2 END AS v
    FROM range(${rows}) AS t(i))`;
}

Deno.test("quantiles from value counts equal DuckDB's quantile_cont bit for bit, mapped by ln(1 + x) or not", async () => {
  let compared = 0;
  for (let seed = 0; seed < 120; seed++) {
    const from = sample(seed);
    const lx = (x: string) => `ln(1 + greatest(${x}, 0))`;
    for (const [expr, ours] of [["v", "v"], [lx("v"), lx("v")], [lx("v"), "mapped"]]) {
      const sql = ours === "mapped"
        ? quantilesByCountsSQL("greatest(v, 0)", from, PROBABILITIES, {
          map: (x) => `ln(1 + ${x})`,
        })
        : quantilesByCountsSQL(expr!, from, PROBABILITIES);
      const r = await queryColumns(
        `SELECT ${sql} AS ours,
          (SELECT quantile_cont(${expr}, [${PROBABILITIES.join(", ")}]) FROM ${from}) AS duckdb`,
      );
      assert.deepEqual(r.ours?.[0], r.duckdb?.[0], `seed ${seed}, ${ours}`);
      compared++;
    }
  }
  assert.equal(compared, 360);
});

Deno.test("quantiles from value counts: no rows, or only NULLs, give NULL quantiles", async () => {
  for (const from of ["(SELECT 1.5 AS v WHERE false)", "(SELECT CAST(NULL AS DOUBLE) AS v)"]) {
    const r = await queryColumns(
      `SELECT ${quantilesByCountsSQL("v", from, [0.25, 0.75])} AS ours,
        (SELECT quantile_cont(v, [0.25, 0.75]) FROM ${from}) AS duckdb`,
    );
    assert.equal(r.duckdb?.[0], null);
    assert.deepEqual(r.ours?.[0], [null, null]);
  }
});

Deno.test("valuesRepeat: true for repeated values at size, false for unique values or a small table", async () => {
  const con = await duckdb();
  await con.run(`CREATE OR REPLACE TEMP TABLE repeat_test AS
    SELECT CAST(1 + i % 20 AS DOUBLE) AS quantity, round(0.5 + (hash(i) % 2000) / 100, 2) AS price,
      random() AS unique_value, CASE WHEN i % 3 = 0 THEN 'duplicate' END AS rule
    FROM range(2000000) AS t(i)`);
  await con.run(
    "CREATE OR REPLACE TEMP TABLE repeat_small AS SELECT * FROM repeat_test LIMIT 50000",
  );
  try {
    assert.equal(await valuesRepeat("repeat_test", ["quantity", "price"], "rule IS NULL"), true);
    assert.equal(await valuesRepeat("repeat_test", ["quantity", "unique_value"]), false);
    assert.equal(await valuesRepeat("repeat_small", ["quantity"]), false);
  } finally {
    await con.run("DROP TABLE repeat_test; DROP TABLE repeat_small;");
  }
});

Deno.test("the IQR outlier rule marks the same lines with quartiles from counts as from a sort", async () => {
  const con = await duckdb();
  // Heavy-tailed quantities and prices with ties, some lines already ruled out.
  const create = (name: string) =>
    con.run(`CREATE OR REPLACE TEMP TABLE ${name} AS
    SELECT i AS id,
      CAST(CASE WHEN hash(i, 1) % 500 = 0 THEN 1000 + hash(i, 2) % 9000 ELSE 1 + hash(i, 2) % 24 END
        AS DOUBLE) AS quantity,
      CASE WHEN hash(i, 3) % 700 = 0 THEN 5000.0 ELSE round(0.1 + (hash(i, 4) % 900) / 100, 2) END
        AS price,
      NULL AS amount,
      CASE WHEN hash(i, 5) % 9 = 0 THEN 'cancellation' END AS rule,
      hash(i, 5) % 9 <> 0 AS kept
    FROM range(300000) AS t(i)`);
  await create("outliers_sorted");
  await create("outliers_counted");
  try {
    for (
      const [table, quartiles] of [["outliers_sorted", "sort"], [
        "outliers_counted",
        "counts",
      ]] as const
    ) {
      const sql = outlierUpdateSQL({
        method: "iqr",
        threshold: 1.5,
        mode: "quantity_price",
        hasQuantity: true,
        last: table,
        quartiles,
      });
      assert.equal(sql.includes("quantile_cont"), quartiles === "sort");
      await con.run(sql);
    }
    const r = await queryColumns(`SELECT
      (SELECT count(*) FROM outliers_sorted WHERE rule = 'outlier') AS outliers,
      (SELECT count(*) FROM (SELECT id, rule, kept FROM outliers_sorted
        EXCEPT ALL SELECT id, rule, kept FROM outliers_counted)) AS differ`);
    assert.ok(Number(r.outliers?.[0]) > 500, `outliers: ${r.outliers?.[0]}`);
    assert.equal(Number(r.differ?.[0]), 0);
  } finally {
    await con.run("DROP TABLE outliers_sorted; DROP TABLE outliers_counted;");
  }
});
