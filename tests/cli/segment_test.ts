import { deepEqual, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { readTable } from "../../lib/io/read_table.ts";
import { runScript, type ScriptRun } from "../run_script.ts";

const CLI = new URL("../../lib/cli/segment.ts", import.meta.url).pathname;
const SAMPLE = new URL("../../data/customers.csv", import.meta.url).pathname;

function segment(...args: string[]): Promise<ScriptRun> {
  return runScript(CLI, args);
}

async function sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("segment writes enriched rows, model and summary, and assign reproduces the labels", async () => {
  const dir = await Deno.makeTempDir();
  const before = await sha256(SAMPLE);
  const run = await segment(SAMPLE, "--k", "5", "--seed", "3", "--out", dir);
  equal(run.code, 0, run.stderr);
  equal(await sha256(SAMPLE), before, "input file must not change");
  for (const f of ["segments.csv", "segments.xlsx", "model.json", "summary.json"]) {
    ok(await exists(join(dir, f)), f);
  }
  const summary = JSON.parse(await Deno.readTextFile(join(dir, "summary.json")));
  equal(summary.k, 5);
  // gender is drawn apart from behaviour: left out of the features, with the reason.
  deepEqual(summary.features, [
    "age",
    "annual_income_k",
    "spending_score",
    "visits_per_month",
    "online_share",
    "tenure_years",
  ]);
  equal(summary.skipped[0].column, "customer_id");
  equal(summary.skipped[1].column, "gender");
  match(summary.skipped[1].reason, /^text, not used: its levels explain 0\.\d% of /);
  deepEqual(summary.textColumns.map((c: { column: string; used: boolean }) => [c.column, c.used]), [
    ["gender", false],
  ]);
  equal(summary.clusters.reduce((s: number, c: { size: number }) => s + c.size, 0), 2000);
  ok(
    summary.metrics.silhouette > 0.3 && summary.metrics.silhouette <= 1,
    `silhouette ${summary.metrics.silhouette}`,
  );
  const segments = await readTable(join(dir, "segments.csv"));
  equal(segments.numRows(), 2000);
  const xlsx = await readTable(join(dir, "segments.xlsx"));
  deepEqual(Array.from(xlsx.array("cluster")), Array.from(segments.array("cluster")));

  const assigned = await Deno.makeTempDir();
  const again = await segment("--assign", join(dir, "model.json"), SAMPLE, "--out", assigned);
  equal(again.code, 0, again.stderr);
  const labels = await readTable(join(assigned, "assigned.csv"));
  deepEqual(Array.from(labels.array("cluster")), Array.from(segments.array("cluster")));
});

Deno.test("segment with default options finds the five planted segments and says why not the runner-up", async () => {
  const dir = await Deno.makeTempDir();
  const run = await segment(SAMPLE, "--out", dir);
  equal(run.code, 0, run.stderr);
  const summary = JSON.parse(await Deno.readTextFile(join(dir, "summary.json")));
  equal(summary.k, 5);
  deepEqual(summary.kChoice.range, { min: 3, max: 8 });
  equal(summary.kChoice.knee, 5);
  equal(summary.kChoice.runnerUp.k, 3);
  match(summary.kChoice.runnerUp.why, /within the 0\.02 margin/);
  equal(summary.kChoice.edge, null);
  deepEqual(summary.kChoice.sweep.map((p: { k: number }) => p.k), [2, 3, 4, 5, 6, 7, 8, 9, 10]);
  ok(run.stderr.includes(summary.kChoice.reason), "the reason is printed");
  match(run.stderr, /Runner-up k = 3: /);
  // One rule for each of the five segments, in summary.json and printed.
  const perSegment = summary.explain.perSegment as { cluster: number; described: boolean }[];
  deepEqual(perSegment.map((r) => [r.cluster, r.described]), [0, 1, 2, 3, 4].map((c) => [c, true]));
  match(run.stderr, /all 5 segments described by a rule/);
  // Each rule under its segment's name, the names distinct and never "Cluster N".
  const names = summary.clusters.map((c: { name: string }) => c.name) as string[];
  equal(new Set(names).size, 5);
  for (const name of names) {
    ok(!/^Cluster \d+$/.test(name), name);
    ok(run.stderr.includes(`\n  ${name}: `), `the rule of ${name} is printed`);
  }
});

Deno.test("segment gives byte-identical outputs for the same input and seed", async () => {
  const [a, b] = [await Deno.makeTempDir(), await Deno.makeTempDir()];
  for (const dir of [a, b]) {
    equal((await segment(SAMPLE, "--k", "auto", "--seed", "7", "--out", dir)).code, 0);
  }
  for (const f of ["segments.csv", "segments.xlsx", "model.json", "summary.json"]) {
    equal(await sha256(join(a, f)), await sha256(join(b, f)), f);
  }
});

const BAD_INPUTS: { name: string; csv?: string; args: string[]; message: RegExp }[] = [
  {
    name: "missing file",
    args: ["/nonexistent/customers.csv"],
    message: /File not found \(file \/nonexistent\/customers\.csv\)/,
  },
  { name: "empty file", csv: "", args: [], message: /File is empty/ },
  {
    name: "unknown feature",
    csv: "a,b\n1,2\n3,4\n5,7\n",
    args: ["--features", "a,income"],
    message: /Column not found: "income".*Available columns: a, b/,
  },
  {
    name: "non-numeric feature",
    csv: "a,b\n1,2\n3,x\n5,7\n",
    args: ["--features", "a,b"],
    message: /Non-numeric value "x" \(.*column "b", row 2\)/,
  },
  {
    name: "missing value with --missing refuse",
    csv: "a,b\n1,2\n3,\n5,7\n",
    args: ["--features", "a,b", "--k", "2", "--missing", "refuse"],
    message: /Missing value \(.*column "b", row 2\)/,
  },
  {
    name: "fewer rows than k",
    csv: "a,b\n1,2\n3,4\n5,7\n",
    args: ["--k", "5"],
    message: /Fewer rows \(3\) than segments \(k = 5\)/,
  },
  {
    name: "constant column",
    csv: "a,b\n1,2\n3,2\n5,2\n",
    args: ["--features", "a,b", "--k", "2"],
    message: /same value in every row.*column "b"/,
  },
  {
    name: "bad option",
    csv: "a,b\n1,2\n3,4\n5,7\n",
    args: ["--scale", "log"],
    message: /Invalid scale: "log".*Use one of standard, minmax, robust, none/,
  },
  {
    name: "an unknown role",
    csv: "a,b\n1,2\n3,4\n5,7\n",
    args: ["--roles", "a=wealth"],
    message: /Unknown role "wealth" \(column "a"\)\. Valid roles: identifier, ignore, spend/,
  },
  {
    name: "a role for a column the file does not have",
    csv: "a,b\n1,2\n3,4\n5,7\n",
    args: ["--roles", "A=spend"],
    message: /Column not found in --roles: "A".*Available columns: a, b/,
  },
  {
    name: "an identifier role on a column named as a feature",
    csv: "a,b\n1,2\n3,4\n5,7\n",
    args: ["--features", "a,b", "--roles", "b=identifier"],
    message: /Role "identifier" leaves out a column named in --features \(.*column "b"\)/,
  },
];

for (const bad of BAD_INPUTS) {
  Deno.test(`segment refuses ${bad.name} with one clear line, exit 2 and no output`, async () => {
    const dir = await Deno.makeTempDir();
    const out = join(dir, "out");
    let args = bad.args;
    if (bad.csv !== undefined) {
      const input = join(dir, "input.csv");
      await Deno.writeTextFile(input, bad.csv);
      args = [input, ...bad.args];
    }
    const run = await segment(...args, "--out", out);
    equal(run.code, 2, run.stderr);
    match(run.stderr, bad.message);
    equal(run.stderr.trim().split("\n").filter((l) => l.startsWith("Error:")).length, 1);
    ok(!/\n\s+at /.test(run.stderr), `no stack trace:\n${run.stderr}`);
    ok(!(await exists(out)), "nothing written to --out");
  });
}

for (const algorithm of ["dbscan", "agglomerative", "gmm"]) {
  Deno.test(`segment --algorithm ${algorithm} writes a model that assigns its own rows back`, async () => {
    const dir = await Deno.makeTempDir();
    const run = await segment(
      SAMPLE,
      // DBSCAN finds its own number of segments (and refuses --k).
      ...["--algorithm", algorithm, ...(algorithm === "dbscan" ? [] : ["--k", "5"])],
      ...["--categorical", "none", "--out", dir],
    );
    equal(run.code, 0, run.stderr);
    const summary = JSON.parse(await Deno.readTextFile(join(dir, "summary.json")));
    equal(summary.algorithm, algorithm);
    if (algorithm !== "dbscan") equal(summary.k, 5);
    const assigned = await Deno.makeTempDir();
    equal((await segment("--assign", join(dir, "model.json"), SAMPLE, "--out", assigned)).code, 0);
    const fitted = Array.from(
      (await readTable(join(dir, "segments.csv"))).array("cluster") as ArrayLike<number>,
    );
    const again = Array.from(
      (await readTable(join(assigned, "assigned.csv"))).array("cluster") as ArrayLike<number>,
    );
    const agree = fitted.filter((c, i) => c < 0 || c === again[i]).length / fitted.length;
    ok(agree > 0.9, `${algorithm}: ${(agree * 100).toFixed(1)}% of rows keep their segment`);
  });
}

Deno.test("segment states undefined metrics as null with the reason when DBSCAN finds one cluster", async () => {
  const dir = await Deno.makeTempDir();
  const run = await segment(SAMPLE, "--algorithm", "dbscan", "--eps", "50", "--out", dir);
  equal(run.code, 0, run.stderr);
  match(
    run.stdout + run.stderr,
    /1 segment of 2,000 customers; silhouette undefined \(one cluster\)/,
  );
  ok(!/NaN/.test(run.stdout + run.stderr), "no NaN printed");
  const summary = JSON.parse(await Deno.readTextFile(join(dir, "summary.json")));
  equal(summary.k, 1);
  equal(summary.metrics.silhouette, null);
  equal(summary.metrics.daviesBouldin, null);
  equal(summary.metrics.calinskiHarabasz, null);
  match(summary.metrics.undefinedReason, /undefined: one cluster$/);
});

const MESSY = new URL("../../data/customers_messy.tsv", import.meta.url).pathname;

Deno.test("segment on a real-looking file: blanks filled, text and dates used, rules and CRM export written", async () => {
  const dir = await Deno.makeTempDir();
  const crm = join(dir, "crm");
  const run = await segment(MESSY, "--k", "4", "--export-segments", crm, "--out", join(dir, "out"));
  equal(run.code, 0, run.stderr);
  match(run.stderr, /used {4}Income +number; log1p .*30 missing, filled with the median 46,235/);
  match(run.stderr, /skipped Comment +free text/);
  match(
    run.stderr,
    /One rule per segment \(its own shallow tree, the segment against the rest\): all \d segments described/,
  );
  const summary = JSON.parse(await Deno.readTextFile(join(dir, "out", "summary.json")));
  const income = summary.preparation.columns.find((c: { column: string }) => c.column === "Income");
  deepEqual(income.fill, { how: "median", value: 46235, count: 30 });
  ok(summary.features.includes("Education=PhD"));
  ok(summary.features.includes("Dt_Customer_days"));
  const covered = summary.explain.rules.reduce((s: number, r: { rows: number }) => s + r.rows, 0);
  equal(covered, 2000, "the rules' leaves cover every row once");
  ok(summary.explain.accuracy > 0.8, `accuracy ${summary.explain.accuracy}`);
  const segments = await readTable(join(dir, "out", "segments.csv"));
  equal(segments.numRows(), 2000);
  equal(segments.array("customer_id")[0], "000002", "leading zeros kept");
  const index = await readTable(join(crm, "segments_index.csv"));
  equal(index.numRows(), 4);
  const total = (index.array("customers") as number[]).reduce((a, b) => a + b, 0);
  equal(total, 2000);
  // The saved model prepares new rows the same way: its own rows come back in their segments.
  const assigned = join(dir, "assigned");
  const again = await segment("--assign", join(dir, "out", "model.json"), MESSY, "--out", assigned);
  equal(again.code, 0, again.stderr);
  const labels = await readTable(join(assigned, "assigned.csv"));
  deepEqual(Array.from(labels.array("cluster")), Array.from(segments.array("cluster")));
});

Deno.test("segment --missing drop keeps every row, with an empty cluster and a note for the ones left out", async () => {
  const dir = await Deno.makeTempDir();
  const run = await segment(MESSY, "--k", "4", "--missing", "drop", "--out", dir);
  equal(run.code, 0, run.stderr);
  match(run.stderr, /46 rows left out for missing values/);
  const segments = await readTable(join(dir, "segments.csv"));
  equal(segments.numRows(), 2000);
  const notes = Array.from(segments.array("cluster_note") as ArrayLike<string | null>);
  const clusters = Array.from(segments.array("cluster") as ArrayLike<number | null>);
  equal(notes.filter((n) => n !== null).length, 46);
  notes.forEach((n, i) => equal(n === null, clusters[i] !== null, `row ${i + 1}`));
  ok(notes.some((n) => n === "left out: missing Income"));
});

Deno.test("segment --algorithm kprototypes on mixed data assigns its own rows back", async () => {
  const dir = await Deno.makeTempDir();
  const run = await segment(MESSY, "--algorithm", "kprototypes", "--k", "4", "--out", dir);
  equal(run.code, 0, run.stderr);
  const model = JSON.parse(await Deno.readTextFile(join(dir, "model.json")));
  equal(model.version, 3);
  equal(model.clustering.algorithm, "kprototypes");
  equal(model.clustering.model.kind, "kprototypes");
  ok(model.clustering.model.categoricalColumns.includes("Education"));
  const assigned = await Deno.makeTempDir();
  equal((await segment("--assign", join(dir, "model.json"), MESSY, "--out", assigned)).code, 0);
  const a = (await readTable(join(dir, "segments.csv"))).array("cluster");
  const b = (await readTable(join(assigned, "assigned.csv"))).array("cluster");
  deepEqual(Array.from(b), Array.from(a));
});

Deno.test("segment --export-segments into a folder of an earlier export: its lists of segments that no longer exist are removed and named", async () => {
  const dir = await Deno.makeTempDir();
  const crm = join(dir, "crm");
  const first = await segment(
    SAMPLE,
    "--k",
    "6",
    "--out",
    join(dir, "out"),
    "--export-segments",
    crm,
  );
  equal(first.code, 0, first.stderr);
  const filesOf = async () =>
    (await Deno.readTextFile(join(crm, "segments_index.csv"))).trim().split("\n").slice(1)
      .map((line) => /,([a-z0-9_]+\.csv),\d+,/.exec(line)![1]!);
  const before = await filesOf();
  const second = await segment(
    SAMPLE,
    "--k",
    "3",
    "--out",
    join(dir, "out"),
    "--export-segments",
    crm,
  );
  equal(second.code, 0, second.stderr);
  const after = await filesOf();
  const gone = before.filter((f) => !after.includes(f)).sort();
  ok(gone.length >= 3, `${before} → ${after}`);
  match(second.stderr, new RegExp(`Removed from the earlier run in .*crm: ${gone.join(", ")}`));
  const names: string[] = [];
  for await (const e of Deno.readDir(crm)) names.push(e.name);
  deepEqual(names.sort(), [".output.json", ...after, "segments_index.csv"].sort());
  const listed = (await Deno.readTextFile(join(crm, "segments_index.csv"))).trim().split("\n");
  equal(listed.length, 4);
});

Deno.test("a relative path that is not found names the absolute path that was tried", async () => {
  const run = await segment("no_such_file.csv");
  equal(run.code, 2);
  match(
    run.stderr,
    new RegExp(`looked for ${Deno.cwd().replaceAll("/", "\\/")}\\/no_such_file\\.csv`),
  );
});

Deno.test("segment --roles: identifier and ignore leave columns out, a number read as levels, saved for --assign", async () => {
  const dir = await Deno.makeTempDir();
  const crm = join(dir, "crm");
  const run = await segment(
    SAMPLE,
    "--k",
    "5",
    "--roles",
    "customer_id=id,tenure_years=ignore,visits_per_month=frequency,gender=demographic",
    "--out",
    dir,
    "--export-segments",
    crm,
  );
  equal(run.code, 0, run.stderr);
  match(run.stderr, /skipped tenure_years +ignored \(your role\).*; role ignore \(yours\)/);
  match(run.stderr, /used +gender +text, 2 levels, one-hot encoded; role demographic \(yours\)/);
  match(run.stderr, /used +age +number; role age \(name contains "age"\)/);
  const summary = JSON.parse(await Deno.readTextFile(join(dir, "summary.json")));
  deepEqual(summary.preparation.roles, {
    customer_id: "identifier",
    tenure_years: "ignore",
    visits_per_month: "frequency",
    gender: "demographic",
  });
  // The user's demographic role keeps gender though it goes with no number; tenure is out.
  deepEqual(summary.features, [
    "gender=Female",
    "gender=Male",
    "age",
    "annual_income_k",
    "spending_score",
    "visits_per_month",
    "online_share",
  ]);
  const visits = summary.preparation.columns.find((c: { column: string }) =>
    c.column === "visits_per_month"
  );
  deepEqual([visits.role, visits.roleGiven, visits.roleReason], ["frequency", true, "your role"]);
  // The CRM lists name customers by the identifier given.
  const index = await readTable(join(crm, "segments_index.csv"));
  const first = await readTable(join(crm, String(index.array("file")[0])));
  match(String(first.array(first.columnNames()[0]!)[0]), /^C\d{5}$/);
  const model = JSON.parse(await Deno.readTextFile(join(dir, "model.json")));
  deepEqual(model.preparation.roles, summary.preparation.roles);
  const assigned = await Deno.makeTempDir();
  const again = await segment("--assign", join(dir, "model.json"), SAMPLE, "--out", assigned);
  equal(again.code, 0, again.stderr);
  const labels = await readTable(join(assigned, "assigned.csv"));
  const segments = await readTable(join(dir, "segments.csv"));
  deepEqual(Array.from(labels.array("cluster")), Array.from(segments.array("cluster")));
});
