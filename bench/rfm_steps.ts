/**
 * Time each step of the RFM pipeline in one process (clean, aggregate,
 * score and name segments, products), to see where `deno task rfm` spends
 * its time on a big file. Not a benchmark of record (one run, in process);
 * the side-by-side figures come from bench/peer/rfm_peer.ts.
 *
 *   deno run -A bench/rfm_steps.ts bench/data/transactions_10000000.parquet
 *
 * @module
 */
import { cleanTransactions, releaseTransactions } from "../lib/clean/transactions.ts";
import { aggregateRFM } from "../lib/features/rfm.ts";
import { scoreRFM } from "../lib/features/rfm_scores.ts";
import { assignSegments } from "../lib/features/rfm_segments.ts";
import { segmentProducts } from "../lib/explain/customer_products.ts";

const path = Deno.args[0];
if (path === undefined) throw new Error("usage: deno run -A bench/rfm_steps.ts FILE");
let last = performance.now();
function step(name: string): void {
  const now = performance.now();
  console.log(`${name.padEnd(24)} ${((now - last) / 1000).toFixed(2)} s`);
  last = now;
}
const cleaned = await cleanTransactions(path, {});
step("cleanTransactions");
const rfm = await aggregateRFM(cleaned);
step("aggregateRFM");
const scored = assignSegments(scoreRFM(rfm.table));
step("score and segments");
const rows = await segmentProducts(cleaned, {
  customer: scored.array("customer_id") as string[],
  segment: scored.array("segment") as string[],
}, { asOf: rfm.asOf });
step(`segmentProducts (${rows.length} rows)`);
await releaseTransactions(cleaned);
