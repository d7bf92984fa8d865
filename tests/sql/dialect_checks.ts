// Queries that pin down each dialect's pieces, with the answers computed here: exact double
// literals, NaN and ±Infinity as missing, text read as numbers, dates from text, exact quantiles
// (numpy's linear interpolation), the MD5 hash fraction (the same in every engine), regular
// expressions and the row carried through derived tables. Run on DuckDB, PostgreSQL and Spark.
import { createHash } from "node:crypto";
import { finiteOrNull, hashFraction, type SqlDialect } from "../../lib/sql/dialect.ts";
import { percentileSorted } from "../../lib/prepare/scale.ts";

/** One query (one row) and the row it must give. */
export interface DialectCheck {
  name: string;
  sql: string;
  expected: Record<string, unknown>;
}

const LITERALS = [0.1, 1 / 3, -2.5e-300, 1.7976931348623157e308, 5e-324, 123456789.12345678, 1e21];
const SAMPLE = [3.5, 1, 10, 7.25, 2, 2, 9.75];
const QS = [0, 0.2, 0.25, 0.5, 0.8, 1];

/** The checks, written in dialect `d`. */
export function dialectChecks(d: SqlDialect): DialectCheck[] {
  const sorted = Float64Array.from(SAMPLE).sort();
  const values = `(VALUES ${SAMPLE.map((x) => `(${d.number(x)})`).join(", ")}) AS t(x)`;
  const s = d.string("21-08-2013");
  const p = "^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})$";
  const date = d.makeDate(d.regexpGroup(s, p, 3), d.regexpGroup(s, p, 2), d.regexpGroup(s, p, 1));
  const md5 = createHash("md5").update("7:C00001").digest("hex");
  return [
    {
      name: "literals",
      sql: `SELECT ${LITERALS.map((v, i) => `${d.number(v)} AS v${i}`).join(", ")}`,
      expected: Object.fromEntries(LITERALS.map((v, i) => [`v${i}`, v])),
    },
    {
      name: "specials",
      sql: `SELECT ${finiteOrNull(d, d.number(NaN))} AS nan, ${
        finiteOrNull(d, d.number(-Infinity))
      } AS ninf, ${finiteOrNull(d, d.number(2.5))} AS two`,
      expected: { nan: null, ninf: null, two: 2.5 },
    },
    {
      name: "text",
      sql: `SELECT ${d.parseDouble(d.trim(d.string(" 4.4 ")))} AS a, ${
        d.parseDouble(d.trim(d.string("  ")))
      } AS blank, ${d.log1p(d.number(3))} AS l, ${d.toText(d.string("x"))} AS x`,
      expected: { a: 4.4, blank: null, l: Math.log(4), x: "x" },
    },
    {
      name: "dates",
      sql: `SELECT ${d.daysBetween(date, d.dateLiteral("2014-01-01"))} AS days, CASE WHEN ${
        d.matches(s, p)
      } THEN 1 ELSE 0 END AS matched`,
      expected: { days: (Date.UTC(2014, 0, 1) - Date.UTC(2013, 7, 21)) / 86_400_000, matched: 1 },
    },
    {
      name: "quantiles",
      sql: `SELECT ${QS.map((q, i) => `${d.quantile("x", q)} AS q${i}`).join(", ")} FROM ${values}`,
      expected: Object.fromEntries(QS.map((q, i) => [`q${i}`, percentileSorted(sorted, q * 100)])),
    },
    {
      name: "hash",
      sql: `SELECT ${hashFraction(d, d.string("C00001"), 7)} AS f, ${
        d.greatest([d.number(1), d.number(3)])
      } AS g, ${d.least([d.number(1), d.number(3)])} AS l, ${d.exp(d.number(-800))} AS tiny`,
      expected: { f: parseInt(md5.slice(0, 8), 16) / 2 ** 32, g: 3, l: 1, tiny: 0 },
    },
    {
      name: "carried",
      sql: `SELECT ${d.restoreRow([d.identifier("h")], "o")} FROM (${
        d.fence(
          `SELECT *, 1 AS ${d.identifier("h")} FROM (${
            d.fence(`SELECT ${d.carryRow("src")} FROM (SELECT 5 AS a, 'b' AS b) src`)
          }) i`,
        )
      }) o`,
      expected: { a: 5, b: "b" },
    },
  ];
}

/** Differences between rows got and expected (numbers compared as numbers), one line each. */
export function checkProblems(
  check: DialectCheck,
  row: Record<string, unknown> | undefined,
): string[] {
  if (row === undefined) return [`${check.name}: no row`];
  return Object.entries(check.expected).flatMap(([key, want]) => {
    const got = row[key] ?? null;
    const same = typeof want === "number" ? Number(got) === want && got !== null : got === want;
    return same ? [] : [`${check.name}.${key}: ${JSON.stringify(got)}, expected ${want}`];
  });
}
