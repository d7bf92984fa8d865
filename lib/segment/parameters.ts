/**
 * Turn segmentation parameters given as text (command-line flags, the app's
 * fields, notebook environment variables) into checked options, with one
 * clear error per bad value: each parameter is parsed by its declaration
 * (`segmentation_parameters.ts` and the algorithms' registry entries).
 *
 * @module
 */
import type { ParameterValue } from "../cluster/parameter.ts";
import type { SegmentationOptions } from "./segmentation.ts";
import { segmentationParameterDeclarations } from "./segmentation_parameters.ts";

/** Parameters as text (or numbers), by their declared names, as they arrive from flags, fields or env vars. */
export type SegmentationParameterText = Readonly<Record<string, string | number | undefined>>;

/** Checked options, ready for `fitSegmentation` (add `file` and callbacks). */
export type SegmentationParameters = Omit<
  SegmentationOptions,
  "file" | "onProgress" | "onPreparation"
>;

/**
 * Check text parameters and return segmentation options: every declared
 * parameter is parsed (blank or absent text gives its default); a name that
 * is not declared is refused.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { parseSegmentationParameters } from "./parameters.ts";
 * const p = parseSegmentationParameters({ k: "auto", scale: "robust", seed: "7" });
 * equal(p.k, "auto");
 * equal(p.scale, "robust");
 * equal(p.seed, 7);
 * equal(p.nInit, 10);
 * equal(p.algorithm, "kmeans");
 * ```
 */
export function parseSegmentationParameters(
  text: SegmentationParameterText,
): SegmentationParameters {
  const declarations = segmentationParameterDeclarations();
  const known = new Set(declarations.map((p) => p.name));
  for (const name of Object.keys(text)) {
    if (!known.has(name)) throw new Error(`Undeclared segmentation parameter: ${name}`);
  }
  const options: Record<string, ParameterValue> = {};
  for (const p of declarations) options[p.option ?? p.name] = p.parse(text[p.name]);
  return options as SegmentationParameters;
}
