/**
 * The fitted preparation of a customer table before clustering, as plain
 * JSON (scikit-learn's `ColumnTransformer` idea): for each column used, how
 * missing values are filled, how text levels become one-hot columns, how
 * dates become days, and which columns are log-transformed. Fitted once on
 * the training file and applied identically to new rows by `--assign`.
 *
 * @module
 */
import type { DayMonthOrder } from "./column_values.ts";
import type { ColumnRole, RoleOverrides } from "./role_overrides.ts";

/** How missing values are handled. */
export type MissingStrategy = "median" | "mean" | "knn" | "drop" | "refuse";

/** Every {@link MissingStrategy}, for option parsing. */
export const MISSING_STRATEGIES: readonly MissingStrategy[] = [
  "median",
  "mean",
  "knn",
  "drop",
  "refuse",
];

/** Which text columns become features: automatic, none, or the named ones. */
export type CategoricalChoice = "auto" | "none" | string[];

/** What becomes of date columns. */
export type DateChoice = "days-since" | "none";

/** Which columns are log1p-transformed: by skewness, none, or the named ones. */
export type LogChoice = "auto" | "none" | string[];

/** Options for fitting a preparation. */
export interface PreparationOptions {
  /** Columns to use (numeric, text or date); default: chosen automatically. */
  features?: string[];
  /** Missing values (default "median": median for numbers, most frequent level for text). */
  missing?: MissingStrategy;
  /** Text columns (default "auto": 2–20 levels, not identifiers or free text). */
  categorical?: CategoricalChoice;
  /** Dates (default "days-since"). */
  dates?: DateChoice;
  /** Reference date for days-since, `YYYY-MM-DD` (default: the latest date in each column). */
  asOf?: string;
  /** Day or month first for text dates no value settles. */
  dateOrder?: "dmy" | "mdy";
  /**
   * Give a preparation with no steps instead of refusing when every column is
   * skipped (the app's columns table, where the user then ticks columns).
   */
  allowNoColumns?: boolean;
  /** Log transforms (default "auto": non-negative columns with skewness above 2). */
  log?: LogChoice;
  /** Levels under this share of rows are pooled as "Other" (default 0.01). */
  rareShare?: number;
  /**
   * Roles the user gives columns (`--roles`, parsed by `parseRoleOverrides`):
   * `identifier` and `ignore` leave a column out, `demographic` uses it as
   * text levels, the other roles use it as a feature read in that role.
   */
  roles?: RoleOverrides | readonly string[];
  /** Neighbours for `missing: "knn"` (default 5). */
  nNeighbors?: number;
  /** Source name for messages. */
  file?: string;
}

/** How the missing cells of a column were filled. */
export interface Fill {
  how: "median" | "mean" | "knn" | "most frequent";
  /** The value used (for knn: the median, used when assigning new rows). */
  value: number | string;
  /** Cells filled in the training file. */
  count: number;
}

/** A numeric column used as a feature. */
export interface NumericStep {
  kind: "numeric";
  column: string;
  /** The feature's name in the model. */
  feature: string;
  fill: Fill | null;
  log: boolean;
}

/** A date column used as days before the as-of date. */
export interface DateStep {
  kind: "date";
  column: string;
  /** `<column>_days`. */
  feature: string;
  order: DayMonthOrder;
  /** ISO date the days count back from. */
  asOf: string;
  fill: Fill | null;
  log: boolean;
}

/** A text column one-hot encoded. */
export interface CategoricalStep {
  kind: "categorical";
  column: string;
  /** Levels kept, in order (with "Other" last when rare levels were pooled). */
  levels: string[];
  /** Rare levels pooled into "Other". */
  pooled: string[];
  /** `<column>=<level>`, one per level. */
  features: string[];
  fill: Fill | null;
}

/** One column's step. */
export type PreparationStep = NumericStep | DateStep | CategoricalStep;

/** The fitted preparation. */
export interface PreparationModel {
  kind: "preparation";
  version: 1;
  missing: MissingStrategy;
  steps: PreparationStep[];
  /**
   * The roles the user gave, by column (absent in models saved before roles
   * could be given, and when none were: every role inferred).
   */
  roles?: Record<string, ColumnRole>;
}

/** The label of pooled rare levels. */
export const OTHER_LEVEL = "Other";

/** The feature names a preparation produces, in matrix order. */
export function preparedFeatures(model: PreparationModel): string[] {
  return model.steps.flatMap((s) => s.kind === "categorical" ? s.features : [s.feature]);
}
