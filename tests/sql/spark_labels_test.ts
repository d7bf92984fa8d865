// Every row of the bundled, messy and lookalike files gets the same segment from the generated SQL
// in Spark (one local spark-sql run for every model) as from the model in memory, and the Spark
// dialect's pieces give the answers computed here. Skipped only
// outside CI when Spark is not installed; on CI (CI=true) a missing Spark fails.
import { deepEqual, ok } from "node:assert/strict";
import { SPARK } from "../../lib/sql/spark_dialect.ts";
import { assignSQL } from "../../lib/segment/model_sql.ts";
import { runSparkSQL, skipSparkTests, sparkParquetView, sparkResult } from "./spark_sql.ts";
import { byRow, differences, labelCases, labelFiles, numberedParquet } from "./label_cases.ts";
import { checkProblems, dialectChecks } from "./dialect_checks.ts";

const skip = await skipSparkTests();
if (skip) console.log("Spark label tests skipped: spark-sql or Java is not installed here");

Deno.test({
  name: "Spark: the generated SQL labels every row as the model in memory does",
  ignore: skip,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "sql_labels_spark_" });
    try {
      const files = await labelFiles(dir);
      const cases = labelCases(files);
      const views = await Promise.all(
        files.map(async (file, i) =>
          sparkParquetView(`file${i}`, await numberedParquet(file, dir))
        ),
      );
      const queries = cases.map((c, i) => {
        const sql = assignSQL(c.model, { dialect: SPARK, table: `file${files.indexOf(c.file)}` });
        return sparkResult(`case${i}`, `SELECT test_row, cluster FROM (\n${sql}\n) AS labelled`);
      });
      // Expressions run interpreted: compiling the wide ones costs more than 10 000 rows take.
      // The dialect's own pieces, in the same run (Spark takes seconds to start).
      const checks = dialectChecks(SPARK);
      const checkQueries = checks.map((c, i) => sparkResult(`check${i}`, c.sql));
      const run = await runSparkSQL([...views, ...queries, ...checkQueries].join("\n"), {
        conf: { "spark.sql.codegen.wholeStage": "false", "spark.sql.adaptive.enabled": "false" },
      });
      cases.forEach((c, i) => {
        const got = byRow(run.results.get(`case${i}`) ?? [], c.labels.length);
        deepEqual(differences(c.labels, got).slice(0, 5), [], `${c.file.name}, ${c.title}`);
        ok(got.some((v) => v !== null));
      });
      deepEqual(checks.flatMap((c, i) => checkProblems(c, run.results.get(`check${i}`)?.[0])), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
