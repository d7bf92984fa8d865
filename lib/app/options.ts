/**
 * The options a person sets in the app, as the same text the command line
 * takes, so an app run can be repeated with `deno task segment` and gives
 * the same files.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import { parseSegmentationParameters, type SegmentationParameters } from "../segment/parameters.ts";

/** Options as the page sends them: every field text, as on the command line. */
export interface AppOptions {
  /** Columns ticked in the page; absent or empty: chosen by the preparation. */
  features?: string[];
  /** "auto" or a number of segments. */
  k?: string;
  algorithm?: string;
  scale?: string;
  seed?: string;
  missing?: string;
  categorical?: string;
  log?: string;
  eps?: string;
  minSamples?: string;
  linkage?: string;
  covariance?: string;
  /** days-since | none */
  dates?: string;
  /** YYYY-MM-DD: the day date columns count back from. */
  asOf?: string;
  /** dd-mm-yyyy | mm-dd-yyyy */
  dateFormat?: string;
}

const TEXT_FIELDS = [
  "k",
  "algorithm",
  "scale",
  "seed",
  "missing",
  "categorical",
  "log",
  "eps",
  "minSamples",
  "linkage",
  "covariance",
  "dates",
  "asOf",
  "dateFormat",
] as const;

const FLAGS: Record<(typeof TEXT_FIELDS)[number], string> = {
  k: "--k",
  algorithm: "--algorithm",
  scale: "--scale",
  seed: "--seed",
  missing: "--missing",
  categorical: "--categorical",
  log: "--log",
  eps: "--eps",
  minSamples: "--min-samples",
  linkage: "--linkage",
  covariance: "--covariance",
  dates: "--dates",
  asOf: "--as-of",
  dateFormat: "--date-format",
};

/**
 * Check a request body and keep only the known fields, as trimmed text
 * (blank fields dropped); anything else is an {@link InputError}.
 *
 * @example
 * ```ts
 * import { appOptionsFrom } from "./options.ts";
 * appOptionsFrom({ k: " 4 ", algorithm: "gmm", seed: "" }); // { k: "4", algorithm: "gmm" }
 * ```
 */
export function appOptionsFrom(body: unknown): AppOptions {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new InputError("Invalid options: expected an object");
  }
  const source = body as Record<string, unknown>;
  const options: AppOptions = {};
  for (const field of TEXT_FIELDS) {
    const value = source[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" || value.length > 200) {
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
 * segmentationParameters({ k: "4", features: ["age", "income"] }).k; // 4
 * ```
 */
export function segmentationParameters(options: AppOptions): SegmentationParameters {
  const parameters = parseSegmentationParameters({
    k: options.k,
    algorithm: options.algorithm,
    scale: options.scale,
    seed: options.seed,
    missing: options.missing,
    categorical: options.categorical,
    log: options.log,
    eps: options.eps,
    minSamples: options.minSamples,
    linkage: options.linkage,
    covariance: options.covariance,
    dates: options.dates,
    asOf: options.asOf,
    dateFormat: options.dateFormat,
  });
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
 * segmentCommand("customers.csv", { k: "4", features: ["age", "income"] });
 * // "deno task segment customers.csv --features age,income --k 4"
 * ```
 */
export function segmentCommand(file: string, options: AppOptions): string {
  const words = ["deno", "task", "segment", shellWord(file)];
  if (options.features !== undefined && options.features.length > 0) {
    words.push("--features", shellWord(options.features.join(",")));
  }
  for (const field of TEXT_FIELDS) {
    const value = options[field];
    if (value !== undefined) words.push(FLAGS[field], shellWord(value));
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
 * assignCommand("customers_model.json", "new customers.csv");
 * // "deno task segment --assign customers_model.json 'new customers.csv'"
 * ```
 */
export function assignCommand(model: string, file: string): string {
  return ["deno", "task", "segment", "--assign", shellWord(model), shellWord(file)].join(" ");
}
