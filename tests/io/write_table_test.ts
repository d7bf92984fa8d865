import { deepEqual, equal, match, ok, rejects, throws } from "node:assert/strict";
import { join } from "node:path";
import * as aq from "arquero";
import * as XLSX from "xlsx";
import { InputError } from "../../lib/errors.ts";
import fc from "fast-check";
import {
  csvAndXLSX,
  csvChunks,
  EXCEL_MAX_DATA_ROWS,
  fromCSV,
  fromXLSX,
  neutraliseFormula,
  toCSV,
  toCSVBytes,
  toXLSX,
  writeCSV,
  writeXLSX,
  xlsxFits,
} from "../../lib/io/mod.ts";
import { quotePrefixedCells } from "./xlsx_quote_prefix.ts";

Deno.test("neutraliseFormula prefixes every formula trigger with a quote", () => {
  for (
    const attack of [
      "=1+1",
      '=HYPERLINK("http://evil.invalid","click")',
      "=cmd|' /C calc'!A0",
      "+cmd|' /C calc'!A0",
      "-2+3+cmd|' /C calc'!A0",
      "@SUM(1+1)",
      "\t=1+1",
      "\r=1+1",
      "-5+3",
      "+",
      "-",
    ]
  ) {
    equal(neutraliseFormula(attack), `'${attack}`, attack);
  }
});

Deno.test("neutraliseFormula leaves phone numbers alone, but not arithmetic in their shape", () => {
  for (
    const phone of ["+44 20 7946 0958", "+44 (0)20 7946 0958", "+33 1 23 45 67 89", "+1 555 0100"]
  ) {
    equal(neutraliseFormula(phone), phone, phone);
  }
  for (
    const formula of [
      "+1-555-0100",
      "+44 20+1",
      "+44 A1",
      "+1 2*3",
      "+44 20 HYPERLINK(1)",
      "-44 20",
    ]
  ) {
    equal(neutraliseFormula(formula), `'${formula}`, formula);
  }
});

Deno.test("neutraliseFormula leaves numbers written as text and ordinary text alone", () => {
  for (
    const safe of ["-5", "+1.5", "-1,234.50", "-0.25", "2e-3", "-1.5E+10", "Ann", "a=b", "", "5-3"]
  ) {
    equal(neutraliseFormula(safe), safe, safe);
  }
});

Deno.test("toCSV neutralises text cells and headers but keeps numbers as numbers", () => {
  const table = aq.table({ "=bad": ["=1+1", "-5", "ok"], n: [-5, 1.5, 3] });
  equal(toCSV(table), "'=bad,n\n'=1+1,-5\n-5,1.5\nok,3\n");
});

Deno.test("toXLSX writes formula text as quote-prefixed text cells, numbers as numbers, and no formulas", () => {
  const table = aq.table({ text: ["=1+1", "-5", "@x"], n: [-5, 2, 3] });
  const bytes = toXLSX(table);
  const sheet = XLSX.read(bytes, { type: "array", cellFormula: true }).Sheets["Data"]!;
  // The text as it was, no apostrophe; Excel's quote prefix keeps it text when edited.
  deepEqual([sheet["A2"]?.v, sheet["A3"]?.v, sheet["A4"]?.v], ["=1+1", "-5", "@x"]);
  deepEqual(quotePrefixedCells(bytes), ["A2", "A4"]);
  deepEqual([sheet["A2"]?.t, sheet["A3"]?.t], ["s", "s"]);
  deepEqual([sheet["B2"]?.v, sheet["B2"]?.t], [-5, "n"]);
  ok(Object.values(sheet).every((c) => typeof c !== "object" || !("f" in c) || c.f === undefined));
});

Deno.test("toCSV quotes delimiters, quotes and newlines so the reader gets them back", async () => {
  const table = aq.table({ s: ["a,b", 'say "hi"', "two\nlines"], n: [1, 2, 3] });
  const back = await fromCSV(toCSV(table));
  deepEqual(Array.from(back.array("s")), ["a,b", 'say "hi"', "two\nlines"]);
});

Deno.test("toCSV writes missing, NaN and infinite numbers as empty cells", () => {
  equal(toCSV(aq.table({ x: [null, NaN, Infinity, 1] })), "x\n\n\n\n1\n");
});

Deno.test("toXLSX gives byte-identical output for the same table", () => {
  const table = aq.table({ a: [1, 2], b: ["x", "y"], d: [new Date(Date.UTC(2024, 0, 31)), null] });
  deepEqual(toXLSX(table), toXLSX(table));
  deepEqual(fromXLSX(toXLSX(table)).array("b"), ["x", "y"]);
});

Deno.test("writeCSV and writeXLSX refuse to overwrite an input file and leave it intact", async () => {
  const dir = await Deno.makeTempDir();
  const input = join(dir, "customers.csv");
  await Deno.writeTextFile(input, "id\n1\n");
  const table = aq.table({ id: [9] });
  await rejects(writeCSV(table, input, { inputs: [input] }), InputError);
  await rejects(
    writeXLSX(table, join(dir, ".", "customers.csv"), { inputs: [input] }),
    /overwrite an input/,
  );
  equal(await Deno.readTextFile(input), "id\n1\n");
  await writeCSV(table, join(dir, "out.csv"), { inputs: [input] });
  equal(await Deno.readTextFile(join(dir, "out.csv")), "id\n9\n");
});

Deno.test("writeXLSX sets the requested mode", async () => {
  const path = join(await Deno.makeTempDir(), "lookup.xlsx");
  await writeXLSX(aq.table({ a: [1] }), path, { mode: 0o600 });
  equal((await Deno.stat(path)).mode! & 0o777, 0o600);
});

Deno.test("xlsxFits allows Excel's 1,048,575 data rows and refuses one more, naming both", () => {
  deepEqual(xlsxFits(EXCEL_MAX_DATA_ROWS), { fits: true });
  const over = xlsxFits(EXCEL_MAX_DATA_ROWS + 1);
  equal(over.fits, false);
  if (!over.fits) {
    match(over.reason, /^1,048,576 rows are more than .*\(1,048,575 under the header\)$/);
  }
  deepEqual(xlsxFits(3, { maxRows: 3 }), { fits: true });
  equal(xlsxFits(4, { maxRows: 3 }).fits, false);
});

Deno.test("csvAndXLSX past the row limit makes the full CSV only, and says where the rows are", () => {
  const table = aq.table({ a: [1, 2, 3], s: ["=x", "y", "z"] });
  const over = csvAndXLSX(table, "segments", { maxRows: 2 });
  deepEqual(Object.keys(over.files), ["segments.csv"]);
  equal(new TextDecoder().decode(over.files["segments.csv"] as Uint8Array), toCSV(table));
  equal(over.xlsx.written, false);
  if (!over.xlsx.written) {
    match(
      over.xlsx.reason,
      /^segments\.xlsx not written: 3 rows .*; every row is in segments\.csv$/,
    );
  }
  const within = csvAndXLSX(table, "segments", { maxRows: 3 });
  deepEqual(Object.keys(within.files), ["segments.csv", "segments.xlsx"]);
  deepEqual(within.files["segments.xlsx"], toXLSX(table));
  deepEqual(within.xlsx, { written: true });
});

Deno.test("toXLSX past the row limit is a one-line InputError, not a crash", () => {
  throws(
    () => toXLSX(aq.table({ a: [1, 2, 3] }), { maxRows: 2 }),
    (e: unknown) =>
      e instanceof InputError && /^Too many rows for an XLSX file: 3 rows/.test(e.message),
  );
});

Deno.test("toXLSX gives the same bytes whatever the clock says, and leaves the clock alone", () => {
  const table = aq.table({ a: Float64Array.of(1.5, 2), s: ["x", "=y"] });
  const clock = Date.now;
  try {
    Date.now = () => 1_700_000_000_000;
    const first = toXLSX(table);
    Date.now = () => 1_800_000_000_000;
    const second = toXLSX(table);
    deepEqual(first, second);
    equal(Date.now(), 1_800_000_000_000);
  } finally {
    Date.now = clock;
  }
});

Deno.test("toXLSX round-trips typed and plain columns with empty cells for missing and NaN", () => {
  const table = aq.table({
    typed: Float64Array.of(1.25, -3, 0),
    plain: [1, null, NaN],
    text: ["Ann", "", null],
    day: [new Date(Date.UTC(2024, 0, 31)), null, null],
  });
  const back = fromXLSX(toXLSX(table));
  deepEqual(back.array("typed"), [1.25, -3, 0]);
  deepEqual(back.array("plain"), [1, null, null]);
  equal(back.get("text", 0), "Ann");
  equal(
    back.get("day", 0) instanceof Date
      ? (back.get("day", 0) as Date).toISOString().slice(0, 10)
      : back.get("day", 0),
    "2024-01-31",
  );
});

Deno.test("toXLSX refuses text longer than an Excel cell holds, naming column and row", () => {
  throws(
    () => toXLSX(aq.table({ note: ["ok", "x".repeat(40_000)] })),
    (e: unknown) =>
      e instanceof InputError &&
      /^Text too long for an Excel cell: 40000 characters/.test(e.message) &&
      e.column === "note" && e.row === 2,
  );
});

Deno.test("toCSV writes every cell as String() and the quoting rules would, in any column type", () => {
  // The writer puts bytes straight into its buffer; this is what it must equal.
  const expected = (v: unknown): string => {
    if (v === null || v === undefined) return "";
    if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
    const text = neutraliseFormula(String(v));
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          fc.oneof(
            fc.double(),
            fc.integer(),
            fc.constantFrom(-0, 1e15, -1e15, 999999999999999, 1e21),
          ),
          fc.oneof(
            fc.string(),
            fc.constantFrom("=1+1", "Zoë", "日本", "a,b", 'say "hi"', "x\ny", "😀"),
          ),
          fc.integer({ min: -2147483648, max: 2147483647 }),
          fc.option(fc.oneof(fc.double(), fc.string()), { nil: null }),
        ),
        { maxLength: 40 },
      ),
      (rows) => {
        const table = aq.table({
          float: Float64Array.from(rows, (r) => r[0]),
          text: rows.map((r) => r[1]),
          int: Int32Array.from(rows, (r) => r[2]),
          mixed: rows.map((r) => r[3]),
        });
        const want = "float,text,int,mixed\n" +
          rows.map((r) => [r[0], r[1], r[2], r[3]].map(expected).join(",") + "\n").join("");
        equal(toCSV(table), want);
        equal(new TextDecoder().decode(toCSVBytes(table)), want);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("toCSV keeps rows whole across its megabyte pieces, with text past ASCII", () => {
  const n = 60_000;
  const table = aq.table({
    id: Array.from({ length: n }, (_, i) => `Kundin-${i}-Zoë-日本`),
    value: Float64Array.from({ length: n }, (_, i) => i / 7),
  });
  const pieces = [...csvChunks(table)];
  ok(pieces.length > 1, "more than one piece");
  for (const piece of pieces) ok(piece.endsWith("\n"));
  const lines = pieces.join("").split("\n");
  equal(lines[1], `Kundin-0-Zoë-日本,0`);
  equal(lines[n], `Kundin-${n - 1}-Zoë-日本,${(n - 1) / 7}`);
  equal(toCSV(table), pieces.join(""));
});
