/**
 * The app's one page, rendered on the server: the upload, then the four
 * steps, filled in by the browser script (`browser/app.js`) from the
 * server's HTML fragments. No inline script: the Content-Security-Policy
 * allows scripts from the app itself only.
 *
 * @module
 */
import { escapeHTML } from "./escape.ts";
import { formatSize } from "./sessions.ts";
import { optionsFormControls } from "./options_form.ts";

/** What the page shows before any file is chosen. */
export interface PageOptions {
  /** The upload limit in bytes. */
  maxUploadBytes: number;
}

/**
 * The page's HTML.
 *
 * @example
 * ```ts
 * import { pageHTML } from "./page.ts";
 * pageHTML({ maxUploadBytes: 200 * 2 ** 20 }).includes('<input type="file"'); // true
 * ```
 */
export function pageHTML(options: PageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer segments</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body data-max-upload="${options.maxUploadBytes}">
<main>
<h1>Customer segments</h1>
<p class="lede">Upload a customer file, one row per customer. The app reads it, shows how each column
is used, chooses how many segments the data supports, and gives your file back with a
<code>cluster</code> column. Everything stays on this computer.</p>

<section class="step" id="step-upload">
<h2>Your file</h2>
<div class="drop" id="drop">
<p><label for="file"><strong>Choose a file</strong></label> or drop it here</p>
<p><input type="file" id="file" name="file" accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.parquet"></p>
<p class="note">CSV, TSV, Excel (.xlsx) or Parquet, up to ${
    escapeHTML(formatSize(options.maxUploadBytes))
  }.</p>
</div>
<div class="progress" id="upload-progress" hidden><progress></progress><span></span></div>
<p class="error" id="upload-error" role="alert" hidden></p>
</section>

<section class="step" id="step-columns" hidden>
<h2>1. Your columns</h2>
<p id="columns-summary"></p>
<p class="note">Ticked columns are the features the segments are built from. Untick a column to leave it
out, tick one to use it (text columns become one 0/1 feature per level), then press
<em>Find segments</em>. The <em>role</em> says what each column is, read from its name and values (the
reason is under it); the segment names are worded from the roles. Change a role if it is wrong:
<em>identifier</em> and <em>ignore</em> leave the column out, <em>text levels</em> treats it as
categories, the others use it and name the segments by it.</p>
<div class="scroll" id="columns-table"></div>
</section>

<section class="step" id="step-k" hidden>
<h2>2. Number of segments</h2>
<form id="options" class="options">
${optionsFormControls()}
<button type="submit" id="run">Find segments</button>
<button type="button" class="secondary" id="cancel" hidden>Cancel</button>
</form>
<div class="progress" id="run-progress" hidden><progress></progress><span></span></div>
<p class="error" id="run-error" role="alert" hidden></p>
<div id="k-choice"></div>
</section>

<section class="step" id="step-results" hidden>
<h2>3. The segments</h2>
<p class="headline" id="headline"></p>
<div id="segments"></div>
</section>

<section class="step" id="step-downloads" hidden>
<h2>4. Downloads</h2>
<ul class="downloads" id="downloads"></ul>
<p class="note">The same files come from <code id="command"></code></p>
<p><button type="button" class="secondary" id="restart">Start again with another file</button></p>
</section>

<section class="step" id="step-assign" hidden>
<h2>5. Assign a new file</h2>
<p class="note">Give new customers the segments found above: upload a file with the same columns and
get it back with the segment of each row. Blanks are filled and text levels, dates and logs are
treated as in this analysis. To use a model saved earlier, choose its <code>model.json</code> too.</p>
<form id="assign-form" class="options">
<label>New file<input type="file" id="assign-file" accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.parquet" required></label>
<label>Model (optional)<input type="file" id="assign-model" accept=".json,application/json"></label>
<button type="submit" id="assign-run">Assign segments</button>
</form>
<div class="progress" id="assign-progress" hidden><progress></progress><span></span></div>
<p class="error" id="assign-error" role="alert" hidden></p>
<div id="assign-result"></div>
<ul class="downloads" id="assign-downloads"></ul>
<p class="note" id="assign-command-line" hidden>The same files come from <code id="assign-command"></code></p>
</section>
</main>
</body>
</html>
`;
}
