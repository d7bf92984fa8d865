/**
 * The app's options form, made from the segmentation parameter declarations
 * (`lib/segment/segmentation_parameters.ts` and the algorithms' registry
 * entries): one control per parameter, named as the parameter, carrying its
 * default (`data-default`, left out of the request when unchanged) and, for
 * an algorithm's own parameter, that algorithm (`data-for`, shown with it only).
 *
 * @module
 */
import { escapeHTML } from "./escape.ts";
import type { ParameterDeclaration } from "../cluster/parameter.ts";
import { segmentationParameterDeclarations } from "../segment/segmentation_parameters.ts";

/** What a blank field means, from the help text ("…; blank: from the k-distance knee"). */
function blankMeaning(p: ParameterDeclaration): string {
  return /blank: (.*)$/.exec(p.help)?.[1] ?? "";
}

function control(p: ParameterDeclaration): string {
  const label = escapeHTML(p.label);
  const owner = p.algorithm === undefined ? "" : ` data-for="${escapeHTML(p.algorithm)}" hidden`;
  const defaults = `name="${escapeHTML(p.name)}" data-default="${escapeHTML(p.defaultText)}"`;
  if (p.choices !== undefined) {
    const options = p.choices.map(([value, text]) =>
      `<option value="${escapeHTML(value)}"${value === p.defaultText ? " selected" : ""}>${
        escapeHTML(text)
      }</option>`
    ).join("");
    return `<label${owner}>${label}<select ${defaults}>${options}</select></label>`;
  }
  const aria = ` aria-label="${escapeHTML(`${p.label}: ${p.help}`)}"`;
  if (p.values === "YYYY-MM-DD") {
    return `<label${owner}>${label}<input type="date" ${defaults}${aria}></label>`;
  }
  const step = p.values === "N" ? "" : ` step="any"`;
  const value = p.defaultText === "" ? "" : ` value="${escapeHTML(p.defaultText)}"`;
  const blank = blankMeaning(p);
  const placeholder = blank === "" ? "" : ` placeholder="${escapeHTML(blank)}"`;
  if (p.values !== "N" && p.values !== "X") {
    return `<label${owner}>${label}<input type="text" ${defaults}${value}${placeholder}${aria}></label>`;
  }
  return `<label${owner}>${label}<input type="number" ${defaults}${step}${value}${placeholder}${aria}></label>`;
}

/**
 * The form's controls: the number of segments (automatic or exactly), then
 * one control per declared parameter (the features are ticked in the columns table).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { optionsFormControls } from "./options_form.ts";
 * const html = optionsFormControls();
 * ok(html.includes('<label data-for="dbscan" hidden>Min samples<input type="number" name="minSamples" data-default="5"'));
 * ok(html.includes('<option value="gmm">Gaussian mixture</option>'));
 * ```
 */
export function optionsFormControls(): string {
  const segments = `<fieldset><legend class="note">Segments</legend>
<label><input type="radio" name="kmode" value="auto" checked> choose automatically</label>
<label><input type="radio" name="kmode" value="fixed"> exactly</label>
<input type="number" name="k" min="2" max="50" value="4" aria-label="number of segments">
</fieldset>`;
  const rest = segmentationParameterDeclarations()
    .filter((p) => p.name !== "features" && p.name !== "k")
    .map(control);
  return [segments, ...rest].join("\n");
}
