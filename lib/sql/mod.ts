/**
 * SQL for the engines where customer data lives: the dialects (DuckDB,
 * PostgreSQL, Spark SQL) and the expressions every caller builds through them.
 *
 * @module
 */
export {
  DIALECT_NAMES,
  type DialectName,
  doubleText,
  finiteOrNull,
  hashFraction,
  type SampleOptions,
  sampleSQL,
  type SqlDialect,
} from "./dialect.ts";
export { DUCKDB } from "./duckdb_dialect.ts";
export { POSTGRES } from "./postgres_dialect.ts";
export { SPARK } from "./spark_dialect.ts";
export { sqlDialect } from "./dialects.ts";
