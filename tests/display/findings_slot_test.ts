import { deepEqual, equal, ok } from "node:assert/strict";
import {
  type DisplayFunction,
  fillFindings,
  FINDINGS_DISPLAY_ID,
  FINDINGS_PLACEHOLDER,
  reserveFindings,
} from "../../lib/display/findings_slot.ts";

type Call = { html: string; options: Record<string, unknown> };

/** A display function that records what it is asked to show. */
function recorder(): { calls: Call[]; display: DisplayFunction } {
  const calls: Call[] = [];
  return {
    calls,
    display(obj, options) {
      calls.push({ html: (obj as { html: string }).html, options });
      return Promise.resolve();
    },
  };
}

Deno.test("reserveFindings shows the placeholder under the findings display id", async () => {
  const { calls, display } = recorder();
  await reserveFindings({ display });
  equal(calls.length, 1);
  deepEqual(calls[0]!.options, { display_id: FINDINGS_DISPLAY_ID });
  ok(calls[0]!.html.includes(FINDINGS_PLACEHOLDER));
});

Deno.test("fillFindings updates the same display in place and returns the box", async () => {
  const { calls, display } = recorder();
  const box = await fillFindings(
    { headline: "3 segments from 2,000 customers.", points: ["a < b"] },
    { display },
  );
  equal(calls.length, 1);
  deepEqual(calls[0]!.options, { display_id: FINDINGS_DISPLAY_ID, update: true });
  equal(calls[0]!.html, box.html);
  ok(box.html.includes("3 segments from 2,000 customers."));
  ok(box.html.includes("a &lt; b"), "points are escaped");
  ok(!box.html.includes(FINDINGS_PLACEHOLDER));
});

Deno.test("outside a Jupyter kernel the slot functions only return the box", async () => {
  const box = await fillFindings("Two segments.");
  ok(box.html.includes("Two segments."));
});
