// Every row of the bundled, messy and lookalike files gets the same segment from the generated SQL
// in DuckDB (the file loaded by DuckDB's own CSV reader) as from the model in memory.
import { deepEqual, equal, notEqual, ok } from "node:assert/strict";
import * as aq from "arquero";
import { fitSegmentation } from "../../lib/segment/segmentation.ts";
import { assignRows } from "../../lib/segment/assign_table.ts";
import { duckdb, queryColumns, sqlString } from "../../lib/io/duckdb.ts";
import { DUCKDB } from "../../lib/sql/duckdb_dialect.ts";
import { assignSQL } from "../../lib/segment/model_sql.ts";
import { differences, labelCases, labelFiles, nearestTieGap } from "./label_cases.ts";

Deno.test("DuckDB: the generated SQL labels every row as the model in memory does", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sql_labels_" });
  try {
    const files = await labelFiles(dir);
    const con = await duckdb();
    for (const c of labelCases(files)) {
      await con.run(
        `CREATE OR REPLACE TABLE customers AS SELECT * FROM read_csv(${sqlString(c.file.path)})`,
      );
      const result = await queryColumns(assignSQL(c.model, { dialect: DUCKDB }));
      deepEqual(
        differences(c.labels, result.cluster!).slice(0, 5),
        [],
        `${c.file.name}, ${c.title}`,
      );
      const gap = nearestTieGap(c.model, c.file.table);
      if (!Number.isNaN(gap)) ok(gap > 1e-12, `${c.file.name}: a row within ${gap} of a tie`);
    }
    await con.run("DROP TABLE customers");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("DuckDB: DBSCAN and agglomerative models label rows by the nearest centre, as --assign does", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sql_labels_" });
  const [file] = await labelFiles(dir);
  await Deno.remove(dir, { recursive: true });
  const con = await duckdb();
  await con.run(
    `CREATE OR REPLACE TABLE customers AS SELECT * FROM read_csv(${sqlString(file!.path)})`,
  );
  for (const algorithm of ["dbscan", "agglomerative"] as const) {
    const { model } = fitSegmentation(file!.table, { algorithm, k: 4, seed: 1 });
    const want = assignRows(model, file!.table).labels;
    const result = await queryColumns(assignSQL(model, { dialect: DUCKDB }));
    deepEqual(differences(want, result.cluster!).slice(0, 5), [], algorithm);
  }
  await con.run("DROP TABLE customers");
});

Deno.test("DuckDB: a row exactly between two centres goes to the lower segment, as in memory", async () => {
  const t = aq.table({ a: [0, 0, 0, 10, 10, 10], b: [1, 1, 1, 1, 1, 1] });
  const { model } = fitSegmentation(t, { features: ["a"], k: 2, seed: 1, nInit: 1 });
  const rows = aq.table({ a: [5, 0, 10], b: [1, 1, 1] });
  const want = assignRows(model, rows).labels;
  equal(want[0], 0); // distances 1 and 1 in scaled units: the tie goes to segment 0
  notEqual(want[1], want[2]);
  const result = await queryColumns(
    `WITH customers(a, b) AS (VALUES (5, 1), (0, 1), (10, 1)) ${
      assignSQL(model, { dialect: DUCKDB })
    }`,
  );
  deepEqual(result.cluster, Array.from(want));
});
