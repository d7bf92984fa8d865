/**
 * The app's stylesheet: served as `/app.css` to the page and inlined into the
 * downloaded report, so both look the same.
 *
 * @module
 */

/** The stylesheet text. */
export const APP_CSS = `
:root { color-scheme: light; --ink: #222; --muted: #5b5b5b; --line: #e3e3e3; --accent: #4e79a7;
  --bad: #b3261e; --bad-bg: #fdecea; --ok-bg: #eef4fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fafafa; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 0 0 10px; }
h3 { font-size: 16px; margin: 18px 0 8px; }
.lede { color: var(--muted); margin: 0 0 18px; }
.step { background: white; border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px;
  margin: 0 0 18px; }
.step[hidden] { display: none; }
.drop { border: 2px dashed #9bb3cc; border-radius: 8px; padding: 26px; text-align: center;
  background: var(--ok-bg); }
.drop.over { background: #dce9f6; border-color: var(--accent); }
.drop p { margin: 6px 0; }
.error { color: var(--bad); background: var(--bad-bg); border: 1px solid #f3b8b2; border-radius: 6px;
  padding: 10px 14px; margin: 12px 0 0; white-space: pre-wrap; }
.error[hidden], .progress[hidden] { display: none; }
.progress { display: flex; gap: 12px; align-items: center; margin: 12px 0 0; color: var(--muted); }
.progress progress { width: 260px; }
.scroll { overflow-x: auto; max-width: 100%; }
table.columns, table.metrics, table.sizes { border-collapse: collapse; font-size: 13px; background: white; }
table.columns th, table.columns td, table.metrics th, table.metrics td, table.sizes th,
  table.sizes td { padding: 4px 9px;
  border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
table.columns thead th, table.metrics thead th, table.sizes thead th { background: #f5f5f5; border-bottom: 2px solid #444; }
table.columns tr.skipped th, table.columns tr.skipped td, table.sizes tr.skipped th,
  table.sizes tr.skipped td { color: #8a8a8a; }
table.columns td.examples { max-width: 14em; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
table.columns td.how { min-width: 15em; max-width: 24em; }
table.columns td.fill { min-width: 9em; }
table.columns td.role { min-width: 11em; max-width: 15em; }
table.columns td.role select { font: inherit; max-width: 100%; }
table.columns td.role .why { font-size: 11.5px; color: var(--muted); line-height: 1.3; margin-top: 2px; }
table.columns td.levels { max-width: 22em; font-size: 12px; }
table.columns .clamp { display: -webkit-box; -webkit-line-clamp: 4; -webkit-box-orient: vertical;
  overflow: hidden; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.options { display: flex; flex-wrap: wrap; gap: 14px 26px; align-items: flex-end; margin: 8px 0 14px; }
.options label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); gap: 3px; }
.options fieldset { border: none; padding: 0; margin: 0; display: flex; gap: 10px; align-items: center; }
.options fieldset label { flex-direction: row; align-items: center; gap: 4px; color: var(--ink); }
.options input[type=number] { width: 5em; }
.options input[name=eps] { width: 12em; }
.options [hidden] { display: none; }
.assign-parts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
  gap: 0 28px; }
button { font: inherit; padding: 7px 16px; border-radius: 6px; border: 1px solid #36648b;
  background: var(--accent); color: white; cursor: pointer; }
button.secondary { background: white; color: var(--accent); }
button:disabled { opacity: 0.55; cursor: default; }
.reason { font-weight: 600; }
.note { color: var(--muted); font-size: 13px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(490px, 1fr)); gap: 10px 24px; }
.charts figure.segmentation-chart { flex: 0 1 auto; overflow: visible !important; }
.findings { background: var(--ok-bg); border-left: 4px solid var(--accent); padding: 8px 14px;
  margin: 0 0 14px; }
.findings ul { margin: 4px 0; }
.headline { font-size: 17px; font-weight: 600; margin: 0 0 6px; }
ul.downloads { list-style: none; padding: 0; margin: 0; }
ul.downloads li { margin: 6px 0; }
ul.downloads a { font-weight: 600; }
code { background: #f1f1f1; padding: 1px 5px; border-radius: 4px; font-size: 13px; }
svg circle title { pointer-events: none; }
body.report main { background: white; }
`;
