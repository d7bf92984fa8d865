// A crafted workbook (tests/fixtures/bad_inputs/hostile.xlsx, made by
// make_bad_inputs.ts) must not pollute prototypes or smuggle formulas through.
import { deepEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import * as XLSX from "xlsx";
import { fromXLSX, loadXLSX, toCSV, toXLSX } from "../../lib/io/mod.ts";
import { quotePrefixedCells } from "../io/xlsx_quote_prefix.ts";

const HOSTILE = join(import.meta.dirname!, "..", "fixtures", "bad_inputs", "hostile.xlsx");

function prototypeSnapshot(): string[] {
  return [Object.prototype, Array.prototype, Function.prototype].flatMap((p) =>
    Object.getOwnPropertyNames(p).sort()
  );
}

Deno.test("hostile workbook: reading it leaves Object.prototype untouched", async () => {
  const before = prototypeSnapshot();
  const table = await loadXLSX(HOSTILE);
  for (const sheet of ["__proto__", "constructor"]) await loadXLSX(HOSTILE, { sheet });
  deepEqual(prototypeSnapshot(), before);
  equal(({} as Record<string, unknown>).polluted, undefined);
  equal(typeof ({}).constructor, "function");
  deepEqual(table.columnNames(), ["_proto_", "constructor", "toString", "link", "note"]);
  deepEqual(Array.from(table.array("constructor")), [2, 5]);
});

Deno.test("hostile workbook: formulas arrive as their values, formula text as plain text", async () => {
  const table = await loadXLSX(HOSTILE);
  deepEqual(Array.from(table.array("link")), ["click", "click"]);
  deepEqual(Array.from(table.array("note")), [
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
  ]);
});

Deno.test("hostile workbook: sheets named __proto__ and constructor read as ordinary sheets", async () => {
  for (const sheet of ["__proto__", "constructor"]) {
    const table = await loadXLSX(HOSTILE, { sheet });
    deepEqual(table.columnNames(), ["polluted"]);
    deepEqual(Array.from(table.array("polluted")), [true]);
  }
});

Deno.test("hostile workbook: exporting what was read neutralises the formulas", async () => {
  const table = await loadXLSX(HOSTILE);
  const csv = toCSV(table);
  ok(csv.includes(`'=cmd|' /C calc'!A0`), csv);
  ok(csv.includes(`'@SUM(1+1)*cmd|' /C calc'!A0`), csv);
  const sheet = XLSX.read(toXLSX(table), { type: "array", cellFormula: true }).Sheets["Data"]!;
  for (const [ref, cell] of Object.entries(sheet)) {
    if (ref.startsWith("!")) continue;
    equal((cell as XLSX.CellObject).f, undefined, `no formula in ${ref}`);
  }
  // In XLSX the text keeps its own characters, in a text cell with Excel's quote prefix.
  equal((sheet["E2"] as XLSX.CellObject).v, `=cmd|' /C calc'!A0`);
  equal((sheet["E2"] as XLSX.CellObject).t, "s");
  ok(quotePrefixedCells(toXLSX(table)).includes("E2"));
});

Deno.test("hostile workbook: no pollution even with the __proto__ accessor enabled (as in Node)", async () => {
  const script = `
    import { fromXLSX } from ${
    JSON.stringify(new URL("../../lib/io/mod.ts", import.meta.url).href)
  };
    const bytes = await Deno.readFile(${JSON.stringify(HOSTILE)});
    fromXLSX(bytes); fromXLSX(bytes, { sheet: "constructor" });
    try { fromXLSX(bytes, { sheet: "__proto__" }); } catch (e) { if (e.name !== "InputError") throw e; }
    console.log(JSON.stringify({ polluted: ({}).polluted ?? null, keys: Object.getOwnPropertyNames(Object.prototype).length }));
  `;
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      "--unsafe-proto",
      "--config",
      join(import.meta.dirname!, "..", "..", "deno.json"),
      script,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  equal(out.code, 0, stderr);
  const result = JSON.parse(new TextDecoder().decode(out.stdout));
  equal(result.polluted, null);
  equal(result.keys, Object.getOwnPropertyNames(Object.prototype).length);
});

Deno.test("hostile workbook: header cells that are formulas stay text", () => {
  const wb = XLSX.utils.book_new();
  const ws = XLSX.utils.aoa_to_sheet([["=1+1", "ok"], [1, 2]]);
  ws["A1"] = { t: "n", v: 2, f: "1+1" };
  XLSX.utils.book_append_sheet(wb, ws, "S");
  const table = fromXLSX(new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx" })));
  deepEqual(table.columnNames(), ["2", "ok"]);
});
