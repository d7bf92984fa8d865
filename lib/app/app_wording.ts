/**
 * The library's messages name the command line's flags (`--date-format`,
 * `--header-row 2`, `--sheet`); in the app they name the page's controls
 * instead: an option by its label, the features by the columns table, and
 * for what only the command does (a header further down, another sheet),
 * what to do with the file and the command that does it.
 *
 * @module
 */
import { segmentationParameterDeclarations } from "../segment/segmentation_parameters.ts";

/**
 * A message as the app says it: command-line flags replaced by the page's controls.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { appWording } from "./app_wording.ts";
 * equal(
 *   appWording("Ambiguous dates (file a.csv). Give --date-format dd-mm-yyyy or mm-dd-yyyy."),
 *   'Ambiguous dates (file a.csv). Give the "Date format" option dd-mm-yyyy or mm-dd-yyyy.',
 * );
 * equal(
 *   appWording("No columns to cluster on. Every column was skipped: x (constant). Name the features with --features a,b,c."),
 *   "No columns to cluster on. Every column was skipped: x (constant). Tick the features in the columns table.",
 * );
 * equal(appWording("Raise --eps or lower --min-samples."), 'Raise the "Radius (eps)" option or lower the "Min samples" option.');
 * ```
 */
export function appWording(message: string): string {
  let text = message
    // Title lines: the app reads the header from the first line.
    .replace(
      /,? or give the header's (line|row) \(--header-row (\d+)[^)]*\)/g,
      " and upload the file again (the app reads the header from the first $1; " +
        "`deno task segment --header-row $2` reads from that $1)",
    )
    .replace(
      /\(--header-row (\d+), headerRow: \d+\)/g,
      "(the app reads the header from the first line; `deno task segment --header-row $1` reads from another)",
    )
    // Sheets: the app reads the first sheet with data.
    .replace(
      /([Pp]ick (?:a sheet with data|one)(?: with)?):? --sheet ("[^"]*"|\S+)/g,
      "$1: move it first in the workbook and upload it again (the app reads the first sheet with data; " +
        "`deno task segment --sheet $2` reads it as it is)",
    )
    .replace(
      /\b[Nn]ame the features with --features [^\s.;)]+/g,
      (m) => `${m.startsWith("N") ? "T" : "t"}ick the features in the columns table`,
    )
    .replace(
      /\(?`?--k N`?(?: on the command line)?\)?/g,
      (m) => m.startsWith("(") ? '(the "Segments" option)' : 'the "Segments" option',
    )
    .replace(/--features\b/g, "the columns table");
  for (const p of segmentationParameterDeclarations()) {
    text = text.replace(new RegExp(`${p.flag}(?![\\w-])`, "g"), `the "${p.label}" option`);
  }
  return text;
}
