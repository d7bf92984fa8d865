import assert from "node:assert/strict";
import * as aq from "arquero";
import {
  cleanTransactions,
  type CleanTransactionsOptions,
  releaseTransactions,
} from "../../lib/clean/transactions.ts";
import { resolveTransactionColumns } from "../../lib/clean/transaction_columns.ts";
import { transactionReportRows } from "../../lib/clean/transaction_report.ts";
import {
  transactionCleaningSQL,
  transactionRulesSQL,
  transactionStageSQL,
} from "../../lib/clean/transactions_sql.ts";
import type { OutlierMethod } from "../../lib/clean/transaction_outliers_sql.ts";
import { transactionsToRFM } from "../../lib/features/rfm.ts";
import { writeXLSX } from "../../lib/io/write_table.ts";
import { duckdb, sqlString } from "../../lib/io/duckdb.ts";

const fixtures = new URL("../fixtures/", import.meta.url).pathname;
const expected = JSON.parse(await Deno.readTextFile(`${fixtures}rfm_expected.json`));

interface FixtureConfig {
  options: { outliers: string; threshold: number | null; net: boolean };
  rules: Record<string, number>;
  lines_out: number;
  as_of: string;
  rfm: Record<string, (number | string | null)[]>;
}
const HEADER =
  "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

async function csv(text: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(path, text);
  return path;
}

async function report(path: string, options = {}) {
  const cleaned = await cleanTransactions(path, options);
  await releaseTransactions(cleaned);
  return cleaned.report;
}

function counts(r: { rules: { rule: string; lines: number }[] }): Record<string, number> {
  return Object.fromEntries(r.rules.filter((x) => x.lines > 0).map((x) => [x.rule, x.lines]));
}

Deno.test("Each rule catches its line in the hand-made file (first failing rule counts)", async () => {
  const r = await report(`${fixtures}rfm_rules.csv`);
  assert.equal(r.linesIn, 29);
  assert.deepEqual(counts(r), {
    missing_customer: 1, // 101
    duplicate: 1, // second copy of 100/A
    cancellation: 3, // C103, C110, C112
    non_positive_quantity: 2, // 104 (0) and 106 (-2, no "C")
    non_positive_price: 1, // 105 (price 0)
    outlier: 2, // 107 (5000 lamps) and 113 (a £2,500 manual line)
  });
  assert.equal(r.linesOut, 19);
  assert.equal(r.customers, 7);
  // Nothing is lost: lines in = lines per rule + lines out.
  assert.equal(r.rules.reduce((s, x) => s + x.lines, 0) + r.linesOut, r.linesIn);
});

Deno.test("Netting cancellations: matched ones fold into their purchase, unmatched are dropped", async () => {
  const r = await report(`${fixtures}rfm_rules.csv`, { netCancellations: true });
  assert.deepEqual(counts(r), {
    missing_customer: 1,
    duplicate: 1,
    cancellation_netted: 2, // C103 against 102, C112 against 111
    cancellation_unmatched: 1, // C110: customer 1004 never bought product Z
    non_positive_quantity: 2,
    non_positive_price: 1,
    netted_to_zero: 1, // 102: all 6 bowls cancelled
    outlier: 2,
  });
  const { table } = await transactionsToRFM(`${fixtures}rfm_rules.csv`, { netCancellations: true });
  const c1004 = (table.objects() as Record<string, number>[]).find((x) =>
    x.customer_id as unknown === "1004"
  )!;
  // 109: 3 × 4, 111: (10 − 4) × 3.5, 120: 4 × 2.5
  assert.equal(c1004.monetary, 12 + 21 + 10);
  assert.equal(c1004.total_quantity, 3 + 6 + 4);
});

for (const file of ["transactions", "rules"] as const) {
  for (
    const [name, config] of Object.entries(expected[file].configs) as [string, FixtureConfig][]
  ) {
    Deno.test(`Cleaning report of ${file} with ${name} matches pandas`, async () => {
      const r = await report(`${fixtures}rfm_${file}.csv`, {
        outliers: config.options.outliers as OutlierMethod,
        outlierThreshold: config.options.threshold ?? undefined,
        netCancellations: config.options.net,
      });
      assert.equal(r.linesIn, expected[file].lines);
      assert.deepEqual(counts(r), config.rules);
      assert.equal(r.linesOut, config.lines_out);
    });
  }
}

Deno.test("The quantile rule caps extreme values and keeps the lines", async () => {
  const r = await report(`${fixtures}rfm_rules.csv`, {
    outliers: "quantile",
    outlierThreshold: 0.9,
  });
  const capped = r.rules.find((x) => x.rule === "outlier_capped")!;
  assert.equal(capped.action, "capped");
  assert.ok(capped.lines >= 2);
  assert.equal(r.linesOut, 21); // capped lines stay
});

Deno.test("The report lists every applicable rule, zeros included, with lines in and out", async () => {
  const r = await report(`${fixtures}rfm_rules.csv`, { outliers: "none" });
  assert.deepEqual(r.rules.map((x) => x.rule), [
    "missing_customer",
    "duplicate",
    "cancellation",
    "non_positive_quantity",
    "non_positive_price",
  ]);
  const rows = transactionReportRows(r);
  assert.equal(rows[0]!.step, "lines_in");
  assert.equal(rows.at(-1)!.step, "lines_out");
  assert.equal(rows.at(-1)!.lines, 21);
});

Deno.test("CSV, Parquet and XLSX inputs give the same report and RFM", async () => {
  const source = `${fixtures}rfm_rules.csv`;
  const dir = await Deno.makeTempDir();
  const con = await duckdb();
  await con.run(
    `COPY (SELECT * FROM read_csv(${
      sqlString(source)
    }, header = true, types = {'CustomerID': 'VARCHAR', 'InvoiceNo': 'VARCHAR'})) TO ${
      sqlString(`${dir}/lines.parquet`)
    } (FORMAT parquet)`,
  );
  const text = (await Deno.readTextFile(source)).trim().split("\n").map((l) =>
    l.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, "").replace(/^"|"$/g, ""))
  );
  const header = text[0]!.filter((c) => c !== "");
  const rows = text.slice(1).map((r) => r.slice(0, header.length));
  const cols: Record<string, unknown[]> = {};
  header.forEach((h, j) => {
    cols[h] = rows.map((r) => {
      const v = r[j]!;
      if (h === "Quantity" || h === "UnitPrice") return Number(v);
      return v === "" ? null : v;
    });
  });
  await writeXLSX(aq.table(cols), `${dir}/lines.xlsx`);
  const a = await transactionsToRFM(source);
  const b = await transactionsToRFM(`${dir}/lines.parquet`);
  const c = await transactionsToRFM(`${dir}/lines.xlsx`);
  assert.deepEqual(counts(b.report), counts(a.report));
  assert.deepEqual(counts(c.report), counts(a.report));
  assert.deepEqual(b.table.objects(), a.table.objects());
  assert.deepEqual(c.table.objects(), a.table.objects());
});

Deno.test("Identifiers stay text even when the first lines look numeric", async () => {
  // Invoice numbers are numeric for the first lines, then "C…": must not break the reader.
  let text = HEADER;
  for (let i = 0; i < 30000; i++) {
    text += `${1000 + i},A,X,1,2024-01-01 10:00:00,2,${10 + (i % 50)},UK\n`;
  }
  text += `C99999,A,X,-1,2024-01-02 10:00:00,2,10,UK\n`;
  const r = await report(await csv(text), { outliers: "none" });
  assert.equal(counts(r).cancellation, 1);
});

// --- bad input: one clear error naming file, column and row ---

Deno.test("Unparseable date names the column and row", async () => {
  const path = await csv(
    HEADER + "1,A,X,1,2024-01-01 10:00:00,2,10,UK\n2,A,X,1,31/02/2024,2,10,UK\n",
  );
  await assert.rejects(
    () => cleanTransactions(path),
    (e: Error) => {
      assert.equal(e.name, "InputError");
      assert.match(
        e.message,
        /^Unparseable date: "31\/02\/2024" \(file .*, column "InvoiceDate", row 2\)/,
      );
      assert.match(e.message, /--date-format/);
      return true;
    },
  );
});

Deno.test("A bad date far down the file (after type sniffing) is still found by row", async () => {
  let text = HEADER;
  for (let i = 0; i < 25000; i++) text += `${i},A,X,1,2024-01-01 10:00:00,2,10,UK\n`;
  text += "x,A,X,1,not a date,2,10,UK\n";
  await assert.rejects(
    async () => cleanTransactions(await csv(text)),
    /Unparseable date: "not a date" \(file .*, column "InvoiceDate", row 25001\)/,
  );
});

Deno.test("Text dates in another format parse with dateFormat", async () => {
  const path = await csv(
    HEADER + "1,A,X,1,05/01/2024 10:00,2,10,UK\n2,A,X,1,06/01/2024 11:30,2,10,UK\n",
  );
  const { table, asOf } = await transactionsToRFM(path, {
    dateFormat: "%d/%m/%Y %H:%M",
    outliers: "none",
  });
  assert.equal(asOf, "2024-01-07");
  assert.deepEqual(table.array("frequency"), [2]);
});

Deno.test("Non-numeric quantity and price name the column and row", async () => {
  let text = HEADER;
  for (let i = 0; i < 25000; i++) text += `${i},A,X,1,2024-01-01 10:00:00,2,10,UK\n`;
  await assert.rejects(
    async () => cleanTransactions(await csv(text + "x,A,X,two,2024-01-01 10:00:00,2,10,UK\n")),
    /Not a number in quantity: "two" \(file .*, column "Quantity", row 25001\)/,
  );
  await assert.rejects(
    async () => cleanTransactions(await csv(HEADER + "1,A,X,1,2024-01-01 10:00:00,£2.50,10,UK\n")),
    /Not a number in price: "£2.50" \(file .*, column "UnitPrice", row 1\)/,
  );
  await assert.rejects(
    async () =>
      cleanTransactions(
        await csv(
          HEADER + "1,A,X,,2024-01-01 10:00:00,2,10,UK\n2,A,X,1,2024-01-01 10:00:00,2,10,UK\n",
        ),
      ),
    /Missing quantity \(file .*, column "Quantity", row 1\)/,
  );
});

Deno.test("Missing columns: required roles and named columns", async () => {
  await assert.rejects(
    async () =>
      cleanTransactions(await csv("InvoiceNo,Quantity,InvoiceDate,UnitPrice\n1,1,2024-01-01,2\n")),
    /Required column not found: customer .*--customer COL; available columns: InvoiceNo, Quantity, InvoiceDate, UnitPrice/,
  );
  await assert.rejects(
    () => cleanTransactions(`${fixtures}rfm_rules.csv`, { columns: { customer: "Client" } }),
    /Column not found: "Client" .*The customer column must be one of: InvoiceNo/,
  );
  assert.throws(
    () => resolveTransactionColumns(["CustomerID", "InvoiceDate", "Quantity"]),
    /Required column not found: price/,
  );
});

Deno.test("Empty file and header-only file are clear errors", async () => {
  await assert.rejects(async () => cleanTransactions(await csv("")), /File is empty/);
  await assert.rejects(async () => cleanTransactions(await csv(HEADER)), /No data rows \(file /);
  await assert.rejects(() => cleanTransactions("/no/such/file.csv"), /File not found/);
});

Deno.test("Bad options are input errors", async () => {
  await assert.rejects(
    () => cleanTransactions(`${fixtures}rfm_rules.csv`, { outliers: "mad" as OutlierMethod }),
    /Unknown outlier rule: "mad"/,
  );
  await assert.rejects(
    () =>
      cleanTransactions(`${fixtures}rfm_rules.csv`, { outliers: "quantile", outlierThreshold: 5 }),
    /Invalid outlier threshold: 5/,
  );
  const noProduct = await csv(
    "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,1,2024-01-01,2,a\n",
  );
  await assert.rejects(
    () => cleanTransactions(noProduct, { netCancellations: true }),
    /Netting cancellations needs invoice and product columns/,
  );
  await assert.rejects(
    () => transactionsToRFM(noProduct, { asOf: "2024-13-01" }),
    /Invalid as-of date/,
  );
  await assert.rejects(
    () => transactionsToRFM(noProduct, { asOf: "2023-01-01" }),
    /No purchases before the as-of date 2023-01-01/,
  );
});

Deno.test("The cleaning SQL for given options is readable text", () => {
  const sql = transactionCleaningSQL({
    source: "read_parquet('lines.parquet')",
    roles: {
      customer: "CustomerID",
      date: "InvoiceDate",
      invoice: "InvoiceNo",
      quantity: "Quantity",
      price: "UnitPrice",
    },
    allColumns: ["InvoiceNo", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"],
    outliers: "zscore",
  });
  assert.match(sql, /FROM read_parquet\('lines.parquet'\)/);
  assert.match(sql, /WHEN customer IS NULL THEN 'missing_customer'/);
  assert.match(sql, /WHEN line_no IN \(SELECT line_no FROM duplicates\) THEN 'duplicate'/);
  assert.match(sql, /stddev_samp/);
  assert.ok(!sql.includes("matches AS"));
});

Deno.test("The seeded generator rebuilds the bundled sample byte for byte, with every flaw planted", async () => {
  const { generateTransactions } = await import("../../data/generate_transactions.ts");
  const text = [...generateTransactions()].join("");
  const bundled = await Deno.readTextFile(
    new URL("../../data/transactions_sample.csv", import.meta.url),
  );
  assert.equal(text, bundled);
  const r = await report(new URL("../../data/transactions_sample.csv", import.meta.url).pathname);
  assert.equal(r.linesIn, 50000);
  const c = counts(r);
  for (
    const rule of [
      "missing_customer",
      "duplicate",
      "cancellation",
      "non_positive_quantity",
      "non_positive_price",
      "outlier",
    ]
  ) {
    assert.ok((c[rule] ?? 0) > 0, rule);
  }
  assert.ok(
    c.cancellation! / r.linesIn > 0.015 && c.cancellation! / r.linesIn < 0.025,
    "about 2% cancellations",
  );
  assert.ok(r.customers > 2000, "several thousand customers");
});

Deno.test("Without an invoice column exact copies are kept and counted as possible duplicates", async () => {
  const path = await csv(
    "customer,date,amount\n" +
      "12347.0,2024-01-02,10\n12347.0,2024-01-02,10\n0042,2024-01-03,5\n0042,2024-02-03,7\n",
  );
  const kept = await report(path);
  assert.equal(counts(kept).possible_duplicate, 1);
  assert.equal(counts(kept).duplicate, undefined);
  assert.equal(kept.linesOut, 4, "the copy is kept");
  assert.equal(kept.rules.find((r) => r.rule === "possible_duplicate")?.action, "kept");
  const rfm = await transactionsToRFM(path, { asOf: "2024-03-01" });
  const ids = Array.from(rfm.table.array("customer_id") as ArrayLike<string>).sort();
  assert.deepEqual(ids, ["0042", "12347"], "float ids lose .0, leading zeros stay");
  const customers = Array.from(rfm.table.array("customer_id") as ArrayLike<string>);
  const monetary = Array.from(rfm.table.array("monetary") as ArrayLike<number>);
  assert.equal(monetary[customers.indexOf("12347")], 20, "both copies count");
  assert.equal(monetary[customers.indexOf("0042")], 12);
  const dropped = await report(path, { dropDuplicates: true });
  assert.equal(counts(dropped).duplicate, 1);
  assert.equal(dropped.linesOut, 3);
});

Deno.test("Customer ids and cancellations read as before the cheaper per-line SQL", async () => {
  // Ids: a whole number written as a float loses its ".0…" (spaces trimmed);
  // any other id with a "." stays as written. Invoices starting with "c" or "C" cancel.
  const path = await csv(
    "InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n" +
      "1, 12347.00 ,2024-01-02,1,10\n2,-5.0,2024-01-02,1,10\n3,12.5,2024-01-03,1,10\n" +
      "4,A.0,2024-01-03,1,10\n5,0042,2024-01-03,1,10\nc6,0042,2024-01-04,-1,10\n" +
      "C7,0042,2024-01-04,-1,10\n8,.0,2024-01-05,1,10\n",
  );
  const cleaned = await report(path, { outliers: "none" });
  assert.equal(counts(cleaned).cancellation, 2);
  const rfm = await transactionsToRFM(path, { outliers: "none", asOf: "2024-03-01" });
  const ids = Array.from(rfm.table.array("customer_id") as ArrayLike<string>).sort();
  assert.deepEqual(ids, ["-5", ".0", "0042", "12.5", "12347", "A.0"]);
});

/**
 * Run the staged statements on `file` with the options and roles of a
 * one-pass cleaning and count the lines where the two tables differ, and
 * the copies of earlier lines the stage finds.
 */
async function stagedDifferences(
  file: string,
  cleaned: Awaited<ReturnType<typeof cleanTransactions>>,
  options: CleanTransactionsOptions,
): Promise<{ differ: number; copies: number }> {
  const con = await duckdb();
  const described = await con.runAndReadAll(
    `DESCRIBE SELECT * FROM read_csv(${sqlString(file)}, header = true)`,
  );
  const names = described.getRows().map((r) => String(r[0]));
  const types = Object.fromEntries(described.getRows().map((r) => [String(r[0]), String(r[1])]));
  const ids = names.filter((n) => ["InvoiceNo", "StockCode", "CustomerID"].includes(n));
  const staged = {
    ...options,
    source: `read_csv(${sqlString(file)}, header = true, types = {${
      ids.map((n) => `'${n}': 'VARCHAR'`).join(", ")
    }})`,
    roles: cleaned.roles,
    allColumns: names,
    description: cleaned.description,
    types,
    prefix: "staged_check",
  };
  await con.run(transactionStageSQL(staged));
  await con.run(transactionRulesSQL(staged));
  const count = async (sql: string) => Number((await con.runAndReadAll(sql)).getRows()[0]![0]);
  try {
    return {
      differ: await count(
        `SELECT count(*) FROM ((SELECT * FROM ${cleaned.table} EXCEPT ALL SELECT * FROM staged_check_lines)
           UNION ALL (SELECT * FROM staged_check_lines EXCEPT ALL SELECT * FROM ${cleaned.table}))`,
      ),
      copies: await count(
        `SELECT count(*) FROM (SELECT row_number() OVER (PARTITION BY fingerprint ORDER BY rowid) AS n
           FROM staged_check_stage) WHERE n > 1`,
      ),
    };
  } finally {
    await con.run("DROP TABLE staged_check_stage; DROP TABLE staged_check_lines;");
  }
}

Deno.test("One pass over the file gives the staged statements' lines, rule for rule", async () => {
  // Copies that also lack a customer or cancel, a copy of a bad-quantity line
  // and an outlier: every rule's order matters here.
  const path = await csv(
    HEADER +
      "1,A,Cup,2,2024-01-02 10:00:00,3.5,7,UK\n" +
      "1,A,Cup,2,2024-01-02 10:00:00,3.5,7,UK\n" + // duplicate
      "2,B,Bowl,1,2024-01-03 10:00:00,2,,UK\n" +
      "2,B,Bowl,1,2024-01-03 10:00:00,2,,UK\n" + // missing customer before duplicate
      "C3,A,Cup,-1,2024-01-04 10:00:00,3.5,7,UK\n" +
      "C3,A,Cup,-1,2024-01-04 10:00:00,3.5,7,UK\n" + // duplicate before cancellation
      "4,C,Lamp,0,2024-01-05 10:00:00,9,8,FR\n" +
      "4,C,Lamp,0,2024-01-05 10:00:00,9,8,FR\n" + // duplicate before non-positive quantity
      "5,D,Rug,5000,2024-01-06 10:00:00,3,8,FR\n" + // outlier
      Array.from(
        { length: 40 },
        (_, i) =>
          `${10 + i},E,Mug,${1 + (i % 4)},2024-02-0${1 + (i % 9)} 09:00:00,${2 + (i % 3)},${
            100 + (i % 6)
          },UK\n`,
      ).join(""),
  );
  const cleaned = await cleanTransactions(path, {});
  assert.ok(cleaned.sql[0]!.startsWith("-- Lines"), "the one-pass statements ran");
  const { differ } = await stagedDifferences(path, cleaned, {});
  const rules = await (await duckdb()).runAndReadAll(
    `SELECT rule, count(*) FROM ${cleaned.table} GROUP BY rule ORDER BY rule NULLS FIRST`,
  );
  await releaseTransactions(cleaned);
  assert.equal(differ, 0);
  assert.deepEqual(rules.getRows().map(([rule, n]) => [rule, Number(n)]), [
    [null, 41],
    ["cancellation", 1],
    ["duplicate", 3],
    ["missing_customer", 2],
    ["non_positive_quantity", 1],
    ["outlier", 1],
  ]);
});

Deno.test("One pass equals the staged statements on the bundled sample, for each outlier rule and without invoices", async () => {
  const sample = new URL("../../data/transactions_sample.csv", import.meta.url).pathname;
  const con = await duckdb();
  // The same lines without the invoice column: copies are then kept and counted.
  const noInvoice = await Deno.makeTempFile({ suffix: ".csv" });
  await con.run(
    `COPY (SELECT * EXCLUDE (InvoiceNo) FROM read_csv(${sqlString(sample)}, header = true, ` +
      `types = {'CustomerID': 'VARCHAR', 'StockCode': 'VARCHAR'})) TO ${
        sqlString(noInvoice)
      } (HEADER)`,
  );
  const cases = [
    { file: sample, options: { outliers: "iqr" as const } },
    { file: sample, options: { outliers: "zscore" as const, outlierThreshold: 2.5 } },
    { file: sample, options: { outliers: "none" as const } },
    { file: noInvoice, options: { outliers: "iqr" as const } },
    { file: noInvoice, options: { outliers: "none" as const, dropDuplicates: true } },
  ];
  for (const { file, options } of cases) {
    const label = `${file === sample ? "sample" : "no invoice"} ${JSON.stringify(options)}`;
    const cleaned = await cleanTransactions(file, options);
    assert.ok(cleaned.sql[0]!.startsWith("-- Lines"), label);
    const { differ, copies } = await stagedDifferences(file, cleaned, options);
    await releaseTransactions(cleaned);
    assert.equal(differ, 0, label);
    const counted = cleaned.report.rules.find((r) => r.rule === "possible_duplicate")?.lines ??
      cleaned.report.rules.find((r) => r.rule === "duplicate")?.lines;
    assert.ok(copies > 0, label);
    if (file === noInvoice && options.dropDuplicates !== true) {
      assert.equal(counted, copies, `${label}: possible duplicates`);
    }
  }
  await Deno.remove(noInvoice);
});
