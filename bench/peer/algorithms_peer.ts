/**
 * Side-by-side timing of DBSCAN, agglomerative Ward and the Gaussian mixture
 * against scikit-learn, on the same data in the same run. Prints a markdown
 * table of medians and the ratio ours / scikit-learn.
 *
 *   deno run -A bench/peer/algorithms_peer.ts [--repeats 5] [--rounds 3] [--python .venv-bench/bin/python] [--peer-threads N]
 *
 * `--peer-threads 1` limits scikit-learn's OpenMP/BLAS threads (ours is single-threaded).
 *
 * Work timed, on seeded 8-dimensional blobs (5 centres, spread 1):
 * DBSCAN (eps 2, min_samples 10) on 20,000 rows; agglomerative Ward cut at
 * k = 5 on the first 5,000 rows; Gaussian mixture k = 5, full covariance, on
 * 50,000 rows — once from each side's own k-means start, once from the same
 * start (our k-means labels) so the EM work is identical — and the same with
 * diagonal covariance from the same start. On those well-separated blobs EM
 * converges in two iterations, so one more row times the full-covariance
 * mixture from the same start on overlapping blobs (spread 6), where EM runs
 * for many iterations.
 */
import { fitDBSCAN } from "../../lib/cluster/dbscan.ts";
import { fitAgglomerative } from "../../lib/cluster/hierarchical.ts";
import { fitGMM } from "../../lib/cluster/gmm.ts";
import { fitKMeans } from "../../lib/cluster/kmeans.ts";
import { adjustedRandIndex } from "../../lib/metrics/adjusted_rand.ts";
import type { Matrix } from "../../lib/matrix.ts";
import { makeBlobs } from "../blobs.ts";
import { flag, row, runPeer, time } from "./common.ts";

export const BENCH = {
  cols: 8,
  dbscanRows: 20_000,
  wardRows: 5_000,
  gmmRows: 50_000,
  eps: 2,
  minSamples: 10,
  k: 5,
} as const;

/** The benchmark data: 50,000 × 8 blobs; the smaller sets are its first rows. */
export function benchData(): Matrix {
  return makeBlobs(BENCH.gmmRows, BENCH.cols, { centers: 5, spread: 1, seed: 2 });
}

/** Overlapping blobs of the same size, where EM needs many iterations. */
function overlapData(): Matrix {
  return makeBlobs(BENCH.gmmRows, BENCH.cols, { centers: 5, spread: 6, seed: 3 });
}

/** The first `rows` rows of `m` (a copy). */
export function head(m: Matrix, rows: number): Matrix {
  return { ...m, rows, data: m.data.slice(0, rows * m.cols) };
}

if (import.meta.main) {
  const args = Deno.args;
  const repeats = Number(flag(args, "--repeats", "5"));
  const rounds = Number(flag(args, "--rounds", "3"));
  const python = flag(
    args,
    "--python",
    new URL("../../.venv-bench/bin/python", import.meta.url).pathname,
  );
  const peerThreads = flag(args, "--peer-threads", "");
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds must be at least 1");
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error("--repeats must be at least 1");

  const data = benchData();
  const dbData = head(data, BENCH.dbscanRows), wardData = head(data, BENCH.wardRows);
  const initLabels = fitKMeans(data, { k: BENCH.k, nInit: 1, seed: 0 }).labels;
  const overlap = overlapData();
  const overlapInit = fitKMeans(overlap, { k: BENCH.k, nInit: 1, seed: 0 }).labels;

  // The work, keyed by the name scikit-learn's side uses for its timings.
  const jobs = {
    dbscan: () => fitDBSCAN(dbData, { eps: BENCH.eps, minSamples: BENCH.minSamples }),
    ward: () => fitAgglomerative(wardData, { k: BENCH.k, linkage: "ward" }),
    gmm: () => fitGMM(data, { k: BENCH.k, covariance: "full", seed: 0 }),
    gmmSame: () => fitGMM(data, { k: BENCH.k, covariance: "full", initLabels }),
    gmmDiag: () => fitGMM(data, { k: BENCH.k, covariance: "diag", initLabels }),
    gmmOverlap: () => fitGMM(overlap, { k: BENCH.k, covariance: "full", initLabels: overlapInit }),
  };
  type Job = keyof typeof jobs;
  type Results = { [K in Job]: ReturnType<(typeof jobs)[K]> };
  const names = Object.keys(jobs) as Job[];
  const timesBy = () =>
    Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Job, number[]>;
  const ours = timesBy(), theirs = timesBy();
  // Results are the last round's.
  const results: Partial<Results> = {};
  const measure = <K extends Job>(name: K) => {
    const f = jobs[name] as () => Results[K];
    let result = f(); // warm-up (JIT)
    for (let r = 0; r < repeats; r++) ours[name].push(time(() => (result = f())));
    results[name] = result;
  };
  type Mixture = Exclude<Job, "dbscan" | "ward">;
  type Peer =
    & Record<Job, number[]>
    & Record<`${Mixture}Iterations` | `${Mixture}Score`, number>
    & { version: string; threads: number[]; dbscanLabels: number[]; wardLabels: number[] };
  let sk: Peer | undefined;

  const dir = await Deno.makeTempDir({ prefix: "algorithms_peer_" });
  try {
    await Deno.writeFile(`${dir}/data.f64`, new Uint8Array(data.data.buffer));
    await Deno.writeFile(`${dir}/init.i32`, new Uint8Array(initLabels.buffer));
    await Deno.writeFile(`${dir}/overlap.f64`, new Uint8Array(overlap.data.buffer));
    await Deno.writeFile(`${dir}/overlap_init.i32`, new Uint8Array(overlapInit.buffer));
    await Deno.writeTextFile(`${dir}/meta.json`, JSON.stringify({ rows: data.rows, ...BENCH }));
    // Rounds alternate ours and scikit-learn, so load on a shared machine falls on both sides.
    for (let round = 0; round < rounds; round++) {
      for (const name of names) measure(name);
      sk = runPeer<Peer>(python, "algorithms_peer.py", [dir, String(repeats)], peerThreads);
      for (const name of names) theirs[name].push(...sk[name]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  const { dbscan: db, ward, ...mixtures } = results as Results;
  const peer = sk!;

  console.log(
    `Deno ${Deno.version.deno}, scikit-learn ${peer.version} (BLAS/OpenMP threads ${
      peer.threads.join("/")
    }), ${navigator.hardwareConcurrency} cores, median of ${rounds} rounds × ${repeats}\n`,
  );
  console.log("| work | ours | scikit-learn | ours / scikit-learn | notes |");
  console.log("|---|---:|---:|---:|---|");
  console.log(row(
    `DBSCAN eps ${BENCH.eps}, min_samples ${BENCH.minSamples}, 20,000 × 8`,
    ours.dbscan,
    theirs.dbscan,
    `${db.nClusters} clusters, ${db.nNoise} noise; labels identical: ${
      adjustedRandIndex(db.labels, peer.dbscanLabels) === 1 &&
      db.labels.every((v, i) => v === peer.dbscanLabels[i])
    }`,
  ));
  console.log(row(
    "agglomerative Ward, k = 5, 5,000 × 8",
    ours.ward,
    theirs.ward,
    `labels identical: ${ward.labels.every((v, i) => v === peer.wardLabels[i])}`,
  ));
  // One row per mixture; scikit-learn reports `${name}Iterations` and `${name}Score`.
  const gmmRow = (what: string, name: Mixture, digits: number) => {
    const result = mixtures[name];
    return row(
      `Gaussian mixture k = 5, ${what}`,
      ours[name],
      theirs[name],
      `EM iterations ours ${result.model.nIter}, scikit-learn ${peer[`${name}Iterations`]}; ` +
        `mean log-lik ours ${result.meanLogLikelihood.toFixed(digits)}, scikit-learn ${
          peer[`${name}Score`].toFixed(digits)
        }`,
    );
  };
  console.log(gmmRow("full, 50,000 × 8 (own k-means start)", "gmm", 6));
  console.log(gmmRow("full, 50,000 × 8 (same start)", "gmmSame", 9));
  console.log(gmmRow("diag, 50,000 × 8 (same start)", "gmmDiag", 9));
  console.log(gmmRow("full, 50,000 × 8, overlapping blobs (same start)", "gmmOverlap", 9));
}
