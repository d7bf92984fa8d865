/**
 * `deno task data [customers|members|transactions|messy|lookalikes|all] [--lines N] [--out DIR] [--seed N]`:
 * rebuild the bundled sample data from the seeded generators. The same seed
 * always writes the same bytes, so a rebuild leaves `git status` clean.
 *
 * - `customers`: `data/customers.csv` (notebooks 03 and 04);
 * - `members`: the four regional files in `data/members/` (notebook 01);
 * - `transactions`: `data/transactions_sample.csv` (notebook 02, 50,000 lines),
 *   or with `--out DIR` a CSV and Parquet pair `DIR/transactions_N.csv` and
 *   `.parquet` for the benchmarks (N defaults to 1,000,000 there);
 * - `messy`: `data/customers_messy.tsv`, a messy marketing-style customer
 *   file with planted segments (see `generate_messy_customers.ts`);
 * - `lookalikes`: never bundled: `card_holders.csv` and
 *   `marketing_campaign.tsv`, synthetic files with the schema and quirks of
 *   two public customer files (see `generate_lookalikes.ts`), written to
 *   `--out DIR` (default `out/lookalikes`).
 *
 * With no dataset named (or `all`), the four bundled datasets are rebuilt;
 * `lookalikes` is written only when named. `--out DIR` writes everything
 * into DIR instead of `data/` (customers to `DIR/customers.csv`, members to
 * `DIR/members/`), so a different `--seed` never has to overwrite the bundled
 * files. `--lines` sets the number of invoice lines and applies to
 * `transactions` only.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { writeCSV, writeFileAtomic } from "../lib/io/mod.ts";
import { ArgumentError, runCli } from "../lib/cli/run_cli.ts";
import { generateCustomers } from "./generate_customers.ts";
import { generateCardHolders, generateMarketingCampaign } from "./generate_lookalikes.ts";
import { generateMessyCustomers } from "./generate_messy_customers.ts";
import { writeMemberFiles } from "./generate_members.ts";
import { csvToParquet, writeTransactionsCSV } from "./generate_transactions.ts";

const USAGE = `Usage:
  deno task data [customers|members|transactions|messy|lookalikes|all] [--lines N] [--out DIR] [--seed N]

With no dataset named (or all), customers, members, transactions and messy are
rebuilt in data/, byte for byte. lookalikes (card_holders.csv and
marketing_campaign.tsv) is never bundled: it is written only when named, into
--out DIR (default out/lookalikes).
--out DIR writes into DIR instead (transactions as DIR/transactions_N.csv and
.parquet, N defaulting to 1,000,000 there; 50,000 for data/transactions_sample.csv).
--lines N sets the number of invoice lines (transactions only).
--seed N (a whole number from 0 to 4294967295) replaces each generator's own seed.`;

const DATASETS = ["customers", "members", "transactions", "messy", "lookalikes"] as const;
type Dataset = typeof DATASETS[number];
/** The datasets rebuilt when none is named (or `all`): the bundled ones. */
const BUNDLED: readonly Dataset[] = ["customers", "members", "transactions", "messy"];

/** Invoice lines written with `--out` when `--lines` is not given. */
const OUT_LINES = 1_000_000;

interface BuildOptions {
  lines?: number;
  out?: string;
  seed?: number;
}

const here = (name: string) => new URL(name, import.meta.url).pathname;

async function build(dataset: Dataset, { lines, out, seed }: BuildOptions): Promise<void> {
  if (out !== undefined) await Deno.mkdir(out, { recursive: true });
  switch (dataset) {
    case "customers": {
      const path = out === undefined ? here("./customers.csv") : `${out}/customers.csv`;
      await writeCSV(generateCustomers({ seed }), path);
      console.log(`Wrote ${path}`);
      return;
    }
    case "members": {
      const dir = out === undefined ? here("./members") : `${out}/members`;
      await Deno.mkdir(dir, { recursive: true });
      for (const path of await writeMemberFiles(dir, { seed })) console.log(`Wrote ${path}`);
      return;
    }
    case "transactions": {
      if (out === undefined) {
        const path = here("./transactions_sample.csv");
        await writeTransactionsCSV(path, { lines, seed });
        console.log(`Wrote ${path}`);
        return;
      }
      const n = lines ?? OUT_LINES;
      const csv = `${out}/transactions_${n}.csv`;
      const parquet = `${out}/transactions_${n}.parquet`;
      await writeTransactionsCSV(csv, { lines: n, seed });
      await csvToParquet(csv, parquet);
      console.log(`Wrote ${csv} and ${parquet}`);
      return;
    }
    case "messy": {
      const path = out === undefined ? here("./customers_messy.tsv") : `${out}/customers_messy.tsv`;
      await writeFileAtomic(path, generateMessyCustomers({ seed }).text);
      console.log(`Wrote ${path}`);
      return;
    }
    case "lookalikes": {
      const dir = out ?? here("../out/lookalikes");
      await Deno.mkdir(dir, { recursive: true });
      const cards = `${dir}/card_holders.csv`;
      const campaign = `${dir}/marketing_campaign.tsv`;
      await writeFileAtomic(cards, generateCardHolders({ seed }));
      await writeFileAtomic(campaign, generateMarketingCampaign({ seed }));
      console.log(`Wrote ${cards} and ${campaign}`);
    }
  }
}

function wholeNumber(flag: string, text: string | undefined, min: number, max: number) {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !(value >= min && value <= max)) {
    throw new ArgumentError(
      `--${flag} must be a whole number from ${min} to ${max}, got "${text}"\n${USAGE}`,
    );
  }
  return value;
}

async function main(args: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        lines: { type: "string" },
        out: { type: "string" },
        seed: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new ArgumentError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  for (const name of positionals) {
    if (name !== "all" && !(DATASETS as readonly string[]).includes(name)) {
      throw new ArgumentError(`unknown dataset "${name}"\n${USAGE}`);
    }
  }
  const wanted: Dataset[] = positionals.length === 0 || positionals.includes("all")
    ? [...BUNDLED, ...positionals.filter((n): n is Dataset => n === "lookalikes")]
    : [...new Set(positionals as Dataset[])];
  const lines = wholeNumber("lines", values.lines, 1, Number.MAX_SAFE_INTEGER);
  if (lines !== undefined && !wanted.includes("transactions")) {
    throw new ArgumentError(`--lines applies only to transactions\n${USAGE}`);
  }
  const seed = wholeNumber("seed", values.seed, 0, 0xffff_ffff);
  for (const dataset of wanted) await build(dataset, { lines, out: values.out, seed });
}

if (import.meta.main) await runCli(main);
