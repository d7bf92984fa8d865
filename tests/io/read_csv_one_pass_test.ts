// The CSV reader reads whole-number columns in one pass when no value can be
// a prefixed code; these files sit on the edges of that shortcut, where the
// full reading must take over and give the same table as before.
import { deepEqual, equal } from "node:assert/strict";
import { join } from "node:path";
import { readTable } from "../../lib/io/mod.ts";
import { hasDigitUnderscoreDigit } from "../../lib/io/digit_underscore.ts";

const dir = await Deno.makeTempDir({ prefix: "read_csv_one_pass_" });

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await Deno.writeTextFile(path, content);
  return path;
}

/** `rows` lines of `id,code,visits` with `code` set to `odd` on line `at` (0-based row). */
function lines(rows: number, at: number, odd: string): string {
  return "id,code,visits\n" +
    Array.from({ length: rows }, (_, i) => `${i},${i === at ? odd : i * 3},${i % 7}`).join("\n") +
    "\n";
}

Deno.test("one pass: 1_000 stays text, near the top and past the sniffer's sample", async () => {
  for (const at of [1, 25_000]) {
    const table = await readTable(await file(`underscore_${at}.csv`, lines(30_000, at, "1_000")));
    const code = Array.from(table.array("code"));
    equal(code[at], "1_000");
    equal(code[at + 1], String((at + 1) * 3));
    deepEqual(Array.from(table.array("visits")).slice(0, 8), [0, 1, 2, 3, 4, 5, 6, 0]);
  }
});

Deno.test("one pass: hexadecimal past the sniffer's sample stays text", async () => {
  const table = await readTable(await file("hex_deep.csv", lines(30_000, 25_000, "0x5dc")));
  equal(table.array("code")[25_000], "0x5dc");
  equal(table.array("code")[24_999], String(24_999 * 3));
  equal(table.array("visits")[25_000], 25_000 % 7);
});

Deno.test("one pass: whole numbers stay exact; a fraction past the sample makes decimals", async () => {
  const plain = await readTable(await file("plain.csv", lines(30_000, -1, "")));
  equal(plain.array("code")[29_999], 29_999 * 3);
  equal(plain.array("id")[29_999], 29_999);
  const fraction = await readTable(await file("fraction.csv", lines(30_000, 25_000, "2.5")));
  equal(fraction.array("code")[25_000], 2.5);
  equal(fraction.array("code")[25_001], 25_001 * 3);
  // 2^53 + 1 has no double: it must not come back rounded to 2^53.
  const big = await readTable(await file("big.csv", "id,n\n1,9007199254740993\n2,5\n"));
  equal(String(big.array("n")[0]), "9007199254740993");
  equal(Number(big.array("n")[1]), 5);
});

Deno.test("one pass: underscores in names and text do not count as digit groups", async () => {
  equal(await hasDigitUnderscoreDigit(await file("names.csv", "tenure_days,a_1\n12,x_2\n")), false);
  equal(await hasDigitUnderscoreDigit(await file("group.csv", "a,b\n12,3_4\n")), true);
  // a digit group across the scanner's 1 MiB chunks
  for (const shift of [-2, -1, 0, 1]) {
    const text = "a\n" + "x".repeat((1 << 20) - 2 + shift) + "7_5\n";
    equal(await hasDigitUnderscoreDigit(await file(`edge_${shift}.csv`, text)), true);
  }
});
