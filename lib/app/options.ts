/**
 * The options a person sets in the app, as the same text the command line
 * takes, so an app run can be repeated with `deno task segment` and gives
 * the same files.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { algorithmEntry, algorithmNames } from "../cluster/registry.ts";
import { parseSegmentationParameters, type SegmentationParameters } from "../segment/parameters.ts";
import { segmentationParameterDeclarations } from "../segment/segmentation_parameters.ts";

/**
 * Options as the page sends them: every field text, as on the command line,
 * under the names the parameters are declared with (`segmentation_parameters.ts`
 * and the algorithms' registry entries); `features` as the list of ticked columns.
 */
export interface AppOptions {
  /** Columns ticked in the page; absent or empty: chosen by the preparation. */
  features?: string[];
  /** Every other declared parameter, as text. */
  [name: string]: string | string[] | undefined;
}

/** The text fields: every declared segmentation parameter but the features (ticked in the columns table). */
function textFields() {
  return segmentationParameterDeclarations().filter((p) => p.name !== "features");
}

/** Longest text a field takes: lists of column roles and segment names grow with the file. */
function maxLength(field: string): number {
  return field === "roles" || field === "names" ? 20_000 : 200;
}

/**
 * Check a request body and keep only the known fields, as trimmed text
 * (blank fields dropped); anything else is an {@link InputError}.
 *
 * @example
 * ```ts
 * import { appOptionsFrom } from "./options.ts";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(appOptionsFrom({ k: " 4 ", algorithm: "gmm", seed: "" }), { k: "4", algorithm: "gmm" });
 * // A role for each of many columns (the columns table's selects) fits.
 * const roles = Array.from({ length: 40 }, (_, i) => `NumPurchasesChannel${i}=frequency`).join(",");
 * deepEqual(appOptionsFrom({ roles }).roles, roles);
 * ```
 */
export function appOptionsFrom(body: unknown): AppOptions {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new InputError("Invalid options: expected an object");
  }
  const source = body as Record<string, unknown>;
  const options: AppOptions = {};
  for (const { name: field } of textFields()) {
    const value = source[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" || value.length > maxLength(field)) {
      throw new InputError(`Invalid ${field}: expected a short text`);
    }
    if (value.trim() !== "") options[field] = value.trim();
  }
  const features = source.features;
  if (features !== undefined && features !== null) {
    if (
      !Array.isArray(features) || features.length > 10_000 ||
      !features.every((f) => typeof f === "string" && f.length <= 1000)
    ) {
      throw new InputError("Invalid features: expected a list of column names");
    }
    if (features.length > 0) options.features = [...features];
  }
  return options;
}

/**
 * The segmentation options for {@link AppOptions}, checked by the same
 * parser as the command line's flags (same defaults, same messages).
 *
 * @example
 * ```ts
 * import { segmentationParameters } from "./options.ts";
 * import { equal } from "node:assert/strict";
 * equal(segmentationParameters({ k: "4", features: ["age", "income"] }).k, 4);
 * ```
 */
export function segmentationParameters(options: AppOptions): SegmentationParameters {
  const text: Record<string, string | undefined> = {};
  for (const { name } of textFields()) {
    const value = options[name];
    text[name] = typeof value === "string" ? value : undefined;
  }
  const parameters = parseSegmentationParameters(text);
  if (options.features !== undefined && options.features.length > 0) {
    parameters.features = [...options.features];
  }
  return parameters;
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The `deno task segment` command that gives the same files as the app for
 * these options (shown in the page and the report).
 *
 * @example
 * ```ts
 * import { segmentCommand } from "./options.ts";
 * import { equal } from "node:assert/strict";
 * equal(
 *   segmentCommand("customers.csv", { k: "4", features: ["age", "income"] }),
 *   "deno task segment customers.csv --features age,income --k 4",
 * );
 * ```
 */
export function segmentCommand(file: string, options: AppOptions): string {
  const words = ["deno", "task", "segment", shellWord(file)];
  if (options.features !== undefined && options.features.length > 0) {
    words.push("--features", shellWord(options.features.join(",")));
  }
  // An algorithm that finds k itself (DBSCAN) ignores the page's k; the command refuses --k.
  const algorithm = typeof options.algorithm === "string" ? options.algorithm : "kmeans";
  const usesK = algorithmNames().includes(algorithm) ? algorithmEntry(algorithm).usesK : true;
  for (const { name, flag } of textFields()) {
    const value = options[name];
    if (name === "k" && !usesK) continue;
    if (typeof value === "string") words.push(flag, shellWord(value));
  }
  return words.join(" ");
}

/**
 * The `deno task segment --assign` command that gives the same files as the
 * app's "assign a new file" step.
 *
 * @example
 * ```ts
 * import { assignCommand } from "./options.ts";
 * import { equal } from "node:assert/strict";
 * equal(
 *   assignCommand("customers_model.json", "new customers.csv"),
 *   "deno task segment --assign customers_model.json 'new customers.csv'",
 * );
 * ```
 */
export function assignCommand(model: string, file: string): string {
  return ["deno", "task", "segment", "--assign", shellWord(model), shellWord(file)].join(" ");
}
