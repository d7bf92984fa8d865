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
import {
  parseSparkResults,
  runSparkScript,
  sparkErrorLine,
  sparkResult,
  sparkSQLPath,
} from "../../lib/sql/spark_connection.ts";

export { parseSparkResults, sparkResult, sparkSQLPath };

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
  "spark.sql.shuffle.partitions": "1",
  "spark.sql.codegen.wholeStage": "false",
  "spark.sql.adaptive.enabled": "false",
  "spark.sql.session.timeZone": "UTC",
  "spark.sql.ansi.enabled": "true",
};

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

/** A temporary view over a Parquet file (Spark keeps its column types). */
export function sparkParquetView(name: string, path: string): string {
  return `CREATE OR REPLACE TEMPORARY VIEW \`${name}\` USING parquet OPTIONS (path '${
    path.replaceAll("'", "\\'")
  }');`;
}

/**
 * Run a SQL script in one spark-sql invocation. Throws with Spark's error
 * (the first lines of stderr naming an error class) when a statement fails.
 */
export async function runSparkSQL(
  script: string,
  options: SparkRunOptions = {},
): Promise<SparkRun> {
  const run = await runSparkScript(script, {
    master: options.master,
    conf: { ...SPARK_TEST_CONF, ...options.conf },
    dir: options.cwd,
  });
  if (!run.success) throw new Error(`spark-sql failed: ${sparkErrorLine(run.stderr)}`);
  return { ...run, results: parseSparkResults(run.stdout) };
}
