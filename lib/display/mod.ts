/**
 * Rich output for notebooks.
 *
 * @module
 */
export * from "./html_table.ts";
