import assert from "node:assert/strict";
import {
  auditPins,
  checkPin,
  formatReports,
  normaliseName,
  parseRequirements,
} from "../../lib/cli/audit_python.ts";

const ADVISORY = {
  id: "GHSA-xxxx-yyyy-zzzz",
  aliases: ["CVE-2099-0001"],
  summary: null,
  details: "Sandbox escape through attr.\nMore text.",
  fixed_in: ["3.1.6"],
  link: "https://osv.dev/vulnerability/GHSA-xxxx-yyyy-zzzz",
  withdrawn: null,
};

/** A fake index: release pages only for `old`, project pages for every name. */
function fakeIndex(pages: Record<string, unknown>) {
  const asked: string[] = [];
  const fetchJSON = (url: string) => {
    asked.push(url);
    return Promise.resolve(pages[url]);
  };
  return { fetchJSON, asked };
}

Deno.test("requirements: exact pins are read, comments skipped, anything else refused with its line", () => {
  const pins = parseRequirements("# header\n\nJinja2==3.1.6\nrpds-py == 2026.9.1  # note\n");
  assert.deepEqual(pins, [
    { name: "Jinja2", version: "3.1.6", line: 3 },
    { name: "rpds-py", version: "2026.9.1", line: 4 },
  ]);
  assert.throws(
    () => parseRequirements("anyio==4.16.0\nrequests>=2\n", "req.txt"),
    (e: Error) => e.name === "InputError" && /requests>=2.*file req\.txt.*row 2/.test(e.message),
  );
  assert.equal(normaliseName("jupyter_server.Terminals"), "jupyter-server-terminals");
});

Deno.test("audit: release page used when there, project page only when its latest release is the pin", async () => {
  const { fetchJSON, asked } = fakeIndex({
    "https://pypi.org/pypi/jinja2/3.1.5/json": { vulnerabilities: [ADVISORY] },
    "https://pypi.org/pypi/markupsafe/json": { info: { version: "3.0.4" }, vulnerabilities: [] },
    "https://pypi.org/pypi/tornado/json": {
      info: { version: "6.6.1" },
      vulnerabilities: [{ ...ADVISORY, withdrawn: "2099-01-01" }],
    },
    "https://pypi.org/pypi/urllib3/json": { info: { version: "2.9.0" }, vulnerabilities: [] },
  });
  const pins = parseRequirements(
    "Jinja2==3.1.5\nMarkupSafe==3.0.4\ntornado==6.6.1\nurllib3==2.8.0\nnosuch==1.0\n",
  );
  const reports = await auditPins(pins, fetchJSON, 2);
  assert.deepEqual(reports.map((r) => r.status), [
    "checked",
    "checked",
    "checked",
    "not checked",
    "not checked",
  ]);
  const first = reports[0]!;
  assert.ok(first.status === "checked");
  assert.deepEqual(first.advisories, [{
    id: "GHSA-xxxx-yyyy-zzzz",
    aliases: ["CVE-2099-0001"],
    summary: "Sandbox escape through attr.",
    fixedIn: ["3.1.6"],
    link: "https://osv.dev/vulnerability/GHSA-xxxx-yyyy-zzzz",
  }]);
  // A withdrawn advisory does not count.
  const third = reports[2]!;
  assert.ok(third.status === "checked" && third.advisories.length === 0);
  assert.ok(!asked.includes("https://pypi.org/pypi/jinja2/json"), "release page was enough");

  const text = formatReports(reports);
  assert.match(text, /^Jinja2==3\.1\.5: GHSA-xxxx-yyyy-zzzz, CVE-2099-0001: Sandbox escape/m);
  assert.match(text, /^urllib3==2\.8\.0: not checked: .*latest release \(2\.9\.0\)$/m);
  assert.match(text, /^5 pins: 3 checked, 2 not checked, 1 advisories$/m);
});

Deno.test("audit: a pin that is the latest release is checked from the project page", async () => {
  const { fetchJSON } = fakeIndex({
    "https://pypi.org/pypi/h11/json": { info: { version: "0.16.0" }, vulnerabilities: [ADVISORY] },
  });
  const report = await checkPin({ name: "h11", version: "0.16.0", line: 1 }, fetchJSON);
  assert.ok(report.status === "checked");
  assert.equal(report.advisories.length, 1);
});
