import { deepEqual, rejects } from "node:assert/strict";
import { fromCSV } from "../../lib/io/mod.ts";

Deno.test("CSV: rows with every cell empty are skipped", async () => {
  const table = await fromCSV("a,b\n1,2\n,\n,\n3,4\n");
  deepEqual(table.objects(), [{ a: 1, b: 2 }, { a: 3, b: 4 }]);
});

Deno.test("CSV: an error after skipped blank rows names the row as it is in the file", async () => {
  await rejects(fromCSV("a,b\n1,2\n,\n,\n2,Infinity\n"), { column: "b", row: 4 });
});
