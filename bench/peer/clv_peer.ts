/**
 * Side-by-side: the BG/NBD and Gamma-Gamma fits here against `lifetimes`
 * 0.11.3 on the same customer summary (the 1,000,000-line generated file,
 * time in days). Builds the summary once in DuckDB, writes it as CSV, times
 * our fits in process and `lifetimes`' in its own Python (fit time only, the
 * CSV read excluded on both sides), and prints a markdown table with the
 * parameters, so the two can be seen to agree.
 *
 *   deno run -A bench/peer/clv_peer.ts [--lines 1000000] [--repeats 5]
 *     [--python /tmp/clvref/bin/python]
 *
 * @module
 */
import { join } from "node:path";
import { writeTransactionsCSV } from "../../data/generate_transactions.ts";
import { cleanTransactions, releaseTransactions } from "../../lib/clean/transactions.ts";
import { defaultAsOf } from "../../lib/features/rfm.ts";
import { transactionSummary } from "../../lib/clv/transaction_summary.ts";
import { fitBGNBD } from "../../lib/clv/bgnbd_fit.ts";
import { fitGammaGamma } from "../../lib/clv/gamma_gamma.ts";
import { toCSV } from "../../lib/io/write_table.ts";
import { flag, median } from "./common.ts";

const args = Deno.args;
const lines = Number(flag(args, "--lines", "1000000"));
const repeats = Number(flag(args, "--repeats", "5"));
const python = flag(args, "--python", "/tmp/clvref/bin/python");
const root = new URL("../../", import.meta.url).pathname;
const csv = join(root, "bench/data", `transactions_${lines}.csv`);
if (!(await Deno.stat(csv).then(() => true, () => false))) {
  await Deno.mkdir(join(root, "bench/data"), { recursive: true });
  await writeTransactionsCSV(csv, { lines });
}

const cleaned = await cleanTransactions(csv);
const asOf = await defaultAsOf(cleaned);
let started = performance.now();
const summary = await transactionSummary(cleaned, { asOf });
const summarySeconds = (performance.now() - started) / 1000;
await releaseTransactions(cleaned);
const summaryCSV = await Deno.makeTempFile({ suffix: ".csv" });
await Deno.writeTextFile(
  summaryCSV,
  toCSV(summary.table.select("customer_id", "frequency", "recency", "T", "monetary_value")),
);
const column = (name: string) => Float64Array.from(summary.table.array(name) as ArrayLike<number>);
const history = { frequency: column("frequency"), recency: column("recency"), T: column("T") };
const monetary = column("monetary_value");

const ours: number[] = [];
let bg = fitBGNBD(history), gg = fitGammaGamma(history.frequency, monetary);
for (let i = 0; i < repeats; i++) {
  started = performance.now();
  bg = fitBGNBD(history);
  gg = fitGammaGamma(history.frequency, monetary);
  ours.push((performance.now() - started) / 1000);
}

const out = await new Deno.Command(python, {
  args: [join(root, "bench/peer/clv_lifetimes.py"), summaryCSV, String(repeats)],
  stdout: "piped",
  stderr: "piped",
}).output();
if (!out.success) {
  console.error(new TextDecoder().decode(out.stderr));
  Deno.exit(1);
}
const peer = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").pop()!);
await Deno.remove(summaryCSV);

const p = (x: number) => x.toPrecision(6);
console.log(
  `${lines.toLocaleString("en-US")} lines → ${
    summary.table.numRows().toLocaleString("en-US")
  } customers (${gg.repeatBuyers.toLocaleString("en-US")} repeat buyers); summary in DuckDB ${
    summarySeconds.toFixed(2)
  } s\n`,
);
console.log("| fit (BG/NBD + Gamma-Gamma) | median s | r | α (days) | a | b | p | q | γ |");
console.log("|---|---|---|---|---|---|---|---|---|");
console.log(
  `| this workspace | ${median(ours).toFixed(3)} | ${p(bg.params.r)} | ${p(bg.params.alpha)} | ${
    p(bg.params.a)
  } | ${p(bg.params.b)} | ${p(gg.params.p)} | ${p(gg.params.q)} | ${p(gg.params.gamma)} |`,
);
console.log(
  `| lifetimes 0.11.3 | ${median(peer.seconds).toFixed(3)} | ${p(peer.bgnbd.r)} | ${
    p(peer.bgnbd.alpha)
  } | ${p(peer.bgnbd.a)} | ${p(peer.bgnbd.b)} | ${p(peer.gamma_gamma.p)} | ${
    p(peer.gamma_gamma.q)
  } | ${p(peer.gamma_gamma.v)} |`,
);
console.log(
  `\nLog-likelihood here: BG/NBD ${bg.logLikelihood.toFixed(3)}, Gamma-Gamma ${
    gg.logLikelihood.toFixed(3)
  }`,
);
