/**
 * `deno run --allow-read --allow-net=pypi.org lib/cli/audit_python.ts [requirements.txt]` —
 * look up every `name==version` pin of the Jupyter side in PyPI's JSON API and
 * print the advisories PyPI lists for it (PyPI takes them from the OSV
 * database). Needs the network, so it is a manual check, not part of
 * `deno task test`.
 *
 * PyPI answers `/pypi/<name>/<version>/json` for any release; a mirror may only
 * answer `/pypi/<name>/json`, whose `vulnerabilities` belong to the latest
 * release. The script uses that answer only when the latest release is the
 * pinned one, and otherwise reports the pin as not checked.
 *
 * Exit code: 0 no advisory, 1 at least one advisory, 2 bad input, 3 no
 * advisory found but some pins could not be checked.
 *
 * @module
 */
import { join } from "node:path";
import { InputError } from "../errors.ts";
import { runCli } from "./run_cli.ts";
import { PROJECT_ROOT } from "./setup.ts";

/** One `name==version` line of a requirements file. */
export interface Pin {
  name: string;
  version: string;
  /** 1-based line number in the file. */
  line: number;
}

/** An advisory as PyPI's JSON API lists it under `vulnerabilities`. */
export interface Advisory {
  id: string;
  aliases: string[];
  summary: string;
  fixedIn: string[];
  link: string;
}

/** What the index said about one pin. */
export type PinReport =
  | { pin: Pin; status: "checked"; advisories: Advisory[] }
  | { pin: Pin; status: "not checked"; reason: string };

/** Fetch JSON from a URL; `undefined` when the index has no such page (404). */
export type FetchJSON = (url: string) => Promise<unknown | undefined>;

const INDEX = "https://pypi.org/pypi";

/** PEP 503 normalised project name: lower case, runs of `-_.` become `-`. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/**
 * Read the exact pins of a requirements file. Comments and blank lines are
 * skipped; anything else that is not `name==version` is refused, since the
 * audit would silently miss it.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { parseRequirements } from "./audit_python.ts";
 * deepEqual(parseRequirements("# tools\nJinja2==3.1.6\n")[0], { name: "Jinja2", version: "3.1.6", line: 2 });
 * ```
 */
export function parseRequirements(text: string, file = "requirements.txt"): Pin[] {
  const pins: Pin[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\s+#.*$/, "").trim();
    if (line === "" || line.startsWith("#")) return;
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;]+)$/.exec(line);
    if (match === null) {
      throw new InputError(`Not an exact pin: "${line}"`, {
        file,
        row: i + 1,
        hint: "write it as name==version so the audit can look it up",
      });
    }
    pins.push({ name: match[1]!, version: match[2]!, line: i + 1 });
  });
  return pins;
}

function readAdvisories(value: unknown): Advisory[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is Record<string, unknown> =>
      typeof v === "object" && v !== null && (v as { withdrawn?: unknown }).withdrawn == null
    )
    .map((v) => ({
      id: String(v.id ?? "unknown"),
      aliases: Array.isArray(v.aliases) ? v.aliases.map(String) : [],
      summary: String(v.summary ?? v.details ?? "").split("\n")[0]!.trim(),
      fixedIn: Array.isArray(v.fixed_in) ? v.fixed_in.map(String) : [],
      link: String(v.link ?? ""),
    }));
}

/**
 * Ask the index about one pin: the release page first, then the project page
 * when the release page is missing and the project's latest release is the pin.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { checkPin } from "./audit_python.ts";
 * const fake = async (url: string) =>
 *   url.endsWith("/demo/json") ? { info: { version: "1.0" }, vulnerabilities: [] } : undefined;
 * equal((await checkPin({ name: "demo", version: "1.0", line: 1 }, fake)).status, "checked");
 * ```
 */
export async function checkPin(pin: Pin, fetchJSON: FetchJSON): Promise<PinReport> {
  const name = normaliseName(pin.name);
  const release = await fetchJSON(`${INDEX}/${name}/${encodeURIComponent(pin.version)}/json`);
  if (release !== undefined) {
    return {
      pin,
      status: "checked",
      advisories: readAdvisories((release as { vulnerabilities?: unknown }).vulnerabilities),
    };
  }
  const project = await fetchJSON(`${INDEX}/${name}/json`) as
    | { info?: { version?: unknown }; vulnerabilities?: unknown }
    | undefined;
  if (project === undefined) {
    return { pin, status: "not checked", reason: "the index does not know this project" };
  }
  const latest = String(project.info?.version ?? "");
  if (latest !== pin.version) {
    return {
      pin,
      status: "not checked",
      reason: `the index gives advisories only for the latest release (${latest})`,
    };
  }
  return { pin, status: "checked", advisories: readAdvisories(project.vulnerabilities) };
}

/** Check every pin, a few requests at a time. */
export async function auditPins(
  pins: Pin[],
  fetchJSON: FetchJSON,
  concurrency = 6,
): Promise<PinReport[]> {
  const reports: PinReport[] = new Array(pins.length);
  let next = 0;
  const worker = async () => {
    while (next < pins.length) {
      const i = next++;
      reports[i] = await checkPin(pins[i]!, fetchJSON);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, pins.length) }, worker));
  return reports;
}

/** One line per finding and a closing count line. */
export function formatReports(reports: PinReport[]): string {
  const lines: string[] = [];
  let advisories = 0;
  let unchecked = 0;
  for (const r of reports) {
    const pin = `${r.pin.name}==${r.pin.version}`;
    if (r.status === "not checked") {
      unchecked++;
      lines.push(`${pin}: not checked: ${r.reason}`);
      continue;
    }
    for (const a of r.advisories) {
      advisories++;
      const ids = [a.id, ...a.aliases].join(", ");
      const fixed = a.fixedIn.length > 0 ? `fixed in ${a.fixedIn.join(", ")}` : "no fixed release";
      lines.push(`${pin}: ${ids}: ${a.summary || "(no summary)"} (${fixed}) ${a.link}`.trim());
    }
  }
  const checked = reports.length - unchecked;
  lines.push(
    `${reports.length} pins: ${checked} checked, ${unchecked} not checked, ${advisories} advisories`,
  );
  return lines.join("\n");
}

async function fetchFromIndex(url: string): Promise<unknown | undefined> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return await response.json();
}

if (import.meta.main) {
  await runCli(async (args) => {
    const file = args[0] ?? join(PROJECT_ROOT, "requirements.txt");
    let text: string;
    try {
      text = await Deno.readTextFile(file);
    } catch {
      throw new InputError("Cannot read the requirements file", {
        file,
        hint: "pass the path of a requirements.txt with name==version pins",
      });
    }
    const reports = await auditPins(parseRequirements(text, file), fetchFromIndex);
    console.log(formatReports(reports));
    const found = reports.some((r) => r.status === "checked" && r.advisories.length > 0);
    const unchecked = reports.some((r) => r.status === "not checked");
    Deno.exit(found ? 1 : unchecked ? 3 : 0);
  });
}
