/**
 * Rich output for notebooks.
 *
 * @module
 */
export {
  type ColumnFormat,
  formatNumber,
  htmlTable,
  type HTMLTableOptions,
  type TableLike,
  WRAP_TEXT_AFTER,
} from "./html_table.ts";
export {
  type Progress,
  progress,
  progressCallback,
  type ProgressOptions,
  REPRODUCIBLE_ENV,
} from "./progress.ts";
export { findingsBox, type FindingsBoxOptions, type FindingsText } from "./findings_box.ts";
export {
  type DisplayFunction,
  fillFindings,
  FINDINGS_DISPLAY_ID,
  FINDINGS_PLACEHOLDER,
  type FindingsSlotOptions,
  reserveFindings,
} from "./findings_slot.ts";
export { profileTable, type ProfileTableOptions } from "./profile_table.ts";
export { levelProfileTable } from "./level_profile_table.ts";
export { rulesRows, rulesTable, type RulesTableOptions } from "./rules_table.ts";
export { type Findings, type FindingsOptions, summariseFindings } from "./findings.ts";
export { foldedText, type FoldedTextOptions, sentence, type TextOutput } from "./sentence.ts";
