/**
 * What `--db` names: a PostgreSQL URL, a DuckDB database file or Spark, and
 * the same with its password redacted, the only form that is ever printed,
 * logged or written to a file.
 *
 * - `postgres://user:password@host:port/database` (or `postgresql://`); the
 *   password may also come from `$PGPASSWORD`.
 * - a DuckDB file: a path ending in `.duckdb` or `.db` (`duckdb:PATH` for any other name).
 * - `spark:MASTER[?key=value&…]`, e.g. `spark:local[2]`: `spark-sql` (from
 *   `$SPARK_SQL`, the project's `.venv-spark` or PATH) with that master; each
 *   `key=value` is a `--conf` setting, except `dir=FOLDER`, the working folder
 *   where spark-sql keeps its default catalog (`metastore_db/`, `spark-warehouse/`).
 *
 * @module
 */
import { InputError } from "../errors.ts";

/** A parsed `--db` value. */
export type DatabaseTarget =
  | { kind: "postgres"; url: string; redacted: string }
  | { kind: "duckdb"; path: string; redacted: string }
  | {
    kind: "spark";
    master: string;
    conf: Record<string, string>;
    dir?: string;
    redacted: string;
  };

/**
 * The URL with any password replaced by `***` (also inside a text that merely contains it).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { redactUrl } from "./connection_url.ts";
 * equal(redactUrl("postgres://ann:s%40cret@db:5432/shop"), "postgres://ann:***@db:5432/shop");
 * equal(redactUrl("could not reach postgres://ann:pw@db/shop"), "could not reach postgres://ann:***@db/shop");
 * ```
 */
export function redactUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@\s]*@/gi, "$1:***@");
}

/**
 * Parse a `--db` value.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { parseDatabase } from "./connection_url.ts";
 * equal(parseDatabase("postgres://ann:pw@localhost/shop").redacted, "postgres://ann:***@localhost/shop");
 * deepEqual(parseDatabase("sales.duckdb"), { kind: "duckdb", path: "sales.duckdb", redacted: "sales.duckdb" });
 * deepEqual(parseDatabase("spark:local[2]?spark.sql.shuffle.partitions=8"), {
 *   kind: "spark", master: "local[2]", conf: { "spark.sql.shuffle.partitions": "8" },
 *   redacted: "spark:local[2]?spark.sql.shuffle.partitions=8",
 * });
 * ```
 */
export function parseDatabase(value: string): DatabaseTarget {
  const text = value.trim();
  if (/^postgres(ql)?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new InputError(`Not a valid PostgreSQL URL: ${redactUrl(text)}`, {
        hint: "write it as postgres://user:password@host:port/database",
      });
    }
    if (url.hostname === "" || url.pathname.replace(/^\//, "") === "") {
      throw new InputError(`Not a valid PostgreSQL URL: ${redactUrl(text)}`, {
        hint: "write it as postgres://user:password@host:port/database",
      });
    }
    return { kind: "postgres", url: text, redacted: redactUrl(text) };
  }
  if (/^spark:/i.test(text)) {
    const rest = text.slice("spark:".length).replace(/^\/\//, "");
    const [master = "", query = ""] = rest.split("?", 2);
    const conf: Record<string, string> = {};
    let dir: string | undefined;
    for (const pair of query.split("&").filter((p) => p !== "")) {
      const eq = pair.indexOf("=");
      const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      const v = eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1));
      if (key === "dir") dir = v;
      else conf[key] = v;
    }
    return {
      kind: "spark",
      master: master || "local[2]",
      conf,
      ...(dir === undefined ? {} : { dir }),
      redacted: redactUrl(text),
    };
  }
  if (/^duckdb:/i.test(text)) {
    const path = text.slice("duckdb:".length);
    return { kind: "duckdb", path, redacted: path };
  }
  if (/\.(duckdb|db)$/i.test(text)) return { kind: "duckdb", path: text, redacted: text };
  throw new InputError(`Unknown database: ${redactUrl(text)}`, {
    hint:
      "give a PostgreSQL URL (postgres://user:password@host:port/database), a DuckDB file (.duckdb or .db) or spark:local[2]",
  });
}
