// Round 3 of careless and hostile input: the cases that live in the commands
// (`segment`, `--assign`, `rfm`) and the app rather than in reading files
// (docs/bad_input.md). Each case gives the right reading, or one line naming
// the cause and what to do (exit 2 on the command line, no stack trace).
import { deepEqual, equal, match, ok, throws } from "node:assert/strict";
import { join } from "node:path";
import { InputError } from "../../lib/errors.ts";
import { modelFromText } from "../../lib/segment/segmentation_model.ts";
import { readTable } from "../../lib/io/read_table.ts";
import { columnsStep, errorLine } from "../../lib/app/analysis.ts";
import { segmentCommand } from "../../lib/app/options.ts";
import * as aq from "arquero";
import { runScript } from "../run_script.ts";

const ROOT = join(import.meta.dirname!, "..", "..");
const SEGMENT = join(ROOT, "lib", "cli", "segment.ts");
const RFM = join(ROOT, "lib", "cli", "rfm.ts");
const CUSTOMERS = join(ROOT, "tests", "fixtures", "bad_inputs", "two_groups.csv");
const dir = await Deno.makeTempDir({ prefix: "hostile_round3_" });

const run = runScript;

/** The command exits 2 with one last line "Error: …" matching `pattern`, and no stack. */
async function refused(cli: string, args: string[], pattern: RegExp): Promise<string> {
  const result = await run(cli, args);
  equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
  const last = result.stderr.trim().split("\n").at(-1)!;
  ok(last.startsWith("Error: "), `ends with the error: ${result.stderr}`);
  ok(!result.stderr.includes("    at "), `no stack trace: ${result.stderr}`);
  match(last, pattern);
  return last;
}

/** Write `content` as `name` in the temporary folder and return its path. */
async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  if (typeof content === "string") await Deno.writeTextFile(path, content);
  else await Deno.writeFile(path, content);
  return path;
}

// --- the saved model -----------------------------------------------------------

const fitted = await run(SEGMENT, [CUSTOMERS, "--k", "2", "--out", join(dir, "fitted")]);
equal(fitted.code, 0, fitted.stderr);
const MODEL_TEXT = await Deno.readTextFile(join(dir, "fitted", "model.json"));

/** The fitted model with one change made by `edit`, as JSON text. */
// deno-lint-ignore no-explicit-any
function edited(edit: (m: Record<string, any>) => void): string {
  // deno-lint-ignore no-explicit-any
  const m = JSON.parse(MODEL_TEXT) as Record<string, any>;
  edit(m);
  return JSON.stringify(m);
}

/** modelFromText refuses the text with one InputError line naming `pattern` and the file. */
function modelRefused(text: string, pattern: RegExp): void {
  throws(() => modelFromText(text, "model.json"), (e) => {
    ok(e instanceof InputError, String(e));
    match(e.message, /^Not a usable segmentation model: /);
    match(e.message, pattern);
    match(e.message, /file model\.json/);
    ok(!e.message.includes("\n"));
    return true;
  });
}

Deno.test("round 3: every field of a saved model is checked for type and range, naming the field", () => {
  modelRefused(
    edited((m) => (m.clustering.model.centroids[0][0] = 1e308)),
    /clustering\.model holds 1e\+308/,
  );
  modelRefused(
    edited((m) => (m.preparation.steps[0].fill.value = "lots")),
    /preparation\.steps\[0\]\.fill\.value is "lots", not a finite number/,
  );
  modelRefused(edited((m) => (m.scaler.scale[1] = 1e-320)), /scaler\.scale\[1\] is 1e-320, below/);
  modelRefused(edited((m) => (m.scaler.center[0] = 1e200)), /scaler\.center\[0\] is 1e\+200/);
  modelRefused(
    edited((m) => (m.clustering.model.kind = "spectral")),
    /clustering\.model\.kind is "spectral" but the algorithm is "kmeans"/,
  );
  modelRefused(
    edited((m) => (m.clustering.algorithm = "spectral")),
    /unknown algorithm "spectral"/,
  );
  modelRefused(
    edited((m) => (m.algorithm = "spectral")),
    /algorithm is "spectral" but the clustering is "kmeans"/,
  );
  modelRefused(edited((m) => (m.preparation.steps[1].log = "yes")), /steps\[1\]\.log/);
  modelRefused(edited((m) => (m.preparation.steps[0].kind = "magic")), /steps\[0\]\.kind/);
  modelRefused(edited((m) => (m.preparation.missing = 3)), /preparation\.missing/);
  modelRefused(edited((m) => (m.scaler.kind = "quantile")), /scaler\.kind is "quantile"/);
  modelRefused(edited((m) => (m.nInit = 0)), /nInit/);
  modelRefused(edited((m) => (m.seed = "x")), /seed/);
  modelRefused(edited((m) => (m.centroidsOriginal = [["a"]])), /centroidsOriginal/);
  modelRefused(edited((m) => (m.parameters = { k: [2] })), /parameters/);
  // The model as written still reads.
  equal(modelFromText(MODEL_TEXT).k, 2);
});

Deno.test("round 3: a model.json with a UTF-8 byte order mark is read, by the library and --assign", async () => {
  equal(modelFromText("\uFEFF" + MODEL_TEXT, "model.json").k, 2);
  const bytes = new TextEncoder().encode(MODEL_TEXT);
  const path = await file("model_bom.json", new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]));
  const out = join(dir, "assigned_bom");
  const result = await run(SEGMENT, ["--assign", path, CUSTOMERS, "--out", out]);
  equal(result.code, 0, result.stderr);
  const plain = await run(SEGMENT, [
    "--assign",
    join(dir, "fitted", "model.json"),
    CUSTOMERS,
    "--out",
    join(dir, "assigned_plain"),
  ]);
  equal(plain.code, 0, plain.stderr);
  equal(
    await Deno.readTextFile(join(out, "assigned.csv")),
    await Deno.readTextFile(join(dir, "assigned_plain", "assigned.csv")),
  );
});

Deno.test("round 3: --assign with a hostile model is one line naming the field", async () => {
  const path = await file(
    "model_big.json",
    edited((m) => (m.clustering.model.centroids[1][1] = 1e308)),
  );
  await refused(
    SEGMENT,
    ["--assign", path, CUSTOMERS, "--out", join(dir, "a_big")],
    /clustering\.model holds 1e\+308/,
  );
});

// --- options -------------------------------------------------------------------

Deno.test("round 3: --k with an algorithm that finds k itself is one line, not ignored", async () => {
  await refused(
    SEGMENT,
    [CUSTOMERS, "--algorithm", "dbscan", "--k", "3", "--out", join(dir, "dbscan_k")],
    /--k does not apply to dbscan: it finds the number of segments itself \(from --eps and --min-samples\); leave --k out/,
  );
});

Deno.test("round 3: an empty option value is refused, never read as the default", async () => {
  await refused(
    SEGMENT,
    [CUSTOMERS, "--k", "", "--out", join(dir, "k_empty")],
    /--k is empty: give it a value, or leave the option out/,
  );
  await refused(
    SEGMENT,
    [CUSTOMERS, "--features=", "--out", join(dir, "f_empty")],
    /--features is empty/,
  );
  await refused(
    SEGMENT,
    [CUSTOMERS, "--features", " ", "--out", join(dir, "f_blank")],
    /--features is empty/,
  );
});

Deno.test("round 3: a file name starting with '-' gets the ./ or -- hint", async () => {
  await refused(
    SEGMENT,
    ["-file.csv"],
    /unknown option -f in "-file\.csv" \(a file whose name starts with "-": write \.\/-file\.csv, or -- before it\)/,
  );
});

// --- dates and the as-of date ----------------------------------------------------

const DATED = await file(
  "dated.csv",
  "id,spend,joined\n" +
    Array.from(
      { length: 12 },
      (_, i) => `${i + 1},${(i % 3) * 10 + i},2024-0${1 + (i % 6)}-1${i % 9}`,
    ).join("\n") + "\n",
);

Deno.test("round 3: segment --as-of before every date is refused naming the column", async () => {
  await refused(
    SEGMENT,
    [DATED, "--k", "2", "--as-of", "2020-01-01", "--out", join(dir, "asof_early")],
    /as-of date 2020-01-01 is before every date \(2024-01-10 to 2024-06-15\): its days would all be negative \(file .*dated\.csv, column "joined"\)\. Give an as-of date on or after the latest date/,
  );
});

Deno.test("round 3: segment --as-of inside the dates says how many come after it", async () => {
  const result = await run(SEGMENT, [
    DATED,
    "--k",
    "2",
    "--as-of",
    "2024-03-31",
    "--out",
    join(dir, "asof_mid"),
  ]);
  equal(result.code, 0, result.stderr);
  match(result.stderr, /joined.*as days before 2024-03-31 \(6 after it, as negative days\)/);
});

Deno.test("round 3: rfm --as-of counts the lines after it, and the customers with only such lines, as a rule", async () => {
  const out = join(dir, "rfm_as_of");
  const result = await run(RFM, [
    join(ROOT, "data", "transactions_sample.csv"),
    "--as-of",
    "2024-06-01",
    "--out",
    out,
  ]);
  equal(result.code, 0, result.stderr);
  const report = JSON.parse(await Deno.readTextFile(join(out, "cleaning_report.json")));
  const rule = report.rules.find((r: { rule: string }) => r.rule === "after_as_of");
  ok(rule !== undefined, "an after_as_of rule");
  equal(rule.action, "dropped");
  equal(rule.lines, 27815);
  match(
    rule.description,
    /^After the as-of date: dated on or after 2024-06-01 \(1618 customers with only such lines\)$/,
  );
  const dropped = report.rules.reduce(
    (n: number, r: { action: string; lines: number }) => r.action === "dropped" ? n + r.lines : n,
    0,
  );
  equal(report.linesIn - dropped, report.linesOut, "the rules account for every line");
  equal(report.customers, 1375);
  const csv = await Deno.readTextFile(join(out, "cleaning_report.csv"));
  match(csv, /\nlines_out,"Lines kept for RFM \(1,375 customers\)",,15496,/);
  // Without --as-of (the day after the last line) there is no such rule.
  const plain = await run(RFM, [
    join(ROOT, "data", "transactions_sample.csv"),
    "--out",
    join(dir, "rfm_plain"),
  ]);
  equal(plain.code, 0, plain.stderr);
  const plainReport = JSON.parse(
    await Deno.readTextFile(join(dir, "rfm_plain", "cleaning_report.json")),
  );
  deepEqual(plainReport.rules.filter((r: { rule: string }) => r.rule === "after_as_of"), []);
});

// --- an input with its own cluster column ----------------------------------------

Deno.test("round 3: an input's own cluster column is kept intact, never a feature; the new labels go beside it", async () => {
  const rows = ["id,a,b,cluster"];
  for (let i = 0; i < 30; i++) {
    const high = i % 2 === 1;
    rows.push(
      `${i + 1},${high ? 8 + (i % 5) / 10 : 1 + (i % 5) / 10},${high ? 9 : 2 + (i % 3) / 10},${`S${
        100 + i
      }`}`,
    );
  }
  // A store code in a numeric column named "Cluster" too.
  const numeric = rows.map((line, i) =>
    i === 0 ? line.replace("cluster", "Cluster") : line.replace(/S(\d+)$/, "$1")
  );
  for (
    const [name, lines, own] of [["own_cluster.csv", rows, "cluster"], [
      "own_Cluster.csv",
      numeric,
      "Cluster",
    ]] as const
  ) {
    const input = await file(name, lines.join("\n") + "\n");
    const out = join(dir, `${name}_out`);
    const result = await run(SEGMENT, [input, "--k", "2", "--out", out]);
    equal(result.code, 0, result.stderr);
    match(result.stderr, new RegExp(`${own}\\b.*segment labels of an earlier run`));
    match(
      result.stderr,
      new RegExp(
        `The file already has a column "${own}" \\(kept as it is\\): the new segments are in "cluster_new"`,
      ),
    );
    const model = JSON.parse(await Deno.readTextFile(join(out, "model.json")));
    deepEqual(model.features, ["a", "b"]);
    const csv = (await Deno.readTextFile(join(out, "segments.csv"))).trim().split("\n");
    equal(csv[0], `id,a,b,${own},cluster_new,segment_name`);
    deepEqual(
      csv.slice(1).map((l) => l.split(",")[3]),
      lines.slice(1).map((l) => l.split(",")[3]),
      "the user's column survives",
    );
    // The written file reads and segments again (no Cluster/cluster clash), its labels not used as features.
    const again = await run(SEGMENT, [
      join(out, "segments.csv"),
      "--k",
      "2",
      "--out",
      join(out, "again"),
    ]);
    equal(again.code, 0, again.stderr);
    equal(
      (await Deno.readTextFile(join(out, "again", "segments.csv"))).split("\n")[0],
      `id,a,b,${own},cluster_new,segment_name,cluster_new_2,segment_name_2`,
    );
    deepEqual(JSON.parse(await Deno.readTextFile(join(out, "again", "model.json"))).features, [
      "a",
      "b",
    ]);
    // --assign keeps it too.
    const assigned = await run(SEGMENT, [
      "--assign",
      join(out, "model.json"),
      input,
      "--out",
      join(out, "assigned"),
    ]);
    equal(assigned.code, 0, assigned.stderr);
    match(assigned.stderr, /the new segments are in "cluster_new"/);
    const a = (await Deno.readTextFile(join(out, "assigned", "assigned.csv"))).trim().split("\n");
    equal(a[0], `id,a,b,${own},cluster_new,segment_name`);
    deepEqual(a.slice(1).map((l) => l.split(",")[4]), csv.slice(1).map((l) => l.split(",")[4]));
  }
});

// --- the app -----------------------------------------------------------------------

Deno.test("round 3: the app's error lines name its controls, not the command line's flags", async () => {
  const titled = await file(
    "titled.csv",
    "Export of 2024\nby the CRM\n\nid,age,income\n1,30,100\n2,40,200\n3,50,300\n",
  );
  let caught: unknown;
  try {
    await readTable(titled);
  } catch (error) {
    caught = error;
  }
  const line = errorLine(caught, { path: titled, name: "titled.csv" });
  match(
    line,
    /^Error: Title rows above the header: .*\(file titled\.csv\)\. Delete the 3 lines above it and upload the file again \(the app reads the header from the first line; `deno task segment --header-row 4` reads from that line\)\.$/,
  );
  const dates = aq.table({
    id: ["a", "b", "c"],
    joined: ["01-02-2024", "03-04-2024", "05-06-2024"],
  });
  throws(() => columnsStep(dates, "d.csv", { dateFormat: "bad" }), (e) => {
    const app = errorLine(e);
    ok(!/--[a-z]/.test(app.replace(/`deno task segment[^`]*`/g, "")), app);
    return true;
  });
  for (
    const [library, app] of [
      [
        "Raise --eps or lower --min-samples.",
        'Raise the "Radius (eps)" option or lower the "Min samples" option.',
      ],
      [
        "Fill them (--missing median|mean|knn|drop).",
        'Fill them (the "Blanks" option median|mean|knn|drop).',
      ],
      [
        "Give at least 3 rows, or a fixed k (`--k N` on the command line).",
        'Give at least 3 rows, or a fixed k (the "Segments" option).',
      ],
      [
        "Every column was skipped: x (constant). Name the features with --features a,b,c.",
        "Every column was skipped: x (constant). Tick the features in the columns table.",
      ],
      [
        'Sheet is empty: "Chart1" (a chart sheet) (file w.xlsx). Pick a sheet with data: --sheet Data (sheet: "Data")',
        'Sheet is empty: "Chart1" (a chart sheet) (file w.xlsx). Pick a sheet with data: move it first in the workbook and upload it again (the app reads the first sheet with data; `deno task segment --sheet Data` reads it as it is) (sheet: "Data")',
      ],
    ]
  ) {
    equal(errorLine(new InputError(library!)), `Error: ${app}`);
  }
});

Deno.test("round 3: a file whose every column is skipped still shows the column table to tick", () => {
  const table = aq.table({
    customer_id: ["c1", "c2", "c3", "c4"],
    spend: ["10", "20", "twelve", "30"],
    flat: [1, 1, 1, 1],
  });
  const result = columnsStep(table, "all_skipped.csv", {});
  deepEqual(result.used, []);
  match(result.note!, /No column is used by default .*tick the columns to segment on/);
  for (const column of ["customer_id", "spend", "flat"]) {
    ok(result.html.includes(`<input type="checkbox" name="feature" value="${column}"`), column);
  }
  match(result.html, /constant/);
  match(result.html, /numbers mixed with text \(row 3: &quot;twelve&quot;\)/);
  // Ticking one gives a segmentation's preparation with it.
  deepEqual(columnsStep(table, "all_skipped.csv", { features: ["customer_id"] }).used, [
    "customer_id",
  ]);
  // The browser script shows the table and waits for ticks instead of running.
  match(
    Deno.readTextFileSync(join(ROOT, "lib", "app", "browser", "app.js")),
    /if \(c\.used\.length === 0\) showError\("run", c\.note\);\s*else analyse\(\);/,
  );
});

Deno.test("round 3: the app's equivalent command leaves --k out for an algorithm that finds k itself", () => {
  equal(
    segmentCommand("f.csv", { algorithm: "dbscan", k: "5" }),
    "deno task segment f.csv --algorithm dbscan",
  );
  equal(
    segmentCommand("f.csv", { algorithm: "gmm", k: "5" }),
    "deno task segment f.csv --k 5 --algorithm gmm",
  );
});
