// Hostile and careless input, round 2: every case gives exit 0 with the right
// reading, or exit 2 with one line, no stack trace and nothing in --out. Rows of
// the bad-input table (docs/bad_input.md); fixtures in tests/fixtures/bad_inputs/, made by
// tests/fixtures/scripts/make_bad_inputs.ts.
import { deepEqual, equal, match, ok, throws } from "node:assert/strict";
import { join } from "node:path";
import { ArgumentError, checkOutputTargets, parseOptions } from "../../lib/cli/run_cli.ts";
import { listFiles } from "./files.ts";
import { InputError } from "../../lib/errors.ts";
import { readTable } from "../../lib/io/read_table.ts";
import { queryColumns, sqlString } from "../../lib/io/duckdb.ts";
import { findTitleLines, findTitleRows } from "../../lib/io/header_row.ts";
import { utf16Encoding } from "../../lib/io/transcode.ts";
import { applyScaler, fitScaler, magnitudeLimit } from "../../lib/prepare/scale.ts";
import { matrixFromRows } from "../../lib/matrix.ts";
import { fitGMM, sweepGMM } from "../../lib/cluster/gmm.ts";
import { runScript } from "../run_script.ts";
import { runRFM } from "../../lib/rfm/run_rfm.ts";

const ROOT = join(import.meta.dirname!, "..", "..");
const DIR = join(ROOT, "tests", "fixtures", "bad_inputs");
const fixture = (name: string) => join(DIR, name);
const SEGMENT = join(ROOT, "lib", "cli", "segment.ts");
const RFM = join(ROOT, "lib", "cli", "rfm.ts");
const TRANSACTIONS = join(ROOT, "tests", "fixtures", "rfm_transactions.csv");
const CUSTOMERS = fixture("two_groups.csv");

const run = runScript;

/** The command exits 2 with one line matching `pattern`, no stack, and leaves `out` empty. */
async function refused(cli: string, args: string[], pattern: RegExp, out: string): Promise<string> {
  const result = await run(cli, args);
  equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
  // Progress lines (the preparation's column report) may come first; the error is one last line.
  const lines = result.stderr.trim().split("\n");
  const last = lines.at(-1)!;
  equal(lines.filter((l) => /^Error\b|^error:/i.test(l)).length, 1, `one error: ${result.stderr}`);
  ok(last.startsWith("Error: "), `ends with the error: ${result.stderr}`);
  ok(!result.stderr.includes("    at "), `no stack trace: ${result.stderr}`);
  match(last, pattern);
  deepEqual(await listFiles(out, { emptyFolders: true }), [], "nothing in --out");
  return last;
}

async function freshOut(): Promise<string> {
  return join(await Deno.makeTempDir({ prefix: "round2_" }), "out");
}

// --- option parsing -----------------------------------------------------------

const OPTIONS = {
  k: { type: "string" },
  eps: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

Deno.test("round 2: parseOptions reads negative numbers as values, both spellings", () => {
  const a = parseOptions(["f.csv", "--eps", "-1", "--k=-2"], OPTIONS, {
    command: "segment",
    positionals: 1,
  });
  equal(a.values.eps, "-1");
  equal(a.values.k, "-2");
  deepEqual(a.positionals, ["f.csv"]);
  equal(parseOptions(["--eps", "-.5e3", "f"], OPTIONS, { command: "x" }).values.eps, "-.5e3");
  equal(parseOptions(["-h"], OPTIONS, { command: "x", positionals: 1 }).values.help, true);
  deepEqual(parseOptions(["--", "--k"], OPTIONS, { command: "x" }).positionals, ["--k"]);
});

Deno.test("round 2: parseOptions turns every mistake into one ArgumentError line with the hint", () => {
  const cases: [string[], RegExp][] = [
    [["f", "--kk", "3"], /^unknown option --kk \(did you mean --k\?\)/],
    [["f", "--zzzz"], /^unknown option --zzzz; run/],
    [["f", "--k"], /^--k needs a value/],
    [["f", "--k", "--eps", "1"], /^--k needs a value/],
    [["f", "--k", "2", "--k", "3"], /^--k given twice/],
    [["f", "--help=yes"], /^--help takes no value/],
    [["f", "-x"], /^unknown option -x/],
    [["f", "-1"], /^unexpected value "-1"/],
    [[], /^give exactly one input file \(none given\)/],
    [["a", "b"], /^give exactly one input file \(got 2: a, b\)/],
    [["f", "--__proto__", "1"], /^unknown option --__proto__/],
  ];
  for (const [args, pattern] of cases) {
    throws(() => parseOptions(args, OPTIONS, { command: "segment", positionals: 1 }), (e) => {
      ok(e instanceof ArgumentError, String(e));
      match(e.message, pattern);
      match(e.message, /; run `deno task segment --help` for the options$/);
      ok(!e.message.includes("\n"), e.message);
      return true;
    }, args.join(" "));
  }
});

Deno.test("round 2: segment option mistakes exit 2 with one line, negative values refused by their own check", async () => {
  const out = await freshOut();
  const cases: [string[], RegExp][] = [
    [["--k", "-1"], /^Error: Invalid k: "-1"/],
    [["--k=-1"], /^Error: Invalid k: "-1"/],
    [["--algorithm", "dbscan", "--eps", "-1"], /^Error: Invalid eps: "-1"/],
    [["--algorithm", "dbscan", "--eps=-1"], /^Error: Invalid eps: "-1"/],
    [
      ["--kk", "3"],
      /^Error: unknown option --kk \(did you mean --k\?\); run `deno task segment --help`/,
    ],
    [["--k"], /^Error: --k needs a value; run `deno task segment --help`/],
  ];
  for (const [args, pattern] of cases) {
    await refused(SEGMENT, [CUSTOMERS, "--out", out, ...args], pattern, out);
  }
});

Deno.test("round 2: rfm option mistakes exit 2 with one line", async () => {
  const out = await freshOut();
  const cases: [string[], RegExp][] = [
    [["--rule-depth", "-2"], /^Error: --rule-depth must be a whole number from 1 to 8, not "-2"/],
    [["--outlier-threshold=-1"], /^Error: Invalid outlier threshold: -1/],
    [["--custmer", "id"], /^Error: unknown option --custmer \(did you mean --customer\?\)/],
    [["--memory-limit"], /^Error: --memory-limit needs a value; run `deno task rfm --help`/],
  ];
  for (const [args, pattern] of cases) {
    await refused(RFM, [TRANSACTIONS, "--out", out, ...args], pattern, out);
  }
});

// --- output targets, checked before any work ------------------------------------

Deno.test("round 2: --out naming an existing file, or under one, is refused before any work", async () => {
  const base = await Deno.makeTempDir({ prefix: "round2_" });
  const file = join(base, "taken.txt");
  await Deno.writeTextFile(file, "keep me\n");
  for (const [cli, input] of [[SEGMENT, CUSTOMERS], [RFM, TRANSACTIONS]] as const) {
    for (const out of [file, join(file, "sub")]) {
      const result = await run(cli, [input, "--out", out]);
      equal(result.code, 2, result.stderr);
      equal(result.stderr.trim().split("\n").length, 1, result.stderr);
      match(
        result.stderr,
        /^Error: --out (names an existing file|cannot be created: .* is a file)/,
      );
      ok(!/choosing k|lines →/.test(result.stderr), "refused before any work");
    }
  }
  const exportRun = await run(SEGMENT, [
    CUSTOMERS,
    "--out",
    join(base, "out"),
    "--export-segments",
    file,
  ]);
  equal(exportRun.code, 2, exportRun.stderr);
  match(exportRun.stderr, /^Error: --export-segments names an existing file, not a folder/);
  deepEqual(await listFiles(join(base, "out")), [], "nothing in --out");
  equal(await Deno.readTextFile(file), "keep me\n");
});

Deno.test("round 2: outputs that would overwrite an input are refused before any work", async () => {
  const base = await Deno.makeTempDir({ prefix: "round2_" });
  const segmentsInput = join(base, "segments.csv");
  await Deno.copyFile(CUSTOMERS, segmentsInput);
  const rfmInput = join(base, "rfm.csv");
  await Deno.copyFile(TRANSACTIONS, rfmInput);
  const exportInput = join(base, "champions.csv");
  await Deno.copyFile(TRANSACTIONS, exportInput);
  const before = await listFiles(base);
  for (
    const [cli, args] of [
      [SEGMENT, [segmentsInput, "--out", base]],
      [RFM, [rfmInput, "--out", base]],
      [RFM, [exportInput, "--out", join(base, "o"), "--export-segments", base]],
    ] as const
  ) {
    const result = await run(cli, [...args]);
    equal(result.code, 2, result.stderr);
    equal(result.stderr.trim().split("\n").length, 1, result.stderr);
    match(result.stderr, /^Error: Output would overwrite an input file/);
  }
  deepEqual(await listFiles(base), before, "nothing written");
});

Deno.test("round 2: checkOutputTargets refuses a file to be written that is an existing folder", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(join(dir, "rfm.csv"));
  let message = "";
  await checkOutputTargets([{ dir, option: "--out", names: ["rfm.csv"] }], []).catch((e) => {
    message = e.message;
  });
  match(message, /^Output rfm.csv is an existing folder/);
});

// --- DuckDB's memory errors ----------------------------------------------------

Deno.test("round 2: --memory-limit too small is one short line without DuckDB's text", async () => {
  const out = await freshOut();
  const line = await refused(
    RFM,
    [TRANSACTIONS, "--memory-limit", "1KB", "--out", out],
    /^Error: Not enough memory under the memory limit \(a step needed [\d.]+ \w+ at once\)/,
    out,
  );
  ok(!/Out of Memory Error|bytes used|could not allocate/.test(line), line);
});

// --- rfm: Excel serial dates, every line dropped ---------------------------------

for (const name of ["excel_serial_dates.csv", "excel_serial_dates.xlsx"]) {
  Deno.test(`round 2: Excel serial dates are read as dates in rfm (${name})`, async () => {
    const out = await freshOut();
    const result = await run(RFM, [fixture(name), "--outliers", "none", "--out", out]);
    equal(result.code, 0, result.stderr);
    const report = JSON.parse(await Deno.readTextFile(join(out, "cleaning_report.json")));
    // The last line is 45290.75 = 2023-12-30 18:00, so the as-of date is the day after.
    equal(report.asOf, "2023-12-31");
    const rows = (await Deno.readTextFile(join(out, "rfm.csv"))).trim().split("\n")
      .map((l) => l.split(","));
    const header = rows[0]!;
    const byCustomer = new Map(rows.slice(1).map((r) => [r[0], r]));
    const col = (id: string, c: string) => byCustomer.get(id)![header.indexOf(c)];
    // C1 bought on 45261.34 (2023-12-01 08:09) and 45265.5 (2023-12-05 12:00).
    equal(col("C1", "recency"), "26");
    equal(col("C1", "frequency"), "2");
    equal(col("C2", "recency"), "21"); // 45270 = 2023-12-10
    equal(col("C3", "recency"), "1");
  });
}

Deno.test("round 2: a number that is not a serial date stays unparseable in rfm", async () => {
  const base = await Deno.makeTempDir({ prefix: "round2_" });
  const input = join(base, "yyyymmdd.csv");
  await Deno.writeTextFile(
    input,
    "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,2,20240131,3.5,A\n2,1,20240201,4,B\n",
  );
  const out = join(base, "out");
  await refused(
    RFM,
    [input, "--out", out],
    /^Error: Unparseable date: "20240131" \(file .*, column "InvoiceDate", row 1\)/,
    out,
  );
});

Deno.test("round 2: when every line is dropped, rfm writes the cleaning report it points to", async () => {
  const out = await freshOut();
  const result = await run(RFM, [fixture("all_lines_dropped.csv"), "--out", out]);
  equal(result.code, 2, result.stderr);
  equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  ok(!result.stderr.includes("    at "), result.stderr);
  match(
    result.stderr,
    /^Error: No lines left after cleaning: 3 lines dropped \(missing_customer 1, cancellation 1, non_positive_quantity 1\)/,
  );
  ok(result.stderr.includes(join(out, "cleaning_report.csv")), result.stderr);
  deepEqual(await listFiles(out), [".output.json", "cleaning_report.csv", "cleaning_report.json"]);
  const report = JSON.parse(await Deno.readTextFile(join(out, "cleaning_report.json")));
  equal(report.linesIn, 3);
  equal(report.linesOut, 0);
});

// --- readers -------------------------------------------------------------------

/** Reading fails with one InputError line matching `pattern`, naming the file. */
async function readRefused(
  path: string,
  pattern: RegExp,
  options: Parameters<typeof readTable>[1] = {},
): Promise<InputError> {
  let caught: unknown;
  try {
    await readTable(path, options);
  } catch (error) {
    caught = error;
  }
  ok(caught instanceof InputError, `expected InputError, got ${caught}`);
  match(caught.message, pattern);
  ok(!caught.message.includes("\n"), caught.message);
  ok(caught.message.includes(`file ${path}`), caught.message);
  return caught;
}

for (const name of ["utf16le_bom.csv", "utf16be_bom.csv"]) {
  Deno.test(`round 2: UTF-16 text is decoded by its byte order mark (${name})`, async () => {
    const table = await readTable(fixture(name));
    deepEqual(table.columnNames(), ["name", "spend"]);
    deepEqual(Array.from(table.array("name")), ["José", "Bo"]);
    deepEqual(Array.from(table.array("spend")), [10, 20]);
  });
}

Deno.test("round 2: UTF-16 without a byte order mark is recognised by its zero bytes", () => {
  const le = new Uint8Array([..."id,a\n1,2\n"].flatMap((c) => [c.charCodeAt(0), 0]));
  equal(utf16Encoding(le), "utf-16le");
  equal(utf16Encoding(new TextEncoder().encode("id,a\n1,2\n")), undefined);
});

Deno.test("round 2: a UTF-16 file through segment clusters as UTF-8 would", async () => {
  const out = await freshOut();
  const result = await run(SEGMENT, [fixture("utf16le_bom.csv"), "--k", "2", "--out", out]);
  equal(result.code, 0, result.stderr);
  match(await Deno.readTextFile(join(out, "segments.csv")), /José/);
});

/** The transaction fixture with one description made non-ASCII (written as UTF-8). */
async function accentedTransactions(): Promise<string> {
  const text = await Deno.readTextFile(TRANSACTIONS);
  ok(text.includes("WHITE CANDLE"));
  return text.replaceAll("WHITE CANDLE", "WHITE CANDLÉ");
}

/** rfm.csv, segment_products.csv and segment_rules.csv of an in-process run on `path`. */
async function rfmOutputs(path: string, headerRow?: number): Promise<string[]> {
  const run = await runRFM(path, { headerRow });
  return ["rfm.csv", "segment_products.csv", "segment_rules.csv"].map((name) => run.files[name]!);
}

Deno.test("round 2: rfm reads UTF-16 transaction files as it reads UTF-8", async () => {
  const base = await Deno.makeTempDir({ prefix: "round2_" });
  const text = await accentedTransactions();
  const utf8 = join(base, "lines_utf8.csv");
  await Deno.writeTextFile(utf8, text);
  const expected = await rfmOutputs(utf8);
  for (const littleEndian of [true, false]) {
    const input = join(base, `lines_utf16${littleEndian ? "le" : "be"}.csv`);
    const units = [0xfeff, ...Array.from(text, (c) => c.charCodeAt(0))];
    const bytes = new Uint8Array(units.length * 2);
    units.forEach((u, i) => {
      const [lo, hi] = [u & 0xff, u >> 8];
      [bytes[2 * i], bytes[2 * i + 1]] = littleEndian ? [lo, hi] : [hi, lo];
    });
    await Deno.writeFile(input, bytes);
    deepEqual(await rfmOutputs(input), expected);
  }
  // The descriptions come through decoded.
  ok(expected[1]!.trim().split("\n").length > 2, expected[1]);
  ok(!/\uFFFD|Ã/.test(expected[1]!), expected[1]);
  // On the command line too.
  const out = join(base, "out");
  const result = await run(RFM, [join(base, "lines_utf16le.csv"), "--out", out]);
  equal(result.code, 0, result.stderr);
  equal(await Deno.readTextFile(join(out, "rfm.csv")), expected[0]);
});

Deno.test("round 2: a whitespace-only file is empty, for segment and rfm", async () => {
  await readRefused(fixture("whitespace_only.csv"), /^File is empty/);
  const out = await freshOut();
  await refused(RFM, [fixture("whitespace_only.csv"), "--out", out], /^Error: File is empty/, out);
});

Deno.test("round 2: NUL bytes inside a field are refused, naming column and row", async () => {
  const error = await readRefused(fixture("nul_bytes.csv"), /^NUL character \(\\0\) in the file/);
  equal(error.column, "name");
  equal(error.row, 2);
  const out = await freshOut();
  await refused(SEGMENT, [fixture("nul_bytes.csv"), "--out", out], /column "name", row 2/, out);
});

Deno.test("round 2: a header repeated inside the data is refused, naming the row", async () => {
  const error = await readRefused(
    fixture("repeated_header.csv"),
    /^The header is repeated inside the data/,
  );
  equal(error.row, 3);
  const out = await freshOut();
  await refused(
    SEGMENT,
    [fixture("repeated_header.csv"), "--out", out],
    /^Error: The header is repeated inside the data \(file .*, row 3\)/,
    out,
  );
});

for (const [name, unit] of [["title_rows.csv", "line"], ["title_rows.xlsx", "row"]] as const) {
  Deno.test(`round 2: title rows above the header are found and named, or skipped with headerRow (${name})`, async () => {
    await readRefused(
      fixture(name),
      new RegExp(
        `^Title rows above the header: the header looks like ${unit} 4 \\(id, age, income\\).*--header-row 4`,
      ),
    );
    const table = await readTable(fixture(name), { headerRow: 4 });
    deepEqual(table.columnNames(), ["id", "age", "income"]);
    deepEqual(Array.from(table.array("income")), [52000, 61000, 38000]);
    await readRefused(fixture(name), /^Invalid header row: 0/, { headerRow: 0 });

    const out = await freshOut();
    await refused(
      SEGMENT,
      [fixture(name), "--out", out],
      /^Error: Title rows above the header/,
      out,
    );
    const ok2 = await run(SEGMENT, [fixture(name), "--header-row", "4", "--k", "2", "--out", out]);
    equal(ok2.code, 0, ok2.stderr);
  });
}

Deno.test("round 2: title lines above an rfm file's header are named, and read with --header-row", async () => {
  const base = await Deno.makeTempDir({ prefix: "round2_" });
  const plain = join(base, "plain.csv");
  const input = join(base, "lines.csv");
  const text = await accentedTransactions();
  await Deno.writeTextFile(plain, text);
  await Deno.writeTextFile(input, "Online retail export\n\n" + text);
  const out = join(base, "out");
  await refused(
    RFM,
    [input, "--out", out],
    /^Error: Title rows above the header: the header looks like line 3 \(InvoiceNo, .*Delete the 2 lines above it, or give the header's line \(--header-row 3, /,
    out,
  );
  const expected = await rfmOutputs(plain);
  deepEqual(await rfmOutputs(input, 3), expected);
  await refused(RFM, [input, "--header-row", "0", "--out", out], /^Error: Invalid header row/, out);
  const result = await run(RFM, [input, "--header-row", "3", "--out", out]);
  equal(result.code, 0, result.stderr);
  equal(await Deno.readTextFile(join(out, "rfm.csv")), expected[0]);
});

Deno.test("round 2: title-row detection leaves ordinary files alone", () => {
  equal(findTitleLines("id,age\n1,34\n2,41\n"), undefined);
  equal(findTitleLines('id,comment,spend\n1,"first\nsecond",10\n2,"a, b",20\n'), undefined);
  equal(findTitleLines("a\n1\n2\n"), undefined);
  equal(findTitleLines("id;age\n1;34\n"), undefined);
  // a narrower first line whose wide line is numbers is not a header
  equal(findTitleLines("id,age\n1,2,3\n4,5,6\n"), undefined);
  equal(findTitleRows([["id", "age"], [1, null], [2, 41]], 1), undefined);
  equal(findTitleRows([["Report"], [], ["id", "age"], [1, 2], [3, 4]], 1)?.headerRow, 3);
  // one text column whose values hold ";" (as the round-trip property writes them)
  equal(findTitleLines("x\na;b\nc;d\ne;f\n"), undefined);
  equal(findTitleLines("aA\n\n\nA;0\n\n"), undefined);
  // title lines above a ";" file with three columns or more are found
  equal(findTitleLines("Export\nid;age;income\n1;2;3\n4;5;6\n")?.headerRow, 2);
});

Deno.test("round 2: a truncated Parquet file is 'Not a complete Parquet file', for segment and rfm", async () => {
  await readRefused(
    fixture("truncated.parquet"),
    /^Not a complete Parquet file: .*re-export it\.$/,
  );
  // A real file cut in half, as an interrupted download leaves it.
  const base = await Deno.makeTempDir({ prefix: "round2_" });
  const whole = join(base, "whole.parquet");
  await queryColumns(
    `COPY (SELECT range AS id, range * 1.5 AS spend FROM range(1000)) TO ${
      sqlString(whole)
    } (FORMAT parquet)`,
  );
  const bytes = await Deno.readFile(whole);
  const cut = join(base, "cut.parquet");
  await Deno.writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await readRefused(cut, /^Not a complete Parquet file: its end .* is missing/);
  equal((await readTable(whole)).numRows(), 1000);
  const out = join(base, "out");
  await refused(SEGMENT, [cut, "--out", out], /^Error: Not a complete Parquet file/, out);
  await refused(
    RFM,
    [fixture("truncated.parquet"), "--out", out],
    /^Error: Not a complete Parquet file/,
    out,
  );
});

// --- values near the float limit, the Gaussian mixture's errors ----------------------

Deno.test("round 2: values near ±1e308 are refused with the column named, for every scaler", async () => {
  for (const scale of ["standard", "minmax", "robust", "none"]) {
    const out = await freshOut();
    await refused(
      SEGMENT,
      [fixture("huge_values.csv"), "--k", "2", "--scale", scale, "--out", out],
      /^Error: Values too large to scale: column "a", up to 1\.7e308 \(file .*huge_values\.csv\)\. Keep values within ±2\.7e153/,
      out,
    );
  }
});

Deno.test("round 2: the scaler refuses sums that would overflow, and keeps large but safe values exact", () => {
  const limit = magnitudeLimit(3, 1);
  throws(
    () =>
      fitScaler(matrixFromRows([[limit * 1.01], [0], [1]], ["a"]), {
        kind: "standard",
        file: "f.csv",
      }),
    (e) => {
      ok(e instanceof InputError);
      match(e.message, /^Values too large to scale: column "a", up to .* \(file f\.csv\)/);
      return true;
    },
  );
  const m = matrixFromRows([[1e150], [-1e150], [0]], ["a"]);
  for (const kind of ["standard", "minmax", "robust", "none"] as const) {
    const scaled = applyScaler(fitScaler(m, { kind }), m);
    ok(scaled.data.every(Number.isFinite), kind);
  }
  // Squared distances of the scaled rows stay finite: the k-means inertia cannot overflow.
  const z = applyScaler(fitScaler(m, { kind: "none" }), m);
  let inertia = 0;
  for (const v of z.data) inertia += v * v;
  ok(Number.isFinite(inertia));
});

Deno.test("round 2: --assign refuses a value far outside the fitted range instead of putting it in cluster 0", async () => {
  const base = await Deno.makeTempDir({ prefix: "round2_" });
  const fitted = await run(SEGMENT, [CUSTOMERS, "--k", "2", "--out", join(base, "model")]);
  equal(fitted.code, 0, fitted.stderr);
  const input = join(base, "new.csv");
  await Deno.writeTextFile(input, "id,a,b\n1,1e200,2\n2,1,2\n");
  const out = join(base, "out");
  await refused(
    SEGMENT,
    ["--assign", join(base, "model", "model.json"), input, "--out", out],
    /^Error: Values too large to scale: column "a", 1\.0e200 is far outside the fitted range \(file .*new\.csv, row 1\)/,
    out,
  );
});

Deno.test("round 2: the Gaussian mixture's errors name the file", () => {
  const m = matrixFromRows([[1, 1], [1, 1], [1, 1], [5, 5], [5, 5], [5, 5]], ["a", "b"]);
  const cases: [Parameters<typeof fitGMM>[1], RegExp][] = [
    [
      { k: 2, regCovar: 0 },
      /^Gaussian mixture failed: a component's covariance is not positive definite \(file x\.csv\)\. Use fewer/,
    ],
    [{ k: 2, maxIter: 0 }, /^maxIter must be a whole number ≥ 1: got 0 \(file x\.csv\)$/],
    [{ k: 9 }, /larger than the number of distinct rows \(file x\.csv\)\. Choose k ≤ 2\.$/],
  ];
  for (const [options, pattern] of cases) {
    throws(() => fitGMM(m, { ...options, file: "x.csv" }), (e) => {
      ok(e instanceof InputError, String(e));
      match(e.message, pattern);
      equal(e.file, "x.csv");
      return true;
    });
  }
  throws(() => sweepGMM(m, { kMin: 3, kMax: 2, file: "y.csv" }), /Bad k range .* \(file y\.csv\)/);
});

// --- done elsewhere, checked here: duplicate features, a tampered model.json -------------

Deno.test("round 2: --features a,a,b is refused", async () => {
  const out = await freshOut();
  await refused(
    SEGMENT,
    [CUSTOMERS, "--features", "a,a,b", "--k", "2", "--out", out],
    /^Error: Column named twice in --features: "a"/,
    out,
  );
});

Deno.test("round 2: --assign refuses a tampered or mismatched model.json", async () => {
  const base = await Deno.makeTempDir({ prefix: "round2_" });
  const fitted = await run(SEGMENT, [CUSTOMERS, "--k", "2", "--out", join(base, "model")]);
  equal(fitted.code, 0, fitted.stderr);
  const model = JSON.parse(await Deno.readTextFile(join(base, "model", "model.json")));
  const tamper: [string, (m: typeof model) => void][] = [
    [
      "narrow centroid",
      (m) => (m.clustering.model.centroids[0] = m.clustering.model.centroids[0].slice(0, 1)),
    ],
    ["wide centroid", (m) => m.clustering.model.centroids[0].push(1)],
    ["zero scale", (m) => (m.scaler.scale[0] = 0)],
    ["string in a centroid", (m) => (m.clustering.model.centroids[0][0] = "x")],
    ["unknown algorithm", (m) => (m.clustering.algorithm = "spectral")],
    ["k", (m) => (m.k = 5)],
  ];
  for (const [what, change] of tamper) {
    const copy = structuredClone(model);
    change(copy);
    const path = join(base, `${what.replaceAll(" ", "_")}.json`);
    await Deno.writeTextFile(path, JSON.stringify(copy));
    const out = join(base, "out");
    await refused(
      SEGMENT,
      ["--assign", path, CUSTOMERS, "--out", out],
      /^Error: Not a usable segmentation model: /,
      out,
    );
  }
});
