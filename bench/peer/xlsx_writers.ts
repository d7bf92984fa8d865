/**
 * XLSX writers side by side on 100,000 rows × 9 columns (8 numeric features
 * and the cluster label): SheetJS' `aoa_to_sheet` + `write` (what
 * `toXLSX` used before) against `toXLSX` on `wasm-xlsxwriter`. Prints
 * medians of alternating runs after a warm-up, and the file sizes.
 *
 *   deno run -A bench/peer/xlsx_writers.ts [--repeats 5] [--rows 100000]
 *
 * @module
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import * as XLSX from "xlsx";
import { neutraliseFormula, toXLSX } from "../../lib/io/write_table.ts";
import { createRandom } from "../../lib/random.ts";
import { flag, median, time } from "./common.ts";

/** The former SheetJS writer, kept here as the baseline. */
function sheetJS(table: ColumnTable): Uint8Array {
  const names = table.columnNames();
  const columns = names.map((n) => table.array(n) as ArrayLike<unknown>);
  const rows: unknown[][] = [names.map(neutraliseFormula)];
  for (let i = 0; i < table.numRows(); i++) {
    rows.push(columns.map((c) => {
      const v = c[i];
      if (v === null || v === undefined) return null;
      if (typeof v === "number") return Number.isFinite(v) ? v : null;
      return neutraliseFormula(String(v));
    }));
  }
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows), "Data");
  workbook.Props = { CreatedDate: new Date(0), ModifiedDate: new Date(0) } as XLSX.FullProperties;
  const out = XLSX.write(workbook, { type: "array", bookType: "xlsx", compression: true });
  return new Uint8Array(out as ArrayBuffer);
}

const repeats = Number(flag(Deno.args, "--repeats", "5"));
const rows = Number(flag(Deno.args, "--rows", "100000"));
const random = createRandom(3);
const columns: Record<string, Float64Array | number[]> = {};
for (let j = 0; j < 8; j++) {
  columns[`f${j}`] = Float64Array.from(
    { length: rows },
    () => Math.round(random.normal() * 1e4) / 100,
  );
}
columns.cluster = Array.from({ length: rows }, () => random.int(8));
const table = aq.table(columns);

let a = sheetJS(table), b = toXLSX(table); // warm-up
const ours: number[] = [], theirs: number[] = [];
for (let r = 0; r < repeats; r++) {
  theirs.push(time(() => a = sheetJS(table)));
  ours.push(time(() => b = toXLSX(table)));
}
const o = median(ours), t = median(theirs);
console.log(`XLSX of ${rows.toLocaleString("en-US")} × 9, medians of ${repeats} alternating runs`);
console.log("| writer | median | file size |");
console.log("|---|---:|---:|");
console.log(
  `| SheetJS 0.20.3 (aoa_to_sheet + write) | ${t.toFixed(3)} s | ${
    (a.length / 1e6).toFixed(1)
  } MB |`,
);
console.log(
  `| wasm-xlsxwriter 0.13.1 (toXLSX) | ${o.toFixed(3)} s | ${(b.length / 1e6).toFixed(1)} MB |`,
);
console.log(`SheetJS / wasm-xlsxwriter = ${(t / o).toFixed(2)}×`);
