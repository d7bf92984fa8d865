import { deepEqual, equal, ok } from "node:assert/strict";
import fc from "fast-check";
import { readPlainCSV } from "../../lib/io/plain_csv.ts";
import { fromCSV, loadCSV } from "../../lib/io/read_csv.ts";

async function withFile<T>(content: string | Uint8Array, use: (path: string) => Promise<T>) {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content);
    return await use(path);
  } finally {
    await Deno.remove(path);
  }
}

/** The columns as plain arrays, to compare readers whatever array type they return. */
function plain(columns: Iterable<[string, ArrayLike<unknown>]>): Record<string, unknown[]> {
  return Object.fromEntries([...columns].map(([name, values]) => [name, Array.from(values)]));
}

/** A plain number as a file would hold it: sign, digits, decimals (at most 15 digits). */
const plainNumber = fc.tuple(
  fc.boolean(),
  fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }),
  fc.integer({ min: 0, max: 15 }),
).map(([negative, digits, decimals]) => {
  let text = digits.toString();
  const places = Math.min(decimals, 14); // padded to places + 1 digits at most: still 15
  if (places > 0) {
    text = text.padStart(places + 1, "0");
    text = `${text.slice(0, -places)}.${text.slice(-places)}`;
  }
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
});

/** A code: letters, digits and `_`, now and then a word DuckDB reads as a boolean or a number. */
const code = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,7}$/),
  fc.stringMatching(/^[0-9][A-Za-z0-9_]{0,5}$/),
  fc.stringMatching(/^[A-Za-z0-9_\-.\/&][A-Za-z0-9_\-.\/& ]{0,10}[A-Za-z0-9_\-.\/&]$/),
  fc.constantFrom("yes", "no", "NaN", "inf", "T", "true", "Y", "null", "0x1F", "1e5", "1 000"),
  fc.constantFrom("2024-01-02", "Jan 5 2024", "10:30", "-3.5", "1/2/2024", "United Kingdom"),
);
const letterFirstCode = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,7}$/);

/** A file of plain values: per column, numbers or codes (the first row's code starts with a letter). */
const plainFile = fc.record({
  delimiter: fc.constantFrom(",", "\t", "|", ";"),
  lineEnd: fc.constantFrom("\n", "\r\n"),
  finalLineEnd: fc.boolean(),
  bom: fc.boolean(),
  kinds: fc.array(fc.boolean(), { minLength: 2, maxLength: 4 }),
  rows: fc.integer({ min: 1, max: 30 }),
}).chain(({ kinds, rows, ...rest }) =>
  fc.tuple(
    fc.constant({ ...rest, kinds }),
    fc.array(fc.tuple(...kinds.map((isCode) => isCode ? code : plainNumber)), {
      minLength: rows,
      maxLength: rows,
    }),
    fc.tuple(...kinds.map(() => letterFirstCode)),
  )
);

Deno.test("plain files: numbers and codes read as DuckDB's reader reads them", async () => {
  let fastPath = 0;
  await fc.assert(
    fc.asyncProperty(
      plainFile,
      async ([{ delimiter, lineEnd, finalLineEnd, bom, kinds }, rows, first]) => {
        // `;` files read `,` as the decimal separator: keep them to whole numbers.
        const whole = (c: string) => c.split(".")[0]!.replace(/^-0$/, "0");
        const cells = rows.map((row, i) =>
          row.map((c, j) => kinds[j] ? (i === 0 ? first[j]! : c) : delimiter === ";" ? whole(c) : c)
        );
        const names = kinds.map((_, j) => `c${j}`);
        const lines = [names, ...cells].map((r) => r.join(delimiter));
        const text = (bom ? "\ufeff" : "") + lines.join(lineEnd) + (finalLineEnd ? lineEnd : "");
        const fast = await withFile(text, (path) => readPlainCSV(path));
        // DuckDB's reader, made to read it by a blank last line (which the fast path leaves to it).
        const blankEnd = text + (finalLineEnd ? "" : lineEnd) + lineEnd;
        equal(await withFile(blankEnd, (path) => readPlainCSV(path)), undefined);
        const duck = await fromCSV(blankEnd);
        const expected = plain(duck.columnNames().map((n) => [n, duck.array(n) as unknown[]]));
        if (kinds.every((isCode) => !isCode)) {
          // Numbers only: always the fast path, each the correctly rounded double.
          ok(fast !== undefined, JSON.stringify(text));
          const numbers = names.map((n, j) => [n, cells.map((r) => Number(r[j]!))]);
          deepEqual(expected, Object.fromEntries(numbers));
        }
        if (fast !== undefined) {
          fastPath++;
          deepEqual(plain(fast), expected, JSON.stringify(text));
        }
      },
    ),
    { numRuns: 60 },
  );
  ok(fastPath >= 20, `the fast path read ${fastPath} of 60 files`);
});

Deno.test("plain files: anything but plain numbers and codes is left to DuckDB's reader", async () => {
  const refused = [
    'a,b\n"1",2\n', // a quote
    "a,b\n1,\n", // an empty field
    "a,b\n1,2\n3,x\n", // a code in a column of numbers
    "a,b\nx,1\nx ,2\n", // a space at the end of a code
    "a,b\nx,1\n y,2\n", // or at its start
    "a,b\nx,1\nx:y,2\n", // other punctuation
    "a;b\nx;1\n'';2\n", // a single quote, which DuckDB's sniffer may take for the quote
    "a,b\nx,1\n,2\n", // an empty code
    "a,b\nyes,1\nno,2\n", // words DuckDB reads as booleans
    "a,b\nnan,1\ninf,2\n", // words DuckDB reads as numbers
    "a,b\n1,2024-01-02\n", // a date
    "a,b\n1,2024-01-02\n", // a date
    "a,b\n1,007\n", // a leading zero (a code)
    "a,b\n1,-0\n", // minus zero
    "a,b\n1,1e5\n", // an exponent
    "a,b\n1,+5\n", // a plus sign
    "a,b\n1,.5\n", // no digit before the point
    "a,b\n1,5.\n", // none after it
    "a,b\n1,1234567890123456\n", // 16 digits
    "a,b\n1,0.1234567890123456\n", // 16 digits after the point
    "a,b\n1,2,3\n", // a ragged row
    "a,b\n1\n", // a short row
    "a,b\n1,2\r3,4\n", // a lone carriage return
    "a,b\n1,2\n\n3,4\n", // a blank line
    "a,b\n1,2\n\n", // a blank last line
    "a,b\n", // no data row
    "a,b", // no line end at all
    "a,,b\n1,2,3\n", // an empty name
    "a, b\n1,2\n", // a padded name
    '"a",b\n1,2\n', // a quoted name
    "a,A\n1,2\n", // a repeated name (DuckDB's reader says which)
    "a;b,c\n1;2\n", // two delimiters in the header
    "ab\n1\n", // one column
    "a;b\n1,5;2\n", // a decimal comma
    "a,b\n 1,2\n", // a space
  ];
  for (const text of refused) {
    equal(await withFile(text, (path) => readPlainCSV(path)), undefined, JSON.stringify(text));
  }
  // A Latin-1 header is not UTF-8.
  const latin1 = new Uint8Array([0x61, 0xe9, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0x32, 0x0a]);
  equal(await withFile(latin1, (path) => readPlainCSV(path)), undefined);
  // A delimiter or decimal comma the user gave is respected.
  equal(await withFile("a,b\n1,2\n", (p) => readPlainCSV(p, { delimiter: ";" })), undefined);
  equal(await withFile("a,b\n1.5,2\n", (p) => readPlainCSV(p, { decimal: "," })), undefined);
  deepEqual(
    await withFile("a,b\n15,2\n", async (p) => plain((await readPlainCSV(p, { decimal: "," }))!)),
    { a: [15], b: [2] },
  );
});

Deno.test("plain files: rows that cross the 4 MiB reads are read whole, and every row is counted", async () => {
  const rows = 400_000; // about 13 MB: four reads, lines split across each boundary
  const tiers = ["Gold", "Silver", "Bronze"];
  const lines = ["id,customer,tier,spend,share"];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `${i},C${i},${tiers[i % 3]},${(i * 37) % 100003}.${i % 100},-0.${(i % 997) + 1}`,
    );
  }
  const columns = await withFile(lines.join("\n"), (path) => readPlainCSV(path));
  ok(columns !== undefined);
  const [ids, customers, tier, spend, share] = ["id", "customer", "tier", "spend", "share"].map(
    (n) => columns.get(n)!,
  );
  equal(ids!.length, rows);
  // Customers are all distinct (past the codes whose strings are reused), tiers three.
  equal(customers!.length, rows);
  equal(tier!.length, rows);
  for (const i of [0, 1, 4095, 4096, 4097, 180_000, 181_111, 362_000, rows - 1]) {
    equal(ids![i], i);
    equal(customers![i], `C${i}`);
    equal(tier![i], tiers[i % 3]);
    equal(spend![i], Number(`${(i * 37) % 100003}.${i % 100}`));
    equal(share![i], Number(`-0.${(i % 997) + 1}`));
  }
  // A bad cell near the end still sends the whole file to DuckDB's reader.
  lines[rows - 2] = lines[rows - 2]!.replace(/^\d+/, "x");
  equal(await withFile(lines.join("\n"), (path) => readPlainCSV(path)), undefined);
});

Deno.test("loadCSV reads a plain file through the fast path: numbers as typed columns, codes as text", async () => {
  const table = await withFile("age,income\n30,40000.5\n41,52000\n", (path) => loadCSV(path));
  deepEqual(table.columnNames(), ["age", "income"]);
  ok(table.column("income") instanceof Float64Array);
  deepEqual(Array.from(table.array("income") as Float64Array), [40000.5, 52000]);
  // With a date format, DuckDB's reader decides (eight digits may be a date).
  const dated = await withFile(
    "day,n\n20240102,1\n20240103,2\n",
    (path) => loadCSV(path, { dateFormat: "%Y%m%d" }),
  );
  ok(!(dated.column("day") instanceof Float64Array));
});

Deno.test("loadCSV reads codes beside numbers through the fast path as the text they are", async () => {
  const table = await withFile(
    "customer,tier,spend\nC0001,Gold,10.5\nC0002,Silver,3\n00A7,Gold,0\n",
    (path) => loadCSV(path),
  );
  deepEqual(table.array("customer"), ["C0001", "C0002", "00A7"]);
  deepEqual(table.array("tier"), ["Gold", "Silver", "Gold"]);
  ok(table.column("spend") instanceof Float64Array);
});
