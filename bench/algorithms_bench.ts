/**
 * `deno bench` for DBSCAN, agglomerative Ward and the Gaussian mixture on the
 * same data as the side-by-side comparison (bench/peer/algorithms_peer.ts,
 * which also times scikit-learn in the same run).
 */
import { fitDBSCAN } from "../lib/cluster/dbscan.ts";
import { fitAgglomerative } from "../lib/cluster/hierarchical.ts";
import { fitGMM } from "../lib/cluster/gmm.ts";
import { BENCH, benchData, head } from "./peer/algorithms_peer.ts";

const data = benchData();
const dbData = head(data, BENCH.dbscanRows), wardData = head(data, BENCH.wardRows);

Deno.bench("DBSCAN eps 2, min_samples 10, 20,000 × 8", { n: 3, warmup: 1 }, () => {
  fitDBSCAN(dbData, { eps: BENCH.eps, minSamples: BENCH.minSamples });
});
Deno.bench("agglomerative Ward k = 5, 5,000 × 8", { n: 3, warmup: 1 }, () => {
  fitAgglomerative(wardData, { k: BENCH.k, linkage: "ward" });
});
Deno.bench("Gaussian mixture k = 5 full, 50,000 × 8", { n: 3, warmup: 1 }, () => {
  fitGMM(data, { k: BENCH.k, covariance: "full", seed: 0 });
});
