/**
 * Run DuckDB work under a memory cap: beyond it DuckDB spills to a private
 * temporary folder, which is removed afterwards, and the settings return to
 * their defaults.
 *
 * @module
 */
import { duckdb, sqlString } from "../io/duckdb.ts";

/**
 * Run `work` with DuckDB's memory limited to `limit` (e.g. "2GB"); without a
 * limit, just run it.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { queryColumns } from "../io/duckdb.ts";
 * import { withMemoryLimit } from "./memory_limit.ts";
 * const setting = async () =>
 *   String((await queryColumns("SELECT current_setting('memory_limit') AS m")).m?.[0]);
 * const before = await setting();
 * deepEqual(await withMemoryLimit("64MB", setting), "61.0 MiB");
 * deepEqual(await setting(), before);
 * ```
 */
export async function withMemoryLimit<T>(
  limit: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (limit === undefined) return await work();
  const spill = await Deno.makeTempDir({ prefix: "rfm_spill_" });
  const con = await duckdb();
  try {
    await con.run(
      `SET memory_limit = ${sqlString(limit)}; SET temp_directory = ${sqlString(spill)};`,
    );
    return await work();
  } finally {
    await con.run("RESET memory_limit; RESET temp_directory;").catch(() => {});
    await Deno.remove(spill, { recursive: true }).catch(() => {});
  }
}
