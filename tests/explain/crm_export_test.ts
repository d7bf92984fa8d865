/** CRM export: one CSV per segment and the index; RFM segment definitions. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { RFM_SEGMENT_ACTIONS } from "../../lib/features/rfm_segments.ts";
import {
  rfmSegmentDefinitions,
  segmentExportFiles,
  segmentFileName,
  writeSegmentExport,
} from "../../lib/explain/mod.ts";
import { RFM_SEGMENT_RULES, segmentOrder } from "../../lib/features/rfm_segments.ts";
import { isInputError } from "../../lib/errors.ts";

Deno.test("export writes one file per segment with its ids, and an index", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const written = await writeSegmentExport(dir, {
      customers: ["a1", "b2", "c3", "d4", "=cmd"],
      segments: ["Can't Lose Them", "Lost", "Can't Lose Them", "Champions", "Lost"],
      index: [
        { segment: "Champions", rule: "recency <= 30.5", recommendation: "reward them" },
        { segment: "Lost", rule: "recency > 300", recommendation: "one reactivation, then stop" },
      ],
    });
    assert.deepEqual(written.map((p) => p.slice(dir.length + 1)), [
      "champions.csv",
      "lost.csv",
      "cant_lose_them.csv",
      "segments_index.csv",
    ]);
    assert.equal(
      await Deno.readTextFile(join(dir, "cant_lose_them.csv")),
      "customer_id,segment\na1,Can't Lose Them\nc3,Can't Lose Them\n",
    );
    // An id a spreadsheet would run as a formula stays text.
    assert.match(
      await Deno.readTextFile(join(dir, "lost.csv")),
      /^customer_id,segment\nb2,Lost\n'=cmd,Lost\n$/,
    );
    assert.equal(
      await Deno.readTextFile(join(dir, "segments_index.csv")),
      "segment,file,customers,rule,recommendation\n" +
        "Champions,champions.csv,1,recency <= 30.5,reward them\n" +
        'Lost,lost.csv,2,recency > 300,"one reactivation, then stop"\n' +
        "Can't Lose Them,cant_lose_them.csv,2,,\n",
    );
    // Nothing temporary left behind: the four files and the folder's list of them.
    const names = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    assert.deepEqual(names.sort(), [
      ".output.json",
      "cant_lose_them.csv",
      "champions.csv",
      "lost.csv",
      "segments_index.csv",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("index gains a definition column when one is given; file names never clash", () => {
  const files = segmentExportFiles({
    customers: ["1", "2", "3"],
    segments: ["A b", "a-b", "segments index"],
    index: [{ segment: "A b", definition: "R score 5" }],
    idColumn: "member_pseudonym",
  });
  assert.deepEqual(Object.keys(files), [
    "a_b.csv",
    "a_b_2.csv",
    "segments_index_2.csv",
    "segments_index.csv",
  ]);
  assert.equal(files["a_b.csv"], "member_pseudonym,segment\n1,A b\n");
  assert.match(
    files["segments_index.csv"]!,
    /^segment,file,customers,rule,definition,recommendation\nA b,a_b.csv,1,,R score 5,\n/,
  );
  assert.equal(segmentFileName("Élite ⭐"), "elite.csv");
  assert.equal(segmentFileName("!!!"), "segment.csv");
});

Deno.test("bad export input is an InputError naming the row", async () => {
  const cases: [() => unknown, RegExp][] = [
    [() => segmentExportFiles({ customers: ["a"], segments: [] }), /differ in number: 1 and 0/],
    [() => segmentExportFiles({ customers: [], segments: [] }), /No customers/],
    [
      () => segmentExportFiles({ customers: ["a", " "], segments: ["X", "X"] }),
      /Missing customer id \(column "customer_id", row 2\)/,
    ],
  ];
  for (const [run, message] of cases) {
    assert.throws(run, (e: unknown) => isInputError(e) && message.test((e as Error).message));
  }
  const dir = await Deno.makeTempDir();
  const input = join(dir, "lost.csv");
  await Deno.writeTextFile(input, "keep me");
  try {
    await assert.rejects(
      writeSegmentExport(dir, { customers: ["a"], segments: ["Lost"] }, { inputs: [input] }),
      (e: unknown) => isInputError(e) && /overwrite an input/.test((e as Error).message),
    );
    assert.equal(await Deno.readTextFile(input), "keep me");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("RFM definitions cover the map's 25 cells, and every segment has an action", () => {
  const defs = rfmSegmentDefinitions();
  assert.deepEqual([...defs.keys()], segmentOrder());
  let cells = 0;
  for (const text of defs.values()) {
    for (const part of text.split(" or ")) {
      const m = /^R score (.+), F score (.+)$/.exec(part)!;
      const size = (s: string) =>
        s.split(", ").reduce((n, r) => {
          const [a, b] = r.split("–").map(Number);
          return n + (b === undefined ? 1 : b - a! + 1);
        }, 0);
      cells += size(m[1]!) * size(m[2]!);
    }
  }
  assert.equal(cells, 25);
  for (const s of segmentOrder(RFM_SEGMENT_RULES)) assert.ok(RFM_SEGMENT_ACTIONS[s], s);
  // An irregular map reads as several rectangles.
  const odd = rfmSegmentDefinitions([{ segment: "X", pattern: "5[1-2]|1[4-5]" }, {
    segment: "Y",
    pattern: "..",
  }]);
  assert.equal(odd.get("X"), "R score 5, F score 1–2 or R score 1, F score 4–5");
  assert.equal(
    odd.get("Y"),
    "R score 1–5, F score 3 or R score 2–5, F score 4–5 or R score 1–4, F score 1–2",
  );
});
