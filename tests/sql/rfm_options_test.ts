/**
 * The cleaning options in PostgreSQL's SQL: netting cancellations, the
 * quantile cap, z-score fences, a line-amount column without invoices (kept
 * copies counted apart) and a given as-of date give the file run's rfm.csv
 * and cleaning report.
 */
import assert from "node:assert/strict";
import { runRFM } from "../../lib/rfm/run_rfm.ts";
import type { RFMOptions } from "../../lib/rfm/rfm_options.ts";
import { runDatabaseRFM } from "../../lib/rfm/run_rfm_db.ts";
import { skipPostgresTests, withPostgres } from "./postgres_server.ts";

const RULES = new URL("../fixtures/rfm_rules.csv", import.meta.url).pathname;
const SAMPLE = new URL("../../data/transactions_sample.csv", import.meta.url).pathname;
const COLUMNS = {
  customer: "CustomerID",
  invoice: "InvoiceNo",
  date: "InvoiceDate",
  quantity: "Quantity",
  price: "UnitPrice",
};

const CASES: { name: string; file: string; table: string; options: RFMOptions }[] = [
  {
    name: "netting and the quantile cap, as of a date",
    file: RULES,
    table: "rules",
    options: { columns: COLUMNS, asOf: "2024-04-15", outliers: "quantile", netCancellations: true },
  },
  {
    name: "z-score fences",
    file: RULES,
    table: "rules",
    options: { columns: COLUMNS, outliers: "zscore" },
  },
  {
    name: "netting on the sample",
    file: SAMPLE,
    table: "sample",
    options: { outliers: "quantile", netCancellations: true },
  },
  {
    name: "an amount column, no invoices",
    file: SAMPLE,
    table: "sample",
    options: {
      columns: {
        customer: "CustomerID",
        date: "InvoiceDate",
        amount: "UnitPrice",
        product: "StockCode",
      },
    },
  },
  {
    name: "a given as-of date",
    file: SAMPLE,
    table: "sample",
    options: { asOf: "2024-06-01", outliers: "none" },
  },
];

Deno.test({
  name: "rfm --db options on PostgreSQL give the file run's rfm.csv and cleaning report",
  ignore: await skipPostgresTests(),
  fn: async (t) => {
    await withPostgres(async (pg) => {
      await pg.loadTable("rules", RULES);
      await pg.loadTable("sample", SAMPLE);
      for (const c of CASES) {
        await t.step(c.name, async () => {
          const file = await runRFM(c.file, c.options);
          const db = await runDatabaseRFM({ db: pg.url, table: c.table, ...c.options });
          assert.equal(db.into, undefined);
          if (db.into !== undefined) return;
          assert.equal(db.files["rfm.csv"], file.files["rfm.csv"]);
          assert.deepEqual(db.cleaning.report.rules, file.cleaning.report.rules);
        });
      }
    });
  },
});
