/**
 * Helpers shared by the side-by-side benchmarks in bench/peer: command-line
 * flags, timing, medians, the markdown row of a timing table, and running the
 * Python (scikit-learn) side of a comparison.
 *
 * @module
 */

/** The value that follows `name` in `args`, or `fallback` when it is absent. */
export function flag(args: readonly string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

/** Wall time of one call of `f`, in seconds. */
export function time(f: () => void): number {
  const t = performance.now();
  f();
  return (performance.now() - t) / 1000;
}

/** Median of `xs` (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * One row of the table `| work | ours | scikit-learn | ours / scikit-learn | notes |`:
 * the medians of both sides' timings in seconds and their ratio.
 */
export function row(what: string, ours: number[], theirs: number[], note: string): string {
  const o = median(ours), t = median(theirs);
  return `| ${what} | ${o.toFixed(3)} s | ${t.toFixed(3)} s | ${(o / t).toFixed(2)} | ${note} |`;
}

/**
 * Runs `script` (a file in bench/peer) with `python` and `args`, and returns
 * the JSON object it prints. A non-empty `peerThreads` caps its OpenMP/BLAS
 * threads. Throws with the script's stderr when it fails.
 */
export function runPeer<T>(
  python: string,
  script: string,
  args: string[],
  peerThreads: string,
): T {
  const path = new URL(`./${script}`, import.meta.url).pathname;
  const peer = new Deno.Command(python, {
    args: [path, ...args],
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
    throw new Error(`${python} ${path} failed:\n${new TextDecoder().decode(peer.stderr)}`);
  }
  return JSON.parse(new TextDecoder().decode(peer.stdout)) as T;
}
