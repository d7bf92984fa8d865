import assert from "node:assert/strict";
import * as aq from "arquero";
import { importHmacKey } from "../../lib/privacy/key.ts";
import { hmacSha256Hex, pseudonymise, pseudonymiseTable } from "../../lib/privacy/pseudonymise.ts";
import { isInputError } from "../../lib/errors.ts";

const bytes = (n: number, b: number) => new Uint8Array(n).fill(b);

Deno.test("HMAC-SHA-256 matches the RFC 4231 test vectors", async () => {
  // Test case 1
  assert.equal(
    await hmacSha256Hex(bytes(20, 0x0b), "Hi There"),
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
  );
  // Test case 2
  assert.equal(
    await hmacSha256Hex("Jefe", "what do ya want for nothing?"),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
  );
  // Test case 3
  assert.equal(
    await hmacSha256Hex(bytes(20, 0xaa), bytes(50, 0xdd)),
    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
  );
  // Test case 6: key longer than the block size
  assert.equal(
    await hmacSha256Hex(bytes(131, 0xaa), "Test Using Larger Than Block-Size Key - Hash Key First"),
    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
  );
});

Deno.test("pseudonyms are the truncated keyed hash of the normalised value", async () => {
  const key = await importHmacKey("0123456789abcdef-test-key");
  const [p] = await pseudonymise(["  s1234567d "], { key });
  assert.equal(p, (await hmacSha256Hex("0123456789abcdef-test-key", "S1234567D")).slice(0, 16));
  const [q] = await pseudonymise(["S1234567D"], { key, length: 24 });
  assert.equal(q!.length, 24);
  assert.ok(q!.startsWith(p!));
  // A different key gives a different pseudonym: no key, no recomputation.
  const other = await importHmacKey("another-secret-key-of-length");
  const [r] = await pseudonymise(["S1234567D"], { key: other });
  assert.notEqual(r, p);
  // And it is not the plain SHA-256 of the ID.
  const plain = Array.from(
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode("S1234567D"))),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  assert.notEqual(p, plain.slice(0, 16));
});

Deno.test("a collision between two different originals is an error, not a merge", async () => {
  const key = await importHmacKey("0123456789abcdef-test-key");
  // 17 different values in a 16-value space: a collision is certain (pigeonhole).
  const values = Array.from({ length: 17 }, (_, i) => `S${1000000 + i}A`);
  await assert.rejects(
    () => pseudonymise(values, { key, length: 1, column: "national_id" }),
    (e) =>
      isInputError(e) && /Pseudonym collision/.test(e.message) && /national_id/.test(e.message) &&
      /longer digest/.test(e.message) && !/S100000/.test(e.message),
  );
  // The same original repeated is not a collision.
  const same = await pseudonymise(["S1", "S1", "s1"], { key, length: 1 });
  assert.equal(new Set(same).size, 1);
  await assert.rejects(() => pseudonymise(["a"], { key, length: 0 }), isInputError);
  await assert.rejects(() => pseudonymise(["a"], { key, length: 65 }), isInputError);
});

Deno.test("pseudonymiseTable removes identifiers and locators into the lookup", async () => {
  const key = await importHmacKey("0123456789abcdef-test-key");
  const t = aq.table({
    source_file: ["a.csv", "b.csv"],
    source_row: [1, 2],
    national_id: ["S1", "S2"],
    first_name: ["Ann", "Bo"],
    spend: [3, 4],
  });
  const { table, lookup } = await pseudonymiseTable(t, {
    key,
    idColumn: "national_id",
    identifiers: ["national_id", "first_name"],
  });
  assert.deepEqual(table.columnNames(), ["member_key", "spend"]);
  assert.deepEqual(lookup.columnNames(), [
    "member_key",
    "national_id",
    "first_name",
    "source_file",
    "source_row",
  ]);
  assert.deepEqual(lookup.array("member_key"), table.array("member_key"));
  await assert.rejects(
    () =>
      pseudonymiseTable(aq.table({ national_id: ["S1", null] }), {
        key,
        idColumn: "national_id",
        identifiers: [],
      }),
    (e) => isInputError(e) && /row 2/.test(e.message),
  );
});
