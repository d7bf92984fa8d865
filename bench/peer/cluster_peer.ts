/**
 * Side-by-side timing of our k-means sweep and silhouette against
 * scikit-learn, on the same data in the same run. Prints a markdown table of
 * medians and the ratio ours / scikit-learn.
 *
 *   deno run -A bench/peer/cluster_peer.ts [--repeats 5] [--python .venv-bench/bin/python] [--peer-threads N]
 *
 * `--peer-threads 1` limits scikit-learn's OpenMP/BLAS threads (ours is single-threaded).
 *
 * Work timed: k-means for k = 2..10 (n_init 1 each, seed 0) on 100,000 × 8
 * blobs; silhouette on the first 20,000 rows with the same labels on both sides.
 */
import { fitKMeans } from "../../lib/cluster/kmeans.ts";
import { silhouetteScore } from "../../lib/metrics/silhouette.ts";
import { makeBlobs } from "../blobs.ts";
import { flag, row, runPeer, time } from "./common.ts";

const args = Deno.args;
const repeats = Number(flag(args, "--repeats", "5"));
const peerThreads = flag(args, "--peer-threads", "");
const python = flag(
  args,
  "--python",
  new URL("../../.venv-bench/bin/python", import.meta.url).pathname,
);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error("--repeats must be at least 1");

const ROWS = 100_000, COLS = 8, SIL_ROWS = 20_000;
const data = makeBlobs(ROWS, COLS, { centers: 6, spread: 2, seed: 1 });
const silData = { ...data, rows: SIL_ROWS, data: data.data.slice(0, SIL_ROWS * COLS) };
const labels = fitKMeans(silData, { k: 5, nInit: 1, seed: 0 }).labels;

// One warm-up of ours (JIT), then repeats alternating ours and scikit-learn so
// that load from other processes falls on both sides alike.
let iterations = 0;
const sweepOnce = () => {
  iterations = 0;
  for (let k = 2; k <= 10; k++) iterations += fitKMeans(data, { k, nInit: 1, seed: 0 }).nIter;
};
let oursSil = 0;
const silOnce = () => {
  oursSil = silhouetteScore(silData, labels);
};
sweepOnce();
silOnce();
const oursSweep: number[] = [], oursSilTimes: number[] = [];
const skSweep: number[] = [], skSil: number[] = [];
interface Peer {
  version: string;
  threads: number[];
  sweep: number[];
  sweepIterations: number;
  silhouette: number[];
  silhouetteValue: number;
}
let sk: Peer | undefined;
const dir = await Deno.makeTempDir({ prefix: "cluster_peer_" });
await Deno.writeFile(`${dir}/data.f64`, new Uint8Array(data.data.buffer));
await Deno.writeFile(`${dir}/labels.i32`, new Uint8Array(labels.buffer));
await Deno.writeTextFile(
  `${dir}/meta.json`,
  JSON.stringify({ rows: ROWS, cols: COLS, silhouetteRows: SIL_ROWS }),
);
try {
  for (let r = 0; r < repeats; r++) {
    oursSweep.push(time(sweepOnce));
    oursSilTimes.push(time(silOnce));
    sk = runPeer<Peer>(python, "cluster_peer.py", [dir, "1"], peerThreads);
    skSweep.push(...sk.sweep);
    skSil.push(...sk.silhouette);
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
const peer = sk!;

console.log(
  `Deno ${Deno.version.deno}, scikit-learn ${peer.version} (BLAS/OpenMP threads ${
    peer.threads.join("/")
  }), ` +
    `${navigator.hardwareConcurrency} cores, median of ${repeats} alternating runs, ` +
    `load average at the end ${Deno.loadavg().map((v) => v.toFixed(1)).join(" ")}\n`,
);
console.log("| work | ours | scikit-learn | ours / scikit-learn | notes |");
console.log("|---|---:|---:|---:|---|");
console.log(row(
  "k-means sweep k = 2..10, n_init 1, 100,000 × 8",
  oursSweep,
  skSweep,
  `Lloyd iterations: ours ${iterations}, scikit-learn ${peer.sweepIterations}`,
));
console.log(row(
  "silhouette, 20,000 × 8, k = 5",
  oursSilTimes,
  skSil,
  `score ours ${oursSil.toFixed(12)}, scikit-learn ${peer.silhouetteValue.toFixed(12)}`,
));
