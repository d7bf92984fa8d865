// Round 3 of careless and hostile input: the cases that live in reading and
// writing files (docs/bad_input.md). Each file is made here, in a temporary
// folder, so the bytes that matter sit beside the test.
import { deepEqual, equal, ok, rejects, throws } from "node:assert/strict";
import { join } from "node:path";
import { InputError } from "../../lib/errors.ts";
import { openTransactionSource } from "../../lib/clean/transaction_source.ts";
import * as aq from "arquero";
import * as XLSX from "xlsx";
import {
  csvAndXLSX,
  parseHeaderRow,
  readTable,
  type ReadTableOptions,
  toCSV,
  toXLSX,
  xlsxTableFits,
} from "../../lib/io/mod.ts";
import { quotePrefixedCells } from "../io/xlsx_quote_prefix.ts";

const dir = await Deno.makeTempDir({ prefix: "bad_inputs_round3_" });

/** Write `content` as `name` in the temporary folder and return its path. */
async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  if (typeof content === "string") await Deno.writeTextFile(path, content);
  else await Deno.writeFile(path, content);
  return path;
}

/** Reading `path` fails with one short InputError line matching `pattern`. */
async function refuses(
  path: string,
  pattern: RegExp,
  options: ReadTableOptions = {},
): Promise<InputError> {
  let caught: unknown;
  await rejects(readTable(path, options), (e) => {
    caught = e;
    return true;
  });
  ok(caught instanceof InputError, `expected InputError, got ${caught}`);
  const error = caught as InputError;
  ok(pattern.test(error.message), error.message);
  ok(!error.message.includes("\n"), `one line: ${error.message}`);
  ok(error.message.length < 400, `short: ${error.message.length} characters`);
  ok(error.message.includes(`file ${path}`), `names the file: ${error.message}`);
  return error;
}

Deno.test("round 3: a ';' file with a decimal comma in every row is read, not taken for title rows", async () => {
  const path = await file(
    "decimal_comma_every_row.csv",
    "id;spend;visits;city\n1;86,75;3;Berlin\n2;12,50;4;Paris\n3;7,10;5;Lyon\n",
  );
  const table = await readTable(path);
  deepEqual(table.columnNames(), ["id", "spend", "visits", "city"]);
  deepEqual(Array.from(table.array("spend")), [86.75, 12.5, 7.1]);
  deepEqual(Array.from(table.array("city")), ["Berlin", "Paris", "Lyon"]);
});

Deno.test("round 3: title rows above a header are still found", async () => {
  const path = await file(
    "title_then_decimal_comma.csv",
    "Export 2024\n\nid;spend;city\n1;86,75;Berlin\n2;12,50;Paris\n",
  );
  await refuses(path, /^Title rows above the header: the header looks like line 3/);
});

Deno.test("round 3: --header-row abc names what was given, never NaN", async () => {
  throws(() => parseHeaderRow("abc"), (e: Error) => {
    ok(e instanceof InputError);
    ok(e.message.startsWith('Invalid header row: "abc"'), e.message);
    ok(e.message.includes("whole number from 1"), e.message);
    return true;
  });
  equal(parseHeaderRow("2"), 2);
  const path = await file("plain.csv", "id,spend\n1,2\n3,4\n");
  const error = await refuses(path, /^Invalid header row: not a whole number/, {
    headerRow: Number("abc"),
  });
  ok(!error.message.includes("NaN"), error.message);
});

Deno.test("round 3: 1,23,456.0 (Indian lakh grouping) is read as a number", async () => {
  const path = await file(
    "indian_grouping.csv",
    'id,spend\n1,"1,500.0"\n2,"1,23,456.0"\n3,"12,34,567.5"\n',
  );
  deepEqual(Array.from((await readTable(path)).array("spend")), [1500, 123456, 1234567.5]);
});

Deno.test("round 3: hexadecimal or binary text (0x5dc, 0b101) stays text, never a number", async () => {
  const path = await file("hex_codes.csv", "id,code,visits\n1,12,3\n2,0x5dc,4\n3,0b101,5\n");
  const table = await readTable(path);
  deepEqual(Array.from(table.array("code")), ["12", "0x5dc", "0b101"]);
  deepEqual(Array.from(table.array("visits")), [3, 4, 5]);
  const deep = "id,code\n" +
    Array.from({ length: 30_000 }, (_, i) => `${i},${i === 29_000 ? "0x10" : i}`).join("\n") +
    "\n";
  const late = await readTable(await file("hex_late.csv", deep));
  equal(late.array("code")[29_000], "0x10");
});

Deno.test("round 3: a field of several MB on row 8 (once 'CSV Error on Line: 1') is refused naming row 8 and the cause", async () => {
  let text = "id,note,spend\n";
  for (let i = 1; i <= 10; i++) text += `${i},${i === 8 ? "x".repeat(3_000_000) : "n"},${i}\n`;
  const path = await file("long_field.csv", text);
  const error = await refuses(path, /^Row too long: 3\.0 MB on line 9/);
  equal(error.row, 8);
  ok(!error.message.includes("xxxxxxxxxx"), "the value is not repeated in the message");
});

Deno.test("round 3: a file mixing CRLF, LF and CR line ends is read, every row in place", async () => {
  const path = await file("mixed_line_ends.csv", "id,spend\r\n1,10\n2,20\r3,30\r\n4,40\n");
  const table = await readTable(path);
  deepEqual(Array.from(table.array("id")), [1, 2, 3, 4]);
  deepEqual(Array.from(table.array("spend")), [10, 20, 30, 40]);
  // A ragged row after the mix is still named by its row.
  const ragged = await file("mixed_line_ends_ragged.csv", "id,spend\r\n1,10\n2,20\r3,30,7\r\n");
  await refuses(ragged, /^Row has 3 fields, the header has 2/);
});

Deno.test("round 3: gzip bytes named .csv are read; a zip or Parquet file named .csv is named as such", async () => {
  const packed = new Blob([new TextEncoder().encode("id,spend\n1,2\n3,4\n")]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  const gz = await file("packed.csv", new Uint8Array(await new Response(packed).arrayBuffer()));
  deepEqual(Array.from((await readTable(gz)).array("spend")), [2, 4]);
  // Within maxBytes packed, beyond it unpacked: refused before it fills the disk.
  const many = "id,spend\n" + "1,2\n".repeat(50_000);
  const bomb = new Uint8Array(
    await new Response(
      new Blob([new TextEncoder().encode(many)]).stream().pipeThrough(
        new CompressionStream("gzip"),
      ),
    ).arrayBuffer(),
  );
  const big = await file("packed_big.csv", bomb);
  await refuses(big, /^File is too large: gzip-compressed, it unpacks to more than \d+ bytes/, {
    maxBytes: bomb.length + 100,
  });
  const zip = await file("workbook.csv", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
  await refuses(zip, /^Not a CSV file: it is a zip archive \(an Excel \.xlsx workbook is one\)/);
  const parquet = await file("table.csv", new TextEncoder().encode("PAR1\0\0\0\0PAR1"));
  await refuses(parquet, /^Not a CSV file: it is a Parquet file.*rename it to \.parquet/i);
});

Deno.test("round 3: a CSV named .parquet is said to be CSV, not a cut-short Parquet file", async () => {
  const path = await file("export.parquet", "id,spend\n1,2\n3,4\n");
  const error = await refuses(path, /^Not a Parquet file: it is text, probably CSV/);
  ok(!/cut short/.test(error.message), error.message);
  ok(/rename it to \.csv/i.test(error.message), error.message);
});

Deno.test("round 3: 30 rows × 16,385 columns: the XLSX is left out in one line, the CSV written; toXLSX says why", () => {
  const columns: Record<string, Float64Array> = {};
  for (let j = 0; j < 16_385; j++) columns[`f${j}`] = new Float64Array(30).fill(j);
  const table = aq.table(columns);
  const out = csvAndXLSX(table, "segments");
  deepEqual(Object.keys(out.files), ["segments.csv"]);
  deepEqual(out.xlsx, {
    written: false,
    reason:
      "segments.xlsx not written: 16,385 columns are more than an Excel sheet holds (16,384); every row is in segments.csv",
  });
  throws(() => toXLSX(table), (e: unknown) => {
    ok(e instanceof InputError, String(e));
    ok(e.message.startsWith("Too many columns for an XLSX file: 16,385 columns"), e.message);
    ok(!/XlsxError|RowColumnLimit/.test(e.message), e.message);
    return true;
  });
});

Deno.test("round 3: a header or cell over 32,767 characters leaves the XLSX out with a short reason, decided before any work", () => {
  const header = aq.table({ ["h".repeat(100_000)]: [1, 2], note: ["a", "b"] });
  const fit = xlsxTableFits(header);
  ok(!fit.fits);
  ok(fit.reason.length < 200, fit.reason);
  ok(fit.reason.startsWith("a column name of 100,000 characters"), fit.reason);
  const cell = aq.table({ id: [1, 2], note: ["a", "x".repeat(40_000)] });
  const out = csvAndXLSX(cell, "segments");
  deepEqual(Object.keys(out.files), ["segments.csv"]);
  ok(
    !out.xlsx.written && out.xlsx.reason.includes('(column "note", row 2)'),
    JSON.stringify(out.xlsx),
  );
  throws(() => toXLSX(header), (e: unknown) => {
    ok(e instanceof InputError);
    ok(e.message.length < 300, `short: ${e.message.length}`);
    return true;
  });
});

Deno.test("round 3: a phone number +44 20 7946 0958 is written as it is in CSV and XLSX; formulas are still neutralised", () => {
  const table = aq.table({ phone: ["+44 20 7946 0958", '=HYPERLINK("http://x")', "+1-555-0100"] });
  equal(toCSV(table), 'phone\n+44 20 7946 0958\n"\'=HYPERLINK(""http://x"")"\n\'+1-555-0100\n');
  const bytes = toXLSX(table);
  const sheet = XLSX.read(bytes, { type: "array" }).Sheets["Data"]!;
  deepEqual(
    ["A2", "A3", "A4"].map((ref) => sheet[ref]?.v),
    ["+44 20 7946 0958", '=HYPERLINK("http://x")', "+1-555-0100"],
  );
  deepEqual(quotePrefixedCells(bytes), ["A3", "A4"]);
});

// --- workbooks -------------------------------------------------------------------

function workbook(sheets: [string, XLSX.WorkSheet][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, sheet] of sheets) XLSX.utils.book_append_sheet(wb, sheet, name);
  return new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx" }));
}

/** A workbook whose first sheet is a real chart sheet (an xl/chartsheets part), then data. */
function chartFirstWorkbook(): Uint8Array {
  const bytes = workbook([
    ["Chart1", XLSX.utils.aoa_to_sheet([["x"]])],
    ["Customers", XLSX.utils.aoa_to_sheet([["id", "spend"], [1, 10], [2, 20]])],
  ]);
  const zip = XLSX.CFB.read(bytes, { type: "array" });
  const text = (p: string) =>
    new TextDecoder().decode(XLSX.CFB.find(zip, p)!.content as Uint8Array);
  const set = (p: string, s: string) => {
    const entry = XLSX.CFB.find(zip, p)!;
    entry.content = new TextEncoder().encode(s) as unknown as typeof entry.content;
    entry.size = s.length;
  };
  set(
    "/[Content_Types].xml",
    text("/[Content_Types].xml").replace(
      '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"',
      '"/xl/chartsheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml"',
    ),
  );
  set(
    "/xl/_rels/workbook.xml.rels",
    text("/xl/_rels/workbook.xml.rels").replace(
      'relationships/worksheet" Target="worksheets/sheet1.xml"',
      'relationships/chartsheet" Target="chartsheets/sheet1.xml"',
    ),
  );
  XLSX.CFB.utils.cfb_del(zip, "/xl/worksheets/sheet1.xml");
  XLSX.CFB.utils.cfb_add(
    zip,
    "/xl/chartsheets/sheet1.xml",
    new TextEncoder().encode(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr/><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>',
    ),
  );
  return new Uint8Array(
    XLSX.CFB.write(zip, { fileType: "zip", type: "array" }) as ArrayLike<number>,
  );
}

Deno.test("round 3: a workbook whose first sheet is a summary says which sheet was read and which others exist", async () => {
  const summary = XLSX.utils.aoa_to_sheet([
    ["segment", "customers"],
    ...Array.from({ length: 12 }, (_, i) => [`S${i}`, i + 10]),
  ]);
  const customers = XLSX.utils.aoa_to_sheet([
    ["id", "spend"],
    ...Array.from({ length: 300 }, (_, i) => [i + 1, i * 2]),
  ]);
  const path = await file(
    "summary_first.xlsx",
    workbook([["Summary", summary], ["Customers", customers]]),
  );
  const notes: string[] = [];
  const table = await readTable(path, { onNote: (n) => notes.push(n) });
  equal(table.numRows(), 12);
  deepEqual(notes, [
    'Read sheet "Summary" (12 rows); the workbook also has "Customers" (300 rows): pick one with --sheet Customers (sheet: "Customers")',
  ]);
  const chosen: string[] = [];
  equal(
    (await readTable(path, { sheet: "Customers", onNote: (n) => chosen.push(n) })).numRows(),
    300,
  );
  deepEqual(chosen, [], "no note when the sheet is named");
});

Deno.test("round 3: a chart sheet first: the data sheet is read with a note; naming the chart sheet names --sheet and the others", async () => {
  const path = await file("chart_first.xlsx", chartFirstWorkbook());
  const notes: string[] = [];
  const table = await readTable(path, { onNote: (n) => notes.push(n) });
  deepEqual(Array.from(table.array("spend")), [10, 20]);
  deepEqual(notes, [
    'Read sheet "Customers" (2 rows), passing over "Chart1" (a chart or empty sheet)',
  ]);
  const error = await refuses(path, /^Sheet is empty: "Chart1" \(a chart sheet\)/, {
    sheet: "Chart1",
  });
  ok(error.message.includes('--sheet Customers (sheet: "Customers")'), error.message);
});

Deno.test("round 3: merged cells are read as blanks with a note saying so", async () => {
  const sheet = XLSX.utils.aoa_to_sheet([
    ["id", "region", "spend"],
    [1, "North", 10],
    [2, null, 20],
    [3, null, 30],
    [4, "South", 40],
  ]);
  sheet["!merges"] = [XLSX.utils.decode_range("B2:B4")];
  const path = await file("merged.xlsx", workbook([["Data", sheet]]));
  const notes: string[] = [];
  const table = await readTable(path, { onNote: (n) => notes.push(n) });
  deepEqual(Array.from(table.array("region")), ["North", null, null, "South"]);
  equal(notes.length, 1);
  ok(
    notes[0]!.startsWith('1 merged cell range in sheet "Data" (B2:B4): only the first cell'),
    notes[0],
  );
});

Deno.test("round 3: Excel's day 60 (1900-02-29) in a date column is refused by column and row", async () => {
  const sheet = XLSX.utils.aoa_to_sheet([["id", "joined"], [1, 45000], [2, 60], [3, 45100]]);
  for (const ref of ["B2", "B3", "B4"]) sheet[ref]!.z = "yyyy-mm-dd";
  const path = await file("leap_day_1900.xlsx", workbook([["Data", sheet]]));
  const error = await refuses(path, /^Date 1900-02-29 does not exist \(Excel's day 60\)/);
  equal(error.column, "joined");
  equal(error.row, 2);
});

Deno.test("round 3: rfm's streaming reader refuses gzip bytes named .csv saying gzip, and a CSV named .parquet saying CSV", async () => {
  const packed = new Blob([new TextEncoder().encode("CustomerID,InvoiceDate\nA,2024-01-02\n")])
    .stream().pipeThrough(new CompressionStream("gzip"));
  const gz = await file("lines.csv", new Uint8Array(await new Response(packed).arrayBuffer()));
  await rejects(openTransactionSource(gz), {
    name: "InputError",
    message: /^Not a CSV file: it is gzip-compressed .*Unpack it \(gunzip\)/,
  });
  const csv = await file("lines.parquet", "CustomerID,InvoiceDate\nA,2024-01-02\n");
  await rejects(openTransactionSource(csv), {
    name: "InputError",
    message: /^Not a Parquet file: it is text, probably CSV/,
  });
});
