/**
 * A bundled file as the engine tests load it, read by DuckDB's CSV reader: a
 * table in a new DuckDB database file (what `--db file.duckdb` opens), or a
 * Parquet copy (what Spark reads).
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { queryColumns, sqlString } from "../../lib/io/duckdb.ts";

/** The bundled transactions. */
export const SAMPLE: string = new URL("../../data/transactions_sample.csv", import.meta.url)
  .pathname;

/** A new DuckDB database file at `path` holding the CSV file `csv` as `table`; its lock released. */
export async function duckdbFileWith(path: string, table: string, csv: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const con = await instance.connect();
  await con.run(
    `CREATE TABLE ${table} AS SELECT * FROM read_csv(${sqlString(csv)}, header = true)`,
  );
  con.closeSync();
  instance.closeSync(); // the file's lock goes with the instance
}

/** The CSV file `csv` written as Parquet at `path`. */
export async function parquetCopy(csv: string, path: string): Promise<void> {
  await queryColumns(
    `COPY (SELECT * FROM read_csv(${sqlString(csv)}, header = true)) TO ${
      sqlString(path)
    } (FORMAT parquet)`,
  );
}
