import assert from "node:assert/strict";
import { countJUnit, formatTotals } from "../../lib/cli/test.ts";

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="deno test" tests="8" failures="3" errors="0" time="0.029">
  <testsuite name="./a_test.ts" tests="8" disabled="1" errors="0" failures="3">
    <testcase name="plain ok" classname="./a_test.ts" time="0.002"></testcase>
    <testcase name="plain fail" classname="./a_test.ts"><failure message="x">x</failure></testcase>
    <testcase name="ignored" classname="./a_test.ts"><skipped/></testcase>
    <testcase name="with steps" classname="./a_test.ts"><failure message="1 test step failed">1</failure></testcase>
    <testcase name="with steps &gt; s1" classname="./a_test.ts"></testcase>
    <testcase name="with steps &gt; s2" classname="./a_test.ts"><failure message="y">y</failure></testcase>
    <testcase name="with steps &gt; s3" classname="./a_test.ts"></testcase>
    <testcase name="with steps &gt; s3 &gt; inner" classname="./a_test.ts"></testcase>
  </testsuite>
  <testsuite name="./b_test.ts" tests="2">
    <testcase name="plain ok" classname="./b_test.ts"></testcase>
    <testcase name="setup" classname="./b_test.ts"><failure message="before steps">x</failure></testcase>
    <testcase name="setup &gt; only" classname="./b_test.ts"></testcase>
  </testsuite>
</testsuites>`;

Deno.test("JUnit totals count steps as tests and parents only when they failed on their own", () => {
  // a: plain ok, s1, inner pass; plain fail, s2 fail; ignored skipped; "with steps" and
  // "s3" are parents. b: plain ok and "only" pass; "setup" failed outside its steps.
  assert.deepEqual(countJUnit(XML), { passed: 5, failed: 3, skipped: 1 });
  assert.equal(formatTotals({ passed: 5, failed: 3, skipped: 1 }), "5 passed, 3 failed, 1 skipped");
  assert.equal(formatTotals({ passed: 2, failed: 0, skipped: 0 }), "2 passed, 0 failed");
});

Deno.test("JUnit totals of an empty report are zero", () => {
  assert.deepEqual(countJUnit("<testsuites></testsuites>"), { passed: 0, failed: 0, skipped: 0 });
});
