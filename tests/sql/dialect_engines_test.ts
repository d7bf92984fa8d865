// Each dialect's pieces run on its engine (DuckDB embedded, a throwaway PostgreSQL) and give the
// answers computed in TypeScript; Spark's run in the same spark-sql invocation as its label test.
import { deepEqual } from "node:assert/strict";
import { queryColumns } from "../../lib/io/duckdb.ts";
import { DUCKDB } from "../../lib/sql/duckdb_dialect.ts";
import { POSTGRES } from "../../lib/sql/postgres_dialect.ts";
import { postgresBin, withPostgres } from "./postgres_server.ts";
import { checkProblems, dialectChecks } from "./dialect_checks.ts";

Deno.test("DuckDB runs its dialect's pieces with the expected answers", async () => {
  const problems: string[] = [];
  for (const check of dialectChecks(DUCKDB)) {
    const cols = await queryColumns(check.sql);
    const row = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v[0]]));
    problems.push(...checkProblems(check, row));
  }
  deepEqual(problems, []);
});

const skip = Deno.env.get("CI") !== "true" && (await postgresBin()) === undefined;

Deno.test({
  name: "PostgreSQL runs its dialect's pieces with the expected answers",
  ignore: skip,
  fn: async () => {
    await withPostgres(async (pg) => {
      const problems: string[] = [];
      for (const check of dialectChecks(POSTGRES)) {
        problems.push(...checkProblems(check, (await pg.query(check.sql))[0]));
      }
      deepEqual(problems, []);
    });
  },
});
