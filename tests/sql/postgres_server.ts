/**
 * A throwaway PostgreSQL server for tests: `initdb` into a temporary folder,
 * `pg_ctl` on a free loopback port, password (SCRAM) authentication over TCP
 * and trust over the folder's Unix socket (for the harness's own `psql`), and
 * everything stopped and deleted afterwards, also when a test fails.
 *
 * PostgreSQL refuses to run as root: when the tests run as root (CI does), the
 * server runs as the `postgres` user of Debian's package (or `nobody`), through
 * `setpriv`, and its folder is handed to that user.
 *
 * The binaries are found in `$PG_BIN`, else the newest `/usr/lib/postgresql/N/bin`
 * (Debian's `postgresql` package; `.ci/run` installs it when missing), else on PATH.
 *
 * ```ts
 * await withPostgres(async (pg) => {
 *   await pg.loadTable("lines", "data/transactions_sample.csv");
 *   // pg.url: postgres://segments:<password>@127.0.0.1:<port>/shop
 * });
 * ```
 */
import { join } from "node:path";
import { queryColumns, sqlString } from "../../lib/io/duckdb.ts";

/** A running server and what a test needs to reach it. */
export interface PostgresServer {
  /** `postgres://segments:PASSWORD@127.0.0.1:PORT/shop`: the URL a user would give to `--db`. */
  url: string;
  host: string;
  port: number;
  /** The superuser, who owns the database. */
  user: string;
  password: string;
  database: string;
  /** Run SQL as the superuser with `psql` (stops at the first error); its output, unaligned. */
  psql: (sql: string) => Promise<string>;
  /** The rows of one query, as objects (through `json_agg`). */
  query: (sql: string) => Promise<Record<string, unknown>[]>;
  /**
   * Load a CSV, TSV or Parquet file into a new table: DuckDB reads it (its sniffer decides the
   * types), and the table gets the matching PostgreSQL types unless `types` names others.
   */
  loadTable: (
    table: string,
    path: string,
    options?: { types?: Record<string, string> },
  ) => Promise<void>;
  /** Stop the server and delete its folder (also done by {@link withPostgres}). */
  stop: () => Promise<void>;
}

const decoder = new TextDecoder();

/** The folder holding `initdb`, `pg_ctl` and `psql`, or undefined when PostgreSQL is absent. */
export async function postgresBin(): Promise<string | undefined> {
  const fromEnv = Deno.env.get("PG_BIN");
  if (fromEnv) return fromEnv;
  const versions: number[] = [];
  try {
    for await (const entry of Deno.readDir("/usr/lib/postgresql")) {
      if (/^\d+$/.test(entry.name)) versions.push(Number(entry.name));
    }
  } catch {
    // not Debian's layout
  }
  for (const v of versions.sort((a, b) => b - a)) {
    const bin = `/usr/lib/postgresql/${v}/bin`;
    if (await exists(join(bin, "initdb"))) return bin;
  }
  const which = await new Deno.Command("sh", {
    args: ["-c", "command -v initdb"],
    stdout: "piped",
    stderr: "null",
  }).output().catch(() => undefined);
  const path = which?.success ? decoder.decode(which.stdout).trim() : "";
  return path ? path.replace(/\/initdb$/, "") : undefined;
}

/**
 * Whether a PostgreSQL test is skipped: only when PostgreSQL is missing outside CI (on CI,
 * where `.ci/run` installs it, a missing PostgreSQL fails the test instead).
 */
export async function skipPostgresTests(): Promise<boolean> {
  return Deno.env.get("CI") !== "true" && (await postgresBin()) === undefined;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** A free TCP port on the loopback address. */
async function freePort(): Promise<number> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  await Promise.resolve();
  return port;
}

/** The user the server runs as: ourselves, or (as root) `postgres` or `nobody`. */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (Deno.uid() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    const out = await new Deno.Command("id", { args: [name], stdout: "piped", stderr: "null" })
      .output();
    if (!out.success) continue;
    const text = decoder.decode(out.stdout);
    const uid = /uid=(\d+)/.exec(text)?.[1];
    const gid = /gid=(\d+)/.exec(text)?.[1];
    if (uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid) };
  }
  throw new Error("Running as root and no postgres or nobody user to run PostgreSQL as");
}

interface Run {
  bin: string;
  as?: { uid: number; gid: number };
}

/** Run one PostgreSQL program (as the server's user when root); throw with its output on failure. */
async function pgRun(run: Run, program: string, args: string[]): Promise<string> {
  const path = join(run.bin, program);
  const command = run.as === undefined ? path : "setpriv";
  const full = run.as === undefined
    ? args
    : [`--reuid=${run.as.uid}`, `--regid=${run.as.gid}`, "--clear-groups", "--", path, ...args];
  const out = await new Deno.Command(command, {
    args: full,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { LC_ALL: "C.UTF-8", LANG: "C.UTF-8" },
    cwd: "/",
  }).output();
  const text = decoder.decode(out.stdout) + decoder.decode(out.stderr);
  if (!out.success) throw new Error(`${program} ${args.join(" ")} failed:\n${text}`);
  return text;
}

/** Map a DuckDB column type to the PostgreSQL type a loaded table gets. */
function postgresType(duck: string): string {
  if (/^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER)$/.test(duck)) return "bigint";
  if (/^(DOUBLE|FLOAT|REAL)$/.test(duck) || duck.startsWith("DECIMAL")) {
    return "double precision";
  }
  if (duck === "BOOLEAN") return "boolean";
  if (duck === "DATE") return "date";
  if (duck.startsWith("TIMESTAMP")) return "timestamp";
  return "text";
}

/** Quote an identifier for PostgreSQL. */
function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Start a server with one database (`shop`) owned by the password-protected
 * superuser `segments`. Call `stop()` when done (or use {@link withPostgres}).
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = await postgresBin();
  if (bin === undefined) {
    throw new Error("PostgreSQL not found: install Debian's postgresql package or set PG_BIN");
  }
  const as = await serverUser();
  const run: Run = { bin, as };
  const dir = await Deno.makeTempDir({ prefix: "segments-pg-" });
  const data = join(dir, "data");
  const user = "segments";
  const database = "shop";
  // A password with characters a URL must encode, so redaction and parsing are tested too.
  const password = `pw-${crypto.randomUUID().slice(0, 8)}:@/x`;
  let started = false;
  const stop = async () => {
    if (started) {
      started = false;
      await pgRun(run, "pg_ctl", ["stop", "-D", data, "-m", "immediate", "-s"]).catch(
        async () => {
          // pg_ctl could not stop it: end the postmaster by the pid it wrote.
          const pid = Number(
            (await Deno.readTextFile(join(data, "postmaster.pid")).catch(() => "")).split("\n")[0],
          );
          if (pid > 0) Deno.kill(pid, "SIGKILL");
        },
      );
    }
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    await Deno.writeTextFile(join(dir, "pwfile"), password + "\n");
    if (as !== undefined) {
      await Deno.chown(dir, as.uid, as.gid);
      await Deno.chown(join(dir, "pwfile"), as.uid, as.gid);
    }
    await pgRun(run, "initdb", [
      "-D",
      data,
      "-U",
      user,
      `--pwfile=${join(dir, "pwfile")}`,
      "--auth-host=scram-sha-256",
      "--auth-local=trust",
      "--encoding=UTF8",
      "--locale=C.UTF-8",
      "--no-sync",
    ]);
    await Deno.remove(join(dir, "pwfile"));
    const port = await freePort();
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses=127.0.0.1",
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      "-c shared_buffers=64MB",
    ].join(" ");
    await pgRun(run, "pg_ctl", [
      "start",
      "-D",
      data,
      "-w",
      "-t",
      "60",
      "-s",
      "-l",
      join(dir, "log"),
      "-o",
      options,
    ]);
    started = true;

    const psql = async (sql: string): Promise<string> => {
      const out = await new Deno.Command(join(bin, "psql"), {
        args: [
          "-X",
          "-q",
          "-A",
          "-t",
          "-v",
          "ON_ERROR_STOP=1",
          "-h",
          dir,
          "-p",
          String(port),
          "-U",
          user,
          "-d",
          database,
        ],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
        env: { PGPASSWORD: password },
      }).spawn();
      const writer = out.stdin.getWriter();
      await writer.write(new TextEncoder().encode(sql));
      await writer.close();
      const result = await out.output();
      if (!result.success) {
        throw new Error(`psql failed: ${decoder.decode(result.stderr)}\n${sql.slice(0, 2000)}`);
      }
      return decoder.decode(result.stdout);
    };
    // The database, created through the template database.
    await pgRun(run, "createdb", ["-h", dir, "-p", String(port), "-U", user, database]);

    const query = async (sql: string) => {
      const text = await psql(`SELECT coalesce(json_agg(t), '[]') FROM (${sql}) AS t;`);
      return JSON.parse(text.trim()) as Record<string, unknown>[];
    };

    const loadTable = async (
      table: string,
      path: string,
      load: { types?: Record<string, string> } = {},
    ) => {
      const source = path.endsWith(".parquet")
        ? `read_parquet(${sqlString(path)})`
        : `read_csv(${sqlString(path)}, header = true)`;
      const described = await queryColumns(`DESCRIBE SELECT * FROM ${source}`);
      const names = (described.column_name ?? []).map(String);
      const types = (described.column_type ?? []).map(String);
      const csv = join(dir, `load-${crypto.randomUUID().slice(0, 8)}.csv`);
      await queryColumns(
        `COPY (SELECT * FROM ${source}) TO ${sqlString(csv)} (FORMAT csv, HEADER true)`,
      );
      try {
        const columns = names.map((name, i) =>
          `${ident(name)} ${load.types?.[name] ?? postgresType(types[i]!)}`
        );
        await psql(
          `CREATE TABLE ${ident(table)} (${columns.join(", ")});\n` +
            `\\copy ${ident(table)} FROM '${
              csv.replaceAll("'", "''")
            }' WITH (FORMAT csv, HEADER true)\n` +
            `ANALYZE ${ident(table)};\n`,
        );
      } finally {
        await Deno.remove(csv).catch(() => {});
      }
    };

    return {
      url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
      host: "127.0.0.1",
      port,
      user,
      password,
      database,
      psql,
      query,
      loadTable,
      stop,
    };
  } catch (error) {
    const log = await Deno.readTextFile(join(dir, "log")).catch(() => "");
    await stop();
    if (log) (error as Error).message += `\nServer log:\n${log}`;
    throw error;
  }
}

/** Run `fn` with a fresh server, stopped and deleted afterwards whatever happens. */
export async function withPostgres<T>(fn: (server: PostgresServer) => Promise<T>): Promise<T> {
  const server = await startPostgres();
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}
