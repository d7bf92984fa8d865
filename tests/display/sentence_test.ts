import assert from "node:assert/strict";
import { foldedText, sentence } from "../../lib/display/sentence.ts";

type Bundle = Record<string, string>;
function bundleOf(output: object): Bundle {
  const show = (output as Record<symbol, unknown>)[Symbol.for("Jupyter.display")];
  assert.equal(typeof show, "function");
  return (show as () => Bundle).call(output);
}

Deno.test("sentence is shown as text (HTML and markdown), never as a quoted string", () => {
  const text = "K-Means: 4 clusters (knee of the inertia curve). Wrote `out/x.csv` <1>";
  const bundle = bundleOf(sentence(text));
  assert.ok(bundle["text/html"]!.startsWith('<div class="segmentation-sentence"><p'));
  assert.ok(bundle["text/html"]!.includes("<code>out/x.csv</code>"));
  assert.ok(bundle["text/html"]!.includes("&lt;1&gt;"));
  assert.ok(!bundle["text/html"]!.includes('"K-Means'));
  assert.equal(bundle["text/markdown"], text);
  assert.equal(bundle["text/plain"], text);
});

Deno.test("foldedText keeps a long SQL dump behind one summary line", () => {
  const sql = Array.from({ length: 60 }, (_, i) => `SELECT ${i} AS a -- line`).join("\n");
  const out = foldedText("The rule step in SQL", sql, { maxLines: 40 });
  assert.match(
    out.html,
    /^<details class="segmentation-folded"><summary[^>]*>The rule step in SQL \(60 lines, click to show\)<\/summary>/,
  );
  assert.ok(!out.html.includes("<details open"));
  assert.ok(out.html.includes("SELECT 39 AS a") && !out.html.includes("SELECT 40 AS a"));
  assert.equal(bundleOf(out)["text/plain"], "The rule step in SQL (60 lines)");
});
