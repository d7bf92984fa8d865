/**
 * Text columns per segment: the share of each level in every segment beside
 * its share overall ("PhD: 31% of this segment, 22% overall"), for feature
 * columns and for text columns that were not features (region, country).
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { InputError } from "../errors.ts";
import { columnType, isMissingCell, levelText } from "../prepare/column_values.ts";
import { columnValues } from "../column_array.ts";
import { MAX_AUTO_LEVELS } from "../prepare/text_levels.ts";
import { isIdLikeName } from "../features/pick_features.ts";
import type { Labels } from "./profile_clusters.ts";
import { segmentNameOf } from "../segment_names.ts";

/** One level of one text column in one segment. */
export interface LevelShare {
  column: string;
  level: string;
  cluster: number;
  /** Customers of the segment with this level. */
  count: number;
  /** Share of the segment's customers (with a value in this column) with this level. */
  shareInSegment: number;
  /** Share of all segmented customers with this level. */
  shareOverall: number;
  /** shareInSegment / shareOverall (1 = as common as overall). */
  index: number;
}

/** Options for {@link profileLevels}. */
export interface LevelProfileOptions {
  /** Text columns to describe (default: every text column with 2 to 20 levels). */
  columns?: string[];
  /** Levels shown per column, most frequent overall first (default 8; the rest are left out). */
  maxLevels?: number;
  /** Source name for messages. */
  file?: string;
}

/**
 * Shares of each level of text columns per segment and overall. Rows
 * labelled -1 (noise, left out) are not counted.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { profileLevels } from "./level_profile.ts";
 * const t = aq.table({ edu: ["PhD", "PhD", "Basic", "Basic"] });
 * const p = profileLevels(t, [0, 0, 0, 1]);
 * equal(p.find((r) => r.cluster === 0 && r.level === "PhD")!.shareInSegment, 0.6666666666666666);
 * ```
 */
export function profileLevels(
  table: ColumnTable,
  labels: Labels,
  options: LevelProfileOptions = {},
): LevelShare[] {
  const n = table.numRows();
  if (labels.length !== n) {
    throw new InputError(`Labels do not match the table: ${labels.length} labels for ${n} rows`, {
      file: options.file,
      hint: "pass the labels produced for this same table",
    });
  }
  const maxLevels = options.maxLevels ?? 8;
  const columns = options.columns ?? textColumns(table);
  const clusters = [...new Set(Array.from(labels).filter((l) => l >= 0))].sort((a, b) => a - b);
  const out: LevelShare[] = [];
  for (const column of columns) {
    if (!table.columnNames().includes(column)) {
      throw new InputError(`Column not found: "${column}"`, {
        file: options.file,
        hint: `available columns: ${table.columnNames().join(", ")}`,
      });
    }
    const values = columnValues(table, column);
    const overall = new Map<string, number>();
    const bySegment = new Map<number, Map<string, number>>();
    const segmentTotals = new Map<number, number>();
    let total = 0;
    for (let i = 0; i < n; i++) {
      const label = labels[i]!;
      const v = values[i];
      if (label < 0 || isMissingCell(v)) continue;
      const level = levelText(v);
      overall.set(level, (overall.get(level) ?? 0) + 1);
      let m = bySegment.get(label);
      if (m === undefined) bySegment.set(label, m = new Map());
      m.set(level, (m.get(level) ?? 0) + 1);
      segmentTotals.set(label, (segmentTotals.get(label) ?? 0) + 1);
      total++;
    }
    const levels = [...overall].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxLevels);
    for (const [level, count] of levels) {
      const shareOverall = count / total;
      for (const cluster of clusters) {
        const c = bySegment.get(cluster)?.get(level) ?? 0;
        const t = segmentTotals.get(cluster) ?? 0;
        const shareInSegment = t === 0 ? 0 : c / t;
        out.push({
          column,
          level,
          cluster,
          count: c,
          shareInSegment,
          shareOverall,
          index: shareInSegment / shareOverall,
        });
      }
    }
  }
  return out;
}

/**
 * Text columns with 2 to 20 levels that are neither identifiers nor free
 * text (more distinct values than half the rows): the ones a level profile
 * can show.
 */
export function textColumns(table: ColumnTable): string[] {
  return table.columnNames().filter((name) => {
    if (isIdLikeName(name)) return false;
    const values = columnValues(table, name);
    if (columnType(values) !== "text") return false;
    const levels = new Set<string>();
    let present = 0;
    for (let i = 0; i < values.length; i++) {
      if (isMissingCell(values[i])) continue;
      present++;
      levels.add(levelText(values[i]));
      if (levels.size > MAX_AUTO_LEVELS) return false;
    }
    return levels.size >= 2 && levels.size <= present / 2;
  });
}

/**
 * The levels most over-represented in each segment, as sentences
 * ("Education PhD: 61% of Cluster 2, 14% overall").
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { levelHighlights } from "./level_profile.ts";
 * const row = { column: "edu", level: "PhD", cluster: 0, count: 6, shareInSegment: 0.6, shareOverall: 0.2, index: 3 };
 * equal(levelHighlights([row])[0], "edu PhD: 60% of Cluster 0, 20% overall");
 * ```
 */
export function levelHighlights(
  shares: readonly LevelShare[],
  options: { minIndex?: number; names?: Readonly<Record<number, string>> } = {},
): string[] {
  const minIndex = options.minIndex ?? 1.5;
  const best = new Map<number, LevelShare>();
  for (const s of shares) {
    if (s.index < minIndex || s.shareInSegment < 0.2) continue;
    const current = best.get(s.cluster);
    if (current === undefined || s.index > current.index) best.set(s.cluster, s);
  }
  const pct = (p: number) => `${Math.round(p * 100)}%`;
  return [...best.values()].sort((a, b) => a.cluster - b.cluster).map((s) =>
    `${s.column} ${s.level}: ${pct(s.shareInSegment)} of ${
      segmentNameOf(s.cluster, options.names)
    }, ${pct(s.shareOverall)} overall`
  );
}
