/**
 * Every segmentation parameter, declared once: the pipeline's own here, each
 * algorithm's in its registry entry (`lib/cluster/*_entry.ts`). The command
 * line's flags and usage (`cli/segment.ts`), the app's options and its
 * equivalent command (`app/options.ts`) and notebook 04's parameter cell are
 * made from {@link segmentationParameterDeclarations}.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import {
  declareParameter,
  oneOf,
  type ParameterDeclaration,
  wholeNumber,
} from "../cluster/parameter.ts";
import { algorithmEntry, algorithmNames, algorithmParameters } from "../cluster/registry.ts";
import { N_INIT, SEED } from "../cluster/shared_parameters.ts";

export { N_INIT, SEED } from "../cluster/shared_parameters.ts";
import { parseSegmentRenames } from "../profile/segment_descriptions.ts";
import { COLUMN_ROLES, parseRoleOverrides } from "../prepare/role_overrides.ts";
import type { ScalerKind } from "../prepare/scale.ts";
import type {
  CategoricalChoice,
  DateChoice,
  LogChoice,
  MissingStrategy,
} from "../prepare/preparation.ts";

/**
 * Smallest and largest k chosen from when k is "auto": the actionable range
 * (the k sweep also looks two past each edge, and at k = 2).
 */
export const K_MIN = 3;
export const K_MAX = 8;

function columnList(value: string): string[] {
  return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

function choiceOrList<T extends string>(
  name: string,
  words: readonly T[],
): (text: string) => T | string[] {
  return (text) => {
    if ((words as readonly string[]).includes(text)) return text as T;
    const list = columnList(text);
    if (list.length === 0) {
      throw new InputError(`Invalid ${name}: "${text}"`, {
        hint: `use ${words.join(", ")} or a comma-separated list of columns`,
      });
    }
    return list;
  };
}

/** Columns to cluster on; blank: chosen from the data. */
export const FEATURES = declareParameter<string[] | undefined>({
  name: "features",
  label: "Features",
  values: "a,b,...",
  defaultText: "",
  help: "columns to use, comma-separated; blank: chosen from the data",
  parse: (text) => {
    const list = columnList(text);
    return list.length === 0 ? undefined : list;
  },
});

/** The number of segments, or `auto`. */
export const K = declareParameter<number | "auto">({
  name: "k",
  label: "Segments",
  values: "auto|N",
  defaultText: "auto",
  help: "number of segments; auto: elbow and silhouette (lowest BIC for gmm)",
  parse: (text) => text === "auto" ? "auto" : wholeNumber("k", 2)(text),
});

/** The clustering algorithm: any registered one (the list follows the registry, additions included). */
export const ALGORITHM: ParameterDeclaration<string> = Object.defineProperties(
  declareParameter<string>({
    name: "algorithm",
    label: "Algorithm",
    values: "",
    defaultText: "kmeans",
    help: "clustering algorithm",
    parse: (text) => oneOf("algorithm", algorithmNames())(text),
  }),
  {
    values: { get: () => algorithmNames().join("|"), enumerable: true },
    choices: {
      get: () => algorithmNames().map((name) => [name, algorithmEntry(name).choiceText] as const),
      enumerable: true,
    },
  },
);

/** Feature scaling before clustering. */
export const SCALE = declareParameter<ScalerKind>({
  name: "scale",
  label: "Scaling",
  values: "standard|minmax|robust|none",
  defaultText: "standard",
  help: "feature scaling",
  choices: [
    ["standard", "standard"],
    ["robust", "robust (median, IQR)"],
    ["minmax", "min–max"],
    ["none", "none"],
  ],
  parse: oneOf("scale", ["standard", "minmax", "robust", "none"] as const),
});

/** What blanks become. */
export const MISSING = declareParameter<MissingStrategy>({
  name: "missing",
  label: "Blanks",
  values: "median|mean|knn|drop|refuse",
  defaultText: "median",
  help: "blanks: filled (median, or the most frequent level), or rows left out or refused",
  choices: [
    ["median", "fill with the median (or most frequent)"],
    ["mean", "fill with the mean"],
    ["knn", "fill from 5 nearest rows"],
    ["drop", "leave those rows out"],
    ["refuse", "refuse the file"],
  ],
  parse: oneOf("missing", ["median", "mean", "knn", "drop", "refuse"] as const),
});

/** Text columns: `auto`, `none` or a list. */
export const CATEGORICAL = declareParameter<CategoricalChoice>({
  name: "categorical",
  label: "Text columns",
  values: "auto|none|a,b",
  defaultText: "auto",
  help: "text columns, one 0/1 feature per level",
  choices: [["auto", "one 0/1 feature per level (auto)"], ["none", "leave text columns out"]],
  parse: choiceOrList("categorical", ["auto", "none"] as const),
});

/** Date columns: days since the as-of day, or left out. */
export const DATES = declareParameter<DateChoice>({
  name: "dates",
  label: "Dates",
  values: "days-since|none",
  defaultText: "days-since",
  help: "date columns as days before the as-of day",
  choices: [["days-since", "days before the as-of day"], ["none", "leave date columns out"]],
  parse: oneOf("dates", ["days-since", "none"] as const),
});

/** The day date columns count back from. */
export const AS_OF = declareParameter<string | undefined>({
  name: "asOf",
  label: "As of",
  values: "YYYY-MM-DD",
  defaultText: "",
  help: "the day dates count back from; blank: the latest date in the file",
  parse(v) {
    const t = Date.parse(`${v}T00:00:00Z`);
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(t) ||
      new Date(t).toISOString().slice(0, 10) !== v
    ) {
      throw new InputError(`Invalid as-of date: "${v}"`, { hint: "give a date as YYYY-MM-DD" });
    }
    return v;
  },
});

/** Day or month first in dates. */
export const DATE_FORMAT = declareParameter<"dmy" | "mdy" | undefined>({
  name: "dateFormat",
  option: "dateOrder",
  label: "Date format",
  values: "dd-mm-yyyy|mm-dd-yyyy",
  defaultText: "",
  help: "day or month first in dates; blank: from the data",
  choices: [["", "from the data"], ["dd-mm-yyyy", "day first"], ["mm-dd-yyyy", "month first"]],
  parse(value) {
    const letters = value.toLowerCase().replace(/[^dmy]/g, "");
    const day = letters.indexOf("d");
    const month = letters.indexOf("m");
    if (day >= 0 && month >= 0 && letters.includes("y")) return day < month ? "dmy" : "mdy";
    throw new InputError(`Invalid date format: "${value}"`, {
      hint: "give dd-mm-yyyy (day first) or mm-dd-yyyy (month first)",
    });
  },
});

/** Log transforms of skewed columns. */
export const LOG = declareParameter<LogChoice>({
  name: "log",
  label: "Skewed columns",
  values: "auto|none|a,b",
  defaultText: "auto",
  help: "log1p of skewed columns",
  choices: [["auto", "log-transform when skewed (auto)"], ["none", "keep as they are"]],
  parse: choiceOrList("log", ["auto", "none"] as const),
});

/** Segment names given by the user, `label=name` pairs. */
export const NAMES = declareParameter<string[] | undefined>({
  name: "names",
  label: "Segment names",
  values: "0=name,1=name",
  defaultText: "",
  help:
    "your names for segments, e.g. 0=Loyal big spenders,2=Bargain hunters; blank: named from the data",
  parse: (text) => {
    const list = columnList(text);
    if (list.length === 0) return undefined;
    parseSegmentRenames(list);
    return list;
  },
});

/** Roles the user gives columns, `column=role` pairs (checked against the file when it is read). */
export const ROLES = declareParameter<string[] | undefined>({
  name: "roles",
  label: "Column roles",
  values: "column=role,...",
  defaultText: "",
  help: `what columns are, e.g. CustomerID=identifier,Kidhome=ignore (${
    COLUMN_ROLES.join(", ")
  }); blank: read from names and values`,
  parse: (text) => {
    const list = columnList(text);
    if (list.length === 0) return undefined;
    parseRoleOverrides(list);
    return list;
  },
});

/** The pipeline's own parameters shown before the algorithms' own. */
const LEADING: readonly ParameterDeclaration[] = [
  FEATURES,
  K,
  ALGORITHM,
  SCALE,
  SEED,
  N_INIT,
  MISSING,
  CATEGORICAL,
  LOG,
  ROLES,
];

/** The pipeline's own parameters shown after the algorithms' own. */
const TRAILING: readonly ParameterDeclaration[] = [DATES, AS_OF, DATE_FORMAT, NAMES];

/** The pipeline's own parameters (not an algorithm's). */
export const PIPELINE_PARAMETERS: readonly ParameterDeclaration[] = [...LEADING, ...TRAILING];

/**
 * Every segmentation parameter, in the order the usage, the notebook cell
 * and the equivalent command list them: the pipeline's, each registered
 * algorithm's own (naming its algorithm), then the dates'.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { segmentationParameterDeclarations } from "./segmentation_parameters.ts";
 * const all = segmentationParameterDeclarations();
 * equal(all.find((p) => p.name === "minSamples")?.flag, "--min-samples");
 * equal(all.find((p) => p.name === "minSamples")?.algorithm, "dbscan");
 * deepEqual(all.find((p) => p.name === "seed")?.default, 0);
 * ```
 */
export function segmentationParameterDeclarations(): ParameterDeclaration[] {
  return [...LEADING, ...algorithmParameters(), ...TRAILING];
}
