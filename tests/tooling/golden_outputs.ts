/**
 * Output files of `deno task segment` and `deno task rfm` on the bundled data and the lookalike
 * files, as SHA-256 digests, so a change meant to keep behaviour (a refactor) is proved to keep
 * every byte. `deno run -A tests/tooling/golden_outputs.ts --record` rewrites
 * `tests/fixtures/golden_outputs.json`; only do that for a change that is meant to alter outputs,
 * and say why in its commit.
 *
 * `model.json` is left out (its shape may change with a new model version); `summary.json` is
 * compared without its `seconds` and input path fields.
 *
 * @module
 */
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;
export const GOLDEN = join(ROOT, "tests/fixtures/golden_outputs.json");

/** One command whose output folder is digested. */
interface Case {
  name: string;
  cli: "segment" | "rfm";
  args: (data: Record<string, string>, out: string, dirs: Record<string, string>) => string[];
}

export const CASES: Case[] = [
  {
    name: "customers",
    cli: "segment",
    args: (d, o) => [d.customers!, "--out", o, "--export-segments", join(o, "crm")],
  },
  {
    name: "customers_k5",
    cli: "segment",
    args: (d, o) => [d.customers!, "--k", "5", "--seed", "3", "--out", o],
  },
  { name: "messy", cli: "segment", args: (d, o) => [d.messy!, "--out", o] },
  {
    name: "messy_assign",
    cli: "segment",
    args: (d, o, dirs) => ["--assign", join(dirs.messy!, "model.json"), d.messy!, "--out", o],
  },
  {
    name: "messy_kprototypes",
    cli: "segment",
    args: (d, o) => [d.messy!, "--algorithm", "kprototypes", "--k", "4", "--out", o],
  },
  {
    name: "customers_gmm",
    cli: "segment",
    args: (d, o) => [d.customers!, "--algorithm", "gmm", "--out", o],
  },
  {
    name: "customers_gmm_diag_k4",
    cli: "segment",
    args: (
      d,
      o,
    ) => [d.customers!, "--algorithm", "gmm", "--covariance", "diag", "--k", "4", "--out", o],
  },
  {
    name: "customers_dbscan",
    cli: "segment",
    args: (d, o) => [d.customers!, "--algorithm", "dbscan", "--categorical", "none", "--out", o],
  },
  {
    name: "customers_agglomerative",
    cli: "segment",
    args: (
      d,
      o,
    ) => [
      d.customers!,
      "--algorithm",
      "agglomerative",
      "--linkage",
      "average",
      "--k",
      "5",
      "--scale",
      "robust",
      "--out",
      o,
    ],
  },
  { name: "card_holders", cli: "segment", args: (d, o) => [d.card!, "--out", o] },
  {
    name: "marketing",
    cli: "segment",
    args: (d, o) => [d.marketing!, "--out", o, "--missing", "knn"],
  },
  {
    name: "rfm",
    cli: "rfm",
    args: (
      d,
      o,
    ) => [d.transactions!, "--from", "2024-06-01", "--out", o, "--export-segments", join(o, "crm")],
  },
  {
    name: "rfm_plain",
    cli: "rfm",
    args: (d, o) => [d.transactions!, "--outliers", "none", "--net-cancellations", "--out", o],
  },
];

async function run(cli: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, `lib/cli/${cli}.ts`), ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (out.code !== 0) {
    throw new Error(`${cli} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new Uint8Array(bytes));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function* walk(dir: string, prefix = ""): AsyncGenerator<string> {
  const entries = [];
  for await (const e of Deno.readDir(dir)) entries.push(e);
  entries.sort((a, b) => a.name < b.name ? -1 : 1);
  for (const e of entries) {
    if (e.name.startsWith(".")) continue; // bookkeeping (.output.json), not a result
    if (e.isDirectory) yield* walk(join(dir, e.name), `${prefix}${e.name}/`);
    else yield `${prefix}${e.name}`;
  }
}

function stripVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripVolatile);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (["seconds", "input", "file", "model", "out", "elapsed"].includes(k)) continue; // paths and times differ by checkout
      out[k] = stripVolatile(v);
    }
    return out;
  }
  return value;
}

/** Digest of each output file of each case: `{ case: { file: sha256 } }`. */
export async function digestOutputs(work: string): Promise<Record<string, Record<string, string>>> {
  const look = join(work, "lookalikes");
  const gen = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "data/generate.ts"), "lookalikes", "--out", look],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (gen.code !== 0) throw new Error(new TextDecoder().decode(gen.stderr));
  const data = {
    customers: join(ROOT, "data/customers.csv"),
    messy: join(ROOT, "data/customers_messy.tsv"),
    transactions: join(ROOT, "data/transactions_sample.csv"),
    card: join(look, "card_holders.csv"),
    marketing: join(look, "marketing_campaign.tsv"),
  };
  const dirs: Record<string, string> = {};
  const result: Record<string, Record<string, string>> = {};
  for (const c of CASES) {
    const out = join(work, c.name);
    dirs[c.name] = out;
    await run(c.cli, c.args(data, out, dirs));
    const files: Record<string, string> = {};
    for await (const file of walk(out)) {
      if (file.endsWith("model.json") || file.endsWith(".xlsx")) continue;
      let bytes = await Deno.readFile(join(out, file));
      if (file.endsWith(".json")) {
        const parsed = stripVolatile(JSON.parse(new TextDecoder().decode(bytes)));
        bytes = new TextEncoder().encode(JSON.stringify(parsed));
      }
      files[file] = await sha256(bytes);
    }
    result[c.name] = files;
  }
  return result;
}

if (import.meta.main) {
  const work = await Deno.makeTempDir({ prefix: "golden_" });
  const digests = await digestOutputs(work);
  if (Deno.args.includes("--record")) {
    await Deno.writeTextFile(GOLDEN, JSON.stringify(digests, null, 2) + "\n");
    console.log(`Recorded ${GOLDEN}`);
  } else {
    console.log(JSON.stringify(digests, null, 2));
  }
  console.log(`outputs kept in ${work}`);
}
