/**
 * Run DuckDB work under a memory cap: beyond it DuckDB spills to a private
 * temporary folder, which is removed afterwards, and the settings return to
 * what they were.
 *
 * @module
 */
import { duckdb, queryColumns, sqlString } from "../io/duckdb.ts";

let originalLimit: string | undefined;

/**
 * Run `work` with DuckDB's memory limited to `limit` (e.g. "2GB"); without a
 * limit, just run it.
 *
 * @example
 * ```ts
 * import { deepEqual, notDeepEqual } from "node:assert/strict";
 * import { queryColumns } from "../io/duckdb.ts";
 * import { withMemoryLimit } from "./memory_limit.ts";
 * const setting = async () =>
 *   String((await queryColumns("SELECT current_setting('memory_limit') AS m")).m?.[0]);
 * deepEqual(await withMemoryLimit("64MB", setting), "61.0 MiB");
 * notDeepEqual(await setting(), "61.0 MiB");
 * ```
 */
export async function withMemoryLimit<T>(
  limit: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (limit === undefined) return await work();
  const con = await duckdb();
  // The settings before, restored by SET: RESET would leave the buffer pool's cap in
  // place. DuckDB shows the limit rounded down to 0.1 GiB, so the first one seen is
  // kept and restored each time (reading it again would lose 0.1 GiB per run).
  const before = await queryColumns(
    "SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t",
  );
  originalLimit ??= String(before.m?.[0]);
  const spill = await Deno.makeTempDir({ prefix: "rfm_spill_" });
  try {
    await con.run(
      `SET memory_limit = ${sqlString(limit)}; SET temp_directory = ${sqlString(spill)};`,
    );
    return await work();
  } finally {
    await con.run(
      `SET memory_limit = ${sqlString(originalLimit)}; ` +
        `SET temp_directory = ${sqlString(String(before.t?.[0] ?? ""))};`,
    ).catch(() => {});
    await Deno.remove(spill, { recursive: true }).catch(() => {});
  }
}
