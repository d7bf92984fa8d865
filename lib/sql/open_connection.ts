/**
 * `--db` to a connection: the one place a database name becomes a
 * {@link SqlConnection}.
 *
 * @module
 */
import type { SqlConnection } from "./connection.ts";
import { parseDatabase } from "./connection_url.ts";
import { openDuckDBFile } from "./duckdb_connection.ts";
import { openPostgres } from "./postgres_connection.ts";
import { openSpark } from "./spark_connection.ts";

/** Options for {@link openConnection}. */
export interface OpenConnectionOptions {
  /** Whether the run writes into the database (`--into`): DuckDB files open for writing then. */
  write?: boolean;
}

/**
 * Open the database a `--db` value names (see `connection_url.ts`).
 *
 * @example
 * ```ts
 * import { equal, rejects } from "node:assert/strict";
 * import { openConnection } from "./open_connection.ts";
 * await rejects(openConnection("/no/such/shop.duckdb"), /Database file not found \(database \/no\/such\/shop.duckdb\)/);
 * const spark = await openConnection("spark:local[2]");
 * equal(spark.dialect.name, "spark");
 * ```
 */
export async function openConnection(
  db: string,
  options: OpenConnectionOptions = {},
): Promise<SqlConnection> {
  const target = parseDatabase(db);
  switch (target.kind) {
    case "postgres":
      return openPostgres(target.url);
    case "duckdb":
      return await openDuckDBFile(target.path, { readOnly: options.write !== true });
    case "spark":
      return openSpark({
        master: target.master,
        conf: target.conf,
        dir: target.dir,
        label: target.redacted,
      });
  }
}
