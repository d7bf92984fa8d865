/**
 * PostgreSQL through the `postgres` npm client: one session (temporary tables
 * live as long as it does), 64-bit integers and NUMERIC values as numbers, and
 * every error turned into one line naming the redacted URL and the table.
 *
 * @module
 */
import postgres from "postgres";
import { InputError, isInputError } from "../errors.ts";
import {
  commonType,
  type SqlConnection,
  type SqlRunResult,
  type SqlStatement,
  type TableColumn,
} from "./connection.ts";
import { redactUrl } from "./connection_url.ts";
import { POSTGRES } from "./postgres_dialect.ts";
import { runStatements } from "./run_statements.ts";

/** What PostgreSQL's SQLSTATE codes mean for the user, and what to do. */
const SQLSTATES: Record<string, { problem: string; hint: string }> = {
  "28P01": {
    problem: "Wrong password or user name",
    hint: "check the user and password in the URL (or $PGPASSWORD)",
  },
  "28000": {
    problem: "The server refused the login",
    hint: "check the user name and the server's pg_hba.conf",
  },
  "3D000": {
    problem: "Database not found",
    hint: "check the database name at the end of the URL",
  },
  "42P01": { problem: "Table not found", hint: "check --table (schema.table for another schema)" },
  "42703": { problem: "Column not found", hint: "check the column options" },
  "42501": {
    problem: "Permission denied",
    hint: "ask for SELECT on the table (and CREATE on the schema for --into)",
  },
  "22P02": {
    problem: "A value of the wrong type",
    hint: "the column holds values that do not read as its role needs (a number, a date)",
  },
  "22007": {
    problem: "A date that does not read",
    hint: "use a date or timestamp column, or text written as YYYY-MM-DD",
  },
  "22008": {
    problem: "A date out of range",
    hint: "use a date or timestamp column, or text written as YYYY-MM-DD",
  },
  "42883": {
    problem: "A column of the wrong type",
    hint: "check that each role's column has the type it needs (numbers, dates, text)",
  },
  "42804": {
    problem: "A column of the wrong type",
    hint: "check that each role's column has the type it needs (numbers, dates, text)",
  },
};

/** One line for a PostgreSQL or network error, with the password redacted. */
export function postgresError(
  error: unknown,
  where: { database: string; table?: string },
): InputError {
  if (isInputError(error)) return error;
  const e = error as { code?: string; message?: string; column_name?: string };
  const message = redactUrl(String(e?.message ?? error)).split("\n")[0]!;
  const known = e?.code !== undefined ? SQLSTATES[e.code] : undefined;
  const column = /column "?([^"\s]+)"? does not exist/.exec(message)?.[1] ?? e?.column_name;
  if (known !== undefined) {
    return new InputError(`${known.problem}: ${message}`, {
      database: where.database,
      table: where.table,
      ...(column !== undefined && e.code === "42703" ? { column } : {}),
      hint: known.hint,
    });
  }
  if (
    /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|CONNECT_TIMEOUT|ECONNRESET/.test(
      `${e?.code} ${message}`,
    )
  ) {
    return new InputError(`Cannot reach the server: ${message}`, {
      database: where.database,
      table: where.table,
      hint: "check the host and port in the URL and that PostgreSQL is running",
    });
  }
  return new InputError(`The database refused a statement: ${message}`, {
    database: where.database,
    table: where.table,
    hint: "see the message; the statement ran in the database",
  });
}

/**
 * Open a session on a PostgreSQL server.
 *
 * @example
 * ```ts ignore
 * // Needs a server: see tests/sql/postgres_server.ts.
 * import { openPostgres } from "./postgres_connection.ts";
 * const db = openPostgres("postgres://ann:secret@localhost:5432/shop");
 * const columns = await db.describe("lines");
 * await db.close();
 * ```
 */
export function openPostgres(url: string): SqlConnection {
  const label = redactUrl(url);
  const parse = (v: string) => Number(v);
  const sql = postgres(url, {
    max: 1,
    connect_timeout: 10,
    onnotice: () => {},
    // bigint (20) and numeric (1700) as numbers; the pipelines cast what they bring back.
    types: {
      bigint: { to: 20, from: [20, 1700], serialize: (v: number) => String(v), parse },
    },
  });
  const where = (table?: string) => ({ database: label, table });

  return {
    dialect: POSTGRES,
    label,
    async describe(table: string): Promise<TableColumn[]> {
      const parts = table.split(".");
      const name = parts.pop()!;
      const schema = parts.pop();
      let rows: Record<string, unknown>[];
      try {
        rows = await sql.unsafe(
          `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
           FROM pg_attribute AS a
           WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
           ORDER BY a.attnum`,
          [schema === undefined ? POSTGRES.identifier(name) : POSTGRES.tableName(table)],
        );
      } catch (error) {
        throw postgresError(error, where(table));
      }
      if (rows.length === 0) {
        throw new InputError("Table not found", {
          database: label,
          table,
          hint: "check --table (schema.table for another schema) and that the user may see it",
        });
      }
      return rows.map((r) => ({
        name: String(r.name),
        engineType: String(r.type),
        type: commonType(String(r.type)),
      }));
    },
    run(statements: readonly SqlStatement[], context = {}): Promise<SqlRunResult> {
      return runStatements(statements, {
        execute: async (statement, rows) => {
          const got = await sql.unsafe(statement);
          return rows ? got.map((r) => ({ ...r })) : undefined;
        },
        error: (error) => postgresError(error, where(context.table)),
      });
    },
    async close(): Promise<void> {
      await sql.end({ timeout: 5 }).catch(() => {});
    },
  };
}
