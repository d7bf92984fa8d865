import { deepEqual } from "node:assert/strict";
import { digestOutputs, GOLDEN } from "./golden_outputs.ts";

Deno.test("segment and rfm write the recorded bytes on the bundled and lookalike files", async () => {
  const work = await Deno.makeTempDir({ prefix: "golden_" });
  try {
    const expected = JSON.parse(await Deno.readTextFile(GOLDEN));
    deepEqual(await digestOutputs(work), expected);
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
