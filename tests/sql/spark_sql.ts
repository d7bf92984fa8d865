/**
 * Run SQL on a local Spark for tests: one `spark-sql --master local[2]`
 * invocation per script (starting Spark costs ~10–20 s here, so a test batches
 * everything it needs into one script), and the rows of the queries it marks
 * with {@link sparkResult} parsed back from its output as objects.
 *
 * spark-sql comes from PySpark (`requirements-spark.txt`), installed into the
 * project's `.venv-spark/` by `deno task setup` and `.ci/run`; Java 17 from
 * Debian's `openjdk-17-jre-headless`.
 *
 * ```ts
 * const run = await runSparkSQL([
 *   sparkParquetView("lines", "/tmp/lines.parquet"),
 *   sparkResult("n", "SELECT count(*) AS n FROM lines"),
 * ].join("\n"));
 * run.results.get("n"); // [{ n: 50000 }]
 * ```
 */
import { join } from "node:path";
import { sparkPaths } from "../../lib/cli/setup.ts";

/** What one spark-sql run printed, with the marked results parsed. */
export interface SparkRun {
  /** Rows of each query marked with {@link sparkResult}, by its name. */
  results: Map<string, Record<string, unknown>[]>;
  stdout: string;
  stderr: string;
  /** Wall time of the run, seconds. */
  seconds: number;
}

/** Options for {@link runSparkSQL}. */
export interface SparkRunOptions {
  /** Spark master, default `local[2]`. */
  master?: string;
  /** Extra `--conf` settings (they win over the defaults). */
  conf?: Record<string, string>;
  /** Working folder (where Spark writes `spark-warehouse/`); default a temporary one, deleted. */
  cwd?: string;
}

/**
 * Settings that keep a local run quick and deterministic: no web UI, an
 * in-memory catalog (no Derby metastore to create), few shuffle partitions, UTC.
 */
export const SPARK_TEST_CONF: Readonly<Record<string, string>> = {
  "spark.ui.enabled": "false",
  "spark.sql.catalogImplementation": "in-memory",
  "spark.sql.shuffle.partitions": "4",
  "spark.sql.session.timeZone": "UTC",
  "spark.sql.ansi.enabled": "true",
};

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** The `spark-sql` to run: `$SPARK_SQL`, the project's `.venv-spark`, or one on PATH. */
export async function sparkSQLPath(): Promise<string | undefined> {
  const fromEnv = Deno.env.get("SPARK_SQL");
  if (fromEnv) return fromEnv;
  const local = sparkPaths().sparkSQL;
  if (await exists(local)) return local;
  const which = await new Deno.Command("sh", {
    args: ["-c", "command -v spark-sql"],
    stdout: "piped",
    stderr: "null",
  }).output().catch(() => undefined);
  const path = which?.success ? new TextDecoder().decode(which.stdout).trim() : "";
  return path || undefined;
}

/** Whether Spark can run here (spark-sql and a `java`). */
export async function sparkAvailable(): Promise<boolean> {
  if ((await sparkSQLPath()) === undefined) return false;
  const java = await new Deno.Command("java", {
    args: ["-version"],
    stdout: "null",
    stderr: "null",
  })
    .output().catch(() => undefined);
  return java?.success === true;
}

/**
 * Whether a Spark test is skipped: only when Spark is missing outside CI (on CI,
 * where `.ci/run` installs it, a missing Spark fails the test instead).
 */
export async function skipSparkTests(): Promise<boolean> {
  return Deno.env.get("CI") !== "true" && !(await sparkAvailable());
}

const MARK = "@@";

/**
 * A statement whose rows come back in {@link SparkRun.results} under `name`:
 * each row printed as one JSON line after a marker (Spark leaves out nulls,
 * so a missing key is a null).
 */
export function sparkResult(name: string, query: string): string {
  if (!/^\w+$/.test(name)) throw new Error(`Result name must be a word: ${name}`);
  return `SELECT concat('${MARK}${name}', char(9), to_json(struct(*))) FROM (\n${query}\n) AS result_rows;`;
}

/** A temporary view over a Parquet file (Spark keeps its column types). */
export function sparkParquetView(name: string, path: string): string {
  return `CREATE OR REPLACE TEMPORARY VIEW \`${name}\` USING parquet OPTIONS (path '${
    path.replaceAll("'", "\\'")
  }');`;
}

/** Parse the marked lines of spark-sql's output into rows by result name. */
export function parseSparkResults(stdout: string): Map<string, Record<string, unknown>[]> {
  const results = new Map<string, Record<string, unknown>[]>();
  for (const line of stdout.split("\n")) {
    if (!line.startsWith(MARK)) continue;
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const name = line.slice(MARK.length, tab);
    const rows = results.get(name) ?? [];
    rows.push(JSON.parse(line.slice(tab + 1)));
    results.set(name, rows);
  }
  return results;
}

/**
 * Run a SQL script in one spark-sql invocation. Throws with Spark's error
 * (the first lines of stderr naming an error class) when a statement fails.
 */
export async function runSparkSQL(
  script: string,
  options: SparkRunOptions = {},
): Promise<SparkRun> {
  const sparkSQL = await sparkSQLPath();
  if (sparkSQL === undefined) {
    throw new Error("spark-sql not found: run deno task setup (it installs .venv-spark)");
  }
  const cwd = options.cwd ?? await Deno.makeTempDir({ prefix: "segments-spark-" });
  const file = join(cwd, `script-${crypto.randomUUID().slice(0, 8)}.sql`);
  await Deno.writeTextFile(file, script);
  const conf = { ...SPARK_TEST_CONF, ...options.conf };
  const bin = sparkSQL.replace(/\/spark-sql$/, "");
  const started = performance.now();
  try {
    const out = await new Deno.Command(sparkSQL, {
      args: [
        "--master",
        options.master ?? "local[2]",
        "-S",
        ...Object.entries(conf).flatMap(([k, v]) => ["--conf", `${k}=${v}`]),
        "-f",
        file,
      ],
      cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      // The venv's python first on PATH: PySpark's scripts look for it to find SPARK_HOME.
      env: { PATH: `${bin}:${Deno.env.get("PATH") ?? ""}` },
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    if (!out.success) {
      const error = stderr.split("\n").filter((l) => /\[[A-Z_.]+\]|Exception|Error/.test(l))
        .slice(0, 3).join("\n");
      throw new Error(`spark-sql failed (exit ${out.code}): ${error || stderr.slice(-2000)}`);
    }
    return {
      results: parseSparkResults(stdout),
      stdout,
      stderr,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (options.cwd === undefined) await Deno.remove(cwd, { recursive: true }).catch(() => {});
    else await Deno.remove(file).catch(() => {});
  }
}
