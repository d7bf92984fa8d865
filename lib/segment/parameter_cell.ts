/**
 * Notebook 04's parameter cell, made from the parameter declarations: one
 * line per segmentation parameter, each read from its environment variable
 * (`BYOD_…`) with its default, and the object that hands them to
 * `parseSegmentationParameters`. A test checks the notebook against these.
 *
 * @module
 */
import type { ParameterDeclaration } from "../cluster/parameter.ts";
import { segmentationParameterDeclarations } from "./segmentation_parameters.ts";

/** The notebook constant of a parameter: its environment variable without `BYOD_`. */
function constantOf(p: ParameterDeclaration): string {
  return p.env.replace(/^BYOD_/, "");
}

/**
 * The parameter cell's lines, one per declared parameter:
 * `const K = Deno.env.get("BYOD_K") ?? "auto"; // number of segments …`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { notebookParameterLines } from "./parameter_cell.ts";
 * const seed = notebookParameterLines().find((line) => line.startsWith("const SEED "));
 * equal(seed?.split(";")[0], 'const SEED = Deno.env.get("BYOD_SEED") ?? "0"');
 * ```
 */
export function notebookParameterLines(): string[] {
  return segmentationParameterDeclarations().map((p) =>
    `const ${constantOf(p)} = Deno.env.get(${JSON.stringify(p.env)}) ?? ${
      JSON.stringify(p.defaultText)
    }; // ${p.algorithm === undefined ? "" : `${p.algorithm}: `}${p.help} (${p.values})`
  );
}

/**
 * The object literal handing the cell's constants to `parseSegmentationParameters`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { notebookParameterObject } from "./parameter_cell.ts";
 * ok(notebookParameterObject().includes("  minSamples: MIN_SAMPLES,"));
 * ```
 */
export function notebookParameterObject(): string {
  const fields = segmentationParameterDeclarations().map((p) => `  ${p.name}: ${constantOf(p)},`);
  return `{\n${fields.join("\n")}\n}`;
}
