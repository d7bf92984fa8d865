/**
 * The HTML of each step, built on the server from the library's results:
 * the columns as read (with check boxes), the evidence for k, the segments
 * (map, sizes, profiles, heatmap, names, text columns, quality) and the
 * self-contained report. Every value from the file is escaped here or by the
 * library's own table and chart builders.
 *
 * @module
 */
import type { ColumnTable } from "arquero";
import { labelsOfRowsUsed, type SegmentationFit } from "../segment/segmentation.ts";
import { isBICChoice, isSweepChoice } from "../segment/segment_count.ts";
import { bicChart } from "../plot/bic_chart.ts";
import type { PreparationFit } from "../prepare/fit_preparation.ts";
import type { ColumnReport } from "../prepare/column_report.ts";
import { COLUMN_ROLES, type ColumnRole } from "../prepare/role_overrides.ts";
import { preparationRows } from "../prepare/preparation_report.ts";
import { ignoredNumbers, numericFeatures, preparedTable } from "../prepare/prepared_table.ts";
import { profileClusters, profileIndex } from "../profile/profile_clusters.ts";
import { summariseFindings } from "../display/findings.ts";
import type { SegmentDescriptions } from "../profile/segment_descriptions.ts";
import { roleRows } from "../profile/customer_roles.ts";
import { levelHighlights, profileLevels } from "../profile/level_profile.ts";
import { elbowChart } from "../plot/elbow_chart.ts";
import { silhouetteByKChart } from "../plot/silhouette_by_k_chart.ts";
import { profileHeatmap } from "../plot/profile_heatmap.ts";
import { segmentOverviewChart } from "../plot/segment_overview_chart.ts";
import { htmlTable } from "../display/html_table.ts";
import { profileTable } from "../display/profile_table.ts";
import { levelProfileTable } from "../display/level_profile_table.ts";
import { escapeHTML } from "./escape.ts";
import type { SegmentExplanation } from "../explain/explain_segments.ts";
import { rulesTable } from "../display/rules_table.ts";
import { segmentMap } from "./pca_map.ts";
import { idColumnOf } from "../prepare/id_column.ts";
import { APP_CSS } from "./styles.ts";
import { formatFigure } from "../format.ts";

/** Files offered for download, in the order shown. */
export const DOWNLOADS: readonly { name: string; what: string }[] = [
  { name: "segments.csv", what: "your rows with a cluster column (CSV)" },
  { name: "segments.xlsx", what: "the same as an Excel workbook" },
  { name: "model.json", what: "the model, to assign new customers later" },
  { name: "summary.json", what: "the figures of this segmentation" },
  { name: "report.html", what: "this analysis as one HTML file that opens offline" },
];

/** Each role a column can be given, as the role select in the columns table words it. */
export const ROLE_CHOICES: Readonly<Record<ColumnRole, string>> = {
  identifier: "identifier",
  ignore: "ignore (leave out)",
  spend: "spend",
  frequency: "purchase frequency",
  recency: "recency",
  tenure: "tenure",
  age: "age / birth year",
  income: "income",
  demographic: "text levels",
  campaign: "campaign flag",
  other: "other",
};

/** The role cell: a select of every role (the page) or the role as text (the report), with why. */
function roleCell(c: ColumnReport, editable: boolean): string {
  const why = `<div class="why">${escapeHTML(c.roleGiven ? "your role" : c.roleReason)}</div>`;
  if (!editable) {
    return `<td class="role">${escapeHTML(c.role)}${c.roleGiven ? " (yours)" : ""}${why}</td>`;
  }
  const options = COLUMN_ROLES.map((role) =>
    `<option value="${role}"${role === c.role ? " selected" : ""}>${
      escapeHTML(ROLE_CHOICES[role])
    }</option>`
  ).join("");
  // data-inferred: the role the data gave; a select left on it is not sent as a role.
  return `<td class="role"><select name="role" data-column="${escapeHTML(c.column)}" ` +
    `data-inferred="${c.roleGiven ? "" : c.role}" aria-label="role of ${
      escapeHTML(c.column)
    }">${options}</select>${why}</td>`;
}

/** Options for {@link columnsTable}. */
export interface ColumnsTableOptions {
  /** Draw check boxes to choose the features (the page), or plain text (the report). */
  editable?: boolean;
}

/**
 * The columns as read and what the preparation does with each: type, role
 * (a select of every role in the page) and why, missing cells, example
 * values, used or skipped and why, fills and levels.
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { fitPreparation } from "../prepare/fit_preparation.ts";
 * import { columnsTable } from "./views.ts";
 * const t = aq.table({ "<script>": [1, 2, 3], b: [4, 5, 7] });
 * import { ok } from "node:assert/strict";
 * const html = columnsTable(fitPreparation(t), { editable: true });
 * ok(html.includes("&lt;script&gt;"));
 * // A role select per column, the role the data gave selected and kept as data-inferred.
 * ok(html.includes('<select name="role" data-column="b" data-inferred="other"'));
 * ok(html.includes('<option value="other" selected>other</option>'));
 * ```
 */
export function columnsTable(
  preparation: PreparationFit,
  options: ColumnsTableOptions = {},
): string {
  const rows = preparationRows(preparation);
  const body = preparation.columns.map((c, i) => {
    const r = rows[i]!;
    const use = options.editable
      ? `<input type="checkbox" name="feature" value="${escapeHTML(c.column)}"${
        c.used ? " checked" : ""
      } aria-label="use ${escapeHTML(c.column)}">`
      : c.used
      ? "yes"
      : "no";
    return `<tr class="${c.used ? "used" : "skipped"}"><td class="use">${use}</td>` +
      `<th scope="row">${escapeHTML(c.column)}</th><td>${escapeHTML(c.type)}</td>` +
      roleCell(c, options.editable === true) +
      `<td class="num">${c.missing.toLocaleString("en-US")}</td>` +
      `<td class="examples">${c.examples.slice(0, 3).map((e) => escapeHTML(e)).join(" · ")}</td>` +
      `<td class="how">${escapeHTML(r["how it is used"])}</td>` +
      `<td class="fill">${escapeHTML(r["missing filled with"])}</td>` +
      `<td class="levels"><div class="clamp" title="${escapeHTML(r.levels)}">${
        escapeHTML(r.levels)
      }</div></td></tr>`;
  }).join("");
  return `<table class="columns"><thead><tr><th>use</th><th>column</th><th>type</th><th>role</th>` +
    `<th>missing</th><th>examples</th><th>how it is used</th>` +
    `<th>missing filled with</th><th>levels</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** The parts of a finished analysis, as HTML. */
export interface ResultsView {
  /** One line: how many segments, of what sizes, the silhouette. */
  headline: string;
  /** The evidence for k (reason and charts), or the k given. */
  kChoice: string;
  /** Map, sizes, profiles, heatmap, names, text columns, quality. */
  segments: string;
}

function section(title: string | undefined, body: string, id?: string): string {
  const heading = title === undefined ? "" : `<h3>${escapeHTML(title)}</h3>`;
  return `<section class="part"${id ? ` id="${id}"` : ""}>${heading}${body}</section>`;
}

function scrollBox(html: string): string {
  return html === "" ? "" : `<div class="scroll">${html}</div>`;
}

function tryChart(render: () => { html: string } | undefined, what: string): string {
  try {
    return render()?.html ?? "";
  } catch (error) {
    return `<p class="note">${escapeHTML(what)} could not be drawn: ${
      escapeHTML(error instanceof Error ? error.message : String(error))
    }</p>`;
  }
}

function formatMetric(v: number | null): string {
  return v === null ? "undefined" : v.toFixed(3);
}

/**
 * The results of a segmentation as HTML parts.
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { fitSegmentation } from "../segment/segmentation.ts";
 * import { resultsView } from "./views.ts";
 * const t = aq.table({ x: [1, 1.1, 1.2, 9, 9.2, 9.1], y: [2, 2.1, 2, 7, 7.3, 7.1] });
 * const view = resultsView(fitSegmentation(t, { k: 2, seed: 1 }), t);
 * view.headline; // "2 segments of 3, 3 rows; silhouette 0.948"
 * ```
 */
export function resultsView(
  fit: SegmentationFit,
  table: ColumnTable,
  explanation?: SegmentExplanation,
  descriptions?: SegmentDescriptions,
): ResultsView {
  const segmentNames = descriptions?.names;
  const { model, metrics, sizes, noise } = fit;
  const silhouette = metrics.silhouette === null
    ? `undefined (${metrics.undefinedReason?.split(": ").at(-1) ?? "one cluster"})`
    : metrics.silhouette.toFixed(3);
  const noiseNote = noise > 0 ? ` and ${noise.toLocaleString("en-US")} noise` : "";
  const dropped = fit.prepared.dropped.length;
  const droppedNote = dropped > 0
    ? `; ${dropped.toLocaleString("en-US")} rows left out for missing values`
    : "";
  const headline = `${model.k} segment${model.k === 1 ? "" : "s"} of ${
    sizes.map((s) => formatFigure(s)).join(" · ")
  } rows${noiseNote}${droppedNote}; silhouette ${silhouette}`;

  const choice = fit.choice;
  const kChoice = choice !== undefined && !isSweepChoice(choice)
    ? `<p class="reason">${escapeHTML(choice.reason)}</p><div class="charts">${
      isBICChoice(choice)
        ? tryChart(() => bicChart(choice.sweep, { width: 640 }), "The BIC chart")
        : ""
    }</div>`
    : choice !== undefined
    ? `<p class="reason">${escapeHTML(choice.reason)}</p><div class="charts">${
      tryChart(
        () =>
          elbowChart(choice, {
            width: 430,
            subtitle: "Within-segment spread (inertia) for each k; the knee is where it stops " +
              "falling fast",
          }),
        "The elbow chart",
      )
    }${tryChart(() => silhouetteByKChart(choice, { width: 430 }), "The silhouette chart")}</div>`
    : `<p class="reason">${
      model.clustering.algorithm === "dbscan"
        ? `DBSCAN found ${model.k} segment${model.k === 1 ? "" : "s"} by density.`
        : `k = ${model.k} was given.`
    } Choose "auto" to see the elbow and silhouette evidence.</p>`;

  const features = numericFeatures(fit.prepared);
  // Number columns given the role "ignore" are not features, but the profiles show them.
  const ignored = ignoredNumbers(fit.preparation);
  const prepared = preparedTable(fit.prepared, { source: table, copy: ignored });
  const parts: string[] = [];
  parts.push(section(
    undefined,
    tryChart(
      () =>
        segmentMap(fit, table, {
          idColumn: idColumnOf(table, fit.model.preparation.roles),
          segmentNames,
        }),
      "The map",
    ) ||
      `<p class="note">The map needs two or more features.</p>`,
    "map",
  ));
  if (features.length > 0) {
    const labels = labelsOfRowsUsed(fit);
    const profile = profileClusters(prepared, labels, {
      features,
      segmentNames,
      withBlanks: ignored,
    });
    const findings = summariseFindings({ profile });
    parts.push(section(
      "Who is in each segment",
      `<div class="findings"><p><strong>${escapeHTML(findings.headline)}</strong></p><ul>${
        findings.points.map((p) => `<li>${escapeHTML(p)}</li>`).join("")
      }</ul></div>` +
        tryChart(() => segmentOverviewChart(profile), "The sizes chart") +
        tryChart(
          () => profileTable(profile, { caption: "Segment profiles (original units)" }),
          "The profile table",
        ) +
        tryChart(
          () => profileHeatmap(profileIndex(prepared, labels, { features, segmentNames })),
          "The heatmap",
        ),
      "profiles",
    ));
    if (descriptions !== undefined) {
      parts.push(section(
        "Segment names and recommendations",
        `<p class="note">${
          descriptions.vocabulary === "rfm"
            ? "Named in the RFM vocabulary: each segment's average customer scored on the " +
              "quintiles of recency and frequency, read off the RFM segment map."
            : "Named from what sets each segment apart from the average customer (in standard " +
              "deviations of the feature)."
        } Rename them with the "Segment names" option (e.g. 0=Loyal big spenders).</p>` +
          scrollBox(tryChart(() =>
            htmlTable(
              descriptions.segments.map((s) => ({
                cluster: s.cluster,
                size: s.size,
                name: s.name,
                recommendation: s.recommendation,
                why: s.reason,
              })),
              { caption: "Segment names, recommendations and why" },
            ), "The names")) +
          scrollBox(tryChart(() =>
            htmlTable(roleRows(descriptions.roles), {
              caption: "What each column means for the names (read from its name and values)",
              maxRows: 60,
            }), "The column roles")),
        "names",
      ));
    }
  }
  if (explanation !== undefined) {
    parts.push(section(
      "Rules a CRM can use",
      `<p class="note">A decision tree of depth 3 on the prepared features turns each segment into ` +
        `filters: "covers" is the share of the segment a rule picks, "precision" the share of the ` +
        `customers it picks that belong to the segment.</p>` +
        scrollBox(tryChart(
          () =>
            rulesTable(explanation, {
              segmentNames: segmentNames ?? sizes.map((_, c) => `Cluster ${c}`),
            }),
          "The rules",
        )),
      "rules",
    ));
  }
  const levels = profileLevels(table, fit.labels);
  if (levels.length > 0) {
    const highlights = levelHighlights(levels, { names: segmentNames });
    parts.push(section(
      "Text columns per segment",
      (highlights.length > 0
        ? `<ul>${highlights.map((h) => `<li>${escapeHTML(h)}</li>`).join("")}</ul>`
        : `<p class="note">No level is more than 1.5× as common in a segment as overall.</p>`) +
        scrollBox(tryChart(
          () => levelProfileTable(levels, { names: segmentNames }),
          "The text-column table",
        )),
      "levels",
    ));
  }
  parts.push(section(
    "How good is this segmentation?",
    `<table class="metrics"><thead><tr><th>segments</th><th>algorithm</th><th>silhouette</th>` +
      `<th>Davies–Bouldin</th><th>Calinski–Harabasz</th><th>inertia</th></tr></thead><tbody><tr>` +
      `<td class="num">${model.k}</td><td>${escapeHTML(model.clustering.algorithm)}</td>` +
      `<td class="num">${formatMetric(metrics.silhouette)}</td>` +
      `<td class="num">${formatMetric(metrics.daviesBouldin)}</td>` +
      `<td class="num">${
        metrics.calinskiHarabasz === null
          ? "undefined"
          : formatFigure(metrics.calinskiHarabasz, { decimals: 1 })
      }</td><td class="num">${
        formatFigure(metrics.inertia, { decimals: 1 })
      }</td></tr></tbody></table>` +
      `<p class="note">Silhouette: higher is better (at most 1). Davies–Bouldin: lower is better. ` +
      `Calinski–Harabasz: higher is better. All on the prepared, scaled features${
        metrics.undefinedReason ? `; ${escapeHTML(metrics.undefinedReason)}` : ""
      }.</p>`,
    "quality",
  ));
  return { headline, kChoice, segments: parts.join("") };
}

/** What {@link reportHTML} needs. */
export interface ReportParts {
  /** The uploaded file's name. */
  file: string;
  rows: number;
  /** The equivalent `deno task segment` command. */
  command: string;
  preparation: PreparationFit;
  view: ResultsView;
}

/**
 * A self-contained HTML report of one analysis: styles inline, charts as SVG,
 * no script and nothing fetched, so it opens offline.
 *
 * @example
 * ```ts
 * import * as aq from "arquero";
 * import { fitSegmentation } from "../segment/segmentation.ts";
 * import { reportHTML, resultsView } from "./views.ts";
 * const t = aq.table({ x: [1, 1.1, 1.2, 9, 9.2, 9.1], y: [2, 2.1, 2, 7, 7.3, 7.1] });
 * const fit = fitSegmentation(t, { k: 2, seed: 1 });
 * const html = reportHTML({ file: "t.csv", rows: 6, command: "deno task segment t.csv --k 2",
 *   preparation: fit.preparation, view: resultsView(fit, t) });
 * html.includes("<script"); // false
 * ```
 */
export function reportHTML(parts: ReportParts): string {
  const title = `Segments of ${parts.file}`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHTML(title)}</title><style>${APP_CSS}</style></head><body class="report">` +
    `<main><h1>${escapeHTML(title)}</h1>` +
    `<p class="lede">${parts.rows.toLocaleString("en-US")} rows. ${
      escapeHTML(parts.view.headline)
    }.</p>` +
    `<p class="note">The same files come from <code>${escapeHTML(parts.command)}</code>.</p>` +
    section("1. The columns", scrollBox(columnsTable(parts.preparation))) +
    section("2. Number of segments", parts.view.kChoice) +
    `<h2>3. The segments</h2>${parts.view.segments}` +
    `</main></body></html>\n`;
}

/** Files of the "assign a new file" step, in the order shown. */
export const ASSIGN_DOWNLOADS: readonly { name: string; what: string }[] = [
  { name: "assigned.csv", what: "the new rows with their segment in a cluster column (CSV)" },
  { name: "assigned.xlsx", what: "the same as an Excel workbook" },
];

/** What {@link assignView} shows. */
export interface AssignViewParts {
  /** The new file's name. */
  file: string;
  /** The model's name. */
  model: string;
  rows: number;
  sizes: number[];
  /** The segments' names saved in the model (default "Cluster N"). */
  names?: string[];
  filled: { column: string; count: number; how: string }[];
  unseen: { column: string; count: number; levels: string[] }[];
  leftOut: number;
}

/**
 * The result of assigning a new file: rows per segment with their share,
 * the cells filled from the model and the text levels it had not seen.
 *
 * @example
 * ```ts
 * import { assignView } from "./views.ts";
 * const html = assignView({ file: "<b>.csv", model: "m.json", rows: 3, sizes: [2, 1],
 *   filled: [], unseen: [{ column: "city", count: 1, levels: ["<i>"] }], leftOut: 0 });
 * html.includes("&lt;i&gt;") && !html.includes("<i>"); // true
 * ```
 */
export function assignView(parts: AssignViewParts): string {
  const n = (v: number) => v.toLocaleString("en-US");
  const share = (v: number) => parts.rows > 0 ? `${(100 * v / parts.rows).toFixed(1)}%` : "";
  const rows = parts.sizes.map((s, c) =>
    `<tr><th scope="row">${escapeHTML(parts.names?.[c] ?? `Cluster ${c}`)}</th><td class="num">${
      n(s)
    }</td><td class="num">${share(s)}</td></tr>`
  );
  if (parts.leftOut > 0) {
    rows.push(
      `<tr class="skipped"><th scope="row">left out (missing values)</th><td class="num">${
        n(parts.leftOut)
      }</td><td class="num">${share(parts.leftOut)}</td></tr>`,
    );
  }
  const filled = parts.filled.length === 0
    ? `<p class="note">No blanks needed filling.</p>`
    : `<ul>${
      parts.filled.map((f) =>
        `<li><strong>${escapeHTML(f.column)}</strong>: ${n(f.count)} missing filled (${
          escapeHTML(f.how)
        }, from the model)</li>`
      ).join("")
    }</ul>`;
  const unseen = parts.unseen.length === 0
    ? `<p class="note">Every text value was seen in training.</p>`
    : `<ul>${
      parts.unseen.map((u) =>
        `<li><strong>${escapeHTML(u.column)}</strong>: ${n(u.count)} rows with levels not seen ` +
        `in training (${u.levels.map((l) => escapeHTML(l)).join(", ")}), encoded as none of ` +
        `the known levels</li>`
      ).join("")
    }</ul>`;
  return `<p class="headline">${escapeHTML(parts.file)}: ${
    n(parts.rows)
  } rows assigned to ${parts.sizes.length} segments with ${escapeHTML(parts.model)}.</p>` +
    `<div class="assign-parts">` +
    section(
      "Rows per segment",
      `<table class="sizes"><thead><tr><th>segment</th><th>rows</th><th>share</th></tr></thead>` +
        `<tbody>${rows.join("")}</tbody></table>`,
      "assign-sizes",
    ) +
    section("Blanks filled from the model", filled, "assign-filled") +
    section("Text levels the model had not seen", unseen, "assign-unseen") +
    `</div>`;
}
