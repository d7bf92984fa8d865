import { deepEqual, equal, ok } from "node:assert/strict";
import { segmentationParameterDeclarations } from "../../lib/segment/segmentation_parameters.ts";
import { notebookParameterLines } from "../../lib/segment/parameter_cell.ts";
import { parseSegmentationParameters } from "../../lib/segment/parameters.ts";
import { segmentUsage } from "../../lib/cli/segment.ts";
import { segmentCommand } from "../../lib/app/options.ts";
import { pageHTML } from "../../lib/app/page.ts";

const NOTEBOOK = new URL("../../notebooks/04_bring_your_own_data.ipynb", import.meta.url);

async function codeCells(): Promise<string[]> {
  const notebook = JSON.parse(await Deno.readTextFile(NOTEBOOK));
  return notebook.cells
    .filter((c: { cell_type: string }) => c.cell_type === "code")
    .map((c: { source: string | string[] }) => [c.source].flat().join(""));
}

Deno.test("notebook 04's parameter cell lists exactly the declared parameters, with their env vars and defaults", async () => {
  const [cell, call] = await codeCells();
  const declarations = segmentationParameterDeclarations();
  // Every BYOD_ line of the cell that is not the notebook's own (file, value column, output folder).
  const lines = cell!.split("\n").filter((l) =>
    l.includes('Deno.env.get("BYOD_') && !/BYOD_(DATA|VALUE|OUT)"/.test(l)
  );
  deepEqual(lines, notebookParameterLines());
  equal(lines.length, declarations.length);
  for (const p of declarations) {
    ok(
      lines.some((l) =>
        l.includes(`Deno.env.get("${p.env}") ?? ${JSON.stringify(p.defaultText)};`)
      ),
      `${p.name}: ${p.env} with default "${p.defaultText}"`,
    );
    ok(
      call!.includes(`  ${p.name}: ${p.env.replace("BYOD_", "")},\n`),
      `${p.name} reaches the parser`,
    );
  }
  // One default seed everywhere: the notebook's, the command line's and the parser's.
  ok(cell!.includes('const SEED = Deno.env.get("BYOD_SEED") ?? "0";'));
  equal(parseSegmentationParameters({}).seed, 0);
});

Deno.test("the command line's usage and the app's equivalent command list every declared parameter by its flag", () => {
  const usage = segmentUsage();
  const declarations = segmentationParameterDeclarations();
  for (const p of declarations) {
    ok(usage.includes(`[${p.flag} ${p.values}]`), `${p.flag} in the usage`);
  }
  const flags = [...usage.matchAll(/\[(--[a-z-]+) /g)].map((m) => m[1]);
  deepEqual(
    flags.filter((f) =>
      ![
        "--out",
        "--sheet",
        "--header-row",
        "--export-segments",
        // Where the data lives: options of the command line, not of a segmentation.
        "--sql",
        "--table",
        "--db",
        "--sample",
        "--into",
      ].includes(f!)
    ),
    declarations.map((p) => p.flag),
  );
  const every = Object.fromEntries(
    declarations.filter((p) => p.name !== "features").map((p) => [p.name, "v"]),
  );
  const command = segmentCommand("f.csv", every);
  deepEqual(
    [...command.matchAll(/ (--[a-z-]+) v/g)].map((m) => m[1]),
    declarations.filter((p) => p.name !== "features").map((p) => p.flag),
  );
});

Deno.test("defaults are the declarations' and blank text gives them", () => {
  const defaults = parseSegmentationParameters({});
  deepEqual(
    {
      k: defaults.k,
      algorithm: defaults.algorithm,
      scale: defaults.scale,
      seed: defaults.seed,
      nInit: defaults.nInit,
      minSamples: defaults.minSamples,
      linkage: defaults.linkage,
      covariance: defaults.covariance,
      eps: defaults.eps,
      gamma: defaults.gamma,
      missing: defaults.missing,
      dateOrder: defaults.dateOrder,
    },
    {
      k: "auto",
      algorithm: "kmeans",
      scale: "standard",
      seed: 0,
      nInit: 10,
      minSamples: 5,
      linkage: "ward",
      covariance: "full",
      eps: undefined,
      gamma: undefined,
      missing: "median",
      dateOrder: undefined,
    },
  );
  deepEqual(parseSegmentationParameters({ seed: " ", k: "" }), defaults);
  equal(parseSegmentationParameters({ dateFormat: "dd-mm-yyyy" }).dateOrder, "dmy");
});

Deno.test("the app's form lists the same parameters as the command line's usage, each with its default and algorithm", () => {
  const html = pageHTML({ maxUploadBytes: 1 });
  const form = html.slice(html.indexOf('<form id="options"'), html.indexOf("</form>"));
  const names = [
    ...form.matchAll(/<(?:select|input)[^>]* name="([A-Za-z]+)"[^>]* data-default="([^"]*)"/g),
  ]
    .map((m) => [m[1], m[2]]);
  const declared = segmentationParameterDeclarations().filter((p) =>
    p.name !== "features" && p.name !== "k"
  );
  deepEqual(names, declared.map((p) => [p.name, p.defaultText]));
  ok(form.includes('name="k"') && form.includes('name="kmode"'), "the number of segments");
  const usage = segmentUsage();
  for (const p of declared) ok(usage.includes(`[${p.flag} `), `${p.flag} in the usage`);
  for (const p of declared.filter((p) => p.algorithm !== undefined)) {
    ok(
      new RegExp(
        `<label data-for="${p.algorithm}" hidden>[^<]*<(select|input)[^>]* name="${p.name}"`,
      )
        .test(form),
      `${p.name} shown with ${p.algorithm} only`,
    );
  }
});
