import assert from "node:assert/strict";
import * as aq from "arquero";
import {
  consolidateFiles,
  dropDuplicates,
  GENDER_VALUES,
  headersBySource,
  MEMBER_ALIASES,
  MEMBER_DIRECT_IDENTIFIERS,
  standardiseBooleans,
  standardiseValues,
} from "../../lib/clean/mod.ts";
import { applyRepairs, checkConsistency, MEMBER_RULES } from "../../lib/clean/consistency_rules.ts";
import { imputeTableKNN } from "../../lib/clean/impute_knn.ts";
import { birthYearFromDate } from "../../lib/privacy/generalise.ts";
import { importHmacKey } from "../../lib/privacy/key.ts";
import { findIdentifierCells, writeAnonymisedOutputs } from "../../lib/privacy/lookup.ts";
import { normaliseIdentifier, pseudonymiseTable } from "../../lib/privacy/pseudonymise.ts";
import { readTable } from "../../lib/io/read_table.ts";

const DATA = new URL("../../data/members/", import.meta.url).pathname;
const SOURCES = [
  { path: `${DATA}members_north.csv` },
  { path: `${DATA}members_south.csv`, delimiter: ";", dateOrder: "dmy" as const },
  { path: `${DATA}members_east.xlsx` },
  { path: `${DATA}members_west.csv` },
];

Deno.test("findIdentifierCells finds whole cells, identifiers inside text and in headers", () => {
  const cleaned = aq.table({
    member_key: ["0a1b2c3d4e5f6a7b", "ffffeeeeddddcccc"],
    note: ["ring S1234567D today", "ok"],
    gender: ["Female", "ann"],
    S7654321X: [1, 2],
  });
  const hits = findIdentifierCells(cleaned, {
    national_id: ["S1234567D", "S7654321X"],
    first_name: ["Ann"],
  });
  assert.deepEqual(hits, [
    { column: "note", row: 1, matches: "national_id" },
    { column: "gender", row: 2, matches: "first_name" },
    { column: "S7654321X", row: 0, matches: "national_id" },
  ]);
});

Deno.test("writeAnonymisedOutputs refuses to write a table that still holds identifiers", async () => {
  const outDir = await Deno.makeTempDir();
  const lookup = aq.table({ member_key: ["k1"], national_id: ["S1234567D"] });
  await assert.rejects(
    () =>
      writeAnonymisedOutputs(aq.table({ member_key: ["k1"], id: ["S1234567D"] }), lookup, {
        outDir,
      }),
    /Refusing to write/,
  );
  assert.deepEqual([...Deno.readDirSync(outDir)], []);
  await Deno.remove(outDir, { recursive: true });
});

Deno.test("no cell of cleaned_data.xlsx holds a direct identifier from the bundled files", async () => {
  // The member pipeline of notebook 01, up to the export.
  const consolidation = await consolidateFiles(SOURCES, MEMBER_ALIASES);
  let t = standardiseValues(consolidation.table, "gender", { values: GENDER_VALUES });
  t = standardiseBooleans(t, ["credit_card", "newsletter"], {
    headers: headersBySource(consolidation.sources),
  });
  const { table: deduplicated } = dropDuplicates(t);
  const repaired = applyRepairs(
    deduplicated,
    checkConsistency(deduplicated, MEMBER_RULES, { asOfYear: 2024 }),
  );
  const { table: filled } = imputeTableKNN(birthYearFromDate(repaired.table), {
    columns: ["birth_year", "year_joined", "annual_income", "purchases", "amount_spent"],
    round: { birth_year: 0, year_joined: 0, purchases: 0 },
  });
  const key = await importHmacKey("test-key-not-the-real-one-0123456789");
  const { table, lookup } = await pseudonymiseTable(filled, {
    key,
    idColumn: "national_id",
    identifiers: MEMBER_DIRECT_IDENTIFIERS,
  });
  const outDir = await Deno.makeTempDir();
  const { cleanedPath, lookupPath } = await writeAnonymisedOutputs(table, lookup, { outDir });

  // Every identifier value as it appears in the original files (raw, not via the pipeline).
  const originals = new Set<string>();
  for (const source of SOURCES) {
    const raw = await readTable(source.path, { delimiter: source.delimiter });
    for (const header of raw.columnNames()) {
      if (!/nric|national|id number|name|surname|e-?mail/i.test(header)) continue;
      for (const v of Array.from(raw.array(header) as ArrayLike<unknown>)) {
        if (v !== null && v !== undefined && String(v).trim() !== "") {
          originals.add(normaliseIdentifier(String(v)));
        }
      }
    }
  }
  assert.ok(originals.size > 3000, `collected ${originals.size} identifier values`);

  const cleaned = await readTable(cleanedPath);
  assert.equal(cleaned.numRows(), table.numRows());
  let cells = 0;
  for (const name of cleaned.columnNames()) {
    assert.ok(!originals.has(normaliseIdentifier(name)), `header ${name}`);
    const values = Array.from(cleaned.array(name) as ArrayLike<unknown>);
    values.forEach((v, i) => {
      if (v === null || v === undefined) return;
      const text = normaliseIdentifier(String(v));
      cells++;
      assert.ok(!originals.has(text), `identifier in column ${name}, row ${i + 1}`);
      if (typeof v !== "string") return;
      for (const id of originals) {
        if (id.length >= 6 && text.includes(id)) {
          assert.fail(`identifier inside column ${name}, row ${i + 1}`);
        }
      }
    });
  }
  assert.ok(cells > 10000);
  assert.deepEqual(
    cleaned.columnNames().filter((c) => MEMBER_DIRECT_IDENTIFIERS.includes(c)),
    [],
  );

  // The lookup maps every pseudonym back and is readable by its owner only.
  const back = await readTable(lookupPath);
  assert.deepEqual(back.array("member_key"), cleaned.array("member_key"));
  assert.ok((back.array("national_id") as string[]).every((id) => /^[ST]\d{7}[A-Z]$/.test(id)));
  if (Deno.build.os !== "windows") {
    assert.equal((await Deno.stat(lookupPath)).mode! & 0o777, 0o600);
  }
  await Deno.remove(outDir, { recursive: true });
});
