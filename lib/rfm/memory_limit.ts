/**
 * Run the work of an `rfm` run within a memory budget for the whole process:
 * DuckDB gets what the rest of the process (JavaScript, the customers' rows)
 * leaves of it, and spills to a private temporary folder beyond that. The
 * folder is removed afterwards and DuckDB's settings return to what they were.
 *
 * @module
 */
import { duckdb, queryColumns, sqlString } from "../io/duckdb.ts";

let originalLimit: string | undefined;
/** The whole process's budget in bytes while {@link withMemoryLimit} runs. */
let budget: number | undefined;

/** Bytes in each unit a memory limit may be written in (DuckDB's reading: GB = 1000³). */
const UNITS: Record<string, number> = {
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** What a memory limit looks like: a number and a unit, e.g. 512MB, 2GB, 1.5GiB. */
export const MEMORY_LIMIT_PATTERN = new RegExp(
  `^(\\d+(?:\\.\\d+)?)\\s*(${Object.keys(UNITS).join("|")})$`,
  "i",
);

/**
 * A memory limit such as "8GB" or "1.5GiB" in bytes, as DuckDB reads it.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { memoryLimitBytes } from "./memory_limit.ts";
 * deepEqual(memoryLimitBytes("8GB"), 8e9);
 * deepEqual(memoryLimitBytes("1.5 GiB"), 1.5 * 2 ** 30);
 * ```
 */
export function memoryLimitBytes(limit: string): number {
  const [, value, unit] = MEMORY_LIMIT_PATTERN.exec(limit.trim()) ?? [];
  const bytes = Number(value) * (UNITS[String(unit).toLowerCase()] ?? NaN);
  if (!Number.isFinite(bytes)) throw new RangeError(`Not a memory limit: "${limit}"`);
  return bytes;
}

/**
 * The share of the memory left to DuckDB that its buffer pool may take: the
 * process's resident memory runs above the pool (allocator overhead and
 * allocations outside it), by about 5% in `rfm` at a hundred million lines.
 */
const POOL_SHARE = 0.92;

/** Bytes DuckDB holds now (its buffer pool: tables, hash tables, sorts). */
async function duckdbBytes(): Promise<number> {
  const r = await queryColumns("SELECT sum(memory_usage_bytes) AS b FROM duckdb_memory()");
  return Number(r.b?.[0] ?? 0);
}

/**
 * Under {@link withMemoryLimit}, give DuckDB what the process leaves of the
 * budget: the budget less the memory outside DuckDB (the process's resident
 * memory less DuckDB's own) and less `expected`, the bytes JavaScript is about
 * to take, less the margin its resident memory runs above its pool; never
 * less than a quarter of the budget (a budget the customers' rows alone
 * nearly fill cannot be kept). DuckDB spills what no longer fits. Returns
 * whether DuckDB took the new limit (outside a limit, nothing happens: false).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { queryColumns } from "../io/duckdb.ts";
 * import { fitMemoryLimit, withMemoryLimit } from "./memory_limit.ts";
 * import { memoryLimitBytes } from "./memory_limit.ts";
 * const limit = async () =>
 *   memoryLimitBytes(String((await queryColumns("SELECT current_setting('memory_limit') AS m")).m?.[0]));
 * await withMemoryLimit("2GiB", async () => {
 *   await fitMemoryLimit(512 * 2 ** 20);
 *   const mib = await limit() / 2 ** 20;
 *   ok(mib <= 1536 && mib >= 512 - 103, `${mib} MiB`);
 * });
 * ```
 */
export async function fitMemoryLimit(expected = 0): Promise<boolean> {
  if (budget === undefined) return false;
  const outside = Math.max(0, Deno.memoryUsage().rss - await duckdbBytes());
  const forDuckDB = Math.max((budget - outside - expected) * POOL_SHARE, budget / 4);
  // DuckDB refuses a limit below what it holds and cannot spill: the limit stays,
  // and a step that then needs more fails as it would have.
  return await (await duckdb())
    .run(`SET memory_limit = '${Math.max(1, Math.floor(forDuckDB / 2 ** 10))}KiB'`)
    .then(() => true, () => false);
}

/**
 * Run `work` within a memory budget of `limit` (e.g. "8GB") for the whole
 * process: DuckDB's share is set now and again at each {@link fitMemoryLimit}
 * the work calls; without a limit, just run it.
 *
 * @example
 * ```ts
 * import { deepEqual, notDeepEqual, ok } from "node:assert/strict";
 * import { queryColumns } from "../io/duckdb.ts";
 * import { memoryLimitBytes, withMemoryLimit } from "./memory_limit.ts";
 * const setting = async () =>
 *   String((await queryColumns("SELECT current_setting('memory_limit') AS m")).m?.[0]);
 * const inside = await withMemoryLimit("1GiB", setting);
 * // A quarter of the budget at least (shown rounded down), less than all of it.
 * const mib = memoryLimitBytes(inside) / 2 ** 20;
 * ok(mib >= 256 - 103 && mib < 1024, inside);
 * notDeepEqual(await setting(), inside);
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
    await con.run(`SET temp_directory = ${sqlString(spill)};`);
    budget = memoryLimitBytes(limit);
    // DuckDB's share, measured before any cap (under a tiny one even that query
    // would fail); when DuckDB refuses it, the limit as given.
    if (!await fitMemoryLimit()) await con.run(`SET memory_limit = ${sqlString(limit)};`);
    return await work();
  } finally {
    budget = undefined;
    await con.run(
      `SET memory_limit = ${sqlString(originalLimit)}; ` +
        `SET temp_directory = ${sqlString(String(before.t?.[0] ?? ""))};`,
    ).catch(() => {});
    await Deno.remove(spill, { recursive: true }).catch(() => {});
  }
}
