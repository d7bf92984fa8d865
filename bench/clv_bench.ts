/**
 * `deno bench` for customer lifetime value on the 1,000,000-line transaction
 * file: the BG/NBD and Gamma-Gamma fits on its customer summary (the part
 * that is ours alone), and the whole CLV step from the cleaned lines (summary
 * in DuckDB, both fits, P(alive), expected purchases and CLV per customer).
 * The side-by-side with `lifetimes` on the same summary is bench/peer/clv_peer.ts.
 */
import { join } from "node:path";
import { writeTransactionsCSV } from "../data/generate_transactions.ts";
import { cleanTransactions, releaseTransactions } from "../lib/clean/transactions.ts";
import { defaultAsOf } from "../lib/features/rfm.ts";
import { transactionSummary } from "../lib/clv/transaction_summary.ts";
import { fitBGNBD } from "../lib/clv/bgnbd_fit.ts";
import { fitGammaGamma } from "../lib/clv/gamma_gamma.ts";
import { customerValue } from "../lib/clv/customer_value.ts";

const dir = new URL("./data/", import.meta.url).pathname;
const csv = join(dir, "transactions_1000000.csv");
if (!(await Deno.stat(csv).then(() => true, () => false))) {
  await Deno.mkdir(dir, { recursive: true });
  await writeTransactionsCSV(csv, { lines: 1_000_000 });
}
const cleaned = await cleanTransactions(csv);
const asOf = await defaultAsOf(cleaned);
const summary = await transactionSummary(cleaned, { asOf });
const column = (name: string) => Float64Array.from(summary.table.array(name) as ArrayLike<number>);
const history = { frequency: column("frequency"), recency: column("recency"), T: column("T") };
const monetary = column("monetary_value");

Deno.bench("BG/NBD + Gamma-Gamma fit, summary of 1,000,000 lines", { n: 5, warmup: 1 }, () => {
  fitBGNBD(history);
  fitGammaGamma(history.frequency, monetary);
});
Deno.bench(
  "CLV step from the cleaned 1,000,000 lines (summary, fits, per-customer figures)",
  { n: 3, warmup: 1 },
  async () => {
    const s = await transactionSummary(cleaned, { asOf });
    customerValue(s.table);
  },
);
globalThis.addEventListener("unload", () => void releaseTransactions(cleaned));
