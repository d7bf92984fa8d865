/**
 * RFM on a hundred million invoice lines streamed from Parquet by DuckDB, under
 * a memory limit: `deno run -A bench/rfm_100m.ts [--lines N] [--memory-limit 4GB]`.
 *
 * Generates the lines once (git-ignored `bench/data/lines_<N>.parquet`, made by
 * DuckDB itself from seeded hashes: invoices of four lines, two million
 * customers, one invoice in fifty a cancellation, one line in forty without a
 * customer, prices 0.50–20.49, quantities 1–20, dates through 2023), then runs
 * `deno task rfm` on it as a user would, in its own process, and prints wall
 * time, peak memory (the process's maximum resident set, from /usr/bin/time)
 * and lines per second. Without a product column, so product lift is not part of it.
 */
import { join } from "node:path";
import { queryColumns, sqlString } from "../lib/io/duckdb.ts";

const args = Deno.args;
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const lines = Number(option("lines", "100000000"));
const limit = option("memory-limit", "4GB");
const dir = new URL("./data/", import.meta.url).pathname;
const parquet = join(dir, `lines_${lines}.parquet`);

if (!(await Deno.stat(parquet).then(() => true, () => false))) {
  await Deno.mkdir(dir, { recursive: true });
  const started = performance.now();
  const partial = `${parquet}.partial`;
  await queryColumns(`SET memory_limit = ${sqlString(limit)}`);
  await queryColumns(`COPY (
  SELECT
    CASE WHEN hash(invoice, 7) % 50 = 0 THEN 'C' ELSE '' END || CAST(500000 + invoice AS VARCHAR)
      AS InvoiceNo,
    CAST(1 + hash(i, 1) % 20 AS BIGINT) * CASE WHEN hash(invoice, 7) % 50 = 0 THEN -1 ELSE 1 END
      AS Quantity,
    TIMESTAMP '2023-01-01 08:00:00' + to_minutes(CAST(hash(invoice, 2) % 525600 AS BIGINT))
      AS InvoiceDate,
    round(0.5 + CAST(hash(i, 3) % 2000 AS DOUBLE) / 100, 2) AS UnitPrice,
    CASE WHEN hash(i, 4) % 40 = 0 THEN NULL ELSE CAST(10000 + hash(invoice, 5) % 2000000 AS BIGINT) END
      AS CustomerID,
    'United Kingdom' AS Country
  FROM (SELECT range AS i, range // 4 AS invoice FROM range(${lines}))
) TO ${sqlString(partial)} (FORMAT parquet, ROW_GROUP_SIZE 1000000)`);
  await Deno.rename(partial, parquet);
  console.log(
    `Generated ${lines} lines in ${((performance.now() - started) / 1000).toFixed(1)} s: ${
      ((await Deno.stat(parquet)).size / 2 ** 20).toFixed(0)
    } MiB`,
  );
}

const out = await Deno.makeTempDir({ prefix: "rfm_100m_" });
const rfm = new URL("../lib/cli/rfm.ts", import.meta.url).pathname;
const started = performance.now();
const run = await new Deno.Command("/usr/bin/time", {
  args: [
    "-f",
    "%e s %M KiB",
    Deno.execPath(),
    "run",
    "-A",
    rfm,
    parquet,
    "--memory-limit",
    limit,
    "--out",
    out,
  ],
  stdout: "piped",
  stderr: "piped",
}).output();
const seconds = (performance.now() - started) / 1000;
const stderr = new TextDecoder().decode(run.stderr);
console.log(stderr.trim());
const peak = Number(/(\d+) KiB/.exec(stderr.trim().split("\n").at(-1) ?? "")?.[1] ?? NaN);
console.log(
  `${lines} lines, memory limit ${limit}: ${seconds.toFixed(1)} s, peak ${
    (peak / 2 ** 20).toFixed(2)
  } GiB, ` +
    `${Math.round(lines / seconds).toLocaleString("en")} lines/s, exit ${run.code}`,
);
await Deno.remove(out, { recursive: true });
