/**
 * Time the cleaning rules statement (statement 3 of lib/clean/transactions_sql.ts)
 * of two or more checkouts on the same staged lines, alternating, with wall and
 * CPU time (user + system of every thread, from /proc/self/stat: the steadier
 * figure when other jobs share the cores) and a digest of the table each wrote,
 * so a faster variant is also seen to write the same lines. The lines are
 * staged once (by the first checkout) from a generated Parquet file whose
 * columns are those of data/generate_transactions.ts.
 *
 *   deno run -A bench/rfm_rules_variants.ts bench/data/transactions_10000000.parquet \
 *     /tmp/before/lib/clean/transactions_sql.ts lib/clean/transactions_sql.ts [--repeats 2]
 *
 * A checkout's path may end in `#SETTING=VALUE` (e.g. `#preserve_insertion_order=false`)
 * to run its statement under a DuckDB setting.
 *
 * @module
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { resolve } from "node:path";
import { flag } from "./peer/common.ts";

const args = Deno.args.filter((a, i, all) => a !== "--repeats" && all[i - 1] !== "--repeats");
const [path, ...variants] = args;
if (path === undefined || variants.length === 0) {
  throw new Error("usage: bench/rfm_rules_variants.ts FILE.parquet TRANSACTIONS_SQL.ts ...");
}
const repeats = Number(flag(Deno.args, "--repeats", "2"));
/** CPU seconds of this process so far, all threads. */
const cpu = () => {
  const fields = Deno.readTextFileSync("/proc/self/stat").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const db = await DuckDBInstance.create(":memory:");
const c = await db.connect();
const described = (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`))
  .getRowObjects() as { column_name: string; column_type: string }[];
const options = {
  source: `read_parquet('${path}')`,
  roles: {
    customer: "CustomerID",
    date: "InvoiceDate",
    invoice: "InvoiceNo",
    quantity: "Quantity",
    price: "UnitPrice",
    product: "StockCode",
    country: "Country",
  },
  description: "Description",
  allColumns: described.map((r) => r.column_name),
  types: Object.fromEntries(described.map((r) => [r.column_name, r.column_type])),
  prefix: "bench",
};
const modules = await Promise.all(
  variants.map((v) => import(`file://${resolve(v.split("#")[0]!)}`)),
);
let t = performance.now();
await c.run(modules[0].transactionStageSQL(options));
console.log(`staged in ${((performance.now() - t) / 1000).toFixed(2)} s`);
for (let r = 0; r < repeats; r++) {
  for (const [i, variant] of variants.entries()) {
    const setting = variant.split("#")[1];
    await c.run("RESET preserve_insertion_order");
    if (setting !== undefined) await c.run(`SET ${setting}`);
    t = performance.now();
    const c0 = cpu();
    await c.run(modules[i].transactionRulesSQL(options));
    const wall = (performance.now() - t) / 1000;
    const used = cpu() - c0;
    const digest = (await c.runAndReadAll(
      `SELECT CAST(sum(hash(line_no, customer, invoice, ts, product, country, description,
        quantity, price, amount, rule, kept)) AS VARCHAR) AS h FROM bench_lines`,
    )).getRowObjects()[0]!.h;
    console.log(
      `${variant}: ${wall.toFixed(2)} s wall, ${used.toFixed(2)} s CPU, load ${
        Deno.loadavg()[0]!.toFixed(1)
      }, digest ${digest}`,
    );
  }
}
