// Round 3 of careless and hostile input: the cases that live in reading and
// writing files (docs/bad_input.md). Each file is made here, in a temporary
// folder, so the bytes that matter sit beside the test.
import { deepEqual, equal, ok, rejects, throws } from "node:assert/strict";
import { join } from "node:path";
import { InputError } from "../../lib/errors.ts";
import { parseHeaderRow, readTable, type ReadTableOptions } from "../../lib/io/mod.ts";

const dir = await Deno.makeTempDir({ prefix: "bad_inputs_round3_" });

/** Write `content` as `name` in the temporary folder and return its path. */
async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  if (typeof content === "string") await Deno.writeTextFile(path, content);
  else await Deno.writeFile(path, content);
  return path;
}

/** Reading `path` fails with one short InputError line matching `pattern`. */
async function refuses(
  path: string,
  pattern: RegExp,
  options: ReadTableOptions = {},
): Promise<InputError> {
  let caught: unknown;
  await rejects(readTable(path, options), (e) => {
    caught = e;
    return true;
  });
  ok(caught instanceof InputError, `expected InputError, got ${caught}`);
  const error = caught as InputError;
  ok(pattern.test(error.message), error.message);
  ok(!error.message.includes("\n"), `one line: ${error.message}`);
  ok(error.message.length < 400, `short: ${error.message.length} characters`);
  ok(error.message.includes(`file ${path}`), `names the file: ${error.message}`);
  return error;
}

Deno.test("round 3: a ';' file with a decimal comma in every row is read, not taken for title rows", async () => {
  const path = await file(
    "decimal_comma_every_row.csv",
    "id;spend;visits;city\n1;86,75;3;Berlin\n2;12,50;4;Paris\n3;7,10;5;Lyon\n",
  );
  const table = await readTable(path);
  deepEqual(table.columnNames(), ["id", "spend", "visits", "city"]);
  deepEqual(Array.from(table.array("spend")), [86.75, 12.5, 7.1]);
  deepEqual(Array.from(table.array("city")), ["Berlin", "Paris", "Lyon"]);
});

Deno.test("round 3: title rows above a header are still found", async () => {
  const path = await file(
    "title_then_decimal_comma.csv",
    "Export 2024\n\nid;spend;city\n1;86,75;Berlin\n2;12,50;Paris\n",
  );
  await refuses(path, /^Title rows above the header: the header looks like line 3/);
});

Deno.test("round 3: --header-row abc names what was given, never NaN", async () => {
  throws(() => parseHeaderRow("abc"), (e: Error) => {
    ok(e instanceof InputError);
    ok(e.message.startsWith('Invalid header row: "abc"'), e.message);
    ok(e.message.includes("whole number from 1"), e.message);
    return true;
  });
  equal(parseHeaderRow("2"), 2);
  const path = await file("plain.csv", "id,spend\n1,2\n3,4\n");
  const error = await refuses(path, /^Invalid header row: not a whole number/, {
    headerRow: Number("abc"),
  });
  ok(!error.message.includes("NaN"), error.message);
});

Deno.test("round 3: 1,23,456.0 (Indian lakh grouping) is read as a number", async () => {
  const path = await file(
    "indian_grouping.csv",
    'id,spend\n1,"1,500.0"\n2,"1,23,456.0"\n3,"12,34,567.5"\n',
  );
  deepEqual(Array.from((await readTable(path)).array("spend")), [1500, 123456, 1234567.5]);
});

Deno.test("round 3: hexadecimal or binary text (0x5dc, 0b101) stays text, never a number", async () => {
  const path = await file("hex_codes.csv", "id,code,visits\n1,12,3\n2,0x5dc,4\n3,0b101,5\n");
  const table = await readTable(path);
  deepEqual(Array.from(table.array("code")), ["12", "0x5dc", "0b101"]);
  deepEqual(Array.from(table.array("visits")), [3, 4, 5]);
  const deep = "id,code\n" +
    Array.from({ length: 30_000 }, (_, i) => `${i},${i === 29_000 ? "0x10" : i}`).join("\n") +
    "\n";
  const late = await readTable(await file("hex_late.csv", deep));
  equal(late.array("code")[29_000], "0x10");
});
