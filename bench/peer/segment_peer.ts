/**
 * The whole `deno task segment` against what a Python user would run (pandas
 * `read_csv`, scikit-learn `StandardScaler` + `KMeans`, `silhouette_score`
 * with `sample_size=5000`, Davies–Bouldin, Calinski–Harabasz, `to_csv`,
 * `to_excel` with xlsxwriter when the rows fit in a sheet), in one run on the
 * same seeded files, alternating the sides; then k-means alone at
 * 1,100,000 × 6. Each whole-command run is a fresh process, timed from
 * outside with its peak resident memory. Prints markdown tables of medians
 * and ratios ours / peer.
 *
 *   deno run -A bench/peer/segment_peer.ts [--repeats 3] [--python .venv-bench/bin/python]
 *
 * The data files are made in bench/data/ (git-ignored) by segment_data.ts
 * when missing.
 *
 * @module
 */
import { join } from "node:path";
import { fitKMeans } from "../../lib/cluster/kmeans.ts";
import { matrixFromTable } from "../../lib/matrix.ts";
import { applyScaler, fitScaler } from "../../lib/prepare/scale.ts";
import { readTable } from "../../lib/io/read_table.ts";
import { flag, median, time } from "./common.ts";
import { writeSegmentData } from "./segment_data.ts";

const repeats = Number(flag(Deno.args, "--repeats", "3"));
const root = new URL("../../", import.meta.url).pathname;
const python = flag(Deno.args, "--python", join(root, ".venv-bench/bin/python"));
const peerScript = join(root, "bench/peer/segment_peer.py");
const cli = join(root, "lib/cli/segment.ts");

interface Case {
  name: string;
  rows: number;
  cols: number;
  k: number;
  nInit: number;
}
const CASES: Case[] = [
  { name: "100,000 × 8, k = 8, n_init 1", rows: 100_000, cols: 8, k: 8, nInit: 1 },
  { name: "1,100,000 × 6, k = 5, n_init 10", rows: 1_100_000, cols: 6, k: 5, nInit: 10 },
];

async function dataFile(c: Case): Promise<string> {
  const path = join(root, `bench/data/customers_${c.rows}x${c.cols}.csv`);
  if (!await Deno.stat(path).then(() => true, () => false)) {
    await Deno.mkdir(join(root, "bench/data"), { recursive: true });
    await writeSegmentData(path, { rows: c.rows, cols: c.cols, seed: 7 });
  }
  return path;
}

function threadEnv(threads: string): Record<string, string> {
  return threads === ""
    ? {}
    : { OMP_NUM_THREADS: threads, OPENBLAS_NUM_THREADS: threads, MKL_NUM_THREADS: threads };
}

/** Run a command, timing it from outside; peak RSS from GNU time. */
async function measured(
  cmd: string[],
  env: Record<string, string> = {},
): Promise<{ wall: number; rssMB: number; stdout: string; stderr: string }> {
  const rssFile = await Deno.makeTempFile();
  const t = performance.now();
  const out = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "%M", "-o", rssFile, ...cmd],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const wall = (performance.now() - t) / 1000;
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  if (!out.success) throw new Error(`${cmd.join(" ")} failed:\n${decode(out.stderr)}`);
  const rssMB = Number((await Deno.readTextFile(rssFile)).trim().split("\n").at(-1)) / 1024;
  await Deno.remove(rssFile);
  return { wall, rssMB, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

const fmt = (s: number) => `${s.toFixed(2)} s`;
const lines: string[] = [];
lines.push(
  `Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores; medians of ${repeats} ` +
    `alternating runs after one warm-up of each; started ${new Date().toISOString()}, ` +
    `load average ${Deno.loadavg().map((v) => v.toFixed(1)).join(" ")}`,
  "",
  "| whole command | ours | peer, 1 thread | ratio | peer, default threads | ratio | peak RSS ours / peer | notes |",
  "|---|---:|---:|---:|---:|---:|---:|---|",
);
const work = await Deno.makeTempDir({ prefix: "segment_peer_" });
try {
  for (const c of CASES) {
    const file = await dataFile(c);
    const ours = () =>
      measured([
        "deno",
        "run",
        "-A",
        cli,
        file,
        "--k",
        `${c.k}`,
        "--n-init",
        `${c.nInit}`,
        "--out",
        join(work, "ours"),
      ]);
    const peer = (threads: string) =>
      measured(
        [python, peerScript, "whole", file, `${c.k}`, `${c.nInit}`, join(work, "peer")],
        threadEnv(threads),
      );
    await ours();
    await peer("1");
    const o: number[] = [], p1: number[] = [], pd: number[] = [];
    let oRss = 0, pRss = 0, note = "";
    for (let r = 0; r < repeats; r++) {
      const a = await ours();
      const b = await peer("1");
      const d = await peer("");
      o.push(a.wall);
      p1.push(b.wall);
      pd.push(d.wall);
      oRss = Math.max(oRss, a.rssMB);
      pRss = Math.max(pRss, b.rssMB, d.rssMB);
      const peerResult = JSON.parse(b.stdout);
      const summary = JSON.parse(await Deno.readTextFile(join(work, "ours", "summary.json")));
      const csvRows =
        (await Deno.readTextFile(join(work, "ours", "segments.csv"))).split("\n").length - 2;
      note = `ours: ${csvRows.toLocaleString("en-US")} rows in segments.csv, xlsx ${
        summary.xlsx?.written ? "written" : "not written"
      }, silhouette ${summary.metrics?.silhouette?.toFixed(3)}; peer: xlsx ${
        peerResult.xlsx ? "written" : "not written"
      }, inertia ${peerResult.inertia.toFixed(1)}, steps ${
        Object.entries(peerResult.steps as Record<string, number>).map(([k, v]) =>
          `${k} ${v.toFixed(2)}`
        ).join(", ")
      }`;
      console.error(
        `${c.name}: run ${r + 1}: ours ${fmt(a.wall)}, peer 1 thread ${fmt(b.wall)}, default ${
          fmt(d.wall)
        }`,
      );
    }
    const [mo, m1, md] = [median(o), median(p1), median(pd)];
    lines.push(
      `| ${c.name} | ${fmt(mo)} | ${fmt(m1)} | ${(mo / m1).toFixed(2)} | ${fmt(md)} | ${
        (mo / md).toFixed(2)
      } | ${oRss.toFixed(0)} / ${pRss.toFixed(0)} MB | ${note} |`,
    );
  }

  // k-means alone at 1.1M × 6 on the standardised features, the same matrix on both sides.
  const big = CASES[1]!;
  const table = await readTable(await dataFile(big));
  const names = table.columnNames();
  const raw = matrixFromTable(table, names);
  const m = applyScaler(fitScaler(raw, { kind: "standard" }), raw);
  const dir = join(work, "kmeans");
  await Deno.mkdir(dir);
  await Deno.writeFile(
    join(dir, "data.f64"),
    new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength),
  );
  await Deno.writeTextFile(join(dir, "meta.json"), JSON.stringify({ rows: m.rows, cols: m.cols }));
  const kmPeer = async (threads: string) =>
    JSON.parse(
      (await measured(
        [python, peerScript, "kmeans", dir, `${big.k}`, `${big.nInit}`, "1"],
        threadEnv(threads),
      )).stdout,
    );
  let fit = fitKMeans(m, { k: big.k, nInit: big.nInit, seed: 0 });
  const o: number[] = [], p1: number[] = [], pd: number[] = [];
  let peer1: { inertia: number; threads: number[] } | undefined, peerD = peer1;
  for (let r = 0; r < repeats; r++) {
    o.push(time(() => fit = fitKMeans(m, { k: big.k, nInit: big.nInit, seed: 0 })));
    peer1 = await kmPeer("1");
    p1.push((peer1 as unknown as { times: number[] }).times[0]!);
    peerD = await kmPeer("");
    pd.push((peerD as unknown as { times: number[] }).times[0]!);
    console.error(
      `k-means alone: run ${r + 1}: ours ${fmt(o.at(-1)!)}, peer ${fmt(p1.at(-1)!)}, ${
        fmt(pd.at(-1)!)
      }`,
    );
  }
  const [mo, m1, md] = [median(o), median(p1), median(pd)];
  lines.push(
    "",
    "| k-means alone | ours | peer, 1 thread | ratio | peer, default threads | ratio | notes |",
    "|---|---:|---:|---:|---:|---:|---|",
    `| ${big.name}, standardised | ${fmt(mo)} | ${fmt(m1)} | ${(mo / m1).toFixed(2)} | ${
      fmt(md)
    } | ${(mo / md).toFixed(2)} | inertia ours ${fit.inertia.toFixed(3)}, scikit-learn ${
      peer1!.inertia.toFixed(3)
    } (threads ${peerD!.threads.join("/")}) |`,
    "",
    `finished ${new Date().toISOString()}, load average ${
      Deno.loadavg().map((v) => v.toFixed(1)).join(" ")
    }`,
  );
  console.log(lines.join("\n"));
} finally {
  await Deno.remove(work, { recursive: true });
}
