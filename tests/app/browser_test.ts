/**
 * The app in headless Chromium (playwright-core, the system Chromium): upload
 * the bundled sample, see the columns and the k charts, change k, download
 * the CSV and compare it byte for byte with `deno task segment`; upload a bad
 * file and a file with a hostile header; the messy TSV. A screenshot of each
 * step goes to docs/screenshots/app_*.png.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { findChromium, launchChromium, watchPage } from "../browser.ts";
import { newCustomersTSV, ROOT, runSegmentCLI, testApp } from "./helpers.ts";

const SHOTS = join(ROOT, "docs/screenshots");
const BAD = join(ROOT, "tests/fixtures/bad_inputs");

Deno.test({
  name: "app in the browser: upload, columns, k, segments, download equals the CLI, bad files",
  ignore: findChromium() === null,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await testApp();
    const browser = await launchChromium();
    const out = await Deno.makeTempDir();
    try {
      const context = await browser.newContext({
        acceptDownloads: true,
        viewport: { width: 1280, height: 900 },
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      const problems = await watchPage(page, { allowedOrigins: [t.app.origin] });
      const response = await page.goto(t.app.url);
      assert.equal(response?.status(), 200);
      assert.equal(new URL(page.url()).search, "", "the token leaves the address bar");
      assert.match(response?.headers()["content-security-policy"] ?? "", /script-src 'self'/);
      await page.locator("#step-upload").screenshot({ path: join(SHOTS, "app_0_upload.png") });

      // The bundled sample: columns, then the automatic choice of k with its charts.
      await page.setInputFiles("#file", join(ROOT, "data/customers.csv"));
      await page.locator("#step-results").waitFor({ state: "visible", timeout: 120_000 });
      const summary = await page.locator("#columns-summary").textContent();
      // gender goes with none of the numbers: skipped beside the identifier, with the reason.
      assert.match(summary ?? "", /customers\.csv: 2,000 rows, 8 columns; 6 used/);
      const boxes = page.locator('#columns-table input[name="feature"]');
      assert.equal(await boxes.count(), 8);
      assert.equal(await page.locator("#columns-table tr.skipped").count(), 2);
      assert.match(
        await page.locator("#columns-table tr.skipped").nth(1).textContent() ?? "",
        /gender.*text, not used: its levels explain 0\.\d% of/,
      );
      assert.match(await page.locator("#k-choice .reason").textContent() ?? "", /^k = \d+: /);
      assert.ok(await page.locator("#k-choice svg").count() >= 2, "elbow and silhouette charts");
      assert.match(await page.locator("#k-choice").textContent() ?? "", /silhouette/i);
      await page.locator("#step-columns").screenshot({ path: join(SHOTS, "app_1_columns.png") });
      await page.locator("#step-k").screenshot({ path: join(SHOTS, "app_2_segments_k.png") });

      // Change k to 4 and leave out one column.
      await page.check('input[name="kmode"][value="fixed"]');
      await page.fill('input[name="k"]', "4");
      await page.uncheck('#columns-table input[value="online_share"]');
      await page.click("#run");
      await page.locator("#headline", { hasText: /^4 segments of / }).waitFor({ timeout: 120_000 });
      await page.locator("#run-progress").waitFor({ state: "hidden" });
      assert.equal(
        await page.locator('#columns-table input[value="online_share"]').isChecked(),
        false,
      );
      // The map: one dot per row (2,000), each with a hover title naming the customer.
      const titles = page.locator("#map svg circle title");
      assert.equal(await titles.count(), 2000);
      assert.match(
        await titles.first().textContent() ?? "",
        // The customer, then the segment's name (never "Cluster N").
        /^customer_id C\d+ \(row 1\)\n(?!Cluster \d)[A-Z][^\n]+\n/,
      );
      assert.ok(await page.locator("#profiles svg").count() >= 2, "sizes chart and heatmap");
      assert.ok(await page.locator("#profiles table").count() >= 1, "profile table");
      assert.ok(await page.locator("#quality td").count() >= 5, "quality metrics");
      await page.locator("#step-results").screenshot({ path: join(SHOTS, "app_3_segments.png") });
      await page.locator("#step-downloads").screenshot({
        path: join(SHOTS, "app_4_downloads.png"),
      });
      const command = await page.locator("#command").textContent();
      const features = "age,annual_income_k,spending_score,visits_per_month,tenure_years";
      assert.equal(command, `deno task segment customers.csv --features ${features} --k 4`);

      // Download the CSV and compare with the CLI for the same options.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.click('#downloads a:text-is("segments.csv")'),
      ]);
      const appCSV = join(out, "app.csv");
      await download.saveAs(appCSV);
      const cli = await runSegmentCLI([
        "data/customers.csv",
        "--k",
        "4",
        "--features",
        features,
        "--out",
        join(out, "cli"),
      ]);
      assert.equal(cli.code, 0, cli.stderr);
      assert.deepEqual(
        await Deno.readFile(appCSV),
        await Deno.readFile(join(out, "cli/segments.csv")),
        "the app's CSV equals deno task segment's, byte for byte",
      );
      const [report] = await Promise.all([
        page.waitForEvent("download"),
        page.click('#downloads a:text-is("report.html")'),
      ]);
      const reportPath = join(out, "report.html");
      await report.saveAs(reportPath);

      // The report opens offline: nothing fetched, no script, the map's hover titles inside.
      const reportPage = await context.newPage();
      const reportProblems = await watchPage(reportPage);
      await reportPage.goto(`file://${reportPath}`);
      assert.equal(await reportPage.locator("script").count(), 0);
      assert.equal(await reportPage.locator("svg circle title").count(), 2000);
      assert.ok(await reportPage.locator("svg").count() >= 4);
      assert.deepEqual(reportProblems.list, []);
      await reportPage.close();

      // A bad file: the CLI's one-line message, in the page; the app keeps serving.
      for (const name of ["ragged_rows.csv", "csv_named.xlsx", "empty.csv"]) {
        await page.setInputFiles("#file", join(BAD, name));
        const error = page.locator("#upload-error, #run-error").filter({ hasText: /\S/ });
        await error.first().waitFor({ state: "visible", timeout: 60_000 });
        const expected = (await runSegmentCLI([name, "--out", join(out, "bad")], BAD)).lastLine;
        assert.match(expected, /^Error: /);
        assert.equal((await error.first().textContent())?.trim(), expected, name);
        if (name === "ragged_rows.csv") {
          await page.locator("#step-upload").screenshot({
            path: join(SHOTS, "app_5_bad_file.png"),
          });
        }
      }

      // A header named <script> stays text.
      const hostile = join(out, "hostile.csv");
      await Deno.writeTextFile(
        hostile,
        "<script>alert(1)</script>,spend,visits\n" +
          Array.from({ length: 30 }, (_, i) => `a${i},${i % 7},${(i * 3) % 5}`).join("\n") + "\n",
      );
      await page.setInputFiles("#file", hostile);
      await page.locator("#step-results").waitFor({ state: "visible", timeout: 60_000 });
      assert.equal(await page.locator("main script").count(), 0);
      assert.equal(
        await page.locator("#columns-table th", { hasText: "<script>alert(1)</script>" }).count(),
        1,
      );

      // The messy TSV: text columns, blanks and dates, as the CLI prepares them.
      await page.setInputFiles("#file", join(ROOT, "data/customers_messy.tsv"));
      await page.locator("#step-results").waitFor({ state: "visible", timeout: 120_000 });
      const columns = await page.locator("#columns-table").textContent() ?? "";
      assert.match(columns, /one-hot encoded/);
      assert.match(columns, /with the median/);
      assert.match(columns, /as days before/);
      assert.match(columns, /free text or identifier/);
      await page.locator("#step-columns").screenshot({
        path: join(SHOTS, "app_6_messy_columns.png"),
      });
      assert.ok(await page.locator("#levels table").count() >= 1, "text columns per segment");
      assert.deepEqual(problems.list, [], "no console errors, CSP violations or outside requests");
    } finally {
      await browser.close();
      await t.close();
      await Deno.remove(out, { recursive: true });
    }
  },
});

Deno.test({
  name: "app in the browser: options in the page and the command; assign a new file equals the CLI",
  ignore: findChromium() === null,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await testApp();
    const browser = await launchChromium();
    const dir = await Deno.makeTempDir();
    try {
      const context = await browser.newContext({
        acceptDownloads: true,
        viewport: { width: 1280, height: 900 },
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      const problems = await watchPage(page, { allowedOrigins: [t.app.origin] });
      await page.goto(t.app.url);
      await page.setInputFiles("#file", join(ROOT, "data/customers_messy.tsv"));
      await page.locator("#step-results").waitFor({ state: "visible", timeout: 120_000 });
      assert.equal(await page.locator("#step-assign").isVisible(), true);

      // Algorithm options show with their algorithm only.
      const eps = page.locator('input[name="eps"]');
      const linkage = page.locator('select[name="linkage"]');
      assert.equal(await eps.isVisible(), false);
      await page.selectOption('select[name="algorithm"]', "dbscan");
      assert.equal(await eps.isVisible(), true);
      assert.equal(await linkage.isVisible(), false);
      await page.fill('input[name="eps"]', "1.5");
      await page.locator("#options").screenshot({ path: join(SHOTS, "app_7_options.png") });
      await page.selectOption('select[name="algorithm"]', "agglomerative");
      assert.equal(await eps.isVisible(), false);
      assert.equal(await linkage.isVisible(), true);
      await page.selectOption('select[name="algorithm"]', "kmeans");
      assert.equal(await page.locator('input[name="asOf"]').isVisible(), true);

      // A role chosen in the columns table: the column's box follows, the option lists it.
      const role = page.locator('#columns-table select[data-column="AcceptedCmp1"]');
      const roleRow = page.locator('#columns-table tr:has(select[data-column="AcceptedCmp1"])');
      assert.equal(await role.inputValue(), "campaign");
      assert.match(
        await roleRow.locator(".why").textContent() ?? "",
        /name contains "accepted", 0\/1 values/,
      );
      await role.selectOption("ignore");
      assert.equal(await page.locator('input[name="roles"]').inputValue(), "AcceptedCmp1=ignore");
      assert.equal(
        await page.locator('#columns-table input[value="AcceptedCmp1"]').isChecked(),
        false,
      );

      // k = 3, skewed columns kept as they are, dates counted from a given day.
      await page.check('input[name="kmode"][value="fixed"]');
      await page.fill('input[name="k"]', "3");
      await page.selectOption('select[name="log"]', "none");
      await page.fill('input[name="asOf"]', "2015-01-01");
      await page.click("#run");
      await page.locator("#headline", { hasText: /^3 segments of / }).waitFor({ timeout: 120_000 });
      await page.locator("#run-progress").waitFor({ state: "hidden" });
      const command = await page.locator("#command").textContent();
      const flags = [
        "--k",
        "3",
        "--log",
        "none",
        "--roles",
        "AcceptedCmp1=ignore",
        "--as-of",
        "2015-01-01",
      ];
      assert.equal(command, `deno task segment customers_messy.tsv ${flags.join(" ")}`);
      // After the run the table shows the role as yours, and the column left out.
      assert.equal(await role.inputValue(), "ignore");
      assert.match(
        await roleRow.textContent() ?? "",
        /ignored \(your role\)/,
      );
      await page.locator("#step-columns").screenshot({ path: join(SHOTS, "app_10_roles.png") });
      // Left out of the clustering, still profiled.
      assert.match(
        await page.locator("#profiles table").first().textContent() ?? "",
        /AcceptedCmp1/,
      );
      const [segments] = await Promise.all([
        page.waitForEvent("download"),
        page.click('#downloads a:text-is("segments.csv")'),
      ]);
      await segments.saveAs(join(dir, "app_segments.csv"));
      const cliSegments = await runSegmentCLI([
        "data/customers_messy.tsv",
        ...flags,
        "--out",
        join(dir, "cli_segments"),
      ]);
      assert.equal(cliSegments.code, 0, cliSegments.stderr);
      assert.deepEqual(
        await Deno.readFile(join(dir, "app_segments.csv")),
        await Deno.readFile(join(dir, "cli_segments/segments.csv")),
        "the page's options reach the library as the CLI's flags do",
      );

      // Assign new customers with this analysis' model.
      await Deno.writeTextFile(join(dir, "new_customers.tsv"), await newCustomersTSV());
      await page.setInputFiles("#assign-file", join(dir, "new_customers.tsv"));
      await page.click("#assign-run");
      const headline = page.locator("#assign-result .headline");
      await headline.waitFor({ timeout: 60_000 });
      assert.equal(
        await headline.textContent(),
        "new_customers.tsv: 150 rows assigned to 3 segments with customers_messy_model.json.",
      );
      assert.match(await page.locator("#assign-filled").textContent() ?? "", /Income: 16 missing/);
      const unseen = await page.locator("#assign-unseen").textContent() ?? "";
      // Country goes with none of the numbers and is not in the model: no unseen levels to count.
      assert.doesNotMatch(unseen, /Country/);
      assert.match(unseen, /Widowed<b>/, "shown as text");
      assert.equal(await page.locator("#assign-unseen b").count(), 0, "not as markup");
      const sizes = await page.locator("#assign-sizes tbody td:nth-child(2)").allTextContents();
      assert.equal(sizes.length, 3);
      assert.equal(sizes.reduce((a, s) => a + Number(s), 0), 150);
      assert.equal(
        await page.locator("#assign-command").textContent(),
        "deno task segment --assign customers_messy_model.json new_customers.tsv",
      );
      await page.locator("#step-assign").screenshot({ path: join(SHOTS, "app_8_assign.png") });

      // The app's assigned.csv equals deno task segment --assign with the downloaded model.
      const [assigned] = await Promise.all([
        page.waitForEvent("download"),
        page.click('#assign-downloads a:text-is("assigned.csv")'),
      ]);
      await assigned.saveAs(join(dir, "app_assigned.csv"));
      const [model] = await Promise.all([
        page.waitForEvent("download"),
        page.click('#downloads a:text-is("model.json")'),
      ]);
      assert.equal(model.suggestedFilename(), "customers_messy_model.json");
      await model.saveAs(join(dir, "customers_messy_model.json"));
      const cli = await runSegmentCLI(
        ["--assign", "customers_messy_model.json", "new_customers.tsv", "--out", "cli"],
        dir,
      );
      assert.equal(cli.code, 0, cli.stderr);
      assert.deepEqual(
        await Deno.readFile(join(dir, "app_assigned.csv")),
        await Deno.readFile(join(dir, "cli/assigned.csv")),
        "the app's assigned.csv equals deno task segment --assign's, byte for byte",
      );

      // A model.json and a file that does not fit it: the CLI's one-line error, in the page.
      await Deno.copyFile(join(ROOT, "data/customers.csv"), join(dir, "customers.csv"));
      await page.setInputFiles("#assign-model", join(dir, "customers_messy_model.json"));
      await page.setInputFiles("#assign-file", join(dir, "customers.csv"));
      await page.click("#assign-run");
      const error = page.locator("#assign-error");
      await error.waitFor({ state: "visible", timeout: 60_000 });
      const expected = await runSegmentCLI(
        ["--assign", "customers_messy_model.json", "customers.csv", "--out", "bad"],
        dir,
      );
      assert.match(expected.lastLine, /^Error: Column not found: "Education"/);
      assert.equal((await error.textContent())?.trim(), expected.lastLine);
      assert.equal(await page.locator("#assign-downloads li").count(), 0, "no stale downloads");
      await page.locator("#step-assign").screenshot({
        path: join(SHOTS, "app_9_assign_error.png"),
      });
      assert.deepEqual(problems.list, [], "no console errors, CSP violations or outside requests");
    } finally {
      await browser.close();
      await t.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
