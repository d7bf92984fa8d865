/**
 * The preparation told to people: one line per column for the command line,
 * one row per column for the notebook and the app, and the same facts as
 * JSON for `summary.json`.
 *
 * @module
 */
import type { ColumnReport } from "./column_report.ts";
import type { PreparationFit } from "./fit_preparation.ts";
import { formatFigure, isYearLikeName } from "../format.ts";

/** One row of the preparation table. */
export type PreparationRow = {
  column: string;
  type: string;
  /**
   * What the column is (identifier, spend, recency …, ignore) and why: "spend (name contains
   * "mnt": money spent)", "income (yours)" when the user gave it.
   */
  role: string;
  missing: number;
  /** How the column is used, or "not used: " and why. */
  "how it is used": string;
  "missing filled with": string;
  levels: string;
};

function formatNumber(v: number, column = ""): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  const maxDecimals = abs >= 1000 ? 1 : abs >= 1 ? 3 : 4;
  return formatFigure(v, { maxDecimals, grouping: !isYearLikeName(column) });
}

function fillText(r: ColumnReport): string {
  if (r.fill === null || r.fill.count === 0) return "";
  const value = typeof r.fill.value === "number"
    ? formatNumber(r.fill.value, r.column)
    : `"${r.fill.value}"`;
  return r.fill.how === "knn"
    ? `${r.fill.count} by 5 nearest rows (KNN)`
    : `${r.fill.count} with the ${r.fill.how} ${value}`;
}

/** The most frequent levels with their shares of the column's present values (`rows` in all). */
function levelsText(r: ColumnReport, rows: number): string {
  if (r.levels === undefined) return "";
  // The report keeps the 30 most frequent levels: shares are of every present value.
  const total = rows - r.missing;
  // Up to six levels; past six, only those of 1% or more (free text lists its repeated
  // answers, not its one-off sentences), each cut to a readable length.
  const many = (r.distinct ?? r.levels.length) > 6;
  const shown = r.levels.slice(0, 6).filter((l) => !many || l.count * 100 >= total)
    .map((l) => `${cutLevel(l.level)} ${share(l.count, total)}`);
  const more = (r.distinct ?? r.levels.length) - shown.length;
  return shown.join(", ") + (more > 0 ? `, … ${more} more` : "");
}

/** Longest level shown whole in the levels column; longer ones are cut with "…". */
const LEVEL_CHARS = 32;

function cutLevel(level: string): string {
  return level.length <= LEVEL_CHARS ? level : `${level.slice(0, LEVEL_CHARS - 1).trimEnd()}…`;
}

function share(count: number, total: number): string {
  const p = total === 0 ? 0 : (100 * count) / total;
  return `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}

function useText(r: ColumnReport): string {
  const parts = [r.reason];
  if (r.log !== undefined) {
    const skew = (v: number) => formatFigure(v, { decimals: 1 });
    parts.push(`log1p (skewness ${skew(r.log.before)} → ${skew(r.log.after)})`);
  }
  if (r.pooled !== undefined && r.pooled.length > 0) {
    const shown = r.pooled.slice(0, 4).join(", ") + (r.pooled.length > 4 ? ", …" : "");
    parts.push(`under 1% pooled as Other: ${shown}`);
  }
  return parts.join("; ");
}

/**
 * One row per column: type read, its role and why (given by the user or
 * inferred from its name and values), missing count, used or not and why,
 * how missing values were filled, the levels of text columns.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitPreparation } from "./fit_preparation.ts";
 * import { preparationRows } from "./preparation_report.ts";
 * const t = aq.table({ id: ["a", "b", "c"], spend: [1, null, 3] });
 * const rows = preparationRows(fitPreparation(t));
 * equal(rows[1]!["missing filled with"], "1 with the median 2");
 * equal(rows[0]!.role, "identifier (name reads as an identifier)");
 * equal(rows[1]!.role, 'spend (name contains "spend": money spent)');
 * ```
 */
export function preparationRows(fit: PreparationFit): PreparationRow[] {
  return fit.columns.map((r) => ({
    column: r.column,
    type: r.type,
    role: r.roleGiven ? `${r.role} (yours)` : `${r.role} (${r.roleReason})`,
    missing: r.missing,
    "how it is used": r.used || /\bnot used\b/.test(r.reason)
      ? useText(r)
      : `not used: ${useText(r)}`,
    "missing filled with": fillText(r),
    levels: levelsText(r, fit.rows),
  }));
}

/** The role with its evidence, for a line: `spend (name contains "spent")`, `ignore (yours)`. */
function roleText(r: ColumnReport): string {
  return `${r.role} (${r.roleGiven ? "yours" : r.roleReason.split(": ")[0]})`;
}

/**
 * The preparation as lines for the command line.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitPreparation } from "./fit_preparation.ts";
 * import { preparationLines } from "./preparation_report.ts";
 * const t = aq.table({ id: ["a", "b", "c"], spend: [1, null, 3] });
 * const lines = preparationLines(fitPreparation(t, { roles: { spend: "income" } }));
 * equal(lines[0], "Columns (3 rows):");
 * equal(lines[2], "  used    spend  number; 1 missing, filled with the median 2; role income (yours)");
 * ```
 */
export function preparationLines(fit: PreparationFit): string[] {
  const width = Math.min(28, Math.max(...fit.columns.map((r) => r.column.length)));
  const lines = [`Columns (${fit.rows.toLocaleString("en-US")} rows):`];
  for (const r of fit.columns) {
    const name = r.column.length > width ? r.column.slice(0, width - 1) + "…" : r.column;
    const fill = fillText(r);
    const missing = r.missing === 0
      ? ""
      : fill
      ? `; ${r.missing} missing, filled ${fill.replace(/^\d+ /, "")}`
      : `; ${r.missing} missing${r.used && r.fill === null ? ", rows left out" : ""}`;
    lines.push(
      `  ${r.used ? "used   " : "skipped"} ${name.padEnd(width)}  ${useText(r)}${missing}; ` +
        `role ${roleText(r)}`,
    );
  }
  return lines;
}

/**
 * The preparation as JSON for `summary.json`: for each column whether it is
 * used, its role (given or inferred, with the reason), type, missing count,
 * fill, levels and transforms, and the roles the user gave.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { fitPreparation } from "./fit_preparation.ts";
 * import { preparationSummary } from "./preparation_report.ts";
 * const t = aq.table({ id: ["a", "b", "c"], spend: [1, null, 3] });
 * const spend = preparationSummary(fitPreparation(t)).columns[1]!;
 * equal(`${spend.used} ${spend.role} ${spend.roleGiven}`, "true spend false");
 * ```
 */
export function preparationSummary(fit: PreparationFit) {
  return {
    missing: fit.model.missing,
    roles: fit.model.roles ?? {},
    columns: fit.columns.map((r) => ({
      column: r.column,
      type: r.type,
      used: r.used,
      role: r.role,
      roleReason: r.roleReason,
      roleGiven: r.roleGiven,
      reason: r.reason,
      missing: r.missing,
      features: r.features,
      fill: r.fill === null || r.fill.count === 0 ? null : r.fill,
      ...(r.levels !== undefined ? { levels: r.levels, distinct: r.distinct } : {}),
      ...(r.pooled !== undefined && r.pooled.length > 0 ? { pooled: r.pooled } : {}),
      ...(r.log !== undefined ? { log1p: r.log } : {}),
    })),
  };
}
