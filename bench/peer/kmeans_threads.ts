/**
 * k-means at 1,100,000 × 6 (standardised, k = 5, n_init 10) on 1 and on all
 * threads, with a check that both give the same labels and inertia bit for
 * bit. The matrix is the one bench/peer/segment_peer.ts times (cached in
 * bench/data/ as raw float64).
 *
 *   deno run -A bench/peer/kmeans_threads.ts [--repeats 3]
 *
 * @module
 */
import { join } from "node:path";
import { fitKMeans } from "../../lib/cluster/kmeans.ts";
import { createMatrix, type Matrix, matrixFromTable } from "../../lib/matrix.ts";
import { applyScaler, fitScaler } from "../../lib/prepare/scale.ts";
import { readTable } from "../../lib/io/read_table.ts";
import { flag, median, time } from "./common.ts";
import { writeSegmentData } from "./segment_data.ts";

const repeats = Number(flag(Deno.args, "--repeats", "3"));
const root = new URL("../../", import.meta.url).pathname;

/** The standardised 1.1M × 6 matrix, from the cache or made from the CSV. */
export async function bigMatrix(): Promise<Matrix> {
  const csv = join(root, "bench/data/customers_1100000x6.csv");
  const cache = join(root, "bench/data/customers_1100000x6.standardised.f64");
  const cols = 6;
  try {
    const bytes = await Deno.readFile(cache);
    const m = createMatrix(bytes.byteLength / 8 / cols, cols);
    m.data.set(new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8));
    return m;
  } catch {
    if (!await Deno.stat(csv).then(() => true, () => false)) {
      await Deno.mkdir(join(root, "bench/data"), { recursive: true });
      await writeSegmentData(csv, { rows: 1_100_000, cols, seed: 7 });
    }
    const table = await readTable(csv);
    const raw = matrixFromTable(table, table.columnNames());
    const m = applyScaler(fitScaler(raw, { kind: "standard" }), raw);
    await Deno.writeFile(
      cache,
      new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength),
    );
    return m;
  }
}

if (import.meta.main) {
  const m = await bigMatrix();
  const all = navigator.hardwareConcurrency;
  const options = { k: 5, nInit: 10, seed: 0 };
  let one = fitKMeans(m, { ...options, threads: 1 });
  let many = fitKMeans(m, { ...options, threads: all });
  const t1: number[] = [], tn: number[] = [];
  for (let r = 0; r < repeats; r++) {
    t1.push(time(() => one = fitKMeans(m, { ...options, threads: 1 })));
    tn.push(time(() => many = fitKMeans(m, { ...options, threads: all })));
    console.error(
      `run ${r + 1}: 1 thread ${t1.at(-1)!.toFixed(2)} s, ${all} threads ${
        tn.at(-1)!.toFixed(2)
      } s`,
    );
  }
  const same = one.inertia === many.inertia && one.labels.every((v, i) => v === many.labels[i]);
  console.log(
    `k-means 1,100,000 × 6, k = 5, n_init 10: 1 thread ${median(t1).toFixed(2)} s, ` +
      `${all} threads ${median(tn).toFixed(2)} s (medians of ${repeats}); inertia ${
        one.inertia.toFixed(3)
      }, ${same ? "identical" : "DIFFERENT"} labels and inertia; load ${
        Deno.loadavg().map((v) => v.toFixed(1)).join(" ")
      }`,
  );
}
