/**
 * Text columns per segment as a table: one row per level, one column per
 * segment with the level's share there, beside its share overall.
 *
 * @module
 */
import type { LevelShare } from "../profile/level_profile.ts";
import type { Chart } from "../plot/chart.ts";
import { htmlTable } from "./html_table.ts";
import { segmentNameOf } from "../segment_names.ts";

/**
 * Render {@link LevelShare} rows as a level × segment table of shares.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { profileLevels } from "../profile/level_profile.ts";
 * import { levelProfileTable } from "./level_profile_table.ts";
 * const p = profileLevels(aq.table({ edu: ["PhD", "PhD", "Basic", "Basic"] }), [0, 0, 0, 1]);
 * ok(levelProfileTable(p).html.includes("overall"));
 * ```
 */
export function levelProfileTable(
  shares: readonly LevelShare[],
  options: { caption?: string; names?: Readonly<Record<number, string>> } = {},
): Chart {
  if (shares.length === 0) {
    return htmlTable([{ "text columns": "none with 2 to 20 levels in this file" }], {
      caption: options.caption ?? "Text columns: share of each level per segment and overall",
    });
  }
  const clusters = [...new Set(shares.map((s) => s.cluster))].sort((a, b) => a - b);
  const rows = new Map<string, Record<string, unknown>>();
  for (const s of shares) {
    const key = `${s.column}\u0000${s.level}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { column: s.column, level: s.level, overall: s.shareOverall };
      rows.set(key, row);
    }
    row[segmentNameOf(s.cluster, options.names)] = s.shareInSegment;
  }
  const segmentColumns = clusters.map((c) => segmentNameOf(c, options.names));
  const formats = Object.fromEntries(
    ["overall", ...segmentColumns].map((c) => [c, "percent" as const]),
  );
  return htmlTable([...rows.values()], {
    caption: options.caption ?? "Text columns: share of each level per segment and overall",
    formats,
    maxRows: 60,
  });
}
