/**
 * Spark through its `spark-sql` command: every list of statements runs as
 * one script in one `spark-sql` invocation (starting Spark costs 10–20 s),
 * and the rows of the statements that have a result name come back as JSON
 * lines behind a marker in its output. `spark-sql` is `$SPARK_SQL`, else the
 * project's `.venv-spark/bin/spark-sql` (PySpark, installed by `deno task
 * setup`), else the one on PATH; Java 17 runs it.
 *
 * @module
 */
import { join } from "node:path";
import { InputError } from "../errors.ts";
import {
  commonType,
  type SqlConnection,
  type SqlRunResult,
  type SqlStatement,
  type TableColumn,
} from "./connection.ts";
import { SPARK } from "./spark_dialect.ts";

/** The project's Spark venv (`deno task setup` installs PySpark there). */
export const SPARK_VENV: string = decodeURIComponent(
  new URL("../../.venv-spark", import.meta.url).pathname,
);

/** Settings every run gets unless the `--db` URL says otherwise: no web UI, UTC, ANSI SQL. */
export const SPARK_DEFAULT_CONF: Readonly<Record<string, string>> = {
  "spark.ui.enabled": "false",
  "spark.sql.session.timeZone": "UTC",
  "spark.sql.ansi.enabled": "true",
  "spark.sql.shuffle.partitions": "8",
};

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** The `spark-sql` to run: `$SPARK_SQL`, the project's `.venv-spark`, or one on PATH. */
export async function sparkSQLPath(): Promise<string | undefined> {
  const fromEnv = Deno.env.get("SPARK_SQL");
  if (fromEnv) return fromEnv;
  const local = join(SPARK_VENV, "bin", "spark-sql");
  if (await exists(local)) return local;
  const which = await new Deno.Command("sh", {
    args: ["-c", "command -v spark-sql"],
    stdout: "piped",
    stderr: "null",
  }).output().catch(() => undefined);
  const path = which?.success ? new TextDecoder().decode(which.stdout).trim() : "";
  return path || undefined;
}

const MARK = "@@";

/**
 * A query whose rows come back under `name`: each row printed as one JSON
 * line after a marker (Spark leaves out nulls: a missing key is a null).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { sparkResult } from "./spark_connection.ts";
 * ok(sparkResult("n", "SELECT 1 AS n").startsWith("SELECT concat('@@n', char(9), to_json(struct(*)))"));
 * ```
 */
export function sparkResult(name: string, query: string): string {
  if (!/^\w+$/.test(name)) throw new Error(`Result name must be a word: ${name}`);
  return `SELECT concat('${MARK}${name}', char(9), to_json(struct(*))) FROM (\n${query}\n) AS result_rows;`;
}

/**
 * The marked lines of spark-sql's output, as rows by result name.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { parseSparkResults } from "./spark_connection.ts";
 * deepEqual(parseSparkResults('x\n@@n\t{"n":1}\n').get("n"), [{ n: 1 }]);
 * ```
 */
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

/** Where and how spark-sql runs. */
export interface SparkOptions {
  /** Spark master, default `local[2]`. */
  master?: string;
  /** `--conf` settings (over {@link SPARK_DEFAULT_CONF}). */
  conf?: Record<string, string>;
  /** Working folder (spark-sql's default catalog lives there); default a temporary one. */
  dir?: string;
  /** The name shown in messages. */
  label?: string;
}

/** What one spark-sql run printed, and whether it succeeded. */
export interface SparkScriptRun {
  success: boolean;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Run a script in one spark-sql invocation (no error thrown: see `success`). */
export async function runSparkScript(
  script: string,
  options: SparkOptions = {},
): Promise<SparkScriptRun> {
  const sparkSQL = await sparkSQLPath();
  if (sparkSQL === undefined) {
    throw new InputError("spark-sql not found", {
      database: options.label,
      hint: "run deno task setup (it installs PySpark into .venv-spark) or set $SPARK_SQL",
    });
  }
  const cwd = options.dir ?? await Deno.makeTempDir({ prefix: "segments-spark-" });
  const file = join(
    await Deno.makeTempDir({ prefix: "segments-spark-sql-" }),
    "script.sql",
  );
  await Deno.writeTextFile(file, script);
  const conf = { ...SPARK_DEFAULT_CONF, ...options.conf };
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
    return {
      success: out.success,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: new TextDecoder().decode(out.stderr),
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    throw new InputError(`Cannot start spark-sql: ${(error as Error).message}`, {
      database: options.label,
      hint: "check that Java 17 is installed (java -version) and run deno task setup",
    });
  } finally {
    await Deno.remove(file.replace(/\/script\.sql$/, ""), { recursive: true }).catch(() => {});
    if (options.dir === undefined) await Deno.remove(cwd, { recursive: true }).catch(() => {});
  }
}

/** The error lines of spark-sql's stderr (the ones naming an error class), first first. */
export function sparkErrorLine(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const classed = lines.find((l) => /\[[A-Z_]+(\.[A-Z_]+)?\]/.test(l));
  return classed ?? lines.find((l) => /Exception|Error/.test(l)) ?? lines.at(-1) ?? "";
}

/** One line for a failed spark-sql run. */
export function sparkError(
  stderr: string,
  where: { database: string; table?: string },
): InputError {
  const line = sparkErrorLine(stderr).replace(/^.*?(\[[A-Z_.]+\])/, "$1").slice(0, 300);
  if (line.includes("[TABLE_OR_VIEW_NOT_FOUND]")) {
    return new InputError(`Table not found: ${line}`, {
      ...where,
      hint: "check --table (the table must be in spark-sql's catalog)",
    });
  }
  const column = /\[UNRESOLVED_COLUMN[^\]]*\][^`]*`([^`]+)`/.exec(line)?.[1];
  if (column !== undefined) {
    return new InputError(`Column not found: ${line}`, {
      ...where,
      column,
      hint: "check the column options",
    });
  }
  if (/\[(CAST_INVALID_INPUT|DATATYPE_MISMATCH|CAST_OVERFLOW)/.test(line)) {
    return new InputError(`A column of the wrong type: ${line}`, {
      ...where,
      hint: "check that each role's column has the type it needs (numbers, dates, text)",
    });
  }
  if (/Permission denied|AccessControlException|INSUFFICIENT_PERMISSIONS/i.test(line)) {
    return new InputError(`Permission denied: ${line}`, { ...where, hint: "ask for access" });
  }
  if (/JAVA_HOME|java: not found|Unable to locate a Java/i.test(stderr)) {
    return new InputError("Java not found", {
      ...where,
      hint: "install Java 17 (apt-get install openjdk-17-jre-headless)",
    });
  }
  return new InputError(`Spark refused a statement: ${line}`, {
    ...where,
    hint: "see the message",
  });
}

const GUARD = "segments-guard";

/**
 * Spark as a connection (see the module's notes).
 *
 * @example
 * ```ts ignore
 * // Needs Spark: deno task setup installs it.
 * import { openSpark } from "./spark_connection.ts";
 * const db = openSpark({ master: "local[2]" });
 * const run = await db.run([{ sql: "SELECT 1 AS n", result: "n" }]);
 * ```
 */
export function openSpark(options: SparkOptions = {}): SqlConnection {
  const label = options.label ?? `spark:${options.master ?? "local[2]"}`;
  const settings = { ...options, label };
  return {
    dialect: SPARK,
    label,
    async describe(table: string): Promise<TableColumn[]> {
      // DESCRIBE QUERY also describes a file read as a table (parquet.`/data/lines`).
      const reference = /`/.test(table) ? table : SPARK.tableName(table);
      const run = await runSparkScript(`DESCRIBE QUERY SELECT * FROM ${reference};`, settings);
      if (!run.success) throw sparkError(run.stderr, { database: label, table });
      const columns: TableColumn[] = [];
      for (const line of run.stdout.split("\n")) {
        if (line.trim() === "" || line.startsWith("#")) break;
        const [name, type] = line.split("\t").map((s) => s.trim());
        if (!name || !type) continue;
        columns.push({ name, engineType: type, type: commonType(type) });
      }
      return columns;
    },
    async run(statements: readonly SqlStatement[], context = {}): Promise<SqlRunResult> {
      const guarded = new Set(
        statements.flatMap((s) => (s.guard === undefined ? [] : [s.guard.result])),
      );
      const parts: string[] = [];
      for (const s of statements) {
        if (s.guard !== undefined) {
          parts.push(
            `SELECT raise_error('${GUARD}') FROM \`segments_check_${s.guard.result}\` WHERE ${s.guard.failedWhen};`,
          );
        } else if (s.result !== undefined && guarded.has(s.result)) {
          parts.push(`CACHE TABLE \`segments_check_${s.result}\` AS\n${s.sql};`);
          parts.push(sparkResult(s.result, `SELECT * FROM \`segments_check_${s.result}\``));
        } else if (s.result !== undefined) {
          parts.push(sparkResult(s.result, s.sql));
        } else {
          parts.push(`${s.sql.replace(/;\s*$/, "")};`);
        }
      }
      const run = await runSparkScript(parts.join("\n\n"), settings);
      const results = parseSparkResults(run.stdout);
      if (run.success) return { results, stopped: false };
      if (run.stderr.includes(GUARD)) return { results, stopped: true };
      throw sparkError(run.stderr, { database: label, table: context.table });
    },
    close: () => Promise.resolve(),
  };
}
