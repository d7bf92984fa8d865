// Every row of the bundled, messy and lookalike files gets the same segment from the generated SQL
// in PostgreSQL (a throwaway server) as from the model in memory. Skipped only outside CI when
// PostgreSQL is not installed; on CI (CI=true) a missing PostgreSQL fails.
import { deepEqual, ok } from "node:assert/strict";
import { POSTGRES } from "../../lib/sql/postgres_dialect.ts";
import { assignSQL } from "../../lib/segment/model_sql.ts";
import { postgresBin, withPostgres } from "./postgres_server.ts";
import { byRow, differences, labelCases, labelFiles, numberedParquet } from "./label_cases.ts";

const skip = Deno.env.get("CI") !== "true" && (await postgresBin()) === undefined;
if (skip) console.log("PostgreSQL label tests skipped: PostgreSQL is not installed here");

Deno.test({
  name: "PostgreSQL: the generated SQL labels every row as the model in memory does",
  ignore: skip,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "sql_labels_pg_" });
    try {
      const files = await labelFiles(dir);
      const cases = labelCases(files);
      await withPostgres(async (pg) => {
        for (const [i, file] of files.entries()) {
          await pg.loadTable(`file${i}`, await numberedParquet(file, dir));
        }
        for (const c of cases) {
          const table = `file${files.indexOf(c.file)}`;
          const sql = assignSQL(c.model, { dialect: POSTGRES, table });
          const rows = await pg.query(`SELECT test_row, cluster FROM (\n${sql}\n) AS labelled`);
          const got = byRow(rows, c.labels.length);
          deepEqual(differences(c.labels, got).slice(0, 5), [], `${c.file.name}, ${c.title}`);
          ok(got.some((v) => v !== null));
        }
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
