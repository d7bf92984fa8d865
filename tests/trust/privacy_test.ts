/**
 * Privacy of notebook 01 (clean and anonymise), run once with a random key
 * made here and passed in `SEGMENTATION_KEY`:
 *
 * - the key, as hex in either case, base64 / base64url of its bytes or of its
 *   text, hex of its text, or any 16-character piece of it, appears in no file
 *   of the output folder (workbooks searched inside their zip parts), nor in
 *   the HTML report, nor in the runner's captured stdout and stderr (which
 *   carry the kernel's own output too);
 * - no direct identifier of data/members/* (national ID, first and last name,
 *   full name, e-mail) is in any cell of cleaned_data.xlsx, in any other
 *   output file but the lookup, nor in any text of the report;
 * - lookup.xlsx is owner-only (0600) and does hold the identifiers, which
 *   shows the scan finds them;
 * - the key file is git-ignored, owner-only when present, and left alone when
 *   the key comes from the environment.
 *
 * The identifiers are read from the raw member files by their headers, not
 * through the workspace's alias map, so a column the map missed is still
 * scanned for.
 */
import assert from "node:assert/strict";
import { basename, dirname, join } from "node:path";
import * as aq from "arquero";
import * as XLSX from "xlsx";
import { PROJECT_ROOT } from "../../lib/cli/setup.ts";
import { readTable } from "../../lib/io/read_table.ts";
import { toXLSX } from "../../lib/io/write_table.ts";
import { DEFAULT_KEY_FILE, KEY_ENV } from "../../lib/privacy/key.ts";
import { outputParameters, runNotebook } from "../notebook_reports.ts";
import { listFiles, searchableText, zipParts } from "./files.ts";

const NOTEBOOK = join(PROJECT_ROOT, "notebooks", "01_clean_and_anonymise.ipynb");
const MEMBERS_DIR = join(PROJECT_ROOT, "data", "members");

// ---------------------------------------------------------------- the key

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/** A fresh 32-byte key as 64 hex characters (what `openssl rand -hex 32` gives). */
function randomKey(): string {
  return hex(crypto.getRandomValues(new Uint8Array(32)));
}

/** The forms a leaked key could take, each with a name for the failure message. */
function keyForms(key: string): [string, string][] {
  const bytes = Uint8Array.from(key.match(/../g)!, (pair) => parseInt(pair, 16));
  const text = new TextEncoder().encode(key);
  const unpadded = (s: string) => s.replace(/=+$/, "");
  const forms: [string, string][] = [
    ["hex", key],
    ["base64 of the bytes", unpadded(base64(bytes))],
    ["base64url of the bytes", unpadded(base64(bytes)).replaceAll("+", "-").replaceAll("/", "_")],
    ["base64 of the text", unpadded(base64(text))],
    ["hex of the text", hex(text)],
  ];
  for (let i = 0; i + 16 <= key.length; i += 8) {
    forms.push([`hex characters ${i}–${i + 15}`, key.slice(i, i + 16)]);
  }
  return forms;
}

/** The names of the key forms found in `text` (hex compared in either case). */
function keyLeaks(text: string, key: string): string[] {
  const lower = text.toLowerCase();
  return keyForms(key)
    .filter(([name, form]) =>
      name.includes("hex") ? lower.includes(form.toLowerCase()) : text.includes(form)
    )
    .map(([name]) => name);
}

// ------------------------------------------------------------ identifiers

/** Direct identifiers of the input, normalised (trimmed, single spaces, upper case). */
interface Identifiers {
  /** National IDs and e-mails: never inside any text. */
  ids: Set<string>;
  emails: Set<string>;
  /** Full names ("FIRST LAST"): never inside any text. */
  fullNames: Set<string>;
  /** First and last names: never a whole cell on their own. */
  names: Set<string>;
}

const HEADERS = {
  id: /^(nric|national id|id number)$/i,
  first: /^(given name|first[ _]name|membername)$/i,
  last: /^(surname|last[ _]name|family name)$/i,
  email: /^(e-?mail|e-?mail address)$/i,
};

function normalise(value: unknown): string {
  return String(value ?? "").normalize("NFC").trim().replace(/\s+/g, " ").toUpperCase();
}

async function readIdentifiers(): Promise<Identifiers> {
  const found: Identifiers = {
    ids: new Set(),
    emails: new Set(),
    fullNames: new Set(),
    names: new Set(),
  };
  for (const file of await listFiles(MEMBERS_DIR)) {
    const table = await readTable(join(MEMBERS_DIR, file));
    const column = (kind: keyof typeof HEADERS) => {
      const name = table.columnNames().find((c) => HEADERS[kind].test(c.trim()));
      assert.ok(name, `${file}: no ${kind} column among ${table.columnNames().join(", ")}`);
      return Array.from(table.array(name) as ArrayLike<unknown>, normalise);
    };
    const [ids, firsts, lasts, emails] = [
      column("id"),
      column("first"),
      column("last"),
      column("email"),
    ];
    for (let i = 0; i < table.numRows(); i++) {
      if (ids[i]) found.ids.add(ids[i]!);
      if (emails[i]) found.emails.add(emails[i]!);
      if (firsts[i]) found.names.add(firsts[i]!);
      if (lasts[i]) found.names.add(lasts[i]!);
      if (firsts[i] && lasts[i]) found.fullNames.add(`${firsts[i]} ${lasts[i]}`);
    }
  }
  return found;
}

/**
 * The identifiers in a list of cells (or text pieces): a cell that is a name,
 * ID or e-mail, or one holding an ID, e-mail or full name inside its text.
 */
function identifiersInCells(cells: Iterable<unknown>, found: Identifiers): string[] {
  const inside = [...found.ids, ...found.emails, ...found.fullNames];
  const hits: string[] = [];
  for (const cell of cells) {
    const text = normalise(cell);
    if (text === "") continue;
    if (found.names.has(text) || found.ids.has(text) || found.emails.has(text)) hits.push(text);
    else {
      const hit = inside.find((value) => text.includes(value));
      if (hit !== undefined) hits.push(hit);
    }
  }
  return hits;
}

/** Every cell of every sheet of a workbook, as the text shown. */
function workbookCells(bytes: Uint8Array): string[] {
  const book = XLSX.read(bytes, { type: "array" });
  const cells: string[] = [];
  for (const name of book.SheetNames) {
    cells.push(name);
    const sheet = book.Sheets[name]!;
    for (const [address, cell] of Object.entries(sheet)) {
      if (address.startsWith("!")) continue;
      const { v, w } = cell as XLSX.CellObject;
      cells.push(String(v ?? ""));
      if (w !== undefined && w !== String(v)) cells.push(w);
    }
  }
  return cells;
}

/** The text pieces of an HTML document (between tags, entities decoded) and its attribute values. */
function htmlTexts(html: string): string[] {
  const decode = (s: string) =>
    s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, e: string) => {
      const lower = e.toLowerCase();
      if (lower.startsWith("#x")) return String.fromCodePoint(parseInt(lower.slice(2), 16));
      if (lower.startsWith("#")) return String.fromCodePoint(Number(lower.slice(1)));
      return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " }[lower] ?? "";
    });
  const texts = html.split(/<[^>]*>/).map(decode);
  for (const match of html.matchAll(/\s[\w:-]+="([^"]*)"/g)) texts.push(decode(match[1]!));
  return texts;
}

/** The identifiers found in a report: in its text pieces, and IDs or e-mails anywhere in the raw HTML. */
function identifiersInReport(html: string, found: Identifiers): string[] {
  const raw = normalise(html);
  const anywhere = [...found.ids, ...found.emails].filter((value) => raw.includes(value));
  return [...identifiersInCells(htmlTexts(html), found), ...anywhere];
}

// ------------------------------------------------------------------ tests

Deno.test("the scans find a planted key in every form and identifiers in cells and text", () => {
  const key = randomKey();
  const forms = keyForms(key);
  for (const [name, form] of forms) {
    // Inside a workbook cell, where a plain search of the compressed file would miss it.
    const bytes = toXLSX(aq.table({ note: [`token ${form} end`] }));
    assert.ok(!new TextDecoder().decode(bytes).includes(form), "the workbook is compressed");
    assert.ok(keyLeaks(searchableText(bytes), key).includes(name), name);
  }
  assert.deepEqual(keyLeaks(`log: ${key.toUpperCase()}`, key).slice(0, 1), ["hex"]);
  assert.deepEqual(keyLeaks("nothing secret here", key), []);

  const found: Identifiers = {
    ids: new Set(["S7011749E"]),
    emails: new Set(["PRIYA.REYES262@EXAMPLE.COM"]),
    fullNames: new Set(["PRIYA REYES"]),
    names: new Set(["PRIYA", "REYES"]),
  };
  assert.deepEqual(identifiersInCells(["North", 42, " priya ", "call s7011749e"], found), [
    "PRIYA",
    "S7011749E",
  ]);
  assert.deepEqual(identifiersInCells(["Priya's segment", "Reyesville"], found), []);
  const html = `<table><tr><td>Reyes</td><td title="Priya Reyes">x</td></tr></table>` +
    `<svg><text>priya.reyes262@example.com</text></svg><img alt="" data-id="S7011749E">`;
  assert.deepEqual(
    identifiersInReport(html, found).sort(),
    [
      "PRIYA REYES",
      "PRIYA.REYES262@EXAMPLE.COM",
      "PRIYA.REYES262@EXAMPLE.COM",
      "REYES",
      "S7011749E",
      "S7011749E",
    ],
  );
});

Deno.test("notebook 01: the key never leaves the kernel, no identifier leaves the lookup", async () => {
  const found = await readIdentifiers();
  assert.ok(found.ids.size > 1000, `only ${found.ids.size} national IDs read from data/members`);
  assert.ok(found.emails.size > 1000 && found.names.size > 50);

  const key = randomKey();
  const keyFileBefore = await Deno.stat(DEFAULT_KEY_FILE).then(() => true, () => false);
  const temp = await Deno.makeTempDir({ prefix: "privacy-" });
  try {
    const outDir = join(temp, "out");
    assert.deepEqual(await outputParameters(NOTEBOOK), ["OUT_DIR"]);
    const run = await runNotebook(NOTEBOOK, {
      reportDir: join(temp, "report"),
      dataDir: outDir,
      env: { [KEY_ENV]: key },
    });
    // The log ends with the runner's own stdout and stderr.
    const log = run.log;
    assert.match(log, /\{"ok": true/, `notebook 01 failed:\n${log}`);
    const report = await Deno.readTextFile(run.html!);
    assert.match(report, /Key taken from the SEGMENTATION_KEY environment variable/);

    // The key: nowhere in the output folder, the report or the log.
    const files = await listFiles(outDir);
    assert.ok(files.includes("cleaned_data.xlsx") && files.includes("lookup.xlsx"), files.join());
    // Each file read once: its bytes, whether it is a zip, and its text with every zip part unpacked.
    const outputs = new Map<string, { bytes: Uint8Array; zipped: boolean; text: string }>();
    for (const file of files) {
      const bytes = await Deno.readFile(join(outDir, file));
      const parts = zipParts(bytes);
      outputs.set(file, { bytes, zipped: parts !== null, text: searchableText(bytes, parts) });
    }
    const leaks: string[] = [];
    for (const [file, { text }] of outputs) {
      for (const form of keyLeaks(text, key)) leaks.push(`${file}: ${form}`);
    }
    for (const form of keyLeaks(report, key)) leaks.push(`report: ${form}`);
    for (const form of keyLeaks(log, key)) leaks.push(`log: ${form}`);
    assert.deepEqual(leaks, [], `the key leaked:\n${leaks.join("\n")}`);

    // Identifiers: not in the cleaned data or any other output but the lookup, nor in the report.
    for (const [file, { bytes, zipped, text }] of outputs) {
      if (file === "lookup.xlsx") continue;
      // A workbook by its cells; text (CSV, JSON) split into fields.
      const cells = zipped ? workbookCells(bytes) : text.split(/[\n\r,;\t"]/);
      const hits = identifiersInCells(cells, found);
      assert.deepEqual(
        hits.slice(0, 5),
        [],
        `${file}: ${hits.length} cell(s) hold direct identifiers`,
      );
      const normalised = normalise(text);
      const raw = [...found.ids, ...found.emails].filter((value) => normalised.includes(value));
      assert.deepEqual(raw.slice(0, 5), [], `${file}: identifiers in its XML`);
    }
    const inReport = identifiersInReport(report, found);
    assert.deepEqual(inReport.slice(0, 5), [], `report: ${inReport.length} direct identifier(s)`);

    // The lookup holds them (the scan works on real output) and is owner-only.
    const lookupCells = workbookCells(outputs.get("lookup.xlsx")!.bytes);
    const inLookup = new Set(identifiersInCells(lookupCells, found));
    const missing = [...found.ids].filter((id) => !inLookup.has(id));
    assert.deepEqual(
      missing.slice(0, 5),
      [],
      `${missing.length} national IDs not found in lookup.xlsx`,
    );
    assert.ok([...found.emails].some((e) => inLookup.has(e)), "no e-mail found in lookup.xlsx");
    assert.ok([...found.names].some((n) => inLookup.has(n)), "no name found in lookup.xlsx");
    if (Deno.build.os !== "windows") {
      const mode = (await Deno.stat(join(outDir, "lookup.xlsx"))).mode! & 0o777;
      assert.equal(mode.toString(8), "600", "lookup.xlsx must be owner-only");
    }

    // With the key in the environment, the key file is neither created nor needed.
    const keyFileAfter = await Deno.stat(DEFAULT_KEY_FILE).then(() => true, () => false);
    assert.equal(keyFileAfter, keyFileBefore, "the run created the key file");
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});

Deno.test("the key file is git-ignored and, when present, owner-only", async () => {
  const git = await new Deno.Command("git", {
    args: ["check-ignore", "--no-index", "-q", basename(DEFAULT_KEY_FILE)],
    cwd: dirname(DEFAULT_KEY_FILE),
    stdout: "null",
    stderr: "piped",
  }).output().catch(() => null);
  if (git !== null) assert.equal(git.code, 0, `${basename(DEFAULT_KEY_FILE)} is not git-ignored`);
  else {
    const ignore = await Deno.readTextFile(join(PROJECT_ROOT, ".gitignore"));
    assert.ok(ignore.split("\n").includes(basename(DEFAULT_KEY_FILE)));
  }
  const info = await Deno.stat(DEFAULT_KEY_FILE).catch(() => null);
  if (info !== null && Deno.build.os !== "windows") {
    assert.equal((info.mode! & 0o777).toString(8), "600", `${DEFAULT_KEY_FILE} must be owner-only`);
  }
});
