// One test per row of the bad-input table (docs/bad_input.md). Fixtures live in
// tests/fixtures/bad_inputs/ and are made by tests/fixtures/scripts/make_bad_inputs.ts.
import { deepEqual, equal, ok, rejects, throws } from "node:assert/strict";
import { join } from "node:path";
import { InputError } from "../../lib/errors.ts";
import { fromCSV, fromXLSX, loadCSV, readTable } from "../../lib/io/mod.ts";
import { badInputFiles } from "../fixtures/scripts/make_bad_inputs.ts";

const DIR = join(import.meta.dirname!, "..", "fixtures", "bad_inputs");
const fixture = (name: string) => join(DIR, name);

/** Reading `name` fails with one InputError line matching `pattern`. */
async function refuses(
  name: string,
  pattern: RegExp,
  where: { column?: string; row?: number } = {},
  options: Parameters<typeof readTable>[1] = {},
): Promise<InputError> {
  let caught: unknown;
  await rejects(readTable(fixture(name), options), (e) => {
    caught = e;
    return true;
  });
  ok(caught instanceof InputError, `expected InputError, got ${caught}`);
  const error = caught as InputError;
  ok(pattern.test(error.message), error.message);
  ok(!error.message.includes("\n"), `one line: ${error.message}`);
  ok(error.message.includes(`file ${fixture(name)}`), `names the file: ${error.message}`);
  ok(/\. [A-Z][^.]*/.test(error.message), `says what to do: ${error.message}`);
  if (where.column !== undefined) equal(error.column, where.column);
  if (where.row !== undefined) equal(error.row, where.row);
  return error;
}

Deno.test("bad input: committed fixtures are exactly what make_bad_inputs.ts produces", async () => {
  for (const [name, bytes] of badInputFiles()) {
    deepEqual(await Deno.readFile(fixture(name)), bytes, name);
  }
});

Deno.test("bad input: empty file is refused", async () => {
  await refuses("empty.csv", /^File is empty/);
});

Deno.test("bad input: header only gives a table with those columns and no rows", async () => {
  const table = await readTable(fixture("header_only.csv"));
  deepEqual(table.columnNames(), ["id", "age", "income"]);
  equal(table.numRows(), 0);
});

Deno.test("bad input: semicolon delimiter is detected", async () => {
  const table = await readTable(fixture("semicolon.csv"));
  deepEqual(table.columnNames(), ["id", "age", "income"]);
  deepEqual(Array.from(table.array("income")), [52000, 61000, 38000]);
});

Deno.test("bad input: a wrong delimiter given by the user is refused with the right one", async () => {
  await refuses(
    "semicolon.csv",
    /^Only one column found: the header is split by ";", not ","/,
    {},
    { delimiter: "," },
  );
});

Deno.test("bad input: mixed delimiters are refused, naming the column", async () => {
  await refuses("mixed_delimiters.csv", /^Mixed delimiters: the file is split by ","/, {
    column: "age;income",
  });
});

Deno.test("bad input: UTF-8 byte order mark is dropped from the first header", async () => {
  const table = await readTable(fixture("utf8_bom.csv"));
  deepEqual(table.columnNames(), ["name", "spend"]);
  deepEqual(Array.from(table.array("spend")), [10, 20]);
});

Deno.test("bad input: Latin-1 (Windows-1252) bytes are decoded, not garbled", async () => {
  const table = await readTable(fixture("latin1.csv"));
  deepEqual(Array.from(table.array("name")), ["José", "Françoise"]);
  deepEqual(Array.from(table.array("city")), ["München", "Zürich"]);
  equal(table.array("note")[0], "€ paid");
});

Deno.test("bad input: quoted fields keep embedded newlines, delimiters and quotes", async () => {
  const table = await readTable(fixture("quoted_fields.csv"));
  deepEqual(Array.from(table.array("comment")), [
    "first line\nsecond line",
    'she said "hi", then left',
  ]);
  deepEqual(Array.from(table.array("spend")), [10, 20]);
});

Deno.test("bad input: a ragged row is refused with its row number", async () => {
  await refuses("ragged_rows.csv", /^Row has 2 fields, the header has 3/, { row: 2 });
});

Deno.test("bad input: a ragged row deep in a large file is found too", async () => {
  const lines = ["a,b,c"];
  for (let i = 1; i <= 3000; i++) lines.push(i === 1500 ? "1,2" : `${i},${i},${i}`);
  await rejects(fromCSV(lines.join("\n") + "\n"), (e: unknown) => {
    ok(e instanceof InputError);
    equal(e.row, 1500);
    ok(/Row has 2 fields, the header has 3/.test(e.message), e.message);
    return true;
  });
});

Deno.test("bad input: duplicate column names (ignoring case) are refused", async () => {
  await refuses("duplicate_columns.csv", /^Duplicate column name: "Spend"/, { column: "Spend" });
});

Deno.test("bad input: thousands separators and currency symbols become numbers", async () => {
  const table = await readTable(fixture("thousands_currency.csv"));
  deepEqual(Array.from(table.array("income")), [52000, 1061000.25, 800]);
  deepEqual(Array.from(table.array("spend")), [1.5, 20, 1234]);
});

Deno.test("bad input: decimal commas in a semicolon file become numbers", async () => {
  const table = await readTable(fixture("decimal_comma.csv"));
  deepEqual(Array.from(table.array("income")), [52000, 1061000.25, 800]);
  deepEqual(Array.from(table.array("spend")), [1.5, 20, 1234]);
  deepEqual(Array.from(table.array("rate")), [3.5, 4, 0.25]);
});

Deno.test("bad input: text that only looks partly numeric stays text", async () => {
  const table = await fromCSV("code,size\n007,12 cm\n012,3 cm\n");
  deepEqual(Array.from(table.array("code")), ["007", "012"]);
  deepEqual(Array.from(table.array("size")), ["12 cm", "3 cm"]);
});

Deno.test("bad input: ISO dates become dates; ambiguous day/month formats stay text", async () => {
  const table = await readTable(fixture("dates.csv"));
  const iso = table.array("iso") as unknown as Date[];
  ok(iso[0] instanceof Date);
  equal(iso[0].toISOString().slice(0, 10), "2024-01-31");
  deepEqual(Array.from(table.array("day_first")), ["31/01/2024", "01/02/2024", "25/12/2024"]);
  deepEqual(Array.from(table.array("month_first")), ["01/31/2024", "02/01/2024", "12/25/2024"]);
  equal(table.array("text")[0], "Jan 31 2024");
});

Deno.test("bad input: dateFormat reads day-first dates", async () => {
  const table = await loadCSV(fixture("dates.csv"), { dateFormat: "%d/%m/%Y" });
  const days = Array.from(table.array("day_first") as unknown as Date[]);
  deepEqual(days.map((d) => d.toISOString().slice(0, 10)), [
    "2024-01-31",
    "2024-02-01",
    "2024-12-25",
  ]);
});

Deno.test("bad input: a column of all missing values is kept as missing values", async () => {
  const table = await readTable(fixture("all_missing.csv"));
  deepEqual(Array.from(table.array("notes")), [null, null, null]);
  deepEqual(Array.from(table.array("age")), [34, 41, 29]);
});

Deno.test("bad input: NaN is read as a missing value", async () => {
  const table = await readTable(fixture("nan_values.csv"));
  deepEqual(Array.from(table.array("score")), [0.5, null, null, 1.5]);
});

Deno.test("bad input: Infinity is refused with its column and row", async () => {
  await refuses("infinity.csv", /^Infinite value: Infinity/, { column: "ratio", row: 2 });
});

Deno.test("bad input: a file over maxBytes is refused before it is read", async () => {
  const error = await refuses(
    "semicolon.csv",
    /^File is too large: 47 bytes, the limit is 40 bytes/,
    {},
    {
      maxBytes: 40,
    },
  );
  ok(/maxBytes/.test(error.message));
  await refuses("hostile.xlsx", /^File is too large/, {}, { maxBytes: 1024 });
  await rejects(fromCSV("a\n1\n2\n", { maxBytes: 4 }), /File is too large/);
  throws(() => fromXLSX(new Uint8Array(64), { maxBytes: 8 }), /File is too large/);
});

Deno.test("bad input: a header named __proto__ is renamed _proto_ and keeps its values", async () => {
  const table = await readTable(fixture("proto_header.csv"));
  deepEqual(table.columnNames(), ["_proto_", "constructor", "prototype", "spend"]);
  deepEqual(Array.from(table.array("_proto_")), [1, 5]);
  deepEqual(table.objects()[0], { _proto_: 1, constructor: 2, prototype: 3, spend: 4 });
});

Deno.test("bad input: an .xlsx that is really a CSV is refused with a rename hint", async () => {
  await refuses(
    "csv_named.xlsx",
    /^Not an Excel workbook: the file is plain text, probably CSV.*Rename it to \.csv/,
  );
});

Deno.test("bad input: a corrupt .xlsx is refused", async () => {
  await refuses("corrupt.xlsx", /^Cannot read workbook: .*may be damaged/);
});

Deno.test("bad input: a damaged .xls that sends the parser into an endless loop is stopped", async () => {
  const started = performance.now();
  await refuses(
    "endless_loop.xls",
    /^Reading the workbook took longer than 2 s.*may be damaged/,
    {},
    {
      timeoutMs: 2000,
    },
  );
  ok(performance.now() - started < 30_000);
});

Deno.test("bad input: markup that holds no sheet is refused as not a workbook", () => {
  for (const text of ["<" + "t".repeat(50), '<?xml version="1.0"?><Workbook></Workbook>']) {
    throws(
      () => fromXLSX(new TextEncoder().encode(text), { label: "sheetless.xlsx" }),
      /^InputError: Cannot read workbook: it has no sheets \(file sheetless\.xlsx\)\. The file may not be a workbook/,
    );
  }
});

Deno.test("bad input: a password-protected .xlsx is refused with what to do", async () => {
  await refuses("password_protected.xlsx", /^Workbook is password-protected.*remove the password/);
});

Deno.test("bad input: a missing file and an unknown extension are refused", async () => {
  await refuses("no_such_file.csv", /^File not found/);
  await rejects(readTable(fixture("dates.csv") + ".json"), /Unsupported file type: "\.json"/);
});
