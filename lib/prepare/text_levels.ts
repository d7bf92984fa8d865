/**
 * A text column as one-hot levels: its levels counted (most frequent first),
 * rare ones pooled as "Other", the most frequent level as the fill, and the
 * reasons a text column is not used (free text, too many levels, one level).
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { ColumnCandidate } from "./column_report.ts";
import { isMissingCell, levelText } from "./column_values.ts";
import { type CategoricalStep, type MissingStrategy, OTHER_LEVEL } from "./preparation.ts";

/** Text columns with more levels than this are not used automatically. */
export const MAX_AUTO_LEVELS = 20;

/** Options for {@link textLevelStep}. */
export interface TextLevelOptions {
  /** Named by the user: used whatever its number of levels, refused with one level. */
  named: boolean;
  /** Levels under this share of present rows are pooled as "Other". */
  rareShare: number;
  /** How blanks are handled ("drop" and "refuse" fit no fill). */
  missing?: MissingStrategy;
  /** Source name for messages. */
  file?: string;
}

/**
 * The one-hot step of a text column, or null when it is skipped (the
 * reason, levels and pooled levels are written into the column's report).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as aq from "arquero";
 * import { columnCandidate } from "./column_report.ts";
 * import { textLevelStep } from "./text_levels.ts";
 * const t = aq.table({ education: ["PhD", "Master", "PhD", null] });
 * const step = textLevelStep(columnCandidate(t, "education"), { named: false, rareShare: 0 });
 * assert.deepEqual(step?.features, ["education=PhD", "education=Master"]);
 * assert.deepEqual(step?.fill, { how: "most frequent", value: "PhD", count: 1 });
 * ```
 */
export function textLevelStep(
  c: ColumnCandidate,
  options: TextLevelOptions,
): CategoricalStep | null {
  const { column, values, report } = c;
  const { named, file } = options;
  const counts = new Map<string, number>();
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissingCell(v)) continue;
    const level = levelText(v instanceof Date ? v.toISOString().slice(0, 10) : v);
    counts.set(level, (counts.get(level) ?? 0) + 1);
    present++;
  }
  const ordered = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  report.distinct = ordered.length;
  report.levels = ordered.slice(0, 30).map(([level, count]) => ({ level, count }));
  const skip = (reason: string): null => {
    report.reason = reason;
    return null;
  };
  if (!named && ordered.length > MAX_AUTO_LEVELS) {
    const codes = ordered.length === present && ordered.every(([l]) => !/\s/.test(l.trim()));
    return skip(
      codes
        ? `identifier: a different code on every row (${ordered.length} distinct values)`
        : ordered.length > present / 2
        ? `free text or identifier (${ordered.length} distinct values)`
        : `text with ${ordered.length} levels (more than ${MAX_AUTO_LEVELS}); name it with --categorical to use it`,
    );
  }
  const threshold = options.rareShare * present;
  const kept = ordered.filter(([, n]) => n >= threshold).map(([l]) => l);
  const pooled = ordered.filter(([, n]) => n < threshold).map(([l]) => l);
  const levels = [...kept.filter((l) => l !== OTHER_LEVEL)];
  if (pooled.length > 0 || kept.includes(OTHER_LEVEL)) levels.push(OTHER_LEVEL);
  if (levels.length < 2) {
    if (named) {
      throw new InputError(`Text column has one level only: ${JSON.stringify(levels[0])}`, {
        file,
        column,
        hint: "drop this column from the features; it cannot separate segments",
      });
    }
    return skip("one level only");
  }
  if (levels.length > 100) {
    throw new InputError(`Too many levels for a text feature: ${levels.length}`, {
      file,
      column,
      hint: "use a text column with at most 100 levels, or group its values first",
    });
  }
  report.pooled = pooled;
  report.reason = `text, ${levels.length} levels, one-hot encoded`;
  const top = levels.find((l) => l !== OTHER_LEVEL) ?? levels[0]!;
  return {
    kind: "categorical",
    column,
    levels,
    pooled,
    features: levels.map((l) => `${column}=${l}`),
    fill: options.missing === "drop" || options.missing === "refuse"
      ? null
      : { how: "most frequent", value: ordered[0]?.[0] ?? top, count: c.missing },
  };
}
