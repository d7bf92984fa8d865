import { deepEqual, equal, match } from "node:assert/strict";
import { join } from "node:path";
import * as aq from "arquero";
import { fitSegmentation } from "../../lib/segment/segmentation.ts";
import { writeSegmentationOutputs } from "../../lib/segment/outputs.ts";
import { readTable } from "../../lib/io/read_table.ts";

const table = aq.table({
  a: [1, 1.2, 0.9, 8, 8.1, 7.9],
  b: [1, 0.8, 1.1, 5, 5.2, 4.9],
});

async function run(xlsxMaxRows: number) {
  const fit = fitSegmentation(table, { features: ["a", "b"], k: 2 });
  const out = await Deno.makeTempDir();
  const notes: string[] = [];
  const written = await writeSegmentationOutputs(fit, table, {
    out,
    input: "t.csv",
    xlsxMaxRows,
    onNote: (line) => notes.push(line),
  });
  const names = [];
  // `.output.json` is the folder's own list of files (written by writeFilesAtomic).
  for await (const e of Deno.readDir(out)) if (e.name !== ".output.json") names.push(e.name);
  const summary = JSON.parse(await Deno.readTextFile(join(out, "summary.json")));
  return { out, notes, written, names: names.sort(), summary };
}

Deno.test("past the XLSX row limit segments.xlsx is skipped, one note says so and the summary records it", async () => {
  const { out, notes, written, names, summary } = await run(5);
  deepEqual(names, ["model.json", "segments.csv", "summary.json"]);
  equal(written.length, 3);
  equal(notes.length, 1);
  match(notes[0]!, /^segments\.xlsx not written: 6 rows .*every row is in segments\.csv$/);
  deepEqual(summary.xlsx, { written: false, reason: notes[0] });
  const csv = await readTable(join(out, "segments.csv"));
  equal(csv.numRows(), 6);
  equal(csv.array("cluster").length, 6);
});

Deno.test("at the XLSX row limit segments.xlsx is written and the summary says so", async () => {
  const { notes, names, summary } = await run(6);
  deepEqual(names, ["model.json", "segments.csv", "segments.xlsx", "summary.json"]);
  deepEqual(notes, []);
  deepEqual(summary.xlsx, { written: true });
});
