/**
 * `deno task data [customers|members|transactions|all] [--lines N --out DIR]`:
 * rebuild the bundled sample data from the seeded generators. The same seed
 * always writes the same bytes, so a rebuild leaves `git status` clean.
 *
 * - `customers`: `data/customers.csv` (notebooks 03 and 04);
 * - `members`: the four regional files in `data/members/` (notebook 01);
 * - `transactions`: `data/transactions_sample.csv` (notebook 02), or with
 *   `--lines 1000000 --out DIR` a large CSV and Parquet pair for benchmarks.
 *
 * @module
 */
import { writeCSV } from "../lib/io/mod.ts";
import { generateCustomers } from "./generate_customers.ts";
import { writeMemberFiles } from "./generate_members.ts";
import { csvToParquet, writeTransactionsCSV } from "./generate_transactions.ts";

const DATASETS = ["customers", "members", "transactions"] as const;
type Dataset = typeof DATASETS[number];

const here = (name: string) => new URL(name, import.meta.url).pathname;

async function build(dataset: Dataset, lines: number | undefined, out: string | undefined) {
  switch (dataset) {
    case "customers": {
      const path = here("./customers.csv");
      await writeCSV(generateCustomers(), path);
      console.log(`Wrote ${path}`);
      return;
    }
    case "members":
      for (const path of await writeMemberFiles(here("./members"))) console.log(`Wrote ${path}`);
      return;
    case "transactions": {
      if (out === undefined) {
        const path = here("./transactions_sample.csv");
        await writeTransactionsCSV(path, { lines });
        console.log(`Wrote ${path}`);
        return;
      }
      const n = lines ?? 1_000_000;
      await Deno.mkdir(out, { recursive: true });
      const csv = `${out}/transactions_${n}.csv`;
      await writeTransactionsCSV(csv, { lines: n });
      await csvToParquet(csv, `${out}/transactions_${n}.parquet`);
      console.log(`Wrote ${csv} and ${out}/transactions_${n}.parquet`);
    }
  }
}

function usage(message: string): never {
  console.error(`${message}
Usage: deno task data [customers|members|transactions|all] [--lines N --out DIR]`);
  Deno.exit(2);
}

if (import.meta.main) {
  const args = [...Deno.args];
  const option = (flag: string) => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const value = args[i + 1];
    if (value === undefined) usage(`${flag} needs a value.`);
    args.splice(i, 2);
    return value;
  };
  const linesText = option("--lines");
  const out = option("--out");
  const lines = linesText === undefined ? undefined : Number(linesText);
  if (lines !== undefined && !(Number.isInteger(lines) && lines > 0)) {
    usage(`--lines must be a positive whole number, got "${linesText}".`);
  }
  const wanted = args.length === 0 || args.includes("all") ? [...DATASETS] : args;
  for (const name of wanted) {
    if (!(DATASETS as readonly string[]).includes(name)) usage(`Unknown dataset "${name}".`);
  }
  for (const name of wanted) await build(name as Dataset, lines, out);
}
