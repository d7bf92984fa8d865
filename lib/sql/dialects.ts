/**
 * The dialects by name: the one place a name such as `--sql postgres`
 * becomes a {@link SqlDialect}.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { DIALECT_NAMES, type DialectName, type SqlDialect } from "./dialect.ts";
import { DUCKDB } from "./duckdb_dialect.ts";
import { POSTGRES } from "./postgres_dialect.ts";
import { SPARK } from "./spark_dialect.ts";

const DIALECTS: Record<DialectName, SqlDialect> = {
  duckdb: DUCKDB,
  postgres: POSTGRES,
  spark: SPARK,
};

/**
 * The dialect of this name (`duckdb`, `postgres`, `spark`; `postgresql` too).
 *
 * @example
 * ```ts
 * import { equal, throws } from "node:assert/strict";
 * import { sqlDialect } from "./dialects.ts";
 * equal(sqlDialect("postgresql").title, "PostgreSQL");
 * throws(() => sqlDialect("oracle"), /Unknown SQL dialect: "oracle"/);
 * ```
 */
export function sqlDialect(name: string): SqlDialect {
  const key = name.trim().toLowerCase() === "postgresql" ? "postgres" : name.trim().toLowerCase();
  const dialect = DIALECTS[key as DialectName];
  if (dialect === undefined || !Object.hasOwn(DIALECTS, key)) {
    throw new InputError(`Unknown SQL dialect: ${JSON.stringify(name)}`, {
      hint: `use one of ${DIALECT_NAMES.join(", ")}`,
    });
  }
  return dialect;
}
