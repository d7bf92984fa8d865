import { deepEqual, equal } from "node:assert/strict";
import { numericTextColumn, parseNumericText } from "../../lib/io/mod.ts";

Deno.test("parseNumericText reads thousands separators, currency and signs", () => {
  const cases: [string, "." | ",", number | undefined][] = [
    ["1,234.50", ".", 1234.5],
    ["$1,234.50", ".", 1234.5],
    ["-$3.50", ".", -3.5],
    ["$-3.50", ".", -3.5],
    ["3.50 EUR", ".", 3.5],
    ["1'234.5", ".", 1234.5],
    ["1 234 567", ".", 1234567],
    ["1.234,50 €", ",", 1234.5],
    ["€ 3,50", ",", 3.5],
    ["1,234", ",", 1.234],
    ["1,234", ".", 1234],
    ["3,5", ".", undefined],
    ["1,23,456", ".", 123456],
    ["12,34,567.5", ".", 1234567.5],
    ["1,2,345", ".", undefined],
    ["1,23,45,678", ".", 12345678],
    ["1,234.5,6", ".", undefined],
    ["007", ".", undefined],
    ["12 cm", ".", undefined],
    ["50%", ".", undefined],
    ["(3.50)", ".", undefined],
    ["-", ".", undefined],
    ["$", ".", undefined],
    ["--5", ".", undefined],
  ];
  for (const [text, decimal, expected] of cases) {
    equal(parseNumericText(text, decimal), expected, `${text} with "${decimal}"`);
  }
});

Deno.test("numericTextColumn converts only when every non-empty value is numeric", () => {
  deepEqual(numericTextColumn(["1,200", " ", null, "$3.50"], "."), [1200, null, null, 3.5]);
  equal(numericTextColumn(["1,200", "n/a"], "."), undefined);
  equal(numericTextColumn([null, ""], "."), undefined);
  equal(numericTextColumn([1, "2"], "."), undefined);
});

Deno.test("numericTextColumn reads Indian lakh grouping, but not mixed with western grouping", () => {
  deepEqual(numericTextColumn(["1,23,456.0", "2,000.5", "12,345.0"], "."), [123456, 2000.5, 12345]);
  equal(numericTextColumn(["12,34,567", "1,234,567"], "."), undefined);
});
