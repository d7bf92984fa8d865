/**
 * One declaration per parameter: its name, command-line flag, notebook
 * environment variable, parser, default, help text and the algorithm it
 * belongs to (as scikit-learn's `_parameter_constraints` declares each
 * estimator's parameters once). The command line, the app and notebook 04
 * are made from these declarations.
 *
 * @module
 */
import { InputError } from "../errors.ts";

/** A parameter value once parsed. */
export type ParameterValue = string | number | string[] | undefined;

/** One parameter, declared once. */
export interface ParameterDeclaration<T extends ParameterValue = ParameterValue> {
  /** The parameter's name, e.g. `minSamples`: the key of its text (app fields, `parseSegmentationParameters`). */
  name: string;
  /** The options field its value goes to, when not `name` (e.g. `dateFormat` sets `dateOrder`). */
  option?: string;
  /** The command-line flag, e.g. `--min-samples`. */
  flag: string;
  /** Notebook 04's environment variable, e.g. `BYOD_MIN_SAMPLES`. */
  env: string;
  /** What the flag takes, for the usage text: `N`, `ward|complete|average`. */
  values: string;
  /** The default as text (what a blank value means); empty when computed from the data. */
  defaultText: string;
  /** One line for the usage text and notebook 04's parameter cell. */
  help: string;
  /** A short label for the app's form. */
  label: string;
  /** The accepted words with their text in the app's form, for a choice. */
  choices?: readonly (readonly [string, string])[];
  /** The algorithm the parameter belongs to (absent: every algorithm). */
  algorithm?: string;
  /** The value of blank or absent text. */
  default: T;
  /** Text → value; blank or absent text gives the default. Throws an {@link InputError} naming the parameter. */
  parse(text: string | number | undefined): T;
}

/** What {@link declareParameter} needs; flag and environment variable follow from the name. */
export type ParameterSpec<T extends ParameterValue> =
  & Omit<ParameterDeclaration<T>, "flag" | "env" | "parse" | "label" | "default">
  & {
    flag?: string;
    env?: string;
    label?: string;
    /** Parse non-blank text (already trimmed). */
    parse(text: string): T;
    /** The value of blank or absent text (default: `parse(defaultText)`, or undefined when that is empty). */
    fallback?: T;
  };

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * A {@link ParameterDeclaration} from its spec: the flag is the kebab-case name
 * (`--min-samples`), the environment variable `BYOD_` and the name in capitals
 * (`BYOD_MIN_SAMPLES`), and blank text gives the default.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { declareParameter, wholeNumber } from "./parameter.ts";
 * const minSamples = declareParameter({
 *   name: "minSamples", values: "N", defaultText: "5", help: "points within eps",
 *   parse: wholeNumber("min-samples", 1),
 * });
 * deepEqual([minSamples.flag, minSamples.env], ["--min-samples", "BYOD_MIN_SAMPLES"]);
 * equal(minSamples.parse(""), 5);
 * equal(minSamples.parse(" 8 "), 8);
 * ```
 */
export function declareParameter<T extends ParameterValue>(
  spec: ParameterSpec<T>,
): ParameterDeclaration<T> {
  const { parse, fallback, ...rest } = spec;
  const blank = (): T =>
    fallback !== undefined
      ? fallback
      : spec.defaultText === ""
      ? undefined as T
      : parse(spec.defaultText);
  return {
    ...rest,
    default: blank(),
    flag: spec.flag ?? `--${kebab(spec.name)}`,
    env: spec.env ?? `BYOD_${kebab(spec.name).replaceAll("-", "_").toUpperCase()}`,
    label: spec.label ?? spec.name,
    parse(text) {
      if (text === undefined) return blank();
      const trimmed = String(text).trim();
      return trimmed === "" ? blank() : parse(trimmed);
    },
  };
}

/**
 * A parser of whole numbers ≥ `min`, naming the parameter in its error.
 *
 * @example
 * ```ts
 * import { equal, throws } from "node:assert/strict";
 * import { wholeNumber } from "./parameter.ts";
 * equal(wholeNumber("seed", 0)("7"), 7);
 * throws(() => wholeNumber("seed", 0)("-1"), /Invalid seed: "-1"/);
 * ```
 */
export function wholeNumber(name: string, min: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) {
      throw new InputError(`Invalid ${name}: "${text}"`, {
        hint: `give a whole number, ${min} or more`,
      });
    }
    return n;
  };
}

/**
 * A parser accepting one of `words`, naming the parameter in its error.
 *
 * @example
 * ```ts
 * import { equal, throws } from "node:assert/strict";
 * import { oneOf } from "./parameter.ts";
 * equal(oneOf("linkage", ["ward", "average"] as const)("ward"), "ward");
 * throws(() => oneOf("linkage", ["ward", "average"] as const)("single"), /Use one of ward, average/);
 * ```
 */
export function oneOf<T extends string>(name: string, words: readonly T[]): (text: string) => T {
  return (text) => {
    if (!(words as readonly string[]).includes(text)) {
      throw new InputError(`Invalid ${name}: "${text}"`, {
        hint: `use one of ${words.join(", ")}`,
      });
    }
    return text as T;
  };
}

/**
 * A parser of numbers above 0, naming the parameter and what it measures in its error.
 *
 * @example
 * ```ts
 * import { equal, throws } from "node:assert/strict";
 * import { positiveNumber } from "./parameter.ts";
 * equal(positiveNumber("eps", "a distance above 0")("0.5"), 0.5);
 * throws(() => positiveNumber("eps", "a distance above 0")("0"), /Invalid eps: "0"/);
 * ```
 */
export function positiveNumber(name: string, what: string): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) {
      throw new InputError(`Invalid ${name}: "${text}"`, { hint: `give ${what}` });
    }
    return n;
  };
}

/**
 * A parameter's value among parsed values, its default when absent.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { declareParameter, oneOf, parameterValue } from "./parameter.ts";
 * const linkage = declareParameter({
 *   name: "linkage", values: "ward|average", defaultText: "ward", help: "how clusters merge",
 *   parse: oneOf("linkage", ["ward", "average"] as const),
 * });
 * equal(parameterValue(linkage, {}), "ward");
 * equal(parameterValue(linkage, { linkage: "average" }), "average");
 * ```
 */
export function parameterValue<T extends ParameterValue>(
  declaration: ParameterDeclaration<T>,
  values: Readonly<Record<string, ParameterValue>>,
): T {
  const value = values[declaration.name];
  return value === undefined ? declaration.default : value as T;
}
