/**
 * Segments for a CRM: one CSV per segment with its customers' ids (pseudonyms
 * where the data was pseudonymised), and `segments_index.csv` naming each
 * segment's file, size, rule and recommendation. All files are written
 * atomically and never over an input.
 *
 * @module
 */
import * as aq from "arquero";
import { InputError } from "../errors.ts";
import { toCSV } from "../io/write_table.ts";
import { writeFilesAtomic } from "../io/write_files.ts";
import type { SegmentExplanation } from "./explain_segments.ts";
import { formatRuleShare, ruleConditionsText, type RuleTextOptions } from "./segment_rules.ts";

/** What the index says about one segment. */
export type SegmentIndexEntry = {
  segment: string;
  /** The segment's rule, e.g. "recency <= 30.5 and frequency > 3.5". */
  rule?: string;
  /** An exact definition when the rule is an approximation (e.g. "R score 5, F score 4–5"). */
  definition?: string;
  /** What to do with the segment. */
  recommendation?: string;
};

/** The customers to export and what to say about their segments. */
export interface SegmentExport {
  /** Customer id per row. */
  customers: readonly string[];
  /** Segment name per row. */
  segments: readonly string[];
  /** Rule and recommendation per segment (segments not listed get empty ones). */
  index?: readonly SegmentIndexEntry[];
  /** Id column name in the files (default "customer_id"). */
  idColumn?: string;
  /** Segment order of the index (segments not listed follow, sorted). */
  order?: readonly string[];
  /**
   * Customer lifetime value per row: each segment's file gets a `clv` column and lists its
   * customers by CLV, highest first (customers without one last); the index gets each segment's
   * total.
   */
  clv?: readonly (number | null)[];
}

/** One row of `segments_index.csv`. */
export type SegmentIndexRow = {
  segment: string;
  file: string;
  customers: number;
  /** Sum of the segment's CLV, when the export has CLV. */
  clv?: number;
  rule: string;
  definition?: string;
  recommendation: string;
};

/** A file name for a segment: lower case, letters and digits joined by "_" ("Can't Lose Them" → "cant_lose_them.csv"). */
export function segmentFileName(segment: string, taken: ReadonlySet<string> = new Set()): string {
  const base = segment.normalize("NFKD").replace(/[\u0300-\u036f']/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "segment";
  let name = `${base}.csv`;
  for (let i = 2; taken.has(name) || name === "segments_index.csv"; i++) name = `${base}_${i}.csv`;
  return name;
}

/**
 * The export's files by name (CSV text), without writing them.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { segmentExportFiles } from "./crm_export.ts";
 * const files = segmentExportFiles({
 *   customers: ["a1", "b2", "c3"], segments: ["Champions", "Lost", "Champions"],
 *   index: [{ segment: "Champions", rule: "recency <= 30", recommendation: "reward them" }],
 * });
 * deepEqual(Object.keys(files), ["champions.csv", "lost.csv", "segments_index.csv"]);
 * equal(files["champions.csv"], "customer_id,segment\na1,Champions\nc3,Champions\n");
 * // With CLV: each list by CLV, highest first.
 * const byValue = segmentExportFiles({
 *   customers: ["a1", "b2", "c3"], segments: ["Champions", "Lost", "Champions"], clv: [12.5, 3, 40],
 * });
 * equal(byValue["champions.csv"], "customer_id,segment,clv\nc3,Champions,40\na1,Champions,12.5\n");
 * ```
 */
export function segmentExportFiles(input: SegmentExport): Record<string, string> {
  if (input.customers.length !== input.segments.length) {
    throw new InputError(
      `Customer ids and segments differ in number: ${input.customers.length} and ${input.segments.length}`,
      { hint: "pass one segment per customer, in the same order" },
    );
  }
  if (input.customers.length === 0) {
    throw new InputError("No customers to export", { hint: "segment some customers first" });
  }
  const idColumn = input.idColumn ?? "customer_id";
  if (input.clv !== undefined && input.clv.length !== input.customers.length) {
    throw new InputError(
      `Customer ids and CLV values differ in number: ${input.customers.length} and ${input.clv.length}`,
      { hint: "pass one CLV per customer, in the same order" },
    );
  }
  const members = new Map<string, number[]>();
  input.customers.forEach((id, i) => {
    if (id === null || id === undefined || String(id).trim() === "") {
      throw new InputError("Missing customer id", {
        column: idColumn,
        row: i + 1,
        hint: "every exported row needs an id the CRM can match",
      });
    }
    const s = input.segments[i]!;
    const list = members.get(s) ?? [];
    list.push(i);
    members.set(s, list);
  });
  const order = input.order ?? input.index?.map((e) => e.segment) ?? [];
  const names = [
    ...order.filter((s, i) => members.has(s) && order.indexOf(s) === i),
    ...[...members.keys()].filter((s) => !order.includes(s)).sort(),
  ];
  const files: Record<string, string> = {};
  const taken = new Set<string>();
  const withDefinition = input.index?.some((e) => e.definition !== undefined) ?? false;
  const index: SegmentIndexRow[] = names.map((segment) => {
    const file = segmentFileName(segment, taken);
    taken.add(file);
    const rows = members.get(segment)!;
    const clv = input.clv;
    const value = (i: number) => clv?.[i] ?? -Infinity;
    if (clv !== undefined) rows.sort((a, b) => value(b) - value(a) || a - b);
    const ids = rows.map((i) => String(input.customers[i]));
    files[file] = toCSV(aq.table({
      [idColumn]: ids,
      segment: ids.map(() => segment),
      ...(clv === undefined ? {} : { clv: rows.map((i) => clv[i] ?? null) }),
    }));
    const entry = input.index?.find((e) => e.segment === segment);
    return {
      segment,
      file,
      customers: ids.length,
      ...(clv === undefined ? {} : {
        clv: rows.reduce((sum, i) => sum + (Number.isFinite(clv[i]) ? clv[i]! : 0), 0),
      }),
      rule: entry?.rule ?? "",
      ...(withDefinition ? { definition: entry?.definition ?? "" } : {}),
      recommendation: entry?.recommendation ?? "",
    };
  });
  files["segments_index.csv"] = toCSV(aq.from(index));
  return files;
}

/** Options for {@link indexFromRules}. */
export interface IndexFromRulesOptions extends RuleTextOptions {
  /** Segment name per label, in label order (label i is `segmentNames[i]`). */
  segmentNames: readonly string[];
  /** Recommendation per segment name. */
  recommendations?: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
  /** Exact definition per segment name. */
  definitions?: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
}

function lookup(
  from: Readonly<Record<string, string>> | ReadonlyMap<string, string> | undefined,
  key: string,
): string | undefined {
  if (from === undefined) return undefined;
  return from instanceof Map ? from.get(key) : (from as Record<string, string>)[key];
}

/**
 * Index entries from explained segments: each segment's rules (its leaves,
 * joined by "or", each with how much of the segment it covers and how
 * precise it is) with its recommendation and definition.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { explainSegments } from "./explain_segments.ts";
 * import { indexFromRules } from "./crm_export.ts";
 * const x = matrixFromRows([[20], [25], [80], [90]], ["income"]);
 * equal(indexFromRules(explainSegments(x, [0, 0, 1, 1]), { segmentNames: ["Budget", "Premium"] })[1]!.rule, "income > 52.5 (covers 100% of the segment, 100% of those selected are in it)");
 * ```
 */
export function indexFromRules(
  explained: SegmentExplanation,
  options: IndexFromRulesOptions,
): SegmentIndexEntry[] {
  const pct = formatRuleShare;
  return options.segmentNames.map((segment, label) => {
    const rule = explained.perSegment.find((r) => r.cluster === label);
    const entry: SegmentIndexEntry = {
      segment,
      rule: rule === undefined
        ? "no customers in this segment"
        : !rule.described
        ? `${rule.note}${options.definitions ? "; see the definition" : ""}`
        : `${ruleConditionsText(rule, options)} (covers ${pct(rule.support)} of the segment, ${
          pct(rule.precision)
        } of those selected are in it)`,
    };
    const definition = lookup(options.definitions, segment);
    if (options.definitions) entry.definition = definition ?? "";
    const recommendation = lookup(options.recommendations, segment);
    if (recommendation !== undefined) entry.recommendation = recommendation;
    return entry;
  });
}

/** Options for {@link writeSegmentExport}. */
export interface WriteSegmentExportOptions {
  /** Input files the export must never overwrite. */
  inputs?: readonly string[];
  /** Receives a line for each file of an earlier export that this one removes. */
  onNote?: (line: string) => void;
  /** Hold SIGINT/SIGTERM while the folder is swapped in (for the command line). */
  holdSignals?: boolean;
}

/**
 * Write one CSV per segment and `segments_index.csv` into `dir`, each file
 * atomically. Returns the paths written.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { writeSegmentExport } from "./crm_export.ts";
 * const dir = await Deno.makeTempDir();
 * const written = await writeSegmentExport(dir, {
 *   customers: ["a1", "b2"], segments: ["Champions", "Lost"],
 *   index: [{ segment: "Lost", rule: "recency > 300", recommendation: "win-back offer" }],
 * });
 * equal(written.length, 3);
 * ```
 */
export async function writeSegmentExport(
  dir: string,
  input: SegmentExport,
  options: WriteSegmentExportOptions = {},
): Promise<string[]> {
  const { inputs = [], ...folder } = options;
  return await writeFilesAtomic(dir, segmentExportFiles(input), [...inputs], folder);
}
