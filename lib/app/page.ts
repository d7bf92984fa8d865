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

/** What the page shows before any file is chosen. */
export interface PageOptions {
  /** The upload limit in bytes. */
  maxUploadBytes: number;
}

const ALGORITHMS: [string, string][] = [
  ["kmeans", "k-means"],
  ["kprototypes", "k-prototypes (numbers and text)"],
  ["gmm", "Gaussian mixture"],
  ["agglomerative", "agglomerative (hierarchical)"],
  ["dbscan", "DBSCAN (density; finds k itself)"],
];

function select(
  name: string,
  label: string,
  choices: [string, string][],
  attributes = "",
): string {
  return `<label${attributes}>${escapeHTML(label)}<select name="${name}">${
    choices.map(([v, text], i) =>
      `<option value="${escapeHTML(v)}"${i === 0 ? " selected" : ""}>${escapeHTML(text)}</option>`
    ).join("")
  }</select></label>`;
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
<em>Find segments</em>.</p>
<div class="scroll" id="columns-table"></div>
</section>

<section class="step" id="step-k" hidden>
<h2>2. Number of segments</h2>
<form id="options" class="options">
<fieldset><legend class="note">Segments</legend>
<label><input type="radio" name="kmode" value="auto" checked> choose automatically</label>
<label><input type="radio" name="kmode" value="fixed"> exactly</label>
<input type="number" name="k" min="2" max="50" value="4" aria-label="number of segments">
</fieldset>
${select("algorithm", "Algorithm", ALGORITHMS)}
${
    select("missing", "Blanks", [
      ["median", "fill with the median (or most frequent)"],
      ["mean", "fill with the mean"],
      ["knn", "fill from 5 nearest rows"],
      ["drop", "leave those rows out"],
      ["refuse", "refuse the file"],
    ])
  }
${
    select("scale", "Scaling", [
      ["standard", "standard"],
      ["robust", "robust (median, IQR)"],
      ["minmax", "min–max"],
      ["none", "none"],
    ])
  }
<label>Seed<input type="number" name="seed" min="0" value="0"></label>
${
    select("categorical", "Text columns", [
      ["auto", "one 0/1 feature per level (auto)"],
      ["none", "leave text columns out"],
    ])
  }
${
    select("dates", "Dates", [
      ["days-since", "days before the as-of day"],
      ["none", "leave date columns out"],
    ])
  }
<label>As of<input type="date" name="asOf" aria-label="as-of date (blank: the latest date in the file)"></label>
${
    select("log", "Skewed columns", [
      ["auto", "log-transform when skewed (auto)"],
      ["none", "keep as they are"],
    ])
  }
<label data-for="dbscan" hidden>Radius (eps)<input type="number" name="eps" min="0" step="any" placeholder="from the k-distance knee" aria-label="DBSCAN eps (blank: from the k-distance knee)"></label>
<label data-for="dbscan" hidden>Min samples<input type="number" name="minSamples" min="1" value="5"></label>
${
    select("linkage", "Linkage", [
      ["ward", "Ward"],
      ["complete", "complete"],
      ["average", "average"],
    ], ' data-for="agglomerative" hidden')
  }
${
    select("covariance", "Covariance", [
      ["full", "full"],
      ["diag", "diagonal"],
    ], ' data-for="gmm" hidden')
  }
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
