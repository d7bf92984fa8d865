/**
 * Headless Chromium for the report and JupyterLab tests (playwright-core
 * driving the system Chromium; nothing is downloaded).
 *
 * @module
 */
import { type Browser, chromium, type Page } from "playwright-core";

/** Where Chromium is looked for, first found wins; `$CHROMIUM` overrides. */
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The Chromium executable, or null when none is installed. */
export function findChromium(): string | null {
  const fromEnv = Deno.env.get("CHROMIUM");
  for (const path of fromEnv ? [fromEnv] : CANDIDATES) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not here
    }
  }
  return null;
}

/** Launch headless Chromium with no network side channels. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (executablePath === null) {
    throw new Error(
      "Chromium not found: install it (apt-get install chromium) or set $CHROMIUM to its path",
    );
  }
  return await chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Problems a page reported while open: console errors, page errors, failed or outside requests. */
export interface PageProblems {
  list: string[];
}

/**
 * Record console errors, uncaught page errors and failed requests; requests
 * to hosts outside `allowedOrigins` (and not file:/data:/blob:) are blocked
 * and recorded, so a report that needs the network fails its test.
 */
export async function watchPage(
  page: Page,
  options: { allowedOrigins?: string[] } = {},
): Promise<PageProblems> {
  const problems: PageProblems = { list: [] };
  const allowed = options.allowedOrigins ?? [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.list.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.list.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    problems.list.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    const local = /^(file|data|blob|about):/.test(url) ||
      allowed.some((origin) => url.startsWith(origin));
    if (local) {
      await route.continue();
    } else {
      problems.list.push(`outside request: ${url}`);
      await route.abort();
    }
  });
  return problems;
}
