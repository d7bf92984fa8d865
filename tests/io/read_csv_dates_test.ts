// Dates in a CSV: DuckDB's timestamp cast reads "5/3/23" as the year 5 when the
// file's date format is ISO (another column sets it); such a column stays the
// text it is instead of dates two thousand years off. ISO dates and times
// beside it stay dates.
import { deepEqual, ok } from "node:assert/strict";
import { readTable } from "../../lib/io/mod.ts";

Deno.test("a column DuckDB would read as the year 5 stays text; ISO columns beside it stay dates", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(
    path,
    "joined,seen,visit\n2024-01-02,2024-01-02T10:00:00,5/3/23\n2024-01-31,2024-01-03 11:00:00,25/3/23\n",
  );
  const table = await readTable(path);
  deepEqual(Array.from(table.array("visit")), ["5/3/23", "25/3/23"]);
  const joined = table.array("joined") as unknown as Date[];
  const seen = table.array("seen") as unknown as Date[];
  ok(joined[1] instanceof Date && seen[0] instanceof Date);
  deepEqual(
    [joined[1]!.toISOString(), seen[0]!.toISOString()],
    ["2024-01-31T00:00:00.000Z", "2024-01-02T10:00:00.000Z"],
  );
  await Deno.remove(path);
});

Deno.test("read again for a year-5 column, a prefixed code column stays text too", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(
    path,
    "code,joined,visit\n0x5dc,2024-01-02,5/3/23\n12,2024-01-31,25/3/23\n",
  );
  const table = await readTable(path);
  deepEqual(Array.from(table.array("code")), ["0x5dc", "12"]);
  deepEqual(Array.from(table.array("visit")), ["5/3/23", "25/3/23"]);
  await Deno.remove(path);
});
