/**
 * K-means, the k sweep and silhouette on seeded blobs. Run with
 * `deno bench -A bench/kmeans_bench.ts`; for the side-by-side comparison
 * with scikit-learn see bench/peer/cluster_peer.ts.
 */
import { fitKMeans } from "../lib/cluster/kmeans.ts";
import { silhouetteScore } from "../lib/metrics/silhouette.ts";
import { chooseK } from "../lib/select/choose_k.ts";
import { makeBlobs } from "./blobs.ts";

const big = makeBlobs(100_000, 8, { centers: 6, spread: 2, seed: 1 });
const mid = makeBlobs(5_000, 8, { centers: 6, spread: 2, seed: 2 });
const small = makeBlobs(2_000, 5, { centers: 4, spread: 1.5, seed: 3 });
const midLabels = fitKMeans(mid, { k: 6, nInit: 1 }).labels;

Deno.bench("k-means k = 6, n_init 1, 100,000 × 8", { n: 5, warmup: 1 }, () => {
  fitKMeans(big, { k: 6, nInit: 1, seed: 0 });
});

Deno.bench("k-means sweep k = 2..10, n_init 1, 100,000 × 8", { n: 3, warmup: 1 }, () => {
  for (let k = 2; k <= 10; k++) fitKMeans(big, { k, nInit: 1, seed: 0 });
});

Deno.bench("silhouette, 5,000 × 8", { n: 5, warmup: 1 }, () => {
  silhouetteScore(mid, midLabels);
});

Deno.bench("chooseK k = 2..10, n_init 10, 2,000 × 5", { n: 3, warmup: 1 }, () => {
  chooseK(small, { seed: 0 });
});
