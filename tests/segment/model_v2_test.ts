import { deepEqual, equal } from "node:assert/strict";
import { readTable } from "../../lib/io/read_table.ts";
import { assignRows, checkModel } from "../../lib/segment/segmentation.ts";

const ALGORITHMS = ["kmeans", "kprototypes", "gmm", "dbscan", "agglomerative"] as const;
const fixtures = new URL("../fixtures/models_v2/", import.meta.url);

Deno.test("version 2 models saved before the registry still assign the same segments", async () => {
  const expected = JSON.parse(
    await Deno.readTextFile(new URL("assigned_customers_messy.json", fixtures)),
  ) as Record<string, (number | null)[]>;
  const table = await readTable("data/customers_messy.tsv");
  for (const algorithm of ALGORITHMS) {
    const model: unknown = JSON.parse(
      await Deno.readTextFile(new URL(`${algorithm}.json`, fixtures)),
    );
    checkModel(model, `${algorithm}.json`);
    equal(model.version, 3, algorithm);
    equal(model.clustering.algorithm, algorithm);
    equal((model as unknown as Record<string, unknown>).centroids, undefined, "upgraded in place");
    const { labels } = assignRows(model, table, { file: "data/customers_messy.tsv" });
    deepEqual(Array.from(labels), expected[algorithm], algorithm);
  }
});
