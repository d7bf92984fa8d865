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
import { adjustedRandIndex } from "../../lib/cluster/adjusted_rand.ts";
import type { Matrix } from "../../lib/cluster/matrix.ts";
import { makeBlobs } from "../blobs.ts";

const args = Deno.args;
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const repeats = Number(flag("--repeats", "5"));
const rounds = Number(flag("--rounds", "3"));
const python = flag("--python", new URL("../../.venv-bench/bin/python", import.meta.url).pathname);
const peerThreads = flag("--peer-threads", "");

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
export function overlapData(): Matrix {
  return makeBlobs(BENCH.gmmRows, BENCH.cols, { centers: 5, spread: 6, seed: 3 });
}

/** The first `rows` rows of `m` (a copy). */
export function head(m: Matrix, rows: number): Matrix {
  return { ...m, rows, data: m.data.slice(0, rows * m.cols) };
}

if (import.meta.main) {
  const data = benchData();
  const dbData = head(data, BENCH.dbscanRows), wardData = head(data, BENCH.wardRows);
  const initLabels = fitKMeans(data, { k: BENCH.k, nInit: 1, seed: 0 }).labels;
  const overlap = overlapData();
  const overlapInit = fitKMeans(overlap, { k: BENCH.k, nInit: 1, seed: 0 }).labels;

  const dir = await Deno.makeTempDir({ prefix: "algorithms_peer_" });
  await Deno.writeFile(`${dir}/data.f64`, new Uint8Array(data.data.buffer));
  await Deno.writeFile(`${dir}/init.i32`, new Uint8Array(initLabels.buffer));
  await Deno.writeFile(`${dir}/overlap.f64`, new Uint8Array(overlap.data.buffer));
  await Deno.writeFile(`${dir}/overlap_init.i32`, new Uint8Array(overlapInit.buffer));
  await Deno.writeTextFile(`${dir}/meta.json`, JSON.stringify({ rows: data.rows, ...BENCH }));

  const time = (f: () => void) => {
    const t = performance.now();
    f();
    return (performance.now() - t) / 1000;
  };
  // Timings of ours are kept across rounds; results are the last round's.
  const timed = <T>(f: () => T, into?: { times: number[]; result: T }) => {
    let result = f(); // warm-up (JIT)
    const times = Array.from({ length: repeats }, () => time(() => (result = f())));
    return { times: [...(into?.times ?? []), ...times], result };
  };
  // Rounds alternate ours and scikit-learn, so load on a shared machine falls on both sides.
  let db, ward, gmm, gmmSame, gmmDiag, gmmOverlap;
  // deno-lint-ignore no-explicit-any
  let sk: any;
  for (let round = 0; round < rounds; round++) {
    db = timed(() => fitDBSCAN(dbData, { eps: BENCH.eps, minSamples: BENCH.minSamples }), db);
    ward = timed(() => fitAgglomerative(wardData, { k: BENCH.k, linkage: "ward" }), ward);
    gmm = timed(() => fitGMM(data, { k: BENCH.k, covariance: "full", seed: 0 }), gmm);
    gmmSame = timed(
      () => fitGMM(data, { k: BENCH.k, covariance: "full", initLabels }),
      gmmSame,
    );
    gmmDiag = timed(
      () => fitGMM(data, { k: BENCH.k, covariance: "diag", initLabels }),
      gmmDiag,
    );
    gmmOverlap = timed(
      () => fitGMM(overlap, { k: BENCH.k, covariance: "full", initLabels: overlapInit }),
      gmmOverlap,
    );
    const peer = new Deno.Command(python, {
      args: [new URL("./algorithms_peer.py", import.meta.url).pathname, dir, String(repeats)],
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
    const latest = JSON.parse(new TextDecoder().decode(peer.stdout));
    if (sk !== undefined) {
      for (const key of ["dbscan", "ward", "gmm", "gmmSame", "gmmDiag", "gmmOverlap"]) {
        latest[key] = [...sk[key], ...latest[key]];
      }
    }
    sk = latest;
  }
  await Deno.remove(dir, { recursive: true });
  if (!db || !ward || !gmm || !gmmSame || !gmmDiag || !gmmOverlap) {
    throw new Error("--rounds must be at least 1");
  }

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
    }), ${navigator.hardwareConcurrency} cores, median of ${rounds} rounds × ${repeats}\n`,
  );
  console.log("| work | ours | scikit-learn | ours / scikit-learn | notes |");
  console.log("|---|---:|---:|---:|---|");
  console.log(row(
    `DBSCAN eps ${BENCH.eps}, min_samples ${BENCH.minSamples}, 20,000 × 8`,
    db.times,
    sk.dbscan,
    `${db.result.nClusters} clusters, ${db.result.nNoise} noise; labels identical: ${
      adjustedRandIndex(db.result.labels, sk.dbscanLabels) === 1 &&
      db.result.labels.every((v, i) => v === sk.dbscanLabels[i])
    }`,
  ));
  console.log(row(
    "agglomerative Ward, k = 5, 5,000 × 8",
    ward.times,
    sk.ward,
    `labels identical: ${ward.result.labels.every((v, i) => v === sk.wardLabels[i])}`,
  ));
  // One row per mixture: `key` names scikit-learn's timings, `${key}Iterations` and `${key}Score`.
  const gmmRow = (
    what: string,
    ours: { times: number[]; result: ReturnType<typeof fitGMM> },
    key: string,
    digits: number,
  ) =>
    row(
      `Gaussian mixture k = 5, ${what}`,
      ours.times,
      sk[key],
      `EM iterations ours ${ours.result.model.nIter}, scikit-learn ${sk[`${key}Iterations`]}; ` +
        `mean log-lik ours ${ours.result.meanLogLikelihood.toFixed(digits)}, scikit-learn ${
          sk[`${key}Score`].toFixed(digits)
        }`,
    );
  console.log(gmmRow("full, 50,000 × 8 (own k-means start)", gmm, "gmm", 6));
  console.log(gmmRow("full, 50,000 × 8 (same start)", gmmSame, "gmmSame", 9));
  console.log(gmmRow("diag, 50,000 × 8 (same start)", gmmDiag, "gmmDiag", 9));
  console.log(
    gmmRow("full, 50,000 × 8, overlapping blobs (same start)", gmmOverlap, "gmmOverlap", 9),
  );
}
