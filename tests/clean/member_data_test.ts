import assert from "node:assert/strict";
import { generateMembers, writeMemberFiles } from "../../data/generate_members.ts";

const DATA = new URL("../../data/members/", import.meta.url).pathname;

Deno.test("the committed member files are what the seeded generator writes, byte for byte", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const path of await writeMemberFiles(dir)) {
      const name = path.split("/").at(-1)!;
      assert.deepEqual(await Deno.readFile(path), await Deno.readFile(`${DATA}${name}`), name);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the generator plants the faults it declares", () => {
  const { byRegion, faults } = generateMembers();
  const all = Object.values(byRegion).flat();
  assert.ok(all.length >= 1400 && all.length <= 1600);
  assert.equal(all.length, 1480 + faults.crossFileDuplicates + faults.withinFileDuplicates);
  const zeroSpend = all.filter((m) => m.purchases > 0 && m.amountSpent === 0).length;
  assert.ok(zeroSpend >= faults.purchasesWithoutSpend);
  assert.ok(all.some((m) => (m.income ?? 0) < 0));
});
