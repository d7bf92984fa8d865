import assert from "node:assert/strict";
import { comparePlacement, type NotebookCell, outputItems } from "./lab_placement.ts";

const code = (count: number, ...outputs: NotebookCell["outputs"] & object): NotebookCell => ({
  cell_type: "code",
  execution_count: count,
  outputs,
});
const out = (text: string) => ({ output_type: "stream", name: "stdout", text });
const html = (text: string) => ({ output_type: "display_data", data: { "text/html": text } });
const result = (count: number, text: string) => ({
  output_type: "execute_result",
  execution_count: count,
  data: { "text/plain": text },
});

Deno.test("outputs under the cell that made them match however streams were cut", () => {
  const reference = [code(1, out("a\nb\n"), html("<p>x 0.31 s</p>")), code(2, result(2, "'r'"))];
  const run = [code(1, out("a\n"), out("b\n"), html("<p>x 0.29 s</p>")), code(2, result(2, "'r'"))];
  assert.deepEqual(comparePlacement(run, reference).misplaced, []);
  assert.equal(comparePlacement(run, reference).items, 4);
});

Deno.test("an output shown one cell down is extra there and missing in its own cell", () => {
  const reference = [code(1, out("a\n"), html("<p>chart</p>")), code(2, out("b\n"))];
  const run = [code(1, out("a\n")), code(2, html("<p>chart</p>"), out("b\n"))];
  const { misplaced } = comparePlacement(run, reference);
  assert.deepEqual(
    misplaced.map((m) => [m.cell, m.problem, m.madeBy]),
    [[0, "missing", [0]], [1, "extra", [0]]],
  );
});

Deno.test("a result carrying the next cell's count, or counts out of order, are flagged", () => {
  const reference = [code(1, result(1, "1")), code(2, result(2, "2"))];
  const stale = [code(1, result(1, "1")), code(2, result(3, "2"))];
  assert.deepEqual(comparePlacement(stale, reference).misplaced.map((m) => m.problem), [
    "execution count",
  ]);
  const unrun = [code(1, result(1, "1")), { ...code(2, result(2, "2")), execution_count: null }];
  assert.equal(comparePlacement(unrun, reference).misplaced.length, 1);
});

Deno.test("other content in the same place is a change, not a misplaced output", () => {
  const reference = [code(1, html("<p>new key file</p>")), code(2, out("b\n"))];
  const run = [code(1, html("<p>existing key file</p>")), code(2, out("b\n"))];
  const report = comparePlacement(run, reference);
  assert.deepEqual(report.misplaced, []);
  assert.equal(report.changed.length, 1);
  const lost = [code(1), code(2, out("b\n"))];
  assert.deepEqual(comparePlacement(lost, reference).misplaced.map((m) => m.problem), [
    "missing",
  ]);
});

Deno.test("stream items follow carriage returns and skip package download lines", () => {
  const items = outputItems([
    { output_type: "stream", name: "stderr", text: "Download https://x\nstep 1\rstep 2\n" },
  ]);
  assert.deepEqual(items, [{ kind: "stderr", key: "step 2" }]);
});
