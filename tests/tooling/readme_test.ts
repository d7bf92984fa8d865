// The README opens with what the workspace is, the two commands and the tour, and its inline code
// is never broken across lines in the raw Markdown (a command split in two cannot be copied).
import { deepEqual, ok } from "node:assert/strict";

const README = new URL("../../README.md", import.meta.url).pathname;

/** Lines outside fenced blocks with an odd number of backticks: an inline span cut by a line break. */
export function brokenInlineCode(markdown: string): number[] {
  const broken: number[] = [];
  let fenced = false;
  markdown.split("\n").forEach((line, i) => {
    if (line.startsWith("```")) fenced = !fenced;
    else if (!fenced && (line.match(/`/g) ?? []).length % 2 === 1) broken.push(i + 1);
  });
  return broken;
}

Deno.test("README: no inline code broken across lines", async () => {
  deepEqual(brokenInlineCode(await Deno.readTextFile(README)), []);
  deepEqual(brokenInlineCode("a `deno task\ndata` b\n```\n`x\n```\n"), [1, 2]);
});

Deno.test("README: the two commands, then the tour, then the rest; long tables live under docs/", async () => {
  const text = await Deno.readTextFile(README);
  const sections = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
  deepEqual(sections.slice(0, 2), ["Two commands", "A tour of the notebooks"]);
  for (const page of ["docs/performance.md", "docs/bad_input.md", "docs/dependencies.md"]) {
    ok(text.includes(`(${page})`), `README links ${page}`);
  }
  ok(text.split("\n").length < 600, "README stays short enough to read");
});
