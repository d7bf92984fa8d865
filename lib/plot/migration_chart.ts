/**
 * Segment migration as a transition-matrix heatmap: rows are segments at the
 * first date, columns at the second; a cell's colour is the share of its row
 * and its label the number of customers.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { InputError } from "../errors.ts";
import { NOT_YET_CUSTOMER, type SegmentMigration } from "../features/segment_migration.ts";
import { type Chart, renderPlot } from "./chart.ts";
import { CHART_STYLE, textWidth } from "./theme.ts";

/** Options for {@link migrationChart}. */
export interface MigrationChartOptions {
  title?: string;
  width?: number;
}

/**
 * Heatmap of who moved from which segment to which.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as aq from "arquero";
 * import { migrationChart } from "./migration_chart.ts";
 * const chart = migrationChart({
 *   fromDate: "2024-06-01", toDate: "2024-12-01",
 *   customers: aq.table({ customer_id: ["a"], from_segment: ["Lost"], to_segment: ["Lost"] }),
 *   matrix: [{ from: "Lost", to: "Lost", customers: 1, share: 1 }],
 *   fromSegments: ["Lost"], toSegments: ["Lost"],
 * });
 * ok(chart.html.includes("2024-06-01"));
 * ```
 */
export function migrationChart(
  migration: SegmentMigration,
  options: MigrationChartOptions = {},
): Chart {
  if (migration.matrix.length === 0) throw new InputError("No customers to chart a migration");
  const rows = migration.fromSegments;
  const cols = migration.toSegments;
  const stayed = migration.matrix.filter((c) => c.from === c.to).reduce(
    (s, c) => s + c.customers,
    0,
  );
  const total = migration.matrix.reduce((s, c) => s + c.customers, 0);
  const existing = migration.matrix.filter((c) => c.from !== NOT_YET_CUSTOMER).reduce(
    (s, c) => s + c.customers,
    0,
  );
  const data = migration.matrix.map((c) => ({
    ...c,
    label: c.customers > 0 ? c.customers.toLocaleString("en-US") : "",
  }));
  const marginLeft = Math.max(...rows.map((s) => textWidth(s))) + 14;
  return renderPlot({
    title: options.title ?? `Segment migration ${migration.fromDate} → ${migration.toDate}`,
    subtitle: `${total.toLocaleString("en-US")} customers; of the ${
      existing.toLocaleString("en-US")
    } already buying at ${migration.fromDate}, ${
      Math.round((stayed / Math.max(1, existing)) * 100)
    }% kept their segment. Colour: share of the row's customers.`,
    width: options.width ?? Math.max(640, marginLeft + cols.length * 62 + 40),
    height: 110 + rows.length * 30,
    marginLeft,
    marginBottom: 90,
    style: CHART_STYLE,
    x: { label: `Segment at ${migration.toDate} →`, domain: cols, tickRotate: -35 },
    y: { label: `Segment at ${migration.fromDate}`, domain: rows },
    color: {
      type: "linear",
      // With percent, Plot multiplies the values by 100 before the domain applies.
      domain: [0, 100],
      scheme: "blues",
      legend: true,
      label: "Share of row (%)",
      percent: true,
    },
    marks: [
      Plot.cell(data, { x: "to", y: "from", fill: "share", inset: 0.5 }),
      Plot.text(data, {
        x: "to",
        y: "from",
        text: "label",
        fill: (d: { share: number }) => (d.share > 0.5 ? "white" : "#222"),
      }),
    ],
  });
}
