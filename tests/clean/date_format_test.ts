/**
 * Dates written as text in a form of their own: the one format reading every
 * value is found (month first, day first with dots, two-digit years), the
 * lines aggregate as the same lines written in ISO form do, the user is told;
 * both orders reading every value is an error asking which; mixed forms keep
 * the error naming the line; a given format is never second-guessed.
 */
import assert from "node:assert/strict";
import { cleanTransactions, releaseTransactions } from "../../lib/clean/transactions.ts";
import { aggregateRFM } from "../../lib/features/rfm.ts";
import { runRFM } from "../../lib/rfm/run_rfm.ts";

const HEADER = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n";

/** Seeded lines over 2023–2024, each date written by `write` (from year, month, day, hour, minute). */
function lines(
  write: (y: number, m: number, d: number, h: number, min: number) => string,
  count = 3000,
): string {
  let state = 7;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    // Days of the month stay at 12 or below for the first 2,500 lines (past what a
    // reader samples), so only the last lines tell day first from month first.
    const day = i < count - 500 ? 1 + Math.floor(next() * 12) : 1 + Math.floor(next() * 28);
    const date = write(
      2023 + Math.floor(next() * 2),
      1 + Math.floor(next() * 12),
      day,
      Math.floor(next() * 24),
      Math.floor(next() * 60),
    );
    rows.push(`${i},P${i % 7},${1 + (i % 3)},${date},2.5,C${Math.floor(next() * 200)}`);
  }
  return HEADER + rows.join("\n") + "\n";
}

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (y: number, m: number, d: number, h: number, min: number) =>
  `${y}-${pad(m)}-${pad(d)} ${pad(h)}:${pad(min)}:00`;

async function file(text: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(path, text);
  return path;
}

/** The per-customer table of a file's lines, and the cleaning's found format. */
async function customers(path: string) {
  const cleaned = await cleanTransactions(path, { outliers: "none" });
  try {
    const rfm = await aggregateRFM(cleaned, { asOf: "2025-01-01" });
    return { rows: rfm.table.objects(), found: cleaned.dateFormat, report: cleaned.report };
  } finally {
    await releaseTransactions(cleaned);
  }
}

Deno.test("month first, day first with dots and two-digit years are found and read as ISO dates are", async () => {
  const expected = (await customers(await file(lines(iso)))).rows;
  const cases = [
    {
      format: "%m/%d/%Y %H:%M",
      write: (y: number, m: number, d: number, h: number, min: number) =>
        `${m}/${d}/${y} ${h}:${pad(min)}`,
    },
    {
      format: "%d.%m.%Y %H:%M:%S",
      write: (y: number, m: number, d: number, h: number, min: number) =>
        `${pad(d)}.${pad(m)}.${y} ${pad(h)}:${pad(min)}:00`,
    },
    {
      format: "%d/%m/%y %H:%M",
      write: (y: number, m: number, d: number, h: number, min: number) =>
        `${d}/${m}/${y % 100} ${h}:${pad(min)}`,
    },
  ];
  for (const { format, write } of cases) {
    const { rows, found, report } = await customers(await file(lines(write)));
    assert.equal(found?.format, format, "found from every value, not taken from a sample");
    assert.equal(report.dateFormat, format);
    assert.deepEqual(rows, expected, format);
    // The example shows the order: a day above 12, read as such.
    const day = Number(found!.read.slice(8, 10));
    assert.ok(day > 12, `${found!.example} → ${found!.read}`);
  }
});

Deno.test("the run says which format it found, and the cleaning report shows it", async () => {
  const path = await file(lines((y, m, d, h, min) => `${m}/${d}/${y} ${h}:${pad(min)}`));
  const notes: string[] = [];
  const run = await runRFM(path, { outliers: "none", onNote: (line) => notes.push(line) });
  assert.match(notes[0]!, /^Dates of "InvoiceDate" read as %m\/%d\/%Y %H:%M \("\d+\/\d+\/\d{4} /);
  assert.match(notes[0]!, /give --date-format to read them otherwise$/);
  assert.match(
    run.files["cleaning_report.csv"]!,
    /^step,.*\nlines_in,Lines read \(dates as %m\/%d\/%Y %H:%M\),/,
  );
  assert.equal(JSON.parse(run.files["cleaning_report.json"]!).dateFormat, "%m/%d/%Y %H:%M");
});

Deno.test("dates that read either day first or month first are an error asking which", async () => {
  const path = await file(
    lines((y, m, d) => `${d}/${m}/${y}`, 400)
      .replace(
        /,(\d+)\/(\d+)\/(\d{4}),/g,
        (_, d, m, y) => `,${Math.min(Number(d), 12)}/${m}/${y},`,
      ),
  );
  await assert.rejects(cleanTransactions(path, { outliers: "none" }), {
    name: "InputError",
    message: new RegExp(
      `^Dates such as "[^"]+" read either day first or month first \\(file ${path}, column "InvoiceDate"\\)\\. ` +
        `Give their format with --date-format: "%m/%d/%Y" \\(month first\\) or "%d/%m/%Y" \\(day first\\)\\.$`,
    ),
  });
});

Deno.test("mixed forms keep the error naming the first line no format reads; a given format is kept", async () => {
  const mixed = lines(iso, 200).replace(/2024-(\d\d)-(\d\d) (\d\d:\d\d):00/, "$1/$2/2024 $3");
  const path = await file(mixed);
  await assert.rejects(cleanTransactions(path, { outliers: "none" }), {
    name: "InputError",
    message:
      /^Unparseable date: "\d\d\/\d\d\/2024 \d\d:\d\d" \(file .*, column "InvoiceDate", row \d+\)/,
  });
  // Given, the format is the user's: a line it does not read is an error, not a second guess.
  const monthFirst = await file(lines((y, m, d, h, min) => `${m}/${d}/${y} ${h}:${pad(min)}`, 200));
  await assert.rejects(
    cleanTransactions(monthFirst, { outliers: "none", dateFormat: "%d/%m/%Y %H:%M" }),
    { name: "InputError", message: /^Unparseable date: "\d+\/(1[3-9]|2\d)\/\d{4} / },
  );
  const given = await customers(await file(lines(iso, 200)));
  assert.equal(given.found, undefined, "ISO dates need no format");
  assert.equal(given.report.dateFormat, undefined);
});
