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
import { silhouetteScore } from "../../lib/cluster/silhouette.ts";
import { makeBlobs } from "../blobs.ts";

const args = Deno.args;
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const repeats = Number(flag("--repeats", "5"));
const peerThreads = flag("--peer-threads", "");
const python = flag("--python", new URL("../../.venv-bench/bin/python", import.meta.url).pathname);

const ROWS = 100_000, COLS = 8, SIL_ROWS = 20_000;
const data = makeBlobs(ROWS, COLS, { centers: 6, spread: 2, seed: 1 });
const silData = { ...data, rows: SIL_ROWS, data: data.data.slice(0, SIL_ROWS * COLS) };
const labels = fitKMeans(silData, { k: 5, nInit: 1, seed: 0 }).labels;

const dir = await Deno.makeTempDir({ prefix: "cluster_peer_" });
await Deno.writeFile(`${dir}/data.f64`, new Uint8Array(data.data.buffer));
await Deno.writeFile(`${dir}/labels.i32`, new Uint8Array(labels.buffer));
await Deno.writeTextFile(
  `${dir}/meta.json`,
  JSON.stringify({ rows: ROWS, cols: COLS, silhouetteRows: SIL_ROWS }),
);

function time(f: () => void): number {
  const t = performance.now();
  f();
  return (performance.now() - t) / 1000;
}

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
// deno-lint-ignore no-explicit-any
let sk: any;
for (let r = 0; r < repeats; r++) {
  oursSweep.push(time(sweepOnce));
  oursSilTimes.push(time(silOnce));
  const peer = new Deno.Command(python, {
    args: [new URL("./cluster_peer.py", import.meta.url).pathname, dir, "1"],
    stdout: "piped",
    stderr: "piped",
    env: peerThreads
      ? {
        OMP_NUM_THREADS: peerThreads,
        OPENBLAS_NUM_THREADS: peerThreads,
        MKL_NUM_THREADS: peerThreads,
      }
      : {},
  }).outputSync();
  if (!peer.success) {
    console.error(new TextDecoder().decode(peer.stderr));
    Deno.exit(1);
  }
  sk = JSON.parse(new TextDecoder().decode(peer.stdout));
  skSweep.push(...sk.sweep);
  skSil.push(...sk.silhouette);
}
await Deno.remove(dir, { recursive: true });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const row = (what: string, ours: number[], theirs: number[], note: string) => {
  const o = median(ours), t = median(theirs);
  return `| ${what} | ${o.toFixed(3)} s | ${t.toFixed(3)} s | ${(o / t).toFixed(2)} | ${note} |`;
};

console.log(
  `Deno ${Deno.version.deno}, scikit-learn ${sk.version} (BLAS/OpenMP threads ${
    sk.threads.join("/")
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
  `Lloyd iterations: ours ${iterations}, scikit-learn ${sk.sweepIterations}`,
));
console.log(row(
  "silhouette, 20,000 × 8, k = 5",
  oursSilTimes,
  skSil,
  `score ours ${oursSil.toFixed(12)}, scikit-learn ${sk.silhouetteValue.toFixed(12)}`,
));
