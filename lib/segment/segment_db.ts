/**
 * Segments where the customers live (`deno task segment --db URL --table
 * customers [--sample N] [--into TABLE]`): a deterministic sample is drawn in
 * the database (the rows with the smallest hash of their id and the seed, the
 * same rows in every engine), fitted here exactly as a file is, and then every
 * row of the table is labelled in the database by the model compiled to SQL
 * (`assignSQL`), into a table made under a temporary name and renamed at the
 * end. Only the sample crosses the network; model.json, summary.json and
 * assign.sql are written as for a file.
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import type { SqlConnection, TableColumn } from "../sql/connection.ts";
import { sampleSQL } from "../sql/dialect.ts";
import { openConnection } from "../sql/open_connection.ts";
import { assignSQL, type ColumnStorage } from "./model_sql.ts";
import { type SegmentRun, type SegmentRunOptions, segmentTable } from "./segment_table.ts";
import { labelColumns } from "./outputs.ts";

/** Rows drawn by default: plenty for a segmentation, small enough to fit here. */
export const DEFAULT_SAMPLE = 1_000_000;

/** Options of {@link segmentDatabase}: the segmentation's, and where the customers are. */
export type DatabaseSegmentOptions = Omit<SegmentRunOptions, "file"> & {
  /** `--db`: a PostgreSQL URL, a DuckDB file or `spark:MASTER`. */
  db: string;
  /** `--table`: the customers' table (`schema.table` allowed). */
  table: string;
  /** `--sample`: rows drawn for the fit (default {@link DEFAULT_SAMPLE}; all when fewer). */
  sample?: number;
  /** `--into`: label every row of `table` into this table. */
  into?: string;
  /** The column whose hash draws the sample (default the id-like column, else the first). */
  key?: string;
};

/** What a database segmentation did. */
export interface DatabaseSegmentRun {
  /** The fit on the sample, and its files (model.json, summary.json …). */
  run: SegmentRun;
  /** The redacted database and the table. */
  database: string;
  table: string;
  /** Rows in the table, and rows drawn. */
  rows: number;
  sampled: number;
  /** The compiled labelling query. */
  sql: string;
  /** With `into`: rows per cluster in the labelled table (null: rows the model leaves out). */
  labelled?: { cluster: number | null; rows: number }[];
}

/** The sample key: a column named like an id (`customer_id`, `id`, `*_id`), else the first. */
function sampleKey(columns: readonly TableColumn[], given?: string): string {
  if (given !== undefined) return given;
  const named = columns.find((c) => /^(id|customer(_?id)?|.*_id)$/i.test(c.name));
  return (named ?? columns[0]!).name;
}

/** A value from a driver as a file's cell would be: dates as ISO text, big numbers as numbers. */
function cell(value: unknown): unknown {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace("T", " ").slice(0, 19);
  }
  if (typeof value === "bigint") return Number(value);
  return value ?? null;
}

/** The sample's rows as a table with the database's column order. */
function sampleTable(
  rows: readonly Record<string, unknown>[],
  columns: readonly TableColumn[],
): ColumnTable {
  const data: Record<string, unknown[]> = {};
  for (const { name } of columns) data[name] = rows.map((r) => cell(r[name]));
  return aq.table(data);
}

/**
 * Draw the sample, fit it, and (with `into`) label every row in the database.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { DuckDBInstance } from "@duckdb/node-api";
 * import { segmentDatabase } from "./segment_db.ts";
 * const path = (await Deno.makeTempDir()) + "/shop.duckdb";
 * const instance = await DuckDBInstance.create(path);
 * const con = await instance.connect();
 * await con.run(`CREATE TABLE customers AS SELECT 'c' || i AS customer_id,
 *   (i % 2) * 10 + (i % 7) * 0.1 AS spend, (i % 2) * 5 + (i % 5) * 0.1 AS visits FROM range(40) t(i)`);
 * con.closeSync();
 * instance.closeSync();
 * const done = await segmentDatabase({ db: path, table: "customers", k: 2, seed: 1, into: "labelled" });
 * equal(done.rows, 40);
 * equal(done.labelled?.reduce((s, c) => s + c.rows, 0), 40);
 * ```
 */
export async function segmentDatabase(
  options: DatabaseSegmentOptions,
): Promise<DatabaseSegmentRun> {
  const conn = await openConnection(options.db, { write: options.into !== undefined });
  try {
    return await segment(conn, options);
  } finally {
    await conn.close();
  }
}

async function segment(
  conn: SqlConnection,
  options: DatabaseSegmentOptions,
): Promise<DatabaseSegmentRun> {
  const d = conn.dialect;
  const where = { database: conn.label, table: options.table };
  const columns = await conn.describe(options.table);
  const key = sampleKey(columns, options.key);
  if (!columns.some((c) => c.name === key)) {
    throw new InputError("Column not found", { ...where, column: key, hint: "check --id" });
  }
  const sample = options.sample ?? DEFAULT_SAMPLE;
  if (!Number.isInteger(sample) || sample < 2) {
    throw new InputError(`Invalid sample size: ${sample}`, {
      hint: "give --sample a whole number of rows, at least 2",
    });
  }
  const drawn = await conn.run([
    { sql: `SELECT count(*) AS n FROM ${d.tableName(options.table)}`, result: "count" },
    {
      sql: sampleSQL(d, { table: options.table, key, rows: sample, seed: options.seed ?? 0 }),
      result: "sample",
    },
  ], { table: options.table });
  const rows = Number(drawn.results.get("count")?.[0]?.n ?? 0);
  const sampled = drawn.results.get("sample") ?? [];
  if (rows === 0 || sampled.length === 0) {
    throw new InputError("The table has no rows", {
      ...where,
      hint: "load the customers first, or check --table",
    });
  }
  const table = sampleTable(sampled, columns);
  const { sample: _, into: __, key: ___, db: ____, table: _____, ...fitOptions } = options;
  const run = segmentTable(table, { ...fitOptions, file: `${conn.label} table ${options.table}` });
  const storage: Record<string, ColumnStorage> = Object.fromEntries(
    columns.map((c) => [c.name, c.type === "DOUBLE" || c.type === "BIGINT" ? "number" : "text"]),
  );
  const sql = assignSQL(run.fit.model, {
    dialect: d,
    table: options.table,
    columns: storage,
    tableColumns: columns.map((c) => c.name),
  });
  const result: DatabaseSegmentRun = {
    run,
    database: conn.label,
    table: options.table,
    rows,
    sampled: sampled.length,
    sql,
  };
  if (options.into === undefined) return result;
  const staging = `${options.into}_${crypto.randomUUID().slice(0, 8)}_partial`;
  const cluster = d.identifier(labelColumns(columns.map((c) => c.name)).cluster);
  const labelled = await conn.run([
    ...d.replaceTable(options.into, staging, sql).map((s) => ({ sql: s })),
    {
      sql: `SELECT ${cluster} AS cluster, count(*) AS n FROM ${
        d.tableName(options.into)
      } GROUP BY ${cluster} ORDER BY ${cluster}`,
      result: "labelled",
    },
  ], { table: options.into });
  result.labelled = (labelled.results.get("labelled") ?? []).map((r) => ({
    cluster: r.cluster === null || r.cluster === undefined ? null : Number(r.cluster),
    rows: Number(r.n),
  }));
  return result;
}
