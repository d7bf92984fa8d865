import assert from "node:assert/strict";
import { progress, progressCallback } from "../../lib/display/progress.ts";

function recorder() {
  const lines: string[] = [];
  let clock = 0;
  return {
    lines,
    advance(ms: number) {
      clock += ms;
    },
    options: { write: (l: string) => lines.push(l), now: () => clock, color: false, timings: true },
  };
}

Deno.test("progress writes one line per step with counts, percent and seconds, then done", () => {
  const r = recorder();
  const p = progress("k sweep", 3, r.options);
  r.advance(1200);
  p.tick();
  r.advance(1300);
  p.tick();
  r.advance(2000);
  p.tick();
  p.done();
  p.done(); // idempotent
  assert.deepEqual(r.lines, [
    "k sweep: 1/3 (33%), 1.2 s",
    "k sweep: 2/3 (67%), 2.5 s",
    "k sweep: 3/3 (100%), 4.5 s",
    "k sweep: done, 3 steps in 4.5 s",
  ]);
});

Deno.test("progress without timings (SEGMENT_REPRODUCIBLE=1) gives the same lines at any speed", () => {
  const runs = [0, 5000].map((ms) => {
    const r = recorder();
    const p = progress("k sweep", 2, { ...r.options, timings: false });
    r.advance(ms);
    p.tick();
    r.advance(ms);
    p.tick();
    p.done();
    return r.lines;
  });
  assert.deepEqual(runs[0], [
    "k sweep: 1/2 (50%)",
    "k sweep: 2/2 (100%)",
    "k sweep: done, 2 steps",
  ]);
  assert.deepEqual(runs[1], runs[0]);
  const previous = Deno.env.get("SEGMENT_REPRODUCIBLE");
  try {
    Deno.env.set("SEGMENT_REPRODUCIBLE", "1");
    const lines: string[] = [];
    progress("x", 1, { write: (l) => lines.push(l), now: () => 1234, color: false }).done();
    assert.deepEqual(lines, ["x: done, 1 step"]);
  } finally {
    if (previous === undefined) Deno.env.delete("SEGMENT_REPRODUCIBLE");
    else Deno.env.set("SEGMENT_REPRODUCIBLE", previous);
  }
});

Deno.test("progress on many steps reports every 10% and always the last step", () => {
  const r = recorder();
  const p = progress("rows", 1000, r.options);
  for (let i = 0; i < 1000; i++) p.tick();
  assert.equal(r.lines.length, 10);
  assert.equal(r.lines[0], "rows: 100/1,000 (10%), 0.0 s");
  assert.equal(r.lines[9], "rows: 1,000/1,000 (100%), 0.0 s");
});

Deno.test("progress uses no escape codes unless colour is asked for", () => {
  const plain = recorder();
  progress("x", 1, plain.options).tick();
  assert.ok(!plain.lines[0]!.includes("\x1b"));
  const coloured = recorder();
  progress("x", 1, { ...coloured.options, color: true }).tick();
  assert.ok(coloured.lines[0]!.startsWith("\x1b[1mx\x1b[22m:"));
});

Deno.test("progressCallback turns onProgress(done, total) into lines and finishes at total", () => {
  const r = recorder();
  const onProgress = progressCallback("stability", r.options);
  onProgress(1, 2);
  onProgress(2, 2);
  onProgress(1, 1); // a new run starts a new report
  assert.deepEqual(r.lines, [
    "stability: 1/2 (50%), 0.0 s",
    "stability: 2/2 (100%), 0.0 s",
    "stability: done, 2 steps in 0.0 s",
    "stability: 1/1 (100%), 0.0 s",
    "stability: done, 1 step in 0.0 s",
  ]);
});
