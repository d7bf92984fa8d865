import { rejects } from "node:assert/strict";
import { checkFitsInMemory } from "../../lib/io/memory_check.ts";

Deno.test("a file whose estimated need exceeds the memory available is refused before any work", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(path, "a,b\n" + "1,2\n".repeat(250_000)); // 1 MB
  await checkFitsInMemory(path, { available: 1024 ** 3 });
  await rejects(
    () => checkFitsInMemory(path, { available: 300 * 1024 ** 2, label: "big.csv" }),
    /File too large for this machine's memory: about 0\.4 GB needed, 0\.3 GB available \(file big\.csv\)\. Segment a sample/,
  );
  await checkFitsInMemory("/nonexistent.csv", { available: 1 });
});
