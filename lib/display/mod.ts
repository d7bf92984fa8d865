/**
 * Rich output for notebooks.
 *
 * @module
 */
export * from "./html_table.ts";
export * from "./progress.ts";
export * from "./findings_box.ts";
export * from "./findings_slot.ts";
export * from "./profile_table.ts";
export * from "./level_profile_table.ts";
export * from "./rules_table.ts";
export * from "./findings.ts";
