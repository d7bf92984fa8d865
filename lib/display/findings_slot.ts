/**
 * Findings at the top of a notebook, computed at the end of it. A notebook
 * runs top to bottom, but its reader should see the findings first:
 * {@link reserveFindings} shows a placeholder box near the top under a
 * Jupyter display id, and {@link fillFindings}, called once the figures
 * exist, replaces it in place (JupyterLab, VS Code and the exported report all
 * keep the updated output) and shows the same box where it is called.
 *
 * Outside a Jupyter kernel both only return the box.
 *
 * @module
 */
import type { Chart } from "../plot/chart.ts";
import { findingsBox, type FindingsBoxOptions, type FindingsText } from "./findings_box.ts";
import { type DisplayFunction, kernelDisplay } from "./kernel_display.ts";

/** The display id of the findings slot. */
export const FINDINGS_DISPLAY_ID = "segmentation-findings";

/** Text of the placeholder shown until {@link fillFindings} runs. */
export const FINDINGS_PLACEHOLDER = "Key findings appear here once every cell has run.";

export type { DisplayFunction };

/** Options for {@link reserveFindings} and {@link fillFindings}. */
export interface FindingsSlotOptions extends FindingsBoxOptions {
  /** Display function (default `Deno.jupyter.display` inside a kernel, none outside). */
  display?: DisplayFunction;
}

/**
 * Show the placeholder box that {@link fillFindings} will replace.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { reserveFindings } from "./findings_slot.ts";
 * await reserveFindings(); // shows the placeholder inside a notebook, nothing elsewhere
 * const shown: unknown[] = [];
 * await reserveFindings({ display: async (box) => void shown.push(box) });
 * equal(shown.length, 1);
 * ```
 */
export async function reserveFindings(options: FindingsSlotOptions = {}): Promise<void> {
  const box = findingsBox({ headline: FINDINGS_PLACEHOLDER, points: [] }, options);
  await (options.display ?? kernelDisplay())?.(box, { display_id: FINDINGS_DISPLAY_ID });
}

/**
 * Put the findings into the slot reserved at the top and return the same box
 * (so the cell that computes them shows them too).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { fillFindings } from "./findings_slot.ts";
 * const box = await fillFindings({ headline: "3 segments from 2,000 customers.", points: [] });
 * ok(box.html.includes("3 segments"));
 * ```
 */
export async function fillFindings(
  findings: FindingsText | string,
  options: FindingsSlotOptions = {},
): Promise<Chart> {
  const box = findingsBox(findings, options);
  await (options.display ?? kernelDisplay())?.(box, {
    display_id: FINDINGS_DISPLAY_ID,
    update: true,
  });
  return box;
}
